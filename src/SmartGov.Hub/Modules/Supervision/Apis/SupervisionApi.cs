using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Supervision.Apis;

/// <summary>Key-work supervision (督查督办). Supervisors, and the officers and leaders of the departments involved.</summary>
public static class SupervisionApi
{
    public static IEndpointRouteBuilder MapSupervisionApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("api/v1/supervision").WithTags("Supervision").RequireAuthorization()
            .AddEndpointFilter(async (ctx, next) => SupervisionService.MayUse(ctx.HttpContext.User)
                ? await next(ctx)
                : Problems.Forbidden("督查督办仅供督查人员和承办部门使用", "Supervision is for supervisors and the departments doing the work."));
        g.MapGet("/tasks", async (SupervisionService s, ClaimsPrincipal u, CancellationToken ct) => TypedResults.Ok(await s.ListKeyTasksAsync(u, ct)))
            .WithName("ListKeyTasks").WithSummary("Key tasks the caller may see / 督查事项列表");
        g.MapPost("/tasks", async (SupervisionService s, ClaimsPrincipal u, KeyTaskInput input, CancellationToken ct) =>
            Created(await s.CreateKeyTaskAsync(u, input, ct), v => $"/api/v1/supervision/tasks/{v.Id}"))
            .WithName("CreateKeyTask").WithSummary("Register a key task (立项) / 督查事项立项");
        g.MapGet("/tasks/{id:guid}", async (SupervisionService s, ClaimsPrincipal u, Guid id, CancellationToken ct) => Ok(await s.GetKeyTaskAsync(u, id, ct)))
            .WithName("GetKeyTask").WithSummary("A key task with its sub-task tree, progress and lights / 督查事项详情");
        g.MapPut("/tasks/{id:guid}", async (SupervisionService s, ClaimsPrincipal u, Guid id, KeyTaskUpdateInput input, CancellationToken ct) =>
            Ok(await s.UpdateKeyTaskAsync(u, id, input, ct)))
            .WithName("UpdateKeyTask").WithSummary("Edit a key task that is not closed; stale revision 409 / 修改督查事项");
        g.MapDelete("/tasks/{id:guid}", async (SupervisionService s, ClaimsPrincipal u, Guid id, int? revision, CancellationToken ct) =>
            NoContent(await s.DeleteKeyTaskAsync(u, id, revision, ct)))
            .WithName("DeleteKeyTask").WithSummary("Delete a key task nothing of which has been assigned (立项 only) / 删除督查事项");
        g.MapPost("/tasks/{id:guid}/subtasks", async (SupervisionService s, ClaimsPrincipal u, Guid id, SubTaskInput input, CancellationToken ct) =>
            Created(await s.AddSubTaskAsync(u, id, input, ct), v => $"/api/v1/supervision/subtasks/{v.Id}"))
            .WithName("AddSubTask").WithSummary("Decompose: add a sub-task with lead and co-departments and milestones / 任务分解");
        g.MapGet("/subtasks", async (SupervisionService s, ClaimsPrincipal u, CancellationToken ct) => TypedResults.Ok(await s.ListSubTasksAsync(u, ct)))
            .WithName("ListSubTasks").WithSummary("Sub-tasks the caller's department leads or co-works (all for supervisors) / 我的督办任务");
        g.MapGet("/subtasks/{id:guid}", async (SupervisionService s, ClaimsPrincipal u, Guid id, CancellationToken ct) => Ok(await s.GetSubTaskAsync(u, id, ct)))
            .WithName("GetSubTask").WithSummary("One sub-task / 督办任务详情");
        g.MapPost("/subtasks/{id:guid}/transitions", async (SupervisionService s, ClaimsPrincipal u, Guid id, TransitionInput input, CancellationToken ct) =>
            Ok(await s.TransitionAsync(u, id, input, ct)))
            .WithName("TransitionSubTask").WithSummary("Assign, sign for, start, feed back, approve, send back, close, suspend or resume / 流转");
        g.MapPut("/subtasks/{id:guid}", async (SupervisionService s, ClaimsPrincipal u, Guid id, SubTaskUpdateInput input, CancellationToken ct) =>
            Ok(await s.UpdateSubTaskAsync(u, id, input, ct)))
            .WithName("UpdateSubTask").WithSummary("Edit a sub-task that is not completed or closed: title, lead and co-departments, deadlines, weight, milestones / 修改任务");
        g.MapDelete("/subtasks/{id:guid}", async (SupervisionService s, ClaimsPrincipal u, Guid id, int? revision, CancellationToken ct) =>
            NoContent(await s.DeleteSubTaskAsync(u, id, revision, ct)))
            .WithName("DeleteSubTask").WithSummary("Delete a sub-task still in 立项 with no sub-tasks under it / 删除任务");
        g.MapGet("/subtasks/{id:guid}/attachments/{fileId:guid}", async (SupervisionService s, ClaimsPrincipal u, Guid id, Guid fileId, CancellationToken ct) =>
            {
                var r = await s.OpenAttachmentAsync(u, id, fileId, ct);
                return r is { Succeeded: true, Value: { } f } ? TypedResults.Stream(f.Content, f.Info.ContentType, f.Info.FileName) : Problem(r);
            })
            .WithName("DownloadProgressAttachment").WithSummary("Download a progress report's attachment (supervisors, lead and co-departments; audited) / 下载进展附件");
        g.MapGet("/subtasks/{id:guid}/reports", async (SupervisionService s, ClaimsPrincipal u, Guid id, CancellationToken ct) => Ok(await s.ReportsAsync(u, id, ct)))
            .WithName("ListProgressReports").WithSummary("Progress reports, newest first / 进展报送记录");
        g.MapPost("/subtasks/{id:guid}/reports", async (SupervisionService s, ClaimsPrincipal u, Guid id, ProgressInput input, CancellationToken ct) =>
            Created(await s.ReportAsync(u, id, input, ct), _ => $"/api/v1/supervision/subtasks/{id}/reports"))
            .WithName("ReportProgress").WithSummary("Report progress: text, percent, fileIds of files uploaded with POST /api/v1/files / 报送进展");
        g.MapPost("/subtasks/{id:guid}/milestones/{milestoneId:guid}/done", async (SupervisionService s, ClaimsPrincipal u, Guid id, Guid milestoneId, MilestoneDoneInput? input, CancellationToken ct) =>
            Ok(await s.CompleteMilestoneAsync(u, id, milestoneId, input ?? new MilestoneDoneInput(), ct)))
            .WithName("CompleteMilestone").WithSummary("The lead department marks a milestone reached: {doneOn?, note?, revision?} / 确认节点完成");
        g.MapPost("/subtasks/{id:guid}/milestones/{milestoneId:guid}/reopen", async (SupervisionService s, ClaimsPrincipal u, Guid id, Guid milestoneId, TransitionInput? input, CancellationToken ct) =>
            Ok(await s.ReopenMilestoneAsync(u, id, milestoneId, input?.Comment, input?.Revision, ct)))
            .WithName("ReopenMilestone").WithSummary("The supervisor reopens a milestone marked reached: {comment?, revision?} / 退回节点");
        g.MapGet("/notices", async (SupervisionService s, ClaimsPrincipal u, CancellationToken ct) => TypedResults.Ok(await s.NoticesAsync(u, ct)))
            .WithName("ListSupervisionNotices").WithSummary("Reminders and supervision notices (督办单) / 催办与督办单");
        g.MapGet("/board", async (SupervisionService s, ClaimsPrincipal u, string? source, Guid? departmentId, string? light, CancellationToken ct) =>
            TypedResults.Ok(await s.BoardAsync(u, source, departmentId, light, ct)))
            .WithName("SupervisionBoard").WithSummary("Counts by source, department and colour, and the list behind a filter / 督查看板");
        g.MapGet("/scores", async (SupervisionService s, ClaimsPrincipal u, DateOnly? from, DateOnly? to, CancellationToken ct) => SupervisionService.IsSupervisor(u)
                ? (IResult)TypedResults.Ok(await s.ScoresAsync(from, to, ct))
                : Problems.Forbidden("只有督查人员可以查看部门得分", "Only supervisors may see department scores."))
            .WithName("SupervisionScores").WithSummary("Department scores: timeliness, quality, completion; from/to keep the sub-tasks due in that period / 部门督办得分");
        g.MapPost("/sweep", async (SupervisionSweep sweep, ClaimsPrincipal u, CancellationToken ct) => SupervisionService.IsSupervisor(u)
                ? (IResult)TypedResults.Ok(new { issued = await sweep.RunAsync(ct) })
                : Problems.Forbidden("只有督查人员可以立即催办", "Only supervisors may run the reminder sweep."))
            .WithName("RunSupervisionSweep").WithSummary("Issue today's reminders and notices now / 立即催办");
        return app;
    }

    private static IResult Ok<T>(SupResult<T> r) => r.Succeeded ? TypedResults.Ok(r.Value) : Problem(r);

    private static IResult NoContent(SupResult<bool> r) => r.Succeeded ? TypedResults.NoContent() : Problem(r);

    private static IResult Created<T>(SupResult<T> r, Func<T, string> location) => r.Succeeded ? TypedResults.Created(location(r.Value!), r.Value) : Problem(r);

    private static IResult Problem<T>(SupResult<T> r) =>
        r.NotFound ? Problems.NotFound("督查事项或任务不存在", "The key task or sub-task does not exist.")
        : r.Forbidden is { } f ? Problems.Forbidden(f.Zh, f.En)
        : r.Conflict is { } c ? Problems.Conflict(c.Zh, c.En)
        : Problems.Validation(r.Errors!);
}
