using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Hub.Modules.Notifications;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Notifications.Tests;

/// <summary>The inbox through the API: what a module's Notify puts there once it commits, read state, and privacy.</summary>
public sealed class InboxTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private static async Task<JsonElement> InboxAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/api/v1/me/notifications" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task A_committed_notification_appears_in_the_inbox_unread_and_can_be_read()
    {
        var citizenId = await factory.DemoCitizenIdAsync();
        using var citizen = await factory.DemoCitizenAsync();
        var before = (await InboxAsync(citizen)).GetProperty("unread").GetInt32();

        await factory.NotifyAsync(NotificationsFactory.Request(citizenId, "SG-READ-1"));
        await factory.NotifyAsync(NotificationsFactory.Request(citizenId, "SG-READ-2"));

        var page = await InboxAsync(citizen);
        Assert.Equal(before + 2, page.GetProperty("unread").GetInt32());
        var items = Items(page);
        // Newest first, in the caller's language (zh-CN by default), with both languages available.
        Assert.Equal("您的申请已受理 SG-READ-2", items[0].Str("title"));
        Assert.Equal("Your application was accepted SG-READ-2", items[0].Str("titleEn"));
        Assert.Equal("/applications/SG-READ-2", items[0].Str("link"));
        Assert.Equal("Accepted", items[0].Str("kind"));
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("readAt").ValueKind);

        var id = items[0].GetProperty("id").GetGuid();
        var read = await citizen.PostAsync($"/api/v1/me/notifications/{id}/read", null);
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        page = await InboxAsync(citizen);
        Assert.Equal(before + 1, page.GetProperty("unread").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, Items(page).Single(i => i.GetProperty("id").GetGuid() == id).GetProperty("readAt").ValueKind);
        Assert.DoesNotContain(Items(await InboxAsync(citizen, "?unread=true")), i => i.GetProperty("id").GetGuid() == id);

        var all = await citizen.PostAsync("/api/v1/me/notifications/read-all", null);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var result = await all.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(before + 1, result.GetProperty("marked").GetInt32());
        Assert.Equal(0, result.GetProperty("unread").GetInt32());
        Assert.Equal(0, (await InboxAsync(citizen)).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task Nothing_is_saved_when_the_callers_action_never_commits()
    {
        var citizenId = await factory.DemoCitizenIdAsync();
        await factory.NotifyAsync(NotificationsFactory.Request(citizenId, "SG-ROLLED-BACK"), commit: false);

        using var citizen = await factory.DemoCitizenAsync();
        var page = await InboxAsync(citizen, "?pageSize=200");
        Assert.DoesNotContain(Items(page), i => i.Str("subjectId") == "SG-ROLLED-BACK");

        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        var outbox = await sysadmin.GetFromJsonAsync<JsonElement>("/api/v1/notifications/outbox?pageSize=200");
        Assert.DoesNotContain(Items(outbox), m => m.Str("subject")!.Contains("SG-ROLLED-BACK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_users_notification_is_not_found_and_not_listed()
    {
        var clerkId = HubClient.StaffId("clerk1");
        await factory.NotifyAsync(NotificationsFactory.Request(clerkId, "SG-CLERK-ONLY", NotificationKind.DeadlineReminder));

        using var clerk = await factory.SignedInStaffAsync("clerk1");
        var clerkItem = Items(await InboxAsync(clerk)).First(i => i.Str("subjectId") == "SG-CLERK-ONLY");
        var id = clerkItem.GetProperty("id").GetGuid();

        using var citizen = await factory.DemoCitizenAsync();
        Assert.DoesNotContain(Items(await InboxAsync(citizen, "?pageSize=200")), i => i.GetProperty("id").GetGuid() == id);
        await ProblemAssert.IsProblemAsync(await citizen.PostAsync($"/api/v1/me/notifications/{id}/read", null), 404, "not-found");
        await ProblemAssert.IsProblemAsync(await citizen.PostAsync($"/api/v1/me/notifications/{Guid.NewGuid()}/read", null), 404, "not-found");

        // The citizen's read-all leaves the clerk's notification unread.
        Assert.Equal(HttpStatusCode.OK, (await citizen.PostAsync("/api/v1/me/notifications/read-all", null)).StatusCode);
        var again = Items(await InboxAsync(clerk)).First(i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal(JsonValueKind.Null, again.GetProperty("readAt").ValueKind);
    }

    [Fact]
    public async Task The_inbox_needs_a_signed_in_person()
    {
        using var anonymous = factory.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me/notifications")).StatusCode);

        // A department system's API token acts for a department, not a person: it has no inbox.
        using var dataAdmin = await factory.SignedInStaffAsync("xzsp.data");
        var token = await dataAdmin.IssueApiTokenAsync(HubClient.DepartmentId("xzsp"), "inbox-probe");
        using var system = factory.CreateApiClient().WithBearer(token.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await system.GetAsync("/api/v1/me/notifications")).StatusCode);
    }
}
