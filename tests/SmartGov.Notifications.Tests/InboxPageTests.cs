using System.Net;
using SmartGov.Hub.Modules.Notifications;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Notifications.Tests;

/// <summary>/account/inbox: both languages, and marking read with plain forms (anti-forgery token included).</summary>
public sealed class InboxPageTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    [Fact]
    public async Task A_citizen_reads_the_inbox_in_both_languages_and_marks_messages_read_with_forms()
    {
        var citizenId = await factory.DemoCitizenIdAsync();
        await factory.NotifyAsync(NotificationsFactory.Request(citizenId, "SG-PAGE-1", NotificationKind.SupplementRequested));
        await factory.NotifyAsync(NotificationsFactory.Request(citizenId, "SG-PAGE-2", NotificationKind.Decided));
        using var citizen = await factory.DemoCitizenAsync();

        var zh = await citizen.GetAsync("/account/inbox");
        Assert.Equal(HttpStatusCode.OK, zh.StatusCode);
        var zhHtml = WebUtility.HtmlDecode(await zh.Content.ReadAsStringAsync());
        Assert.Contains("<h1>消息</h1>", zhHtml, StringComparison.Ordinal);
        Assert.Contains("您的申请已受理 SG-PAGE-1", zhHtml, StringComparison.Ordinal);
        Assert.Contains("补正通知", zhHtml, StringComparison.Ordinal);
        Assert.Contains("未读消息 2 条", zhHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/applications/SG-PAGE-2\"", zhHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Your application was accepted", zhHtml, StringComparison.Ordinal);

        var enHtml = WebUtility.HtmlDecode(await (await citizen.GetAsync("/account/inbox?culture=en-US")).Content.ReadAsStringAsync());
        Assert.Contains("<h1>Messages</h1>", enHtml, StringComparison.Ordinal);
        Assert.Contains("Your application was accepted SG-PAGE-1", enHtml, StringComparison.Ordinal);
        Assert.Contains("Supplement requested", enHtml, StringComparison.Ordinal);
        Assert.Contains("2 unread", enHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("您的申请已受理", enHtml, StringComparison.Ordinal);

        var id = (await factory.WithDbAsync(async db =>
        {
            await Task.CompletedTask;
            return db.Set<SmartGov.Hub.Modules.Notifications.Model.Notification>().Single(n => n.SubjectId == "SG-PAGE-1").Id;
        })).ToString();
        Assert.Contains($"value=\"{id}\"", zhHtml, StringComparison.Ordinal);

        // The mark-read button is a form; without its anti-forgery token the post is refused.
        var forged = await citizen.PostFormAsync("/account/inbox?handler=Read", [new("id", id)]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var read = await citizen.SubmitFormAsync("/account/inbox", [new("id", id)], "/account/inbox?handler=Read");
        Assert.True(SmartGovFactory.IsRedirect(read), $"mark read answered {(int)read.StatusCode}");
        Assert.Equal("/account/inbox", SmartGovFactory.RedirectPath(read));
        var after = WebUtility.HtmlDecode(await (await citizen.GetAsync("/account/inbox")).Content.ReadAsStringAsync());
        Assert.Contains("已标为已读。", after, StringComparison.Ordinal);
        Assert.Contains("未读消息 1 条", after, StringComparison.Ordinal);
        Assert.Contains($"data-id=\"{id}\" data-read=\"true\"", after, StringComparison.Ordinal);

        var all = await citizen.SubmitFormAsync("/account/inbox", [], "/account/inbox?handler=ReadAll");
        Assert.True(SmartGovFactory.IsRedirect(all), $"read all answered {(int)all.StatusCode}");
        var done = WebUtility.HtmlDecode(await (await citizen.GetAsync("/account/inbox")).Content.ReadAsStringAsync());
        Assert.Contains("已将 1 条消息标为已读。", done, StringComparison.Ordinal);
        Assert.Contains("未读消息 0 条", done, StringComparison.Ordinal);
        Assert.DoesNotContain("data-read=\"false\"", done, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_have_an_inbox_page_too_and_cannot_mark_someone_elses_message()
    {
        var citizenId = await factory.DemoCitizenIdAsync();
        await factory.NotifyAsync(NotificationsFactory.Request(HubClient.StaffId("xzsp.officer"), "SG-OFFICER", NotificationKind.DeadlineEscalation));
        await factory.NotifyAsync(NotificationsFactory.Request(citizenId, "SG-NOT-YOURS"));
        var citizensId = (await factory.WithDbAsync(async db =>
        {
            await Task.CompletedTask;
            return db.Set<SmartGov.Hub.Modules.Notifications.Model.Notification>().Single(n => n.SubjectId == "SG-NOT-YOURS").Id;
        })).ToString();

        using var officer = await factory.SignedInStaffAsync("xzsp.officer");
        var html = WebUtility.HtmlDecode(await (await officer.GetAsync("/account/inbox")).Content.ReadAsStringAsync());
        Assert.Contains("您的申请已受理 SG-OFFICER", html, StringComparison.Ordinal);
        Assert.Contains("超期督办", html, StringComparison.Ordinal);
        Assert.DoesNotContain("SG-NOT-YOURS", html, StringComparison.Ordinal);

        var other = await officer.SubmitFormAsync("/account/inbox", [new("id", citizensId)], "/account/inbox?handler=Read");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);

        using var anonymous = factory.CreateBrowser();
        var redirect = await anonymous.GetAsync("/account/inbox");
        Assert.True(SmartGovFactory.IsRedirect(redirect));
        Assert.Equal("/account/login", SmartGovFactory.RedirectPath(redirect));
    }
}
