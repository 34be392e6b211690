using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Evaluation.Apis;

/// <summary>E-government performance evaluation (绩效评估): indicator systems, rounds, scoring, ranking, projects.</summary>
public static class EvaluationApi
{
    public static IEndpointRouteBuilder MapEvaluationApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("api/v1/evaluation").WithTags("Evaluation").RequireAuthorization()
            .AddEndpointFilter(async (ctx, next) => EvaluationAccess.MayUse(ctx.HttpContext.User) || ctx.HttpContext.User.IsInRole(Roles.SecurityAdmin)
                ? await next(ctx)
                : Problems.Forbidden("绩效评估仅供督查人员、评估人员和参评部门使用", "Evaluation is for supervisors, evaluators and the departments evaluated."));

        g.MapGet("/rules", (RoundService s) => TypedResults.Ok(s.Rules()))
            .WithName("ListIndicatorRules").WithSummary("The registered rules automatic indicators compute with / 自动指标计算规则");
        g.MapGet("/rules/{name}/value", async (RoundService s, ClaimsPrincipal u, string name, Guid? departmentId, DateOnly? from, DateOnly? to, CancellationToken ct) =>
                Ok(await s.PreviewAsync(u, name, departmentId, from, to, ct)))
            .WithName("PreviewIndicatorRule").WithSummary("A rule's value for a department and period, now / 试算自动指标");

        g.MapGet("/systems", async (IndicatorSystemService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(ct)))
            .WithName("ListIndicatorSystems").WithSummary("Indicator systems and templates / 指标体系列表");
        g.MapPost("/systems", async (IndicatorSystemService s, ClaimsPrincipal u, IndicatorSystemInput input, CancellationToken ct) =>
                Created(await s.CreateAsync(u, input, ct), v => $"/api/v1/evaluation/systems/{v.Id}"))
            .WithName("CreateIndicatorSystem").WithSummary("Create an indicator tree; sibling weights sum to 100 / 新建指标体系");
        g.MapGet("/systems/{id:guid}", async (IndicatorSystemService s, Guid id, CancellationToken ct) => Ok(await s.GetAsync(id, ct)))
            .WithName("GetIndicatorSystem").WithSummary("An indicator system with its tree / 指标体系详情");
        g.MapPut("/systems/{id:guid}", async (IndicatorSystemService s, ClaimsPrincipal u, Guid id, IndicatorSystemInput input, CancellationToken ct) =>
                Ok(await s.UpdateAsync(u, id, input, ct)))
            .WithName("UpdateIndicatorSystem").WithSummary("Replace the tree of a system no round uses yet / 修改指标体系（未被使用时）");
        g.MapPost("/systems/{id:guid}/copy", async (IndicatorSystemService s, ClaimsPrincipal u, Guid id, string? name, CancellationToken ct) =>
                Created(await s.CopyAsync(u, id, name, ct), v => $"/api/v1/evaluation/systems/{v.Id}"))
            .WithName("CopyIndicatorSystem").WithSummary("Copy a system (a template, or one in use) to edit it / 复制指标体系");

        g.MapGet("/rounds", async (RoundService s, ClaimsPrincipal u, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(u, ct)))
            .WithName("ListEvaluationRounds").WithSummary("Rounds the caller may see / 评估轮次列表");
        g.MapPost("/rounds", async (RoundService s, ClaimsPrincipal u, RoundInput input, CancellationToken ct) =>
                Created(await s.CreateAsync(u, input, ct), v => $"/api/v1/evaluation/rounds/{v.Id}"))
            .WithName("CreateEvaluationRound").WithSummary("Start an annual or quarterly round / 发起评估");
        g.MapGet("/rounds/{id:guid}", async (RoundService s, ClaimsPrincipal u, Guid id, CancellationToken ct) => Ok(await s.GetAsync(u, id, ct)))
            .WithName("GetEvaluationRound").WithSummary("A round, its step and departments / 评估轮次详情");
        g.MapPost("/rounds/{id:guid}/actions", async (RoundService s, ClaimsPrincipal u, Guid id, RoundActionInput input, CancellationToken ct) =>
                Ok(await s.ActAsync(u, id, input, ct)))
            .WithName("AdvanceEvaluationRound").WithSummary("OpenScoring, StartReconciliation, Close (aggregate, freeze, rank) or Publish / 推进评估步骤");
        g.MapGet("/rounds/{id:guid}/departments/{departmentId:guid}", async (RoundService s, ClaimsPrincipal u, Guid id, Guid departmentId, CancellationToken ct) =>
                Ok(await s.SheetAsync(u, id, departmentId, ct)))
            .WithName("GetEvaluationSheet").WithSummary("A department's scores; other evaluators' stay hidden until the round closes / 部门评分表");
        g.MapGet("/rounds/{id:guid}/departments/{departmentId:guid}/evidence/{fileId:guid}", async (RoundService s, ClaimsPrincipal u, Guid id, Guid departmentId, Guid fileId, CancellationToken ct) =>
                {
                    var r = await s.EvidenceFileAsync(u, id, departmentId, fileId, ct);
                    return r is { Succeeded: true, Value: { } f } ? TypedResults.Stream(f.Content, f.Info.ContentType, f.Info.FileName) : Problem(r);
                })
            .WithName("GetEvaluationEvidence").WithSummary("Download a department's evidence file (lead, the round's evaluators, the department) / 下载佐证材料");
        g.MapPut("/rounds/{id:guid}/departments/{departmentId:guid}/self-assessment", async (RoundService s, ClaimsPrincipal u, Guid id, Guid departmentId, ScoresInput input, CancellationToken ct) =>
                Ok(await s.SelfAssessAsync(u, id, departmentId, input, ct)))
            .WithName("SelfAssess").WithSummary("The department scores its manual indicators with evidence / 部门自评");
        g.MapPut("/rounds/{id:guid}/departments/{departmentId:guid}/evaluation", async (RoundService s, ClaimsPrincipal u, Guid id, Guid departmentId, ScoresInput input, CancellationToken ct) =>
                Ok(await s.ScoreAsync(u, id, departmentId, input, ct)))
            .WithName("ScoreDepartment").WithSummary("A third-party evaluator's scores / 第三方评分");
        g.MapPut("/rounds/{id:guid}/departments/{departmentId:guid}/reconciliation", async (RoundService s, ClaimsPrincipal u, Guid id, Guid departmentId, ScoresInput input, CancellationToken ct) =>
                Ok(await s.ReconcileAsync(u, id, departmentId, input, ct)))
            .WithName("ReconcileScores").WithSummary("Final manual scores with reasons; omitted score = evaluators' average / 复核确认");
        g.MapGet("/rounds/{id:guid}/ranking", async (RoundService s, ClaimsPrincipal u, Guid id, CancellationToken ct) => Ok(await s.RankingAsync(u, id, ct)))
            .WithName("GetEvaluationRanking").WithSummary("Weighted totals and ranks with per-indicator scores / 评估排名");
        g.MapGet("/rounds/{id:guid}/ranking.xlsx", async (RoundService s, ClaimsPrincipal u, TimeProvider clock, Guid id, CancellationToken ct) =>
            {
                var r = await s.RankingAsync(u, id, ct);
                return r.Succeeded
                    ? TypedResults.File(EvaluationExport.Ranking(r.Value!), EvaluationExport.ContentType, $"evaluation-ranking-{ChinaTime.Today(clock):yyyyMMdd}.xlsx")
                    : Problem(r);
            })
            .WithName("ExportEvaluationRanking").WithSummary("The ranking as an Excel workbook / 导出评估排名（Excel）");

        g.MapPost("/incidents", async (RoundService s, ClaimsPrincipal u, IncidentInput input, CancellationToken ct) =>
                Created(await s.RecordIncidentAsync(u, input, ct), v => $"/api/v1/evaluation/incidents/{v.Id}"))
            .WithName("RecordSecurityIncident").WithSummary("Record a security incident by hand (the incidents indicator counts them) / 登记安全事件");

        g.MapGet("/projects", async (ProjectService s, ClaimsPrincipal u, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(u, ct)))
            .WithName("ListEgovProjects").WithSummary("E-government projects with their systems and flags / 建设项目列表");
        g.MapPost("/projects", async (ProjectService s, ClaimsPrincipal u, ProjectInput input, CancellationToken ct) =>
                Created(await s.CreateAsync(u, input, ct), v => $"/api/v1/evaluation/projects/{v.Id}"))
            .WithName("CreateEgovProject").WithSummary("Register a project with budget, spend, goals and systems / 登记建设项目");
        g.MapGet("/projects/{id:guid}", async (ProjectService s, ClaimsPrincipal u, Guid id, CancellationToken ct) => Ok(await s.GetAsync(u, id, ct)))
            .WithName("GetEgovProject").WithSummary("A project with overlap (重复建设) and idle flags / 建设项目详情");
        g.MapPut("/projects/{id:guid}/evaluation", async (ProjectService s, ClaimsPrincipal u, Guid id, ProjectEvaluationInput input, CancellationToken ct) =>
                Ok(await s.EvaluateAsync(u, id, input, ct)))
            .WithName("EvaluateEgovProject").WithSummary("Score the five dimensions (0..100 each) / 项目绩效评价");
        g.MapGet("/projects.xlsx", async (ProjectService s, ClaimsPrincipal u, TimeProvider clock, CancellationToken ct) =>
                TypedResults.File(EvaluationExport.Projects(await s.ListAsync(u, ct)), EvaluationExport.ContentType, $"egov-projects-{ChinaTime.Today(clock):yyyyMMdd}.xlsx"))
            .WithName("ExportEgovProjects").WithSummary("Project evaluations as an Excel workbook / 导出建设项目评价（Excel）");
        return app;
    }

    private static IResult Ok<T>(EvalResult<T> r) => r.Succeeded ? TypedResults.Ok(r.Value) : Problem(r);

    private static IResult Created<T>(EvalResult<T> r, Func<T, string> location) => r.Succeeded ? TypedResults.Created(location(r.Value!), r.Value) : Problem(r);

    private static IResult Problem<T>(EvalResult<T> r) =>
        r.NotFound ? Problems.NotFound("评估内容不存在", "Not found.")
        : r.Forbidden is { } f ? Problems.Forbidden(f.Zh, f.En)
        : r.Conflict is { } c ? Problems.Conflict(c.Zh, c.En)
        : Problems.Validation(r.Errors!);
}
