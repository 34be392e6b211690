using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Exchange.Model;

namespace SmartGov.Hub.Modules.Exchange.Apis;

/// <summary>The exchange management center (数据交换管理中心): registries, registration, reports and the global configuration.</summary>
public static class ExchangeApi
{
    public static IEndpointRouteBuilder MapExchangeApi(this IEndpointRouteBuilder app)
    {
        // What gateways fetch: anonymous, signed content.
        var pub = app.MapGroup("exchange").WithTags("Exchange").AllowAnonymous();
        pub.MapGet("/global-configuration", GlobalConfigurationAsync)
            .WithName("GetGlobalConfiguration").WithSummary("The signed global configuration gateways poll / 全局配置");
        pub.MapGet("/center-public-key", (ExchangeCenterKey key) => TypedResults.Text(key.PublicKeyPem, "application/x-pem-file"))
            .WithName("GetCenterPublicKey").WithSummary("The center's SM2 public key (PEM) that signs the global configuration / 管理中心公钥");

        var gw = app.MapGroup("api/v1/exchange").WithTags("Exchange").AllowAnonymous();
        gw.MapPost("/registrations", RegisterAsync)
            .WithName("RegisterGateway").WithSummary("A gateway registers with a one-time code, its address, SM2 public key and proof of possession / 前置机注册");
        gw.MapPost("/reports", ReportAsync)
            .WithName("ReportGatewayMetadata").WithSummary("A gateway's signed operational metadata and message-log head / 前置机运行报告");

        var g = app.MapGroup("api/v1/exchange").WithTags("Exchange").RequireAuthorization();
        g.MapGet("/members", async (ExchangeRegistry r, ClaimsPrincipal u, CancellationToken ct) => Ok(await r.ListMembersAsync(u, ct)))
            .WithName("ListExchangeMembers").WithSummary("Members and their subsystems / 交换成员");
        g.MapPost("/members", async (ExchangeRegistry r, ClaimsPrincipal u, MemberInput input, CancellationToken ct) => Created(await r.CreateMemberAsync(u, input, ct)))
            .WithName("CreateExchangeMember").WithSummary("Register a department as a member (center admin) / 登记成员");
        g.MapPost("/members/{id:guid}/subsystems", async (ExchangeRegistry r, ClaimsPrincipal u, Guid id, SubsystemInput input, CancellationToken ct) =>
                Created(await r.AddSubsystemAsync(u, id, input, ct)))
            .WithName("AddExchangeSubsystem").WithSummary("Register a subsystem of a member / 登记子系统");
        g.MapPost("/members/{id:guid}/registration-codes", async (ExchangeRegistry r, ClaimsPrincipal u, Guid id, RegistrationCodeInput? input, CancellationToken ct) =>
                Created(await r.CreateRegistrationCodeAsync(u, id, input ?? new RegistrationCodeInput(null), ct)))
            .WithName("CreateRegistrationCode").WithSummary("A one-time registration code for the member's gateway, shown once / 生成注册码");
        g.MapGet("/gateways", async (ExchangeRegistry r, ClaimsPrincipal u, CancellationToken ct) => Ok(await r.ListGatewaysAsync(u, ct)))
            .WithName("ListGateways").WithSummary("Gateways with status, last seen and witness state / 前置机");
        g.MapGet("/gateways/{id:guid}", async (ExchangeRegistry r, ClaimsPrincipal u, Guid id, int? days, CancellationToken ct) =>
                Ok(await r.GetGatewayAsync(u, id, days ?? 7, ct)))
            .WithName("GetGateway").WithSummary("One gateway with its reported traffic and witnessed heads / 前置机详情");
        g.MapPost("/gateways/{id:guid}/approve", (ExchangeRegistry r, ClaimsPrincipal u, Guid id, DecisionInput? input, CancellationToken ct) =>
                DecideAsync(r, u, id, GatewayStatus.Approved, input, ct))
            .WithName("ApproveGateway").WithSummary("Approve a pending or suspended gateway (center admin) / 批准前置机");
        g.MapPost("/gateways/{id:guid}/reject", (ExchangeRegistry r, ClaimsPrincipal u, Guid id, DecisionInput? input, CancellationToken ct) =>
                DecideAsync(r, u, id, GatewayStatus.Rejected, input, ct))
            .WithName("RejectGateway").WithSummary("Reject a pending gateway (center admin) / 驳回前置机");
        g.MapPost("/gateways/{id:guid}/suspend", (ExchangeRegistry r, ClaimsPrincipal u, Guid id, DecisionInput? input, CancellationToken ct) =>
                DecideAsync(r, u, id, GatewayStatus.Suspended, input, ct))
            .WithName("SuspendGateway").WithSummary("Suspend an approved gateway (center admin) / 暂停前置机");
        g.MapGet("/services", async (ExchangeRegistry r, ClaimsPrincipal u, CancellationToken ct) => Ok(await r.ListServicesAsync(u, ct)))
            .WithName("ListExchangeServices").WithSummary("Registered services / 服务");
        g.MapPost("/services", async (ExchangeRegistry r, ClaimsPrincipal u, ServiceInput input, CancellationToken ct) => Created(await r.CreateServiceAsync(u, input, ct)))
            .WithName("CreateExchangeService").WithSummary("Register a service: subsystem, code, name, OpenAPI, catalog resource, personal-data flag / 登记服务");
        g.MapGet("/services/{id:guid}/openapi", OpenApiAsync)
            .WithName("GetExchangeServiceOpenApi").WithSummary("The service's OpenAPI description / 服务描述");
        g.MapGet("/rights", async (ExchangeRegistry r, ClaimsPrincipal u, bool? includeRevoked, CancellationToken ct) => Ok(await r.ListRightsAsync(u, includeRevoked ?? false, ct)))
            .WithName("ListAccessRights").WithSummary("Access rights: entered by hand and derived from sharing grants / 访问权限");
        g.MapPost("/rights", async (ExchangeRegistry r, ClaimsPrincipal u, AccessRightInput input, CancellationToken ct) => Created(await r.CreateRightAsync(u, input, ct)))
            .WithName("CreateAccessRight").WithSummary("Grant a client subsystem a right on a service (provider's data admin or center admin) / 授予访问权限");
        g.MapPost("/rights/{id:guid}/revoke", async (ExchangeRegistry r, ClaimsPrincipal u, Guid id, CancellationToken ct) => Ok(await r.RevokeRightAsync(u, id, ct)))
            .WithName("RevokeAccessRight").WithSummary("Revoke a right; gone from the next configuration / 撤销访问权限");
        g.MapGet("/configuration/versions", ConfigurationVersionsAsync)
            .WithName("ListConfigurationVersions").WithSummary("Published configuration versions (center admin and data administrators) / 全局配置版本");
        return app;
    }

    public static async Task<IResult> GlobalConfigurationAsync(GlobalConfigurationPublisher publisher, HttpContext http, CancellationToken ct)
    {
        var published = await publisher.CurrentAsync(ct);
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["SmartGov-Config-Version"] = published.Version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Text(published.SignedJson, "application/json");
    }

    public static async Task<IResult> OpenApiAsync(ExchangeRegistry r, Guid id, CancellationToken ct) =>
        await r.GetOpenApiAsync(id, ct) is { Succeeded: true } x
            ? TypedResults.Text(x.Value!, "application/json")
            : Problems.NotFound("该服务没有 OpenAPI 描述", "The service has no OpenAPI description.");

    public static async Task<IResult> ConfigurationVersionsAsync(GlobalConfigurationPublisher publisher, ClaimsPrincipal u, CancellationToken ct)
    {
        if (!ExchangeRegistry.CanSeeExchange(u))
        {
            return Problems.Forbidden("只有交换管理中心管理员或数据管理员可以查看", "Only the exchange center administrator or data administrators may see this.");
        }
        await publisher.CurrentAsync(ct);
        return TypedResults.Ok(await publisher.HistoryAsync(50, ct));
    }

    public static async Task<IResult> RegisterAsync(ExchangeRegistry r, GatewayRegistrationRequest request, CancellationToken ct)
    {
        var result = await r.RegisterGatewayAsync(request, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value) : Problem(result);
    }

    public static async Task<IResult> ReportAsync(GatewayReports reports, SignedGatewayReport report, CancellationToken ct)
    {
        var outcome = await reports.AcceptAsync(report, ct);
        switch (outcome.Refusal)
        {
            case ReportRefusal.None:
                return TypedResults.Ok(outcome.Receipt);
            case ReportRefusal.ProofFromWrongSize:
                var problem = Problems.Create(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "一致性证明须从管理中心见证的树大小开始",
                    outcome.Reason);
                problem.Extensions["witnessedSize"] = outcome.WitnessedSize;
                return TypedResults.Problem(problem);
            case ReportRefusal.UnknownGateway:
            case ReportRefusal.BadSignature:
                return TypedResults.Problem(Problems.Create(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "报告的签名不是已批准前置机的签名", outcome.Reason));
            case ReportRefusal.Stale:
                return Problems.Conflict("报告已过期或重复", outcome.Reason ?? "Stale report.");
            default:
                return TypedResults.Problem(Problems.Create(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "报告格式不正确", outcome.Reason));
        }
    }

    private static async Task<IResult> DecideAsync(ExchangeRegistry r, ClaimsPrincipal u, Guid id, GatewayStatus decision, DecisionInput? input, CancellationToken ct) =>
        Ok(await r.DecideGatewayAsync(u, id, decision, input ?? new DecisionInput(null), ct));

    private static IResult Ok<T>(ExchangeResult<T> r) => r.Succeeded ? TypedResults.Ok(r.Value) : Problem(r);

    private static IResult Created<T>(ExchangeResult<T> r) => r.Succeeded ? TypedResults.Json(r.Value, statusCode: StatusCodes.Status201Created) : Problem(r);

    private static IResult Problem<T>(ExchangeResult<T> r) =>
        r.NotFound ? Problems.NotFound("成员、前置机、服务或权限不存在", "The member, gateway, service or right does not exist.")
        : r.Forbidden is { } f ? Problems.Forbidden(f.Zh, f.En)
        : r.Conflict is { } c ? Problems.Conflict(c.Zh, c.En)
        : Problems.Validation(r.Errors!);
}
