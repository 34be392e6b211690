using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Audit;

public static class AuditModule
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<DatabaseAuditSink>();
        services.AddScoped<IAuditSink>(sp => sp.GetRequiredService<DatabaseAuditSink>());
        services.AddScoped<IAuditQuery>(sp => sp.GetRequiredService<DatabaseAuditSink>());
        return services;
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/audit").WithTags("Audit").RequireAuthorization(Policies.Auditor);
        api.MapGet("/entries", SearchAsync).WithName("SearchAuditEntries")
            .WithSummary("Audit entries, newest first (auditors only) / 查询审计记录（仅审计管理员）");
        return app;
    }

    public static async Task<Ok<AuditPage>> SearchAsync(IAuditQuery query, string? action, Guid? actorId, int? page, int? pageSize, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize ?? 50, 1, 500);
        var number = Math.Max(page ?? 1, 1);
        var skip = (int)Math.Min((number - 1L) * size, int.MaxValue);
        var items = await query.SearchAsync(action, actorId, skip, size, ct);
        var total = await query.CountAsync(action, ct);
        return TypedResults.Ok(new AuditPage(items, number, size, total));
    }
}

public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, int Page, int PageSize, int Total);
