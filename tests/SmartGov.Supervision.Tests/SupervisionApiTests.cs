using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Supervision;
using SmartGov.Hub.Modules.Supervision.Model;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Supervision.Tests;

/// <summary>
/// The supervision process through HTTP on the configured database: a supervisor registers a leader's instruction and
/// decomposes it onto two departments; one signs for it and reports; the other misses its deadline, turns red and
/// receives a notice escalated to its leader; the board and the scores show it. Each person signs in once per class.
/// </summary>
public sealed partial class SupervisionApiTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static DateOnly Today => ChinaTime.ToDate(DateTimeOffset.UtcNow);

    private static Guid Dept(string code) => HubClient.DepartmentId(code);

    [Fact]
    public async Task A_leaders_instruction_is_decomposed_worked_on_reported_and_supervised_until_red()
    {
        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        var created = await supervisor.PostAsJsonAsync("/api/v1/supervision/tasks", new
        {
            title = "市长批示：解决群众反映的户籍迁移办理难问题", source = "LeaderInstruction", priority = "Urgent", dueOn = Today.AddDays(60),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var task = await created.ReadJsonAsync();
        var taskId = task.GetProperty("id").GetGuid();
        Assert.Equal("LeaderInstruction", task.Str("source"));

        var gajResponse = await supervisor.PostAsJsonAsync($"/api/v1/supervision/tasks/{taskId}/subtasks", new
        {
            title = "简化户籍迁移材料", leadDepartmentId = Dept("gaj"), coDepartmentIds = new[] { Dept("mzj") }, dueOn = Today.AddDays(40), weight = 3,
            milestones = new[] { new { title = "材料清单公布", dueOn = Today.AddDays(20) } },
        });
        Assert.Equal(HttpStatusCode.Created, gajResponse.StatusCode);
        var gajTask = await gajResponse.ReadJsonAsync();
        var gajId = gajTask.GetProperty("id").GetGuid();
        Assert.Equal("材料清单公布", gajTask.GetProperty("milestones")[0].Str("title"));
        var rsjResponse = await supervisor.PostAsJsonAsync($"/api/v1/supervision/tasks/{taskId}/subtasks", new
        {
            title = "社保关系同步转移", leadDepartmentId = Dept("rsj"), dueOn = Today.AddDays(30), weight = 1,
        });
        var rsjId = (await rsjResponse.ReadJsonAsync()).GetProperty("id").GetGuid();

        // 交办 both; the signing-for deadline is set in working days.
        foreach (var id in new[] { gajId, rsjId })
        {
            var assigned = await supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{id}/transitions", new { action = "Assign", revision = 0 });
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
            var view = await assigned.ReadJsonAsync();
            Assert.Equal("Assigned", view.Str("status"));
            Assert.True(view.GetProperty("signDueOn").GetString() is not null);
        }

        // The lead department signs for, starts and reports; the parent rolls up by weight (3 × 60 + 1 × 0) / 4 = 45.
        using var gaj = await factory.SignedInStaffAsync("gaj.officer");
        var mine = await (await gaj.GetAsync("/api/v1/supervision/subtasks")).ReadJsonAsync();
        Assert.Contains(mine.EnumerateArray(), s => s.GetProperty("id").GetGuid() == gajId);
        Assert.DoesNotContain(mine.EnumerateArray(), s => s.GetProperty("id").GetGuid() == rsjId);
        Assert.Equal(HttpStatusCode.OK, (await gaj.PostAsJsonAsync($"/api/v1/supervision/subtasks/{gajId}/transitions", new { action = "SignFor" })).StatusCode);
        // A department cannot approve its own work.
        await ProblemAssert.IsProblemAsync(await gaj.PostAsJsonAsync($"/api/v1/supervision/subtasks/{gajId}/transitions", new { action = "Approve" }), 403);
        var report = await gaj.PostAsJsonAsync($"/api/v1/supervision/subtasks/{gajId}/reports", new { percent = 60, text = "已完成材料精简方案，待公布", attachmentUrl = "/files/sup/plan.pdf" });
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        var milestoneId = gajTask.GetProperty("milestones")[0].GetProperty("id").GetGuid();
        var reached = await (await gaj.PostAsync($"/api/v1/supervision/subtasks/{gajId}/milestones/{milestoneId}/done", null)).ReadJsonAsync();
        Assert.Equal(Today.ToString("yyyy-MM-dd"), reached.GetProperty("milestones")[0].Str("doneOn"));
        var afterReport = await (await gaj.GetAsync($"/api/v1/supervision/subtasks/{gajId}")).ReadJsonAsync();
        Assert.Equal("InProgress", afterReport.Str("status"));
        Assert.Equal(60, afterReport.GetProperty("percent").GetInt32());
        var whole = await (await supervisor.GetAsync($"/api/v1/supervision/tasks/{taskId}")).ReadJsonAsync();
        Assert.Equal(45, whole.GetProperty("percent").GetInt32());

        // A co-department sees the sub-task and reports, but cannot move it; an uninvolved department gets 403.
        using var mzj = await factory.SignedInStaffAsync("mzj.officer");
        Assert.Equal(HttpStatusCode.OK, (await mzj.GetAsync($"/api/v1/supervision/subtasks/{gajId}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await mzj.PostAsJsonAsync($"/api/v1/supervision/subtasks/{gajId}/transitions", new { action = "SubmitFeedback" }), 403);
        await ProblemAssert.IsProblemAsync(await mzj.GetAsync($"/api/v1/supervision/subtasks/{rsjId}"), 403);
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        await ProblemAssert.IsProblemAsync(await sysadmin.GetAsync("/api/v1/supervision/tasks"), 403);
        await ProblemAssert.IsProblemAsync(await sysadmin.GetAsync($"/api/v1/supervision/subtasks/{gajId}"), 403);

        // Out-of-order steps are refused with a message in both languages.
        var refused = await ProblemAssert.IsValidationAsync(
            await supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{gajId}/transitions", new { action = "Close" }), "action", "transition.invalid");
        var messages = refused.GetProperty("messages");
        Assert.Contains("办理中", messages.GetProperty("zh-CN").GetString());
        Assert.Contains("in progress", messages.GetProperty("en-US").GetString());

        // Feedback, then a send-back (驳回重办) turns the light yellow.
        Assert.Equal(HttpStatusCode.OK, (await gaj.PostAsJsonAsync($"/api/v1/supervision/subtasks/{gajId}/transitions", new { action = "SubmitFeedback" })).StatusCode);
        var rejected = await (await supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{gajId}/transitions", new { action = "Reject", comment = "材料清单未公布" })).ReadJsonAsync();
        Assert.Equal("InProgress", rejected.Str("status"));
        Assert.Equal("Yellow", rejected.Str("light"));

        // The other department misses its deadline (its due date now lies in the past): red, and the sweep issues a red notice to its leader.
        await factory.WithDbAsync(async db =>
        {
            var s = await db.Set<SubTask>().SingleAsync(x => x.Id == rsjId);
            s.DueOn = Today.AddDays(-3);
            return await db.SaveChangesAsync();
        });
        var sweep = await supervisor.PostAsync("/api/v1/supervision/sweep", null);
        Assert.Equal(HttpStatusCode.OK, sweep.StatusCode);
        using var rsj = await factory.SignedInStaffAsync("rsj.leader");
        var rsjView = await (await rsj.GetAsync($"/api/v1/supervision/subtasks/{rsjId}")).ReadJsonAsync();
        Assert.Equal("Red", rsjView.Str("light"));
        var notices = await (await rsj.GetAsync("/api/v1/supervision/notices")).ReadJsonAsync();
        var notice = Assert.Single(notices.EnumerateArray(), n => n.GetProperty("subTaskId").GetGuid() == rsjId);
        Assert.Equal("Red", notice.Str("colour"));
        Assert.True(notice.GetProperty("escalatedToLeader").GetBoolean());
        Assert.Contains("红色督办单", notice.Str("text"));
        // A second sweep the same day issues nothing new.
        await supervisor.PostAsync("/api/v1/supervision/sweep", null);
        var again = await (await rsj.GetAsync("/api/v1/supervision/notices")).ReadJsonAsync();
        Assert.Single(again.EnumerateArray(), n => n.GetProperty("subTaskId").GetGuid() == rsjId);

        // The board: by source and department, and the drill-down to the red ones.
        var board = await (await supervisor.GetAsync("/api/v1/supervision/board?source=LeaderInstruction&light=Red")).ReadJsonAsync();
        Assert.Contains(board.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == rsjId);
        Assert.DoesNotContain(board.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == gajId);
        var rsjRow = Assert.Single(board.GetProperty("byDepartment").EnumerateArray(), r => r.Str("key") == Dept("rsj").ToString());
        Assert.True(rsjRow.GetProperty("red").GetInt32() >= 1);

        // Scores: the department with a send-back scores lower on quality than one without.
        var scores = await (await supervisor.GetAsync("/api/v1/supervision/scores")).ReadJsonAsync();
        var gajScore = Assert.Single(scores.EnumerateArray(), s => s.GetProperty("departmentId").GetGuid() == Dept("gaj"));
        var rsjScore = Assert.Single(scores.EnumerateArray(), s => s.GetProperty("departmentId").GetGuid() == Dept("rsj"));
        Assert.True(gajScore.GetProperty("quality").GetDouble() < rsjScore.GetProperty("quality").GetDouble());
        Assert.Equal(0, rsjScore.GetProperty("timeliness").GetDouble());

        // An evaluation period sees only the sub-tasks due in it: the day rsj's fell due, gaj's (due later) is not counted.
        var rsjDue = Today.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var period = await (await supervisor.GetAsync($"/api/v1/supervision/scores?from={rsjDue}&to={rsjDue}")).ReadJsonAsync();
        Assert.Contains(period.EnumerateArray(), s => s.GetProperty("departmentId").GetGuid() == Dept("rsj") && s.GetProperty("timeliness").GetDouble() == 0);
        Assert.DoesNotContain(period.EnumerateArray(), s => s.GetProperty("departmentId").GetGuid() == Dept("gaj"));

        // Every step is audited.
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var decisions = await auditor.AuditEntriesAsync("decide");
        Assert.Contains(decisions, e => e.Str("subjectId") == gajId.ToString() && e.Str("details")!.StartsWith("Reject", StringComparison.Ordinal) && e.Str("actorName") == "supervisor");
        Assert.Contains(decisions, e => e.Str("subjectId") == gajId.ToString() && e.Str("details")!.StartsWith("SignFor", StringComparison.Ordinal) && e.Str("actorName") == "gaj.officer");
    }

    [Fact]
    public async Task Two_decisions_on_the_same_revision_cannot_both_win_and_bad_input_names_every_field()
    {
        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        var invalid = await ProblemAssert.IsValidationAsync(await supervisor.PostAsJsonAsync("/api/v1/supervision/tasks", new { title = "", source = "Rumour", dueOn = Today.AddDays(-1) }), "title");
        var fields = ProblemAssert.FieldErrors(invalid).Select(f => f.Field).ToList();
        Assert.Contains("source", fields);
        Assert.Contains("dueOn", fields);

        var task = await (await supervisor.PostAsJsonAsync("/api/v1/supervision/tasks", new { title = "市政府常务会议决定：推进电子证照互认", source = "MeetingDecision", dueOn = Today.AddDays(30) })).ReadJsonAsync();
        var sub = await (await supervisor.PostAsJsonAsync($"/api/v1/supervision/tasks/{task.GetProperty("id").GetGuid()}/subtasks", new { title = "电子证照共享", leadDepartmentId = Dept("swj"), dueOn = Today.AddDays(20) })).ReadJsonAsync();
        var id = sub.GetProperty("id").GetGuid();
        var revision = sub.GetProperty("revision").GetInt32();

        var first = await supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{id}/transitions", new { action = "Assign", revision });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // The second decision was taken on the same revision: it loses with 409, whatever it was.
        var second = await supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{id}/transitions", new { action = "Suspend", revision });
        await ProblemAssert.IsProblemAsync(second, 409);
        var now = await (await supervisor.GetAsync($"/api/v1/supervision/subtasks/{id}")).ReadJsonAsync();
        Assert.Equal("Assigned", now.Str("status"));

        // Two supervisors' decisions sent at the same moment on the same revision: exactly one wins.
        var rev = now.GetProperty("revision").GetInt32();
        var racers = await Task.WhenAll(
            supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{id}/transitions", new { action = "Suspend", revision = rev }),
            supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{id}/transitions", new { action = "Suspend", revision = rev }));
        Assert.Single(racers, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(racers, r => r.StatusCode == HttpStatusCode.Conflict);
        now = await (await supervisor.GetAsync($"/api/v1/supervision/subtasks/{id}")).ReadJsonAsync();
        Assert.Equal("Suspended", now.Str("status"));
        Assert.Equal(rev + 1, now.GetProperty("revision").GetInt32());
        var resumedFirst = await (await supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{id}/transitions", new { action = "Resume" })).ReadJsonAsync();
        Assert.Equal("Assigned", resumedFirst.Str("status"));
        now = resumedFirst;

        // Suspend and resume return to where the work was.
        var suspended = await (await supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{id}/transitions", new { action = "Suspend", revision = now.GetProperty("revision").GetInt32() })).ReadJsonAsync();
        Assert.Equal("Suspended", suspended.Str("status"));
        Assert.Equal("None", suspended.Str("light"));
        var resumed = await (await supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{id}/transitions", new { action = "Resume" })).ReadJsonAsync();
        Assert.Equal("Assigned", resumed.Str("status"));
    }
}
