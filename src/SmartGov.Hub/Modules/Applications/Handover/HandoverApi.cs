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
        return app;
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
