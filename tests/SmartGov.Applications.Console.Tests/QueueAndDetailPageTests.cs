using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Console.Tests;

/// <summary>
/// 待办 and 办件 through HTTP like a browser without JavaScript: department scoping, the light filter, accept →
/// 一次性告知补正 → approve on the pages, a denial without reasons, and a stale page.
/// </summary>
public sealed class QueueAndDetailPageTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task An_officer_sees_only_their_departments_tasks_and_never_another_departments_application()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var (id, number) = await ConsoleTestKit.ApplyForResidencePermitAsync(citizen);

        using var gaj = await factory.SignedInStaffAsync("gaj.officer");
        var queue = (await gaj.GetStringAsync("/console/applications?number=" + number)).Html();
        Assert.Contains($"data-number=\"{number}\"", queue, StringComparison.Ordinal);
        Assert.Contains("居住证办理", queue, StringComparison.Ordinal);
        Assert.Contains("张**", queue, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoCitySeeder.DemoCitizen.Name, queue, StringComparison.Ordinal);

        using var mzj = await factory.SignedInStaffAsync("mzj.officer");
        var other = (await mzj.GetStringAsync("/console/applications")).Html();
        Assert.DoesNotContain(number, other, StringComparison.Ordinal);
        Assert.DoesNotContain("居住证办理", other, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await mzj.GetAsync($"/console/applications/{id}")).StatusCode);
        var token = await mzj.AntiforgeryTokenAsync("/account/me");
        var post = await mzj.PostFormAsync($"/console/applications/{id}", [new("__RequestVerificationToken", token), new("act", "Accept"), new("revision", "1")]);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal("Submitted", await citizen.StatusAsync(id));

        // The material downloads for gaj, with its SM3 shown; not for mzj.
        var html = (await gaj.GetStringAsync($"/console/applications/{id}")).Html();
        var link = System.Text.RegularExpressions.Regex.Match(html, "href=\"(/console/applications/[^\"]+handler=material[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(link);
        var download = await gaj.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(ConsoleTestKit.Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Matches("<code class=\"hash\">[0-9a-f]{64}</code>", html);
        Assert.Equal(HttpStatusCode.NotFound, (await mzj.GetAsync(link)).StatusCode);

        // A citizen is not staff: the console refuses them.
        var asCitizen = await citizen.GetAsync("/console/applications");
        Assert.True(asCitizen.StatusCode is HttpStatusCode.Forbidden || SmartGovFactory.IsRedirect(asCitizen), $"{(int)asCitizen.StatusCode}");
    }

    [Fact]
    public async Task The_light_filter_lists_overdue_tasks_apart_with_the_light_written_out()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var (lateId, late) = await ConsoleTestKit.ApplyForResidencePermitAsync(citizen);
        var (_, fresh) = await ConsoleTestKit.ApplyForResidencePermitAsync(citizen);
        await factory.WithDbAsync(async db =>
        {
            var task = await db.Set<WorkTask>().SingleAsync(t => t.ApplicationId == lateId && t.Status == SmartGov.Hub.Modules.Applications.WorkTaskStatus.Open);
            task.DueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-10);
            return await db.SaveChangesAsync();
        });

        using var gaj = await factory.SignedInStaffAsync("gaj.officer");
        var red = (await gaj.GetStringAsync("/console/applications?light=red")).Html();
        Assert.Contains($"data-number=\"{late}\" data-light=\"Red\"", red, StringComparison.Ordinal);
        Assert.Contains("红灯（已超期）", red, StringComparison.Ordinal);
        Assert.DoesNotContain(fresh, red, StringComparison.Ordinal);
        var green = (await gaj.GetStringAsync("/console/applications?light=green")).Html();
        Assert.Contains(fresh, green, StringComparison.Ordinal);
        Assert.DoesNotContain(late, green, StringComparison.Ordinal);

        // Unfiltered, the overdue one comes first.
        var all = (await gaj.GetStringAsync("/console/applications")).Html();
        Assert.True(all.IndexOf(late, StringComparison.Ordinal) < all.IndexOf(fresh, StringComparison.Ordinal), "Overdue tasks are listed first.");
    }

    [Fact]
    public async Task An_officer_accepts_asks_for_two_things_at_once_and_approves_on_the_pages()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var (id, _) = await ConsoleTestKit.ApplyForResidencePermitAsync(citizen);
        using var officer = await factory.SignedInStaffAsync("gaj.officer");

        var accepted = await officer.ActOnPageAsync(id, "Accept");
        Assert.True(SmartGovFactory.IsRedirect(accepted), $"{(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        Assert.Equal($"/console/applications/{id}", SmartGovFactory.RedirectPath(accepted));
        var after = (await officer.GetStringAsync($"/console/applications/{id}")).Html();
        Assert.Contains("已办理：受理。", after, StringComparison.Ordinal);
        Assert.Contains("data-status=\"InReview\"", after, StringComparison.Ordinal);

        var supplement = await officer.ActOnPageAsync(id, "RequestSupplement",
            ("missing", "房屋租赁合同或房屋产权证明"), ("otherMissing", "社区出具的居住证明"), ("comment", "租赁合同已过期"));
        Assert.True(SmartGovFactory.IsRedirect(supplement), await supplement.Content.ReadAsStringAsync());

        // The applicant sees both at once, through the API.
        var view = await (await citizen.GetAsync($"/api/v1/applications/{id}")).ReadJsonAsync();
        Assert.Equal("SupplementRequested", view.Str("status"));
        var missing = view.GetProperty("materials").EnumerateArray().Where(m => m.GetProperty("missing").GetBoolean()).Select(m => m.Str("name")).ToList();
        Assert.Contains("房屋租赁合同或房屋产权证明", missing);
        Assert.Contains("社区出具的居住证明", missing);
        Assert.Contains("社区出具的居住证明", view.Str("supplementNote"), StringComparison.Ordinal);

        var supplied = await citizen.PostAsJsonAsync($"/api/v1/applications/{id}/actions", new
        {
            action = "Supplement",
            materials = new[]
            {
                new { name = "房屋租赁合同或房屋产权证明", fileId = await ConsoleTestKit.UploadAsync(citizen, "租赁合同.pdf") },
                new { name = "社区出具的居住证明", fileId = await ConsoleTestKit.UploadAsync(citizen, "居住证明.pdf") },
            },
        });
        Assert.True(supplied.IsSuccessStatusCode, await supplied.Content.ReadAsStringAsync());

        var approved = await officer.ActOnPageAsync(id, "Approve", ("comment", "材料齐全，符合条件"));
        Assert.True(SmartGovFactory.IsRedirect(approved), await approved.Content.ReadAsStringAsync());
        var decided = (await officer.GetStringAsync($"/console/applications/{id}")).Html();
        Assert.Contains("data-step=\"decision\" data-status=\"Open\"", decided, StringComparison.Ordinal);
        Assert.Contains("材料齐全，符合条件", decided, StringComparison.Ordinal);
        // The decision is the leader's: the officer has no form for it; the leader has.
        Assert.DoesNotContain("data-testid=\"capp-action-Approve\"", decided, StringComparison.Ordinal);
        using var leader = await factory.SignedInStaffAsync("gaj.leader");
        Assert.Contains("data-testid=\"capp-action-Approve\"", await leader.GetStringAsync($"/console/applications/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_denial_without_reasons_is_refused_with_the_field_named_in_both_languages()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var (id, _) = await ConsoleTestKit.ApplyForResidencePermitAsync(citizen);
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        Assert.True(SmartGovFactory.IsRedirect(await officer.ActOnPageAsync(id, "Accept")));

        var denied = await officer.ActOnPageAsync(id, "Deny", ("comment", "  "));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, denied.StatusCode);
        var html = (await denied.Content.ReadAsStringAsync()).Html();
        Assert.Contains("理由：不同意须写明理由", html, StringComparison.Ordinal);
        Assert.Contains("Reason: A denial needs its reasons.", html, StringComparison.Ordinal);
        Assert.Contains("id=\"Deny-comment\"", html, StringComparison.Ordinal);
        Assert.Equal("InReview", await citizen.StatusAsync(id));
    }

    [Fact]
    public async Task A_decision_on_a_page_someone_else_has_since_changed_is_refused_with_a_reload_message()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var (id, _) = await ConsoleTestKit.ApplyForResidencePermitAsync(citizen);
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        using var leader = await factory.SignedInStaffAsync("gaj.leader");
        Assert.True(SmartGovFactory.IsRedirect(await officer.ActOnPageAsync(id, "Accept")));
        var stale = await officer.GetStringAsync($"/console/applications/{id}");

        // Meanwhile the leader asks for more time on it.
        var extension = await leader.ActOnPageAsync(id, "RequestExtension", ("days", "5"), ("comment", "需要现场核查"));
        Assert.True(SmartGovFactory.IsRedirect(extension), await extension.Content.ReadAsStringAsync());

        var refused = await officer.PostActionAsync(id, stale, "Approve", ("comment", "同意"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var html = (await refused.Content.ReadAsStringAsync()).Html();
        Assert.Contains("办件已被他人处理，请刷新后重试", html, StringComparison.Ordinal);
        Assert.Contains("Someone else changed this application; reload and try again.", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"capp-stale\"", html, StringComparison.Ordinal);
        Assert.Equal("InReview", await citizen.StatusAsync(id));
    }

    [Fact]
    public async Task The_pages_speak_chinese_and_english()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var (id, _) = await ConsoleTestKit.ApplyForResidencePermitAsync(citizen);
        foreach (var (language, queueTitle, detail, window) in new[]
                 {
                     ("zh-CN", "<h1>待办</h1>", "办理历史", "<h1>一窗受理</h1>"),
                     ("en-US", "<h1>Work queue</h1>", "History", "<h1>Window intake</h1>"),
                 })
        {
            var q = "?culture=" + language;
            using var officer = await factory.SignedInStaffAsync("gaj.officer");
            Assert.Contains(queueTitle, await officer.GetStringAsync("/console/applications" + q), StringComparison.Ordinal);
            Assert.Contains(detail, await officer.GetStringAsync($"/console/applications/{id}" + q), StringComparison.Ordinal);
            using var clerk = await factory.SignedInStaffAsync("clerk3");
            Assert.Contains(window, await clerk.GetStringAsync("/console/window" + q), StringComparison.Ordinal);
            using var data = await factory.SignedInStaffAsync("gaj.data");
            var item = await ConsoleTestKit.ItemAsync(data, "居住证办理");
            var editor = await data.GetAsync("/console/workflows/" + item.Str("implementationCode") + q);
            Assert.Equal(HttpStatusCode.OK, editor.StatusCode);
            Assert.Contains(language == "zh-CN" ? "发布新版本" : "Publish a new version", await editor.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // Window intake is for clerks; an officer is refused.
        using var officerOnly = await factory.SignedInStaffAsync("mzj.officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await officerOnly.GetAsync("/console/window")).StatusCode);
    }
}
