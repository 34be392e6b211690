using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Notifications;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Notifications.Tests;

internal static class OutboxApi
{
    public static async Task<JsonElement> MessageAsync(HttpClient sysadmin, string subjectPart, string? status = null)
    {
        var page = await sysadmin.GetFromJsonAsync<JsonElement>("/api/v1/notifications/outbox?pageSize=200" + (status is null ? "" : "&status=" + status));
        return page.GetProperty("items").EnumerateArray().Single(m => m.Str("subject")!.Contains(subjectPart, StringComparison.Ordinal));
    }
}

/// <summary>Without external channels the outbox itself is the delivery: the dispatcher marks messages Sent.</summary>
public sealed class OutboxChannelTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    [Fact]
    public async Task The_dispatcher_marks_an_outbox_message_sent_and_the_operator_sees_it()
    {
        var citizenId = await factory.DemoCitizenIdAsync();
        await factory.NotifyAsync(NotificationsFactory.Request(citizenId, "SG-OUTBOX-1", NotificationKind.ResultReady));
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");

        var pending = await OutboxApi.MessageAsync(sysadmin, "SG-OUTBOX-1", "Pending");
        Assert.Equal("outbox", pending.Str("channel"));
        Assert.Contains("您的申请已受理 SG-OUTBOX-1 / Your application was accepted SG-OUTBOX-1", pending.Str("subject"), StringComparison.Ordinal);
        Assert.Contains("https://zwfw.example.gov.cn/applications/SG-OUTBOX-1", pending.Str("body"), StringComparison.Ordinal);

        var result = await factory.Dispatcher.DispatchOnceAsync();
        Assert.True(result.Sent >= 1);

        var sent = await OutboxApi.MessageAsync(sysadmin, "SG-OUTBOX-1", "Sent");
        Assert.Equal(1, sent.GetProperty("attempts").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, sent.GetProperty("sentAt").ValueKind);
        var page = await (await sysadmin.GetAsync("/console/notifications/outbox?status=Sent")).Content.ReadAsStringAsync();
        Assert.Contains("SG-OUTBOX-1", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("已发送", WebUtility.HtmlDecode(page), StringComparison.Ordinal);

        // A second pass has nothing left to send.
        Assert.Equal(0, (await factory.Dispatcher.DispatchOnceAsync()).Total);
    }

    [Fact]
    public async Task Only_the_system_administrator_reads_the_outbox()
    {
        using var citizen = await factory.DemoCitizenAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/api/v1/notifications/outbox")).StatusCode);
        using var auditor = await factory.SignedInStaffAsync("auditor");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/api/v1/notifications/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync("/console/notifications/outbox")).StatusCode);

        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        await ProblemAssert.IsProblemAsync(await sysadmin.GetAsync("/api/v1/notifications/outbox?status=Lost"), 422, "validation");
        await ProblemAssert.IsProblemAsync(await sysadmin.PostAsync($"/api/v1/notifications/outbox/{Guid.NewGuid()}/retry", null), 404, "not-found");
    }
}

/// <summary>E-mail through a real SMTP conversation with a tiny server on loopback.</summary>
public sealed class SmtpDeliveryTests(SmtpFactory factory) : IClassFixture<SmtpFactory>
{
    [Fact]
    public async Task A_notification_arrives_by_e_mail_at_the_users_address()
    {
        var citizenId = await factory.DemoCitizenIdAsync();
        await factory.SetEmailAsync(citizenId, "zhang.minghua@example.cn");
        await factory.NotifyAsync(NotificationsFactory.Request(citizenId, "SG-MAIL-1", NotificationKind.Decided));

        var result = await factory.Dispatcher.DispatchOnceAsync();
        Assert.Equal(1, result.Sent);

        var mail = Assert.Single(factory.Smtp.Received, m => m.Subject.Contains("SG-MAIL-1", StringComparison.Ordinal));
        Assert.Equal(["zhang.minghua@example.cn"], mail.RcptTo);
        Assert.Equal("noreply@zwfw.example.gov.cn", mail.MailFrom);
        Assert.Equal("您的申请已受理 SG-MAIL-1 / Your application was accepted SG-MAIL-1", mail.Subject);
        Assert.Contains("办件编号 SG-MAIL-1，请留意后续通知。", mail.Body, StringComparison.Ordinal);
        Assert.Contains("Application number SG-MAIL-1; watch for further notices.", mail.Body, StringComparison.Ordinal);
        Assert.Contains("https://zwfw.example.gov.cn/applications/SG-MAIL-1", mail.Body, StringComparison.Ordinal);

        // The in-app inbox has it too.
        using var citizen = await factory.DemoCitizenAsync();
        var inbox = await citizen.GetFromJsonAsync<JsonElement>("/api/v1/me/notifications");
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), i => i.Str("subjectId") == "SG-MAIL-1");

        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        var sent = await OutboxApi.MessageAsync(sysadmin, "SG-MAIL-1", "Sent");
        Assert.Equal("smtp", sent.Str("channel"));
        Assert.Equal("zhang.minghua@example.cn", sent.Str("recipientAddress"));
    }

    [Fact]
    public async Task A_user_without_an_e_mail_address_gets_no_mail_and_the_operator_sees_why()
    {
        var clerkId = HubClient.StaffId("clerk2");
        await factory.SetEmailAsync(clerkId, null);
        await factory.NotifyAsync(NotificationsFactory.Request(clerkId, "SG-NO-MAIL", NotificationKind.DeadlineReminder));

        await factory.Dispatcher.DispatchOnceAsync();

        Assert.DoesNotContain(factory.Smtp.Received, m => m.Subject.Contains("SG-NO-MAIL", StringComparison.Ordinal));
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        var skipped = await OutboxApi.MessageAsync(sysadmin, "SG-NO-MAIL", "Skipped");
        Assert.Contains("no e-mail", skipped.Str("lastError"), StringComparison.Ordinal);
        // The in-app inbox still has it.
        using var clerk = await factory.SignedInStaffAsync("clerk2");
        var inbox = await clerk.GetFromJsonAsync<JsonElement>("/api/v1/me/notifications");
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), i => i.Str("subjectId") == "SG-NO-MAIL");
    }
}

/// <summary>A mail server that cannot be reached: retries with growing waits, then Failed, then the operator's retry.</summary>
public sealed class SmtpFailureTests(DeadSmtpFactory factory) : IClassFixture<DeadSmtpFactory>
{
    [Fact]
    public async Task A_failing_mail_server_is_retried_with_backoff_then_failed_and_the_operator_retries_it()
    {
        factory.Clock.Reset();
        // Signed in before the clock moves: TOTP codes follow the real clock.
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var citizenId = await factory.DemoCitizenIdAsync();
        await factory.SetEmailAsync(citizenId, "zhang.minghua@example.cn");
        await factory.NotifyAsync(NotificationsFactory.Request(citizenId, "SG-DEAD-1"));
        try
        {
            // Attempt 1 fails: the message waits BackoffBaseSeconds.
            Assert.Equal(1, (await factory.Dispatcher.DispatchOnceAsync()).Retrying);
            var first = await OutboxApi.MessageAsync(sysadmin, "SG-DEAD-1", "Pending");
            Assert.Equal(1, first.GetProperty("attempts").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(first.Str("lastError")));
            var firstDue = first.GetProperty("nextAttemptAt").GetDateTime();

            // Not due yet: nothing is attempted.
            Assert.Equal(0, (await factory.Dispatcher.DispatchOnceAsync()).Total);

            // Attempt 2 after the first wait; the next wait is twice as long.
            factory.Clock.Advance(TimeSpan.FromSeconds(NotificationsFactory.BackoffBaseSeconds + 1));
            Assert.Equal(1, (await factory.Dispatcher.DispatchOnceAsync()).Retrying);
            var second = await OutboxApi.MessageAsync(sysadmin, "SG-DEAD-1", "Pending");
            Assert.Equal(2, second.GetProperty("attempts").GetInt32());
            var secondDue = second.GetProperty("nextAttemptAt").GetDateTime();
            // Attempt 2 ran one second after the first due time.
            var wait = secondDue - firstDue - TimeSpan.FromSeconds(1);
            Assert.InRange(wait.TotalSeconds, 2 * NotificationsFactory.BackoffBaseSeconds - 30, 2 * NotificationsFactory.BackoffBaseSeconds + 30);

            factory.Clock.Advance(TimeSpan.FromSeconds(NotificationsFactory.BackoffBaseSeconds + 1));
            Assert.Equal(0, (await factory.Dispatcher.DispatchOnceAsync()).Total);

            // Attempt 3 of 3 fails: Failed, and never attempted again by itself.
            factory.Clock.Advance(TimeSpan.FromSeconds(NotificationsFactory.BackoffBaseSeconds + 1));
            Assert.Equal(1, (await factory.Dispatcher.DispatchOnceAsync()).Failed);
            var failed = await OutboxApi.MessageAsync(sysadmin, "SG-DEAD-1", "Failed");
            Assert.Equal(NotificationsFactory.MaxAttempts, failed.GetProperty("attempts").GetInt32());
            factory.Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(0, (await factory.Dispatcher.DispatchOnceAsync()).Total);
            // Back to the present, before the staff sessions' idle timeout notices the day that passed.
            factory.Clock.Reset();

            // The operator sees it on the outbox page and retries it with the form.
            var id = failed.GetProperty("id").GetGuid().ToString();
            var page = WebUtility.HtmlDecode(await (await sysadmin.GetAsync("/console/notifications/outbox?status=Failed")).Content.ReadAsStringAsync());
            Assert.Contains("SG-DEAD-1", page, StringComparison.Ordinal);
            Assert.Contains("发送失败", page, StringComparison.Ordinal);
            Assert.Contains("重新发送", page, StringComparison.Ordinal);
            var retried = await sysadmin.SubmitFormAsync("/console/notifications/outbox?status=Failed", [new("id", id)], "/console/notifications/outbox?handler=Retry");
            Assert.True(SmartGovFactory.IsRedirect(retried), $"retry answered {(int)retried.StatusCode}");
            var again = await OutboxApi.MessageAsync(sysadmin, "SG-DEAD-1", "Pending");
            Assert.Equal(0, again.GetProperty("attempts").GetInt32());
            var status = WebUtility.HtmlDecode(await (await sysadmin.GetAsync("/console/notifications/outbox")).Content.ReadAsStringAsync());
            Assert.Contains("消息已重新排队", status, StringComparison.Ordinal);

            // A message that has not failed cannot be retried by hand.
            await ProblemAssert.IsProblemAsync(await sysadmin.PostAsync($"/api/v1/notifications/outbox/{id}/retry", null), 409, "conflict");

            // The retry is in the audit trail, with the system administrator as actor.
            var entries = await auditor.AuditEntriesAsync(AuditActions.Update);
            Assert.Contains(entries, e => e.Str("subjectType") == "notification-outbox" && e.Str("subjectId") == id && e.Str("actorName") == "sysadmin");

            // It is due at once and attempted again.
            Assert.Equal(1, (await factory.Dispatcher.DispatchOnceAsync()).Retrying);
        }
        finally
        {
            factory.Clock.Reset();
        }
    }
}
