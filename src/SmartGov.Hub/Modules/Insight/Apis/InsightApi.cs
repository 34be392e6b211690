using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Insight.Apis;

/// <summary>The leaders' dashboard (决策研判): city leaders and supervisors see the city, a department leader the own department.</summary>
public static class InsightApi
{
    public static IEndpointRouteBuilder MapInsightApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("api/v1/insight").WithTags("Insight").RequireAuthorization()
            .AddEndpointFilter(async (ctx, next) => InsightAccess.MayUse(ctx.HttpContext.User)
                ? await next(ctx)
                : Problems.Forbidden(InsightAccess.NotAllowed.Zh, InsightAccess.NotAllowed.En));
        g.MapGet("/dashboard", async (InsightService s, ClaimsPrincipal u, DateOnly? from, DateOnly? to, Guid? departmentId, CancellationToken ct) =>
                Ok(await s.DashboardAsync(u, new InsightQuery(from, to, departmentId), ct)))
            .WithName("InsightDashboard")
            .WithSummary("Key figures and chart data for a period (default the last 30 days), from the rollups / 决策研判：关键指标与图表数据");
        g.MapGet("/applications", async (InsightService s, ClaimsPrincipal u, DateOnly? from, DateOnly? to, Guid? departmentId, DateOnly? day, DateOnly? week,
                    string? channel, string? item, Guid? hall, bool? overdue, int? page, CancellationToken ct) =>
                Ok(await s.ApplicationsAsync(u, new InsightApplicationsQuery(from, to, departmentId, day, week, channel, item, hall, overdue ?? false, page ?? 1), ct)))
            .WithName("InsightApplications")
            .WithSummary("The applications behind a figure (by day, week, channel, department, item, hall or overdue), paged / 图表下钻：办件列表");
        g.MapGet("/ratings", async (InsightService s, ClaimsPrincipal u, DateOnly? from, DateOnly? to, Guid? departmentId, DateOnly? week, string? item,
                    int? maxScore, int? page, CancellationToken ct) =>
                Ok(await s.RatingsAsync(u, from, to, departmentId, week, item, maxScore, page ?? 1, ct)))
            .WithName("InsightRatings").WithSummary("The ratings behind a satisfaction figure, worst first, paged / 图表下钻：好差评列表");
        g.MapGet("/subtasks", async (InsightService s, ClaimsPrincipal u, Guid? departmentId, string? light, CancellationToken ct) =>
                Ok(await s.SubTasksAsync(u, departmentId, light, ct)))
            .WithName("InsightSubTasks").WithSummary("The supervision sub-tasks behind a light / 图表下钻：督办任务列表");
        g.MapGet("/export", async (InsightService s, ClaimsPrincipal u, string? table, DateOnly? from, DateOnly? to, Guid? departmentId, CancellationToken ct) =>
            {
                if (!InsightExport.IsDashboardTable(table))
                {
                    return Problems.Validation("table", "unknown", "表格名称无效：" + string.Join("、", InsightExport.DashboardTables),
                        "Unknown table; one of: " + string.Join(", ", InsightExport.DashboardTables));
                }
                var result = await s.DashboardAsync(u, new InsightQuery(from, to, departmentId), ct);
                if (!result.Succeeded)
                {
                    return Problem(result);
                }
                return TypedResults.File(InsightExport.Workbook(table!, InsightExport.Rows(table!, result.Value!)), InsightExport.ContentType,
                    InsightExport.FileName(table!, result.Value!.Scope));
            })
            .WithName("InsightExport").WithSummary("One dashboard table as an Excel workbook / 导出 Excel");
        return app;
    }

    private static IResult Ok<T>(InsightResult<T> r) => r.Succeeded ? TypedResults.Ok(r.Value) : Problem(r);

    private static IResult Problem<T>(InsightResult<T> r) =>
        r.Forbidden is { } f ? Problems.Forbidden(f.Zh, f.En) : Problems.Validation(r.Errors!);
}
