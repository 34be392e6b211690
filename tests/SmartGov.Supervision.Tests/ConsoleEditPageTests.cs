using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Supervision.Tests;

/// <summary>The supervisor's edit and delete forms, milestone buttons and report files, all as plain forms (no JavaScript).</summary>
public sealed partial class ConsolePageTests
{
    private static readonly byte[] PdfBytes = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static async Task<HttpResponseMessage> PostReportWithFileAsync(HttpClient client, string subPath, string text, byte[] bytes, string fileName)
    {
        var token = await client.AntiforgeryTokenAsync(subPath);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("40"), "percent" },
            { new StringContent(text), "text" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "files", fileName);
        return await client.PostAsync(subPath + "?handler=report", form);
    }

    [Fact]
    public async Task A_supervisor_edits_and_deletes_through_the_forms_and_the_lead_reaches_milestones_and_reports_with_files()
    {
        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        var created = await supervisor.SubmitFormAsync("/console/supervision", [
            new("title", "领导批示：12345 热线工单超时整改"), new("taskSource", "LeaderInstruction"), new("priority", "Normal"),
            new("dueOn", Today.AddDays(45).ToString("yyyy-MM-dd"))], "/console/supervision?handler=create");
        var taskPath = SmartGovFactory.RedirectPath(created)!;

        // The key task's edit form.
        var edited = await supervisor.SubmitFormAsync(taskPath, [
            new("revision", "0"), new("taskTitle", "领导批示：12345 热线工单超时限期整改"), new("taskDescription", "两周内清零"),
            new("taskSource", "LeaderInstruction"), new("taskPriority", "Urgent"), new("taskDueOn", Today.AddDays(50).ToString("yyyy-MM-dd"))], taskPath + "?handler=edit");
        Assert.True(SmartGovFactory.IsRedirect(edited), $"edit answered {(int)edited.StatusCode}");
        var taskPage = await (await supervisor.GetAsync(taskPath)).Content.ReadAsStringAsync();
        Assert.Contains("领导批示：12345 热线工单超时限期整改", taskPage, StringComparison.Ordinal);
        Assert.Contains("两周内清零", taskPage, StringComparison.Ordinal);
        // A stale edit form (revision 0 again) answers 409 on the page.
        var stale = await supervisor.SubmitFormAsync(taskPath, [
            new("revision", "0"), new("taskTitle", "旧表单"), new("taskSource", "LeaderInstruction"), new("taskPriority", "Normal"),
            new("taskDueOn", Today.AddDays(50).ToString("yyyy-MM-dd"))], taskPath + "?handler=edit");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        await supervisor.SubmitFormAsync(taskPath, [
            new("title", "工单超时清理"), new("leadDepartmentId", HubClient.DepartmentId("jyj").ToString()),
            new("coDepartmentIds", HubClient.DepartmentId("swj").ToString()), new("dueOn", Today.AddDays(30).ToString("yyyy-MM-dd")), new("weight", "1"),
            new("milestoneTitle", "存量工单清零"), new("milestoneDueOn", Today.AddDays(7).ToString("yyyy-MM-dd"))]);
        await supervisor.SubmitFormAsync(taskPath, [
            new("title", "待删除的子任务"), new("leadDepartmentId", HubClient.DepartmentId("jyj").ToString()), new("dueOn", Today.AddDays(30).ToString("yyyy-MM-dd"))]);
        taskPage = await (await supervisor.GetAsync(taskPath)).Content.ReadAsStringAsync();
        var links = SubTaskLink().Matches(taskPage).Select(m => "/console/supervision/subtasks/" + m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(2, links.Count);
        string? subPath = null, doomedPath = null;
        foreach (var link in links)
        {
            var html = await (await supervisor.GetAsync(link)).Content.ReadAsStringAsync();
            (html.Contains("存量工单清零", StringComparison.Ordinal) ? ref subPath : ref doomedPath) = link;
        }

        // The sub-task's edit form: new title, weight and a second milestone; then delete the other (still 立项).
        var subPage = await (await supervisor.GetAsync(subPath!)).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"sup-edit-subtask\"", subPage, StringComparison.Ordinal);
        var milestoneId = System.Text.RegularExpressions.Regex.Match(subPage, "name=\"milestoneIds\\[0\\]\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        var subEdited = await supervisor.SubmitFormAsync(subPath!, [
            new("revision", "0"), new("title", "存量工单超时清理"), new("leadDepartmentId", HubClient.DepartmentId("jyj").ToString()),
            new("coDepartmentIds", HubClient.DepartmentId("swj").ToString()), new("dueOn", Today.AddDays(30).ToString("yyyy-MM-dd")), new("weight", "3"),
            new("milestoneIds[0]", milestoneId), new("milestoneTitles[0]", "存量工单清零"), new("milestoneDueOns[0]", Today.AddDays(7).ToString("yyyy-MM-dd")),
            new("milestoneIds[1]", ""), new("milestoneTitles[1]", "长效机制印发"), new("milestoneDueOns[1]", Today.AddDays(25).ToString("yyyy-MM-dd"))], subPath + "?handler=edit");
        Assert.True(SmartGovFactory.IsRedirect(subEdited), $"sub-task edit answered {(int)subEdited.StatusCode}");
        subPage = await (await supervisor.GetAsync(subPath!)).Content.ReadAsStringAsync();
        Assert.Contains("存量工单超时清理", subPage, StringComparison.Ordinal);
        Assert.Contains("长效机制印发", subPage, StringComparison.Ordinal);
        // An invalid edit (weight 0) shows the error on the page with 422.
        var invalid = await supervisor.SubmitFormAsync(subPath!, [
            new("revision", "1"), new("title", "存量工单超时清理"), new("leadDepartmentId", HubClient.DepartmentId("jyj").ToString()),
            new("dueOn", Today.AddDays(30).ToString("yyyy-MM-dd")), new("weight", "0")], subPath + "?handler=edit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Contains("权重应在 1 到 100 之间", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var deleted = await supervisor.SubmitFormAsync(doomedPath!, [new("revision", "0")], doomedPath + "?handler=delete");
        Assert.Equal(taskPath, SmartGovFactory.RedirectPath(deleted));
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync(doomedPath!)).StatusCode);

        // Assigned: no delete button any more. The lead signs for it, marks the milestone reached and reports with a file.
        await supervisor.SubmitFormAsync(subPath!, [new("action", "Assign"), new("revision", "1")], subPath + "?handler=transition");
        subPage = await (await supervisor.GetAsync(subPath!)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-testid=\"sup-delete-subtask\"", subPage, StringComparison.Ordinal);
        using var jyj = await factory.SignedInStaffAsync("jyj.officer");
        await jyj.SubmitFormAsync(subPath!, [new("action", "SignFor"), new("revision", "2")], subPath + "?handler=transition");
        var reached = await jyj.SubmitFormAsync(subPath!, [new("milestoneId", milestoneId), new("revision", "3"), new("doneOn", Today.ToString("yyyy-MM-dd")), new("note", "存量 312 件已办结")], subPath + "?handler=milestone");
        Assert.True(SmartGovFactory.IsRedirect(reached), $"milestone answered {(int)reached.StatusCode}");
        var leadPage = await (await jyj.GetAsync(subPath!)).Content.ReadAsStringAsync();
        Assert.Contains("存量 312 件已办结", leadPage, StringComparison.Ordinal);
        Assert.Contains("data-done=\"true\"", leadPage, StringComparison.Ordinal);

        var badFile = await PostReportWithFileAsync(jyj, subPath!, "附件不是 PDF", Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>"), "清单.pdf");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badFile.StatusCode);
        Assert.Contains("附件不是 PDF", await badFile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var withFile = await PostReportWithFileAsync(jyj, subPath!, "已清理存量工单", PdfBytes, "工单清单.pdf");
        Assert.True(SmartGovFactory.IsRedirect(withFile), $"report answered {(int)withFile.StatusCode}");
        subPage = await (await supervisor.GetAsync(subPath!)).Content.ReadAsStringAsync();
        var href = System.Text.RegularExpressions.Regex.Match(subPage, "href=\"(/api/v1/supervision/subtasks/[^\"]+/attachments/[0-9a-f-]{36})\"").Groups[1].Value;
        Assert.Contains("工单清单.pdf", subPage, StringComparison.Ordinal);
        Assert.Equal(PdfBytes, await supervisor.GetByteArrayAsync(href));

        // The supervisor reopens the milestone from the page; the co-department sees the sub-task but no edit form.
        var reopened = await supervisor.SubmitFormAsync(subPath!, [new("milestoneId", milestoneId), new("revision", "5"), new("comment", "抽查发现未清零")], subPath + "?handler=reopen");
        Assert.True(SmartGovFactory.IsRedirect(reopened), $"reopen answered {(int)reopened.StatusCode}");
        using var swj = await factory.SignedInStaffAsync("swj.officer");
        var coPage = await (await swj.GetAsync(subPath!)).Content.ReadAsStringAsync();
        Assert.Contains("data-done=\"false\"", coPage, StringComparison.Ordinal);
        Assert.Contains("工单清单.pdf", coPage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"sup-edit-subtask\"", coPage, StringComparison.Ordinal);
        Assert.Contains("报送配合情况", coPage, StringComparison.Ordinal);
        using var other = await factory.SignedInStaffAsync("wjw.officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(href)).StatusCode);
    }
}
