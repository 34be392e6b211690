using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Supervision.Model;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Supervision.Tests;

/// <summary>The reminder sweep: late signing-for gets a yellow notice, a near deadline a blue reminder, closed work nothing; the API is documented.</summary>
public sealed class SweepTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static DateOnly Today => ChinaTime.ToDate(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Late_signing_for_and_a_near_deadline_bring_notices_and_completed_work_does_not()
    {
        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        var task = await (await supervisor.PostAsJsonAsync("/api/v1/supervision/tasks", new { title = "政府工作报告：新建 10 个社区养老服务站", source = "WorkReport", dueOn = Today.AddDays(100) })).ReadJsonAsync();
        var taskId = task.GetProperty("id").GetGuid();
        async Task<Guid> AddAsync(string title, string dept, int days)
        {
            var sub = await (await supervisor.PostAsJsonAsync($"/api/v1/supervision/tasks/{taskId}/subtasks", new { title, leadDepartmentId = HubClient.DepartmentId(dept), dueOn = Today.AddDays(days) })).ReadJsonAsync();
            var id = sub.GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{id}/transitions", new { action = "Assign" })).StatusCode);
            return id;
        }
        var unsigned = await AddAsync("养老服务站选址", "mzj", 90);
        var near = await AddAsync("养老服务站验收", "wjw", 1);
        var done = await AddAsync("养老服务补贴政策", "rsj", 1);
        await factory.WithDbAsync(async db =>
        {
            var s = await db.Set<SubTask>().SingleAsync(x => x.Id == unsigned);
            s.SignDueOn = Today.AddDays(-1);
            var d = await db.Set<SubTask>().SingleAsync(x => x.Id == done);
            d.Status = Hub.Modules.Supervision.SubTaskStatus.Completed;
            d.CompletedOn = Today;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsync("/api/v1/supervision/sweep", null)).StatusCode);

        var notices = (await (await supervisor.GetAsync("/api/v1/supervision/notices")).ReadJsonAsync()).EnumerateArray().ToList();
        var late = Assert.Single(notices, n => n.GetProperty("subTaskId").GetGuid() == unsigned);
        Assert.Equal("Yellow", late.Str("colour"));
        Assert.True(late.GetProperty("signOverdue").GetBoolean());
        Assert.Contains("未在", late.Str("text"));
        var reminder = Assert.Single(notices, n => n.GetProperty("subTaskId").GetGuid() == near);
        Assert.Equal("Blue", reminder.Str("colour"));
        Assert.False(reminder.GetProperty("escalatedToLeader").GetBoolean());
        Assert.DoesNotContain(notices, n => n.GetProperty("subTaskId").GetGuid() == done);

        // The department sees only its own notices; its sub-task shows the late signing-for.
        using var mzj = await factory.SignedInStaffAsync("mzj.leader");
        var mine = (await (await mzj.GetAsync("/api/v1/supervision/notices")).ReadJsonAsync()).EnumerateArray().ToList();
        Assert.Contains(mine, n => n.GetProperty("subTaskId").GetGuid() == unsigned);
        Assert.DoesNotContain(mine, n => n.GetProperty("subTaskId").GetGuid() == near);
        var view = await (await mzj.GetAsync($"/api/v1/supervision/subtasks/{unsigned}")).ReadJsonAsync();
        Assert.True(view.GetProperty("signOverdue").GetBoolean());
        Assert.Equal("Yellow", view.Str("light"));
        // Only supervisors run the sweep and read the scores.
        Assert.Equal(HttpStatusCode.Forbidden, (await mzj.PostAsync("/api/v1/supervision/sweep", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await mzj.GetAsync("/api/v1/supervision/scores")).StatusCode);
    }

    [Fact]
    public async Task The_supervision_api_is_in_the_openapi_document_with_names()
    {
        using var client = factory.CreateApiClient();
        var doc = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/supervision/subtasks/{id}/transitions", out var transitions));
        Assert.Equal("TransitionSubTask", transitions.GetProperty("post").Str("operationId"));
        Assert.Contains("流转", transitions.GetProperty("post").Str("summary"));
        Assert.True(paths.TryGetProperty("/api/v1/supervision/board", out _));
        // Anonymous callers are refused.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/supervision/tasks")).StatusCode);
    }
}
