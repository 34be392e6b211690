using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Modules.Supervision.Model;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Supervision.Tests;

/// <summary>
/// The supervisor's corrections (edit while open, delete only before assignment, closed work immutable), report
/// attachments with their scoped and audited downloads, co-departments' feedback and half-weight scores, and
/// milestones reached / reopened / overdue. Same fixture (and sign-ins) as the process test.
/// </summary>
public sealed partial class SupervisionApiTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Guid> CreateTaskAsync(HttpClient supervisor, string title, int dueInDays = 60)
    {
        var created = await supervisor.PostAsJsonAsync("/api/v1/supervision/tasks", new { title, source = "WorkReport", priority = "Normal", dueOn = Today.AddDays(dueInDays) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> AddSubTaskAsync(HttpClient supervisor, Guid taskId, object body)
    {
        var response = await supervisor.PostAsJsonAsync($"/api/v1/supervision/tasks/{taskId}/subtasks", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static async Task<JsonElement> ActAsync(HttpClient client, Guid subId, string action)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/supervision/subtasks/{subId}/transitions", new { action });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string fileName, string contentType = "application/pdf")
    {
        var token = await client.AntiforgeryTokenAsync("/console/supervision");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        form.Add(new StringContent(token), "__RequestVerificationToken");
        return await client.PostAsync("/api/v1/files", form);
    }

    [Fact]
    public async Task A_supervisor_edits_open_work_deletes_only_unassigned_work_and_closed_work_is_immutable()
    {
        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        var taskId = await CreateTaskAsync(supervisor, "政府工作报告：建设城市运行“一网统管”平台");
        var a = await AddSubTaskAsync(supervisor, taskId, new
        {
            title = "平台需求调研", leadDepartmentId = Dept("swj"), dueOn = Today.AddDays(30), weight = 1,
            milestones = new[] { new { title = "调研报告", dueOn = Today.AddDays(10) } },
        });
        var aId = a.GetProperty("id").GetGuid();
        var m1 = a.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        var bId = (await AddSubTaskAsync(supervisor, taskId, new { title = "试点街道选定", leadDepartmentId = Dept("jyj"), dueOn = Today.AddDays(20) })).GetProperty("id").GetGuid();

        // The key task: title, priority, source and deadline change; the old revision then loses with 409.
        var edited = await supervisor.PutAsJsonAsync($"/api/v1/supervision/tasks/{taskId}", new
        {
            title = "政府工作报告：建成城市运行“一网统管”平台", description = "年内上线", source = "MeetingDecision", priority = "Urgent", dueOn = Today.AddDays(70), revision = 0,
        });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var task = await edited.ReadJsonAsync();
        Assert.Equal("政府工作报告：建成城市运行“一网统管”平台", task.Str("title"));
        Assert.Equal("MeetingDecision", task.Str("source"));
        Assert.Equal("Urgent", task.Str("priority"));
        Assert.Equal(1, task.GetProperty("revision").GetInt32());
        await ProblemAssert.IsProblemAsync(await supervisor.PutAsJsonAsync($"/api/v1/supervision/tasks/{taskId}", new
        {
            title = "过时的修改", source = "WorkReport", dueOn = Today.AddDays(70), revision = 0,
        }), 409);
        // The deadline cannot move before a sub-task's.
        await ProblemAssert.IsValidationAsync(await supervisor.PutAsJsonAsync($"/api/v1/supervision/tasks/{taskId}", new
        {
            title = "x", dueOn = Today.AddDays(25), revision = 1,
        }), "dueOn", "dueOn.before-children");

        // Departments and the system administrator may not edit.
        using var swj = await factory.SignedInStaffAsync("swj.officer");
        await ProblemAssert.IsProblemAsync(await swj.PutAsJsonAsync($"/api/v1/supervision/subtasks/{aId}", new { title = "自改", leadDepartmentId = Dept("swj"), dueOn = Today.AddDays(30), weight = 1 }), 403);
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        await ProblemAssert.IsProblemAsync(await sysadmin.PutAsJsonAsync($"/api/v1/supervision/tasks/{taskId}", new { title = "x", dueOn = Today.AddDays(70) }), 403);
        await ProblemAssert.IsProblemAsync(await sysadmin.DeleteAsync($"/api/v1/supervision/subtasks/{bId}"), 403);

        // The sub-task: new lead and co-department, weight, the milestone renamed and a second one added.
        var invalid = await ProblemAssert.IsValidationAsync(await supervisor.PutAsJsonAsync($"/api/v1/supervision/subtasks/{aId}", new
        {
            title = "平台需求调研", leadDepartmentId = Dept("gaj"), coDepartmentIds = new[] { Dept("gaj") }, dueOn = Today.AddDays(30), weight = 0, revision = 0,
        }), "coDepartmentIds", "department.lead");
        Assert.Contains("weight", ProblemAssert.FieldErrors(invalid).Select(f => f.Field));
        var subEdited = await supervisor.PutAsJsonAsync($"/api/v1/supervision/subtasks/{aId}", new
        {
            title = "平台需求调研与方案", leadDepartmentId = Dept("gaj"), coDepartmentIds = new[] { Dept("mzj") }, dueOn = Today.AddDays(35), weight = 4, revision = 0,
            milestones = new object[] { new { id = m1, title = "调研报告定稿", dueOn = Today.AddDays(12) }, new { title = "方案评审", dueOn = Today.AddDays(30) } },
        });
        Assert.Equal(HttpStatusCode.OK, subEdited.StatusCode);
        var sub = await subEdited.ReadJsonAsync();
        Assert.Equal(Dept("gaj"), sub.GetProperty("leadDepartmentId").GetGuid());
        Assert.Equal(Dept("mzj"), sub.GetProperty("coDepartmentIds")[0].GetGuid());
        Assert.Equal(4, sub.GetProperty("weight").GetInt32());
        Assert.Equal(["调研报告定稿", "方案评审"], sub.GetProperty("milestones").EnumerateArray().Select(m => m.Str("title")!).ToArray());
        Assert.Equal(m1, sub.GetProperty("milestones")[0].GetProperty("id").GetGuid());
        await ProblemAssert.IsProblemAsync(await supervisor.PutAsJsonAsync($"/api/v1/supervision/subtasks/{aId}", new
        {
            title = "过时", leadDepartmentId = Dept("gaj"), dueOn = Today.AddDays(35), weight = 4, revision = 0,
        }), 409);
        // Who sees it follows the change: the former lead no longer, the new lead and co-department do.
        await ProblemAssert.IsProblemAsync(await swj.GetAsync($"/api/v1/supervision/subtasks/{aId}"), 403);
        using var gaj = await factory.SignedInStaffAsync("gaj.officer");
        Assert.Equal(HttpStatusCode.OK, (await gaj.GetAsync($"/api/v1/supervision/subtasks/{aId}")).StatusCode);

        // An unassigned sub-task is deleted; an assigned one is not (suspend it instead), nor is the task.
        await ProblemAssert.IsProblemAsync(await supervisor.DeleteAsync($"/api/v1/supervision/subtasks/{bId}?revision=7"), 409);
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.DeleteAsync($"/api/v1/supervision/subtasks/{bId}?revision=0")).StatusCode);
        await ProblemAssert.IsProblemAsync(await supervisor.GetAsync($"/api/v1/supervision/subtasks/{bId}"), 404);
        await ActAsync(supervisor, aId, "Assign");
        var notDeleted = await ProblemAssert.IsProblemAsync(await supervisor.DeleteAsync($"/api/v1/supervision/subtasks/{aId}"), 409);
        Assert.Contains("挂起", notDeleted.GetProperty("messages").GetProperty("zh-CN").GetString());
        await ProblemAssert.IsProblemAsync(await supervisor.DeleteAsync($"/api/v1/supervision/tasks/{taskId}"), 409);

        // Done work (办结, then 销号) is immutable, with a message in both languages.
        await ActAsync(gaj, aId, "SignFor");
        await ActAsync(gaj, aId, "Start");
        await ActAsync(gaj, aId, "SubmitFeedback");
        await ActAsync(supervisor, aId, "Approve");
        var frozen = await ProblemAssert.IsProblemAsync(await supervisor.PutAsJsonAsync($"/api/v1/supervision/subtasks/{aId}", new
        {
            title = "办结后修改", leadDepartmentId = Dept("gaj"), dueOn = Today.AddDays(35), weight = 4,
        }), 409);
        Assert.Contains("已办结", frozen.GetProperty("messages").GetProperty("zh-CN").GetString());
        Assert.Contains("completed", frozen.GetProperty("messages").GetProperty("en-US").GetString());
        await ActAsync(supervisor, aId, "Close");
        var closedTask = await ProblemAssert.IsProblemAsync(await supervisor.PutAsJsonAsync($"/api/v1/supervision/tasks/{taskId}", new
        {
            title = "销号后修改", source = "WorkReport", dueOn = Today.AddDays(70),
        }), 409);
        Assert.Contains("销号", closedTask.GetProperty("messages").GetProperty("zh-CN").GetString());
        var view = await (await supervisor.GetAsync($"/api/v1/supervision/tasks/{taskId}")).ReadJsonAsync();
        Assert.True(view.GetProperty("closed").GetBoolean());
        Assert.False(view.GetProperty("mayEdit").GetBoolean());

        // A task nothing of which was assigned is deleted with its sub-tasks.
        var spare = await CreateTaskAsync(supervisor, "会议决定：暂缓事项");
        await AddSubTaskAsync(supervisor, spare, new { title = "暂缓子任务", leadDepartmentId = Dept("swj"), dueOn = Today.AddDays(10) });
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.DeleteAsync($"/api/v1/supervision/tasks/{spare}?revision=0")).StatusCode);
        await ProblemAssert.IsProblemAsync(await supervisor.GetAsync($"/api/v1/supervision/tasks/{spare}"), 404);

        // Every change is audited, by whom.
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var updates = await auditor.AuditEntriesAsync("update");
        Assert.Contains(updates, e => e.Str("subjectId") == taskId.ToString() && e.Str("actorName") == "supervisor" && e.Str("details")!.Contains("priority: Normal → Urgent", StringComparison.Ordinal));
        Assert.Contains(updates, e => e.Str("subjectId") == aId.ToString() && e.Str("details")!.Contains("milestone added: 方案评审", StringComparison.Ordinal));
        var deletes = await auditor.AuditEntriesAsync("delete");
        Assert.Contains(deletes, e => e.Str("subjectId") == bId.ToString() && e.Str("actorName") == "supervisor");
        Assert.Contains(deletes, e => e.Str("subjectId") == spare.ToString() && e.Str("details")!.Contains("子任务 1 个", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_attachments_are_checked_included_with_co_department_feedback_and_downloaded_only_by_the_sub_tasks_departments()
    {
        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        var taskId = await CreateTaskAsync(supervisor, "领导批示：窗口“好差评”整改");
        var sub = await AddSubTaskAsync(supervisor, taskId, new { title = "差评整改台账", leadDepartmentId = Dept("gaj"), coDepartmentIds = new[] { Dept("mzj") }, dueOn = Today.AddDays(30) });
        var subId = sub.GetProperty("id").GetGuid();
        var otherId = (await AddSubTaskAsync(supervisor, taskId, new { title = "回访机制", leadDepartmentId = Dept("rsj"), dueOn = Today.AddDays(30) })).GetProperty("id").GetGuid();
        await ActAsync(supervisor, subId, "Assign");
        using var gaj = await factory.SignedInStaffAsync("gaj.officer");
        await ActAsync(gaj, subId, "SignFor");

        // Bad uploads: not multipart 415, a disguised executable 422, too large 413 — ProblemDetails each.
        await ProblemAssert.IsProblemAsync(await gaj.PostAsJsonAsync("/api/v1/files", new { file = "x" }), 415);
        var exe = Encoding.ASCII.GetBytes("MZ\u0090\0\u0003\0\0\0\u0004\0\0\0this program cannot be run in DOS mode");
        await ProblemAssert.IsValidationAsync(await UploadAsync(gaj, exe, "台账.pdf"), "file");
        var huge = new byte[11 * 1024 * 1024];
        Pdf.CopyTo(huge, 0);
        await ProblemAssert.IsProblemAsync(await UploadAsync(gaj, huge, "台账扫描件.pdf"), 413);

        var uploaded = await UploadAsync(gaj, Pdf, "整改台账.pdf");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var fileId = (await uploaded.ReadJsonAsync()).GetProperty("id").GetGuid();
        // Someone else's file cannot be attached.
        using var mzj = await factory.SignedInStaffAsync("mzj.officer");
        await ProblemAssert.IsValidationAsync(await mzj.PostAsJsonAsync($"/api/v1/supervision/subtasks/{subId}/reports", new { percent = 0, text = "借用附件", fileIds = new[] { fileId } }), "fileIds");
        var report = await gaj.PostAsJsonAsync($"/api/v1/supervision/subtasks/{subId}/reports", new { percent = 30, text = "已建立整改台账", fileIds = new[] { fileId } });
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        var attachment = (await report.ReadJsonAsync()).GetProperty("attachments")[0];
        Assert.Equal("整改台账.pdf", attachment.Str("fileName"));
        var url = attachment.Str("url")!;

        // The co-department's feedback is its own note (it does not move the percent); the lead's next report includes it.
        Assert.Equal(HttpStatusCode.Created, (await mzj.PostAsJsonAsync($"/api/v1/supervision/subtasks/{subId}/reports", new { percent = 90, text = "民政局已完成 12 件差评回访" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await gaj.PostAsJsonAsync($"/api/v1/supervision/subtasks/{subId}/reports", new { percent = 50, text = "整改过半" })).StatusCode);
        var reports = await (await supervisor.GetAsync($"/api/v1/supervision/subtasks/{subId}/reports")).ReadJsonAsync();
        var latest = reports[0];
        Assert.True(latest.GetProperty("byLead").GetBoolean());
        Assert.Equal("民政局已完成 12 件差评回访", latest.GetProperty("feedback")[0].Str("text"));
        Assert.Contains(reports.EnumerateArray(), r => !r.GetProperty("byLead").GetBoolean() && r.Str("text") == "民政局已完成 12 件差评回访");
        Assert.Equal(50, (await (await supervisor.GetAsync($"/api/v1/supervision/subtasks/{subId}")).ReadJsonAsync()).GetProperty("percent").GetInt32());

        // The supervisor hands the lead to 民政局 (公安局 now helps): the reports made so far keep who made them as what.
        var revision = (await (await supervisor.GetAsync($"/api/v1/supervision/subtasks/{subId}")).ReadJsonAsync()).GetProperty("revision").GetInt32();
        var handed = await supervisor.PutAsJsonAsync($"/api/v1/supervision/subtasks/{subId}", new
        {
            title = "差评整改台账", leadDepartmentId = Dept("mzj"), coDepartmentIds = new[] { Dept("gaj") }, dueOn = Today.AddDays(30), weight = 1, revision,
        });
        Assert.Equal(HttpStatusCode.OK, handed.StatusCode);
        var after = await (await supervisor.GetAsync($"/api/v1/supervision/subtasks/{subId}/reports")).ReadJsonAsync();
        Assert.True(after.EnumerateArray().Single(r => r.Str("text") == "整改过半").GetProperty("byLead").GetBoolean());
        Assert.False(after.EnumerateArray().Single(r => r.Str("text") == "民政局已完成 12 件差评回访").GetProperty("byLead").GetBoolean());
        Assert.Equal("民政局已完成 12 件差评回访", after.EnumerateArray().Single(r => r.Str("text") == "整改过半").GetProperty("feedback")[0].Str("text"));

        // Downloads: supervisor, lead and co-department get the bytes; another department 403, the system administrator 403.
        foreach (var client in new[] { supervisor, gaj, mzj })
        {
            var download = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        }
        using var wjw = await factory.SignedInStaffAsync("wjw.officer");
        await ProblemAssert.IsProblemAsync(await wjw.GetAsync(url), 403);
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        await ProblemAssert.IsProblemAsync(await sysadmin.GetAsync(url), 403);
        // The file through another sub-task's address, or an unknown file: 404.
        await ProblemAssert.IsProblemAsync(await supervisor.GetAsync($"/api/v1/supervision/subtasks/{otherId}/attachments/{fileId}"), 404);
        await ProblemAssert.IsProblemAsync(await supervisor.GetAsync($"/api/v1/supervision/subtasks/{subId}/attachments/{Guid.NewGuid()}"), 404);

        using var auditor = await factory.SignedInStaffAsync("auditor");
        var exports = await auditor.AuditEntriesAsync("export");
        Assert.Contains(exports, e => e.Str("subjectId") == fileId.ToString() && e.Str("actorName") == "mzj.officer");
        Assert.Contains(exports, e => e.Str("subjectId") == fileId.ToString() && e.Str("actorName") == "supervisor");
        Assert.Equal(3, exports.Count(e => e.Str("subjectId") == fileId.ToString()));
        var updates = await auditor.AuditEntriesAsync("update");
        Assert.Contains(updates, e => e.Str("subjectId") == subId.ToString() && e.Str("details")!.Contains("附件 1 个", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Milestones_are_reached_and_reopened_an_overdue_one_turns_the_light_yellow_and_co_departments_score_at_half_weight()
    {
        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        var taskId = await CreateTaskAsync(supervisor, "人大建议：自然资源审批提速");
        var sub = await AddSubTaskAsync(supervisor, taskId, new
        {
            title = "规划许可并联审批", leadDepartmentId = Dept("zrzy"), coDepartmentIds = new[] { Dept("zjj") }, dueOn = Today.AddDays(40),
            milestones = new[] { new { title = "流程图公布", dueOn = Today.AddDays(10) } },
        });
        var subId = sub.GetProperty("id").GetGuid();
        var milestoneId = sub.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        await ActAsync(supervisor, subId, "Assign");
        using var zrzy = await factory.SignedInStaffAsync("zrzy.officer");
        var signed = await ActAsync(zrzy, subId, "SignFor");
        Assert.Equal("Green", signed.Str("light"));

        // The milestone's date passes unreached: yellow.
        await factory.WithDbAsync(async db =>
        {
            var m = await db.Set<Milestone>().SingleAsync(x => x.Id == milestoneId);
            m.DueOn = Today.AddDays(-1);
            return await db.SaveChangesAsync();
        });
        var late = await (await zrzy.GetAsync($"/api/v1/supervision/subtasks/{subId}")).ReadJsonAsync();
        Assert.Equal("Yellow", late.Str("light"));
        Assert.True(late.GetProperty("milestoneOverdue").GetBoolean());
        Assert.True(late.GetProperty("milestones")[0].GetProperty("overdue").GetBoolean());
        var revision = late.GetProperty("revision").GetInt32();

        // Only the lead marks it; not in the future; with a day and a note.
        using var zjj = await factory.SignedInStaffAsync("zjj.officer");
        await ProblemAssert.IsProblemAsync(await zjj.PostAsJsonAsync($"/api/v1/supervision/subtasks/{subId}/milestones/{milestoneId}/done", new { }), 403);
        await ProblemAssert.IsValidationAsync(await zrzy.PostAsJsonAsync($"/api/v1/supervision/subtasks/{subId}/milestones/{milestoneId}/done", new { doneOn = Today.AddDays(1) }), "doneOn", "doneOn.future");
        var reached = await zrzy.PostAsJsonAsync($"/api/v1/supervision/subtasks/{subId}/milestones/{milestoneId}/done", new { doneOn = Today, note = "已在门户公布", revision });
        Assert.Equal(HttpStatusCode.OK, reached.StatusCode);
        var after = await reached.ReadJsonAsync();
        Assert.Equal(D(Today), after.GetProperty("milestones")[0].Str("doneOn"));
        Assert.Equal("已在门户公布", after.GetProperty("milestones")[0].Str("note"));
        Assert.Equal("Green", after.Str("light"));
        await ProblemAssert.IsProblemAsync(await zrzy.PostAsJsonAsync($"/api/v1/supervision/subtasks/{subId}/milestones/{milestoneId}/done", new { }), 409);

        // The supervisor reopens it (the lead cannot): yellow again.
        await ProblemAssert.IsProblemAsync(await zrzy.PostAsJsonAsync($"/api/v1/supervision/subtasks/{subId}/milestones/{milestoneId}/reopen", new { }), 403);
        var reopened = await supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{subId}/milestones/{milestoneId}/reopen", new { comment = "门户未见流程图" });
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        var again = await reopened.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, again.GetProperty("milestones")[0].GetProperty("doneOn").ValueKind);
        Assert.Equal("Yellow", again.Str("light"));
        await ProblemAssert.IsValidationAsync(await supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{subId}/milestones/{milestoneId}/reopen", new { }), "milestone", "transition.invalid");

        // The sweep issues a yellow notice that says why.
        await supervisor.PostAsync("/api/v1/supervision/sweep", null);
        var notices = await (await zrzy.GetAsync("/api/v1/supervision/notices")).ReadJsonAsync();
        Assert.Contains(notices.EnumerateArray(), n => n.GetProperty("subTaskId").GetGuid() == subId && n.Str("colour") == "Yellow" && n.Str("text")!.Contains("节点", StringComparison.Ordinal));

        using var auditor = await factory.SignedInStaffAsync("auditor");
        var updates = await auditor.AuditEntriesAsync("update");
        Assert.Contains(updates, e => e.Str("subjectId") == subId.ToString() && e.Str("actorName") == "zrzy.officer" && e.Str("details")!.StartsWith("节点完成 流程图公布", StringComparison.Ordinal));
        Assert.Contains(updates, e => e.Str("subjectId") == subId.ToString() && e.Str("actorName") == "supervisor" && e.Str("details")!.StartsWith("节点退回 流程图公布", StringComparison.Ordinal));

        // Scores: wjw leads X (done on time) with scjg as co-department; scjg leads Y, overdue and not done.
        // scjg: X counts 0.5 (on time, done), Y counts 1 (late, not done) → timeliness and completion 0.5 / 1.5 = 33.3.
        var scoreTask = await CreateTaskAsync(supervisor, "会议决定：食品安全监管协同");
        var x = (await AddSubTaskAsync(supervisor, scoreTask, new { title = "联合抽检", leadDepartmentId = Dept("wjw"), coDepartmentIds = new[] { Dept("scjg") }, dueOn = Today.AddDays(20) })).GetProperty("id").GetGuid();
        var y = (await AddSubTaskAsync(supervisor, scoreTask, new { title = "抽检结果公示", leadDepartmentId = Dept("scjg"), dueOn = Today.AddDays(20) })).GetProperty("id").GetGuid();
        await ActAsync(supervisor, x, "Assign");
        await ActAsync(supervisor, y, "Assign");
        using var wjw = await factory.SignedInStaffAsync("wjw.officer");
        await ActAsync(wjw, x, "SignFor");
        await ActAsync(wjw, x, "Start");
        await ActAsync(wjw, x, "SubmitFeedback");
        await ActAsync(supervisor, x, "Approve");
        await factory.WithDbAsync(async db =>
        {
            var s = await db.Set<SubTask>().SingleAsync(t => t.Id == y);
            s.DueOn = Today.AddDays(-2);
            return await db.SaveChangesAsync();
        });
        var scores = await (await supervisor.GetAsync("/api/v1/supervision/scores")).ReadJsonAsync();
        var scjg = Assert.Single(scores.EnumerateArray(), s => s.GetProperty("departmentId").GetGuid() == Dept("scjg"));
        Assert.Equal(1, scjg.GetProperty("subTasks").GetInt32());
        Assert.Equal(1, scjg.GetProperty("coSubTasks").GetInt32());
        Assert.Equal(33.3, scjg.GetProperty("timeliness").GetDouble());
        Assert.Equal(33.3, scjg.GetProperty("completion").GetDouble());
        var wjwScore = Assert.Single(scores.EnumerateArray(), s => s.GetProperty("departmentId").GetGuid() == Dept("wjw"));
        Assert.Equal(100, wjwScore.GetProperty("timeliness").GetDouble());
        Assert.Equal(0, wjwScore.GetProperty("coSubTasks").GetInt32());
        // Department staff do not see the scores.
        await ProblemAssert.IsProblemAsync(await wjw.GetAsync("/api/v1/supervision/scores"), 403);
    }
}
