using System.Net;
using System.Text.RegularExpressions;
using SmartGov.Core.Calendar;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Supervision.Tests;

/// <summary>The console pages work with plain forms (no JavaScript): register, decompose, assign, sign for, report; scoping answers 403.</summary>
public sealed partial class ConsolePageTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static DateOnly Today => ChinaTime.ToDate(DateTimeOffset.UtcNow);

    [GeneratedRegex("/console/supervision/subtasks/([0-9a-f-]{36})")]
    private static partial Regex SubTaskLink();

    [Fact]
    public async Task A_supervisor_and_a_department_run_a_task_through_the_console_forms()
    {
        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        var home = await (await supervisor.GetAsync("/console")).Content.ReadAsStringAsync();
        Assert.Contains("href=\"/console/supervision\"", home, StringComparison.Ordinal);

        var created = await supervisor.SubmitFormAsync("/console/supervision", [
            new("title", "领导批示：窗口排队时间过长问题整改"), new("taskSource", "LeaderInstruction"), new("priority", "High"),
            new("dueOn", Today.AddDays(45).ToString("yyyy-MM-dd"))], "/console/supervision?handler=create");
        Assert.True(SmartGovFactory.IsRedirect(created), $"create answered {(int)created.StatusCode}");
        var taskPath = SmartGovFactory.RedirectPath(created)!;
        Assert.StartsWith("/console/supervision/tasks/", taskPath);
        var taskPage = await (await supervisor.GetAsync(taskPath)).Content.ReadAsStringAsync();
        Assert.Contains("已立项：领导批示：窗口排队时间过长问题整改", taskPage, StringComparison.Ordinal);
        Assert.Contains("领导批示", taskPage, StringComparison.Ordinal);

        // An invalid decomposition shows the errors on the page with 422.
        var invalid = await supervisor.SubmitFormAsync(taskPath, [new("title", ""), new("leadDepartmentId", HubClient.DepartmentId("xzsp").ToString()), new("dueOn", Today.AddDays(90).ToString("yyyy-MM-dd"))]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("请填写任务名称", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("不能晚于督查事项的期限", invalidHtml, StringComparison.Ordinal);

        var decomposed = await supervisor.SubmitFormAsync(taskPath, [
            new("title", "增设自助终端分流"), new("leadDepartmentId", HubClient.DepartmentId("xzsp").ToString()),
            new("coDepartmentIds", HubClient.DepartmentId("dsj").ToString()), new("dueOn", Today.AddDays(30).ToString("yyyy-MM-dd")), new("weight", "2"),
            new("milestoneTitle", "终端到位"), new("milestoneDueOn", Today.AddDays(15).ToString("yyyy-MM-dd"))]);
        Assert.True(SmartGovFactory.IsRedirect(decomposed), $"decompose answered {(int)decomposed.StatusCode}");
        taskPage = await (await supervisor.GetAsync(taskPath)).Content.ReadAsStringAsync();
        var subPath = "/console/supervision/subtasks/" + SubTaskLink().Match(taskPage).Groups[1].Value;
        Assert.Contains("示范市大数据局", taskPage, StringComparison.Ordinal);

        var assigned = await supervisor.SubmitFormAsync(subPath, [new("action", "Assign"), new("revision", "0")], subPath + "?handler=transition");
        Assert.True(SmartGovFactory.IsRedirect(assigned));
        var subPage = await (await supervisor.GetAsync(subPath)).Content.ReadAsStringAsync();
        Assert.Contains("data-status=\"Assigned\"", subPage, StringComparison.Ordinal);
        var board = await (await supervisor.GetAsync("/console/supervision")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"sup-scores\"", board, StringComparison.Ordinal);
        Assert.Contains("部门得分", board, StringComparison.Ordinal);
        Assert.Contains("终端到位", subPage, StringComparison.Ordinal);

        // The lead department signs for it and reports from its own console.
        using var officer = await factory.SignedInStaffAsync("xzsp.officer");
        var list = await (await officer.GetAsync("/console/supervision")).Content.ReadAsStringAsync();
        Assert.Contains("增设自助终端分流", list, StringComparison.Ordinal);
        var signed = await officer.SubmitFormAsync(subPath, [new("action", "SignFor"), new("revision", "1")], subPath + "?handler=transition");
        Assert.True(SmartGovFactory.IsRedirect(signed));
        // A stale form (revision 1 again) loses with 409 and says so.
        var stale = await officer.SubmitFormAsync(subPath, [new("action", "Start"), new("revision", "1")], subPath + "?handler=transition");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var reported = await officer.SubmitFormAsync(subPath, [new("percent", "30"), new("text", "已采购自助终端 6 台")], subPath + "?handler=report");
        Assert.True(SmartGovFactory.IsRedirect(reported), $"report answered {(int)reported.StatusCode}");
        subPage = await (await officer.GetAsync(subPath)).Content.ReadAsStringAsync();
        Assert.Contains("已采购自助终端 6 台", subPage, StringComparison.Ordinal);
        Assert.Contains("data-status=\"InProgress\"", subPage, StringComparison.Ordinal);
        // The department cannot review its own work: no approve button.
        Assert.DoesNotContain("sup-action-Approve", subPage, StringComparison.Ordinal);

        // Another department and the system administrator are refused.
        using var other = await factory.SignedInStaffAsync("wjw.officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(subPath)).StatusCode);
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        Assert.Equal(HttpStatusCode.Forbidden, (await sysadmin.GetAsync("/console/supervision")).StatusCode);
        var adminHome = await (await sysadmin.GetAsync("/console")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("href=\"/console/supervision\"", adminHome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_department_leader_sees_the_demo_citys_sub_tasks_of_their_department_in_english()
    {
        var browser = factory.CreateBrowser();
        await browser.SignInStaffAsync("zjj.leader");
        // The culture comes from the query string or the culture cookie, as the language switch sets it.
        var response = await browser.GetAsync("/console/supervision?culture=en-US&ui-culture=en-US");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Key-work supervision", html, StringComparison.Ordinal);
        Assert.Contains("制定加装电梯并联审批流程", html, StringComparison.Ordinal);
        // Another department's demo sub-task is not listed, and the 立项 form is for supervisors only.
        Assert.DoesNotContain("上线义务教育入学网上报名", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"sup-create\"", html, StringComparison.Ordinal);
        browser.Dispose();
    }
}
