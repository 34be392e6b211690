using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Applications.Apis;

/// <summary>Applications (办件): online and window intake, the workflow's actions, work queues, history and public tracking.</summary>
public static class ApplicationsApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("api/v1").WithTags("Applications");

        g.MapPost("/applications", async (ApplicationService s, ClaimsPrincipal u, ApplicationInput input,
                [FromHeader(Name = IdempotencyHeader)] string? key, HttpContext http, CancellationToken ct) =>
                Created(await s.ApplyAsync(u, input, key, ct), http))
            .RequireAuthorization()
            .WithName("SubmitApplication")
            .WithSummary("Apply online (or save a draft): form, materials (uploaded file ids), Idempotency-Key header / 在线申请");
        g.MapGet("/applications", async (ApplicationService s, ClaimsPrincipal u, CancellationToken ct) => TypedResults.Ok(await s.ListMineAsync(u, ct)))
            .RequireAuthorization()
            .WithName("ListMyApplications").WithSummary("The caller's applications, newest first / 我的办件");
        g.MapGet("/applications/{id:guid}", async (ApplicationService s, ClaimsPrincipal u, Guid id, CancellationToken ct) => Ok(await s.GetAsync(u, id, ct)))
            .RequireAuthorization()
            .WithName("GetApplication").WithSummary("One application: status, materials, steps, deadline and light, allowed actions / 办件详情");
        g.MapGet("/applications/by-number/{number}", async (ApplicationService s, ClaimsPrincipal u, string number, CancellationToken ct) =>
                Ok(await s.GetByNumberAsync(u, number, ct)))
            .RequireAuthorization()
            .WithName("GetApplicationByNumber").WithSummary("One application by its number / 按办件编号查询");
        g.MapPut("/applications/{id:guid}/draft", async (ApplicationService s, ClaimsPrincipal u, Guid id, ApplicationInput input, CancellationToken ct) =>
                Ok(await s.UpdateDraftAsync(u, id, input, ct)))
            .RequireAuthorization()
            .WithName("UpdateDraft").WithSummary("Save a draft, or submit it with draft=false / 保存或提交草稿");
        g.MapPost("/applications/{id:guid}/actions", async (ApplicationService s, ClaimsPrincipal u, Guid id, ApplicationActionInput input, CancellationToken ct) =>
                Ok(await s.ActAsync(u, id, input, ct)))
            .RequireAuthorization()
            .WithName("ActOnApplication")
            .WithSummary("Accept, RefuseIntake, RequestSupplement, Supplement, Approve, Deny, SendBack, Reassign, Delegate, StartSpecialProcedure, EndSpecialProcedure, RequestExtension, ApproveExtension, RejectExtension, IssueResult, Withdraw / 办理");
        g.MapPost("/applications/{id:guid}/shared-materials", async (ApplicationService s, ClaimsPrincipal u, Guid id, SharedMaterialsInput input, CancellationToken ct) =>
                Ok(await s.FetchSharedMaterialsAsync(u, id, input.Consent, ct)))
            .RequireAuthorization()
            .WithName("FetchSharedMaterials")
            .WithSummary("With the applicant's consent, fetch the licences the item's shared materials name through the data exchange (信息跑路) / 共享获取材料");
        g.MapGet("/applications/{id:guid}/history", async (ApplicationService s, ClaimsPrincipal u, Guid id, CancellationToken ct) => Ok(await s.HistoryAsync(u, id, ct)))
            .RequireAuthorization()
            .WithName("GetApplicationHistory").WithSummary("Every step: department, time, outcome / 办理过程");
        g.MapGet("/applications/{id:guid}/result", async (ApplicationService s, ClaimsPrincipal u, Guid id, CancellationToken ct) =>
                await s.ResultFileAsync(u, id, ct) is { Succeeded: true } r
                    ? (IResult)TypedResults.File(r.Value.Content, "application/json", r.Value.FileName)
                    : Problems.NotFound("办件或其结果文书不存在", "The application or its result document does not exist."))
            .RequireAuthorization()
            .WithName("DownloadApplicationResult").WithSummary("The signed result document (.sgr.json), verifiable at /results/verify or with sgov result verify / 下载结果文书");
        g.MapPost("/window/applications", async (ApplicationService s, ClaimsPrincipal u, WindowIntakeInput input,
                [FromHeader(Name = IdempotencyHeader)] string? key, HttpContext http, CancellationToken ct) =>
                Created(await s.WindowIntakeAsync(u, input, key, ct), http))
            .RequireAuthorization()
            .WithName("WindowIntake").WithSummary("A window clerk enters and accepts a walk-in application (一窗受理)");
        g.MapGet("/work-queue", async (ApplicationService s, ClaimsPrincipal u, [AsParameters] WorkQueueParameters p, CancellationToken ct) =>
                ApplicationService.IsStaff(u)
                    ? (IResult)TypedResults.Ok(await s.QueueAsync(u, new WorkQueueQuery(p.Mine ?? false, p.Role, p.ItemCode, p.Step, p.Light, p.Number, p.Page ?? 1, p.PageSize ?? 20), ct))
                    : Problems.Forbidden("待办队列仅供部门工作人员使用", "The work queue is for department staff."))
            .RequireAuthorization()
            .WithName("WorkQueue").WithSummary("Open steps for the caller's department and roles, overdue first; filters mine, role, itemCode, step, light, number / 待办");
        g.MapPost("/work-queue/sweep", async (ApplicationDeadlineSweep sweep, ClaimsPrincipal u, CancellationToken ct) =>
                u.IsInRole(Roles.DepartmentLeader) || u.IsInRole(Roles.Supervisor)
                    ? (IResult)TypedResults.Ok(await sweep.RunAsync(ct))
                    : Problems.Forbidden("只有部门负责人或督查人员可以立即催办", "Only department leaders and supervisors may run the reminder sweep."))
            .RequireAuthorization()
            .WithName("RunDeadlineSweep").WithSummary("Send today's deadline reminders (yellow) and escalations (red) now / 立即催办");
        g.MapGet("/tracking", async (ApplicationService s, string? number, string? check, CancellationToken ct) =>
                await s.TrackAsync(number, check, ct) is { } view
                    ? (IResult)TypedResults.Ok(view)
                    : Problems.NotFound("未找到办件：请核对办件编号和证件号码后四位", "No application matches this number and these four characters."))
            .AllowAnonymous()
            .RequireRateLimiting(ApplicationsModule.TrackingRateLimit)
            .WithName("TrackApplication").WithSummary("Public tracking by number and the last four characters of the ID number or credit code / 办件查询");
        g.MapGet("/service-items/{code}/workflow", async (WorkflowStore w, string code, CancellationToken ct) =>
                TypedResults.Ok(await w.VersionsAsync(code, ct) is { Count: > 0 } versions ? versions
                    : [new WorkflowVersionView(WorkflowStore.DefaultId, code, 0, DateTime.MinValue, WorkflowDefinitionDocument.Default)]))
            .AllowAnonymous()
            .WithName("GetWorkflow").WithSummary("The item's workflow versions, newest first (version 0 is the built-in default) / 办理流程");
        g.MapPut("/service-items/{code}/workflow", async (WorkflowStore w, ClaimsPrincipal u, string code,
                WorkflowDefinitionDocument definition, CancellationToken ct) =>
                Ok(await w.PublishAsync(u, code, definition, ct)))
            .RequireAuthorization()
            .WithName("PublishWorkflow").WithSummary("Publish a new workflow version: stages, parallel steps, countersign / 发布办理流程");
        return app;
    }

    /// <summary><see cref="Consent"/>: the applicant agrees (at a window: the clerk confirms they agreed) that their licences be fetched.</summary>
    public sealed record SharedMaterialsInput(bool Consent);

    public sealed record WorkQueueParameters(bool? Mine, string? Role, string? ItemCode, string? Step, string? Light, string? Number, int? Page, int? PageSize);

    private static IResult Ok<T>(AppResult<T> r) => r.Succeeded ? TypedResults.Ok(r.Value) : Problem(r);

    private static IResult Created(AppResult<ApplicationView> r, HttpContext http)
    {
        if (!r.Succeeded)
        {
            return Problem(r);
        }
        if (r.Value!.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Ok(r.Value);
        }
        return TypedResults.Created($"/api/v1/applications/{r.Value.Id}", r.Value);
    }

    private static IResult Problem<T>(AppResult<T> r) =>
        r.NotFound ? Problems.NotFound("办件不存在", "The application does not exist.")
        : r.Forbidden is { } f ? Problems.Forbidden(f.Zh, f.En)
        : r.Conflict is { } c ? Problems.Conflict(c.Zh, c.En)
        : Problems.Validation(r.Errors!);
}
