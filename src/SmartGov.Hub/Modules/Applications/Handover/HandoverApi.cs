using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Applications.Handover;

/// <summary>异地代收代办: export a signed handover package, import one from another region's SmartGov.</summary>
public static class HandoverApi
{
    public const string PackageContentType = "application/json";

    public static IEndpointRouteBuilder MapHandoverApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("api/v1").WithTags("Handover").RequireAuthorization();
        g.MapPost("/applications/{id:guid}/handover", ExportAsync)
            .WithName("ExportHandover")
            .WithSummary("Hand the application over to another region: downloads the signed package (*.sgh.json); body {targetRegionCode} / 异地代收代办移交");
        g.MapPost("/handovers/import", ImportAsync)
            .WithName("ImportHandover")
            .WithSummary("Import a package from another region: body {package: <the .sgh.json content>, senderPublicKeyPem}; creates a Submitted application / 接收异地移交");
        g.MapPost("/applications/{id:guid}/handover/send", SendAsync)
            .WithName("SendHandover")
            .WithSummary("Hand the application over through the data exchange to the target region's platform (Handover:Peers); body {targetRegionCode}; answers the receiver's number / 通过数据交换移交");
        g.MapPost("/handovers/inbox", InboxAsync)
            .WithName("HandoverInbox")
            .WithSummary("Only for this platform's own gateway (API token): a handover package from a peer region's platform; answers {number} / 移交收件（仅限本平台前置机）")
            .DisableAntiforgery();
        return app;
    }

    public const string ExchangeFailedType = "urn:smartgov:problem:exchange-failed";
    public const string ExchangeUnavailableType = "urn:smartgov:problem:exchange-unavailable";

    public static async Task<IResult> SendAsync(HandoverExchange s, ClaimsPrincipal u, Guid id, ExportInput input, CancellationToken ct)
    {
        var r = await s.SendAsync(u, id, input.TargetRegionCode, ct);
        if (r.Sent is { } sent)
        {
            return TypedResults.Ok(sent);
        }
        return r.Refusal is { } refusal ? Problem(refusal) : ExchangeProblem(r.Failure!);
    }

    /// <summary>503 when a retry may work (a gateway or the receiving platform is down), 502 when the exchange or the receiver refused.</summary>
    public static IResult ExchangeProblem(HandoverExchangeFailure f)
    {
        var zh = Problems.IsChinese;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = f.Unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
            Type = f.Unavailable ? ExchangeUnavailableType : ExchangeFailedType,
            Title = f.Unavailable ? (zh ? "数据交换暂不可用" : "The data exchange is unavailable") : (zh ? "数据交换失败" : "The data exchange failed"),
            Detail = zh ? f.Zh : f.En,
        };
        problem.Extensions["messages"] = new Dictionary<string, string> { ["zh-CN"] = f.Zh, ["en-US"] = f.En };
        problem.Extensions["exchangeError"] = f.Error;
        return TypedResults.Problem(problem);
    }

    public static async Task<IResult> InboxAsync(HandoverExchange s, ClaimsPrincipal u, HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var r = await s.ReceiveAsync(u, request.Headers["SmartGov-Client"].ToString(), buffer.ToArray(), ct);
        if (!r.Succeeded)
        {
            return Problem(r);
        }
        var receipt = new HandoverReceipt(r.Value!.Number);
        return r.Value.Created ? TypedResults.Created((string?)null, receipt) : TypedResults.Ok(receipt);
    }

    public sealed record ExportInput(string? TargetRegionCode);

    public static async Task<IResult> ExportAsync(HandoverService s, ClaimsPrincipal u, Guid id, ExportInput input, CancellationToken ct)
    {
        var r = await s.ExportAsync(u, id, input.TargetRegionCode, ct);
        return r.Succeeded ? TypedResults.File(r.Value!.FileBytes, PackageContentType, r.Value.FileName) : Problem(r);
    }

    public static async Task<IResult> ImportAsync(HandoverService s, ClaimsPrincipal u, HandoverImportInput input, CancellationToken ct)
    {
        var r = await s.ImportAsync(u, input, ct);
        return r.Succeeded ? TypedResults.Created($"/api/v1/applications/{r.Value!.ApplicationId}", r.Value) : Problem(r);
    }

    private static IResult Problem<T>(AppResult<T> r) =>
        r.NotFound ? Problems.NotFound("办件不存在", "The application does not exist.")
        : r.Forbidden is { } f ? Problems.Forbidden(f.Zh, f.En)
        : r.Conflict is { } c ? Problems.Conflict(c.Zh, c.En)
        : Problems.Validation(r.Errors!);
}
