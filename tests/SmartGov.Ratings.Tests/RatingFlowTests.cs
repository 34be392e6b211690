using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Ratings.Model;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Ratings.Tests.RatingsDriver;

namespace SmartGov.Ratings.Tests;

/// <summary>
/// 好差评 on a real completed application: only after completion, only by the applicant, only once; a 2-star rating
/// opens a rectification for the department, due in 15 working days, which the department answers and a supervisor
/// sends back and then closes, every step audited.
/// </summary>
public sealed class RatingFlowTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task The_applicant_rates_a_completed_application_once_and_a_bad_rating_is_followed_up_to_closure()
    {
        var anonymous = factory.CreateApiClient();
        var code = await CodeOfAsync(anonymous, ResidencePermit);
        var hall = (await HallsAsync(anonymous))[0];
        using var clerk = await factory.SignedInStaffAsync("clerk1");
        var (id, number) = await WindowIntakeAsync(clerk, code, hall);
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);

        // Not before completion.
        var early = await ProblemAssert.IsProblemAsync(await RateAsync(citizen, id, new { score = 5 }), 422);
        Assert.Contains("rating.notCompleted", early.ToString(), StringComparison.Ordinal);

        await CompleteAsync(factory, id);

        // Nobody but the applicant: another citizen does not even learn it exists; an officer is refused.
        var otherId = IdNumber.Compose("371802", new DateOnly(1992, 3, 4), 417, male: true);
        var register = await anonymous.PostAsJsonAsync("/api/v1/accounts/citizens", new
        {
            name = "李建国", idNumber = otherId, mobile = "13912340417", password = "Harbour2026x", confirmPassword = "Harbour2026x",
        });
        Assert.True(register.IsSuccessStatusCode, await register.Content.ReadAsStringAsync());
        using var other = await factory.SignedInCitizenAsync(otherId, "Harbour2026x");
        await ProblemAssert.IsProblemAsync(await RateAsync(other, id, new { score = 5 }), 404);
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        await ProblemAssert.IsProblemAsync(await RateAsync(officer, id, new { score = 5 }), 403);

        // Bad input is refused with the field named.
        await ProblemAssert.IsValidationAsync(await RateAsync(citizen, id, new { score = 6 }), "score");
        await ProblemAssert.IsValidationAsync(await RateAsync(citizen, id, new { score = 4, attitude = 0 }), "attitude");
        await ProblemAssert.IsValidationAsync(await RateAsync(citizen, id, new { score = 4, comment = new string('差', 501) }), "comment");

        var rated = await RateAsync(citizen, id, new { score = 2, efficiency = 2, attitude = 3, convenience = 1, comment = "材料没有一次说清楚，跑了两趟" });
        var rating = await rated.ReadJsonAsync();
        Assert.True(rated.StatusCode == HttpStatusCode.Created, rating.ToString());
        Assert.Equal(2, rating.GetProperty("score").GetInt32());
        Assert.Equal("不满意", rating.Str("scoreName"));
        Assert.Equal("Online", rating.Str("channel"));
        var rectificationId = rating.GetProperty("rectificationId").GetGuid();

        // Only once.
        await ProblemAssert.IsProblemAsync(await RateAsync(citizen, id, new { score = 5 }), 409);
        var shown = await (await citizen.GetAsync($"/api/v1/applications/{id}/rating")).ReadJsonAsync();
        Assert.Equal("材料没有一次说清楚，跑了两趟", shown.Str("comment"));

        // The rectification: due 15 working days after today on the holiday calendar; the supervisor and the department see it, no other department.
        var calendar = await factory.Services.CreateScope().ServiceProvider.GetRequiredService<IWorkingCalendar>().GetAsync();
        var expectedDue = calendar.AddWorkingDays(ChinaTime.Today(TimeProvider.System), 15);
        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        var seen = await (await supervisor.GetAsync($"/api/v1/rectifications/{rectificationId}")).ReadJsonAsync();
        Assert.Equal(expectedDue.ToString("yyyy-MM-dd"), seen.Str("dueOn"));
        Assert.Equal("Open", seen.Str("status"));
        Assert.Equal(number, seen.Str("applicationNumber"));
        Assert.False(seen.GetProperty("overdue").GetBoolean());
        var gajList = await (await officer.GetAsync("/api/v1/rectifications")).ReadJsonAsync();
        Assert.Contains(gajList.EnumerateArray(), r => r.Str("id") == rectificationId.ToString());
        using var mzj = await factory.SignedInStaffAsync("mzj.officer");
        var mzjList = await (await mzj.GetAsync("/api/v1/rectifications")).ReadJsonAsync();
        Assert.DoesNotContain(mzjList.EnumerateArray(), r => r.Str("id") == rectificationId.ToString());
        await ProblemAssert.IsProblemAsync(await mzj.GetAsync($"/api/v1/rectifications/{rectificationId}"), 404);
        await ProblemAssert.IsProblemAsync(await citizen.GetAsync("/api/v1/rectifications"), 403);

        // The department's leader is told in the inbox.
        using var leader = await factory.SignedInStaffAsync("gaj.leader");
        var inbox = await (await leader.GetAsync("/api/v1/me/notifications")).ReadJsonAsync();
        Assert.Contains(number, inbox.ToString(), StringComparison.Ordinal);
        Assert.Contains("RectificationAssigned", inbox.ToString(), StringComparison.Ordinal);

        // Past its due date it is flagged overdue (the due date is moved back, as if 15 working days had gone by).
        var yesterday = ChinaTime.Today(TimeProvider.System).AddDays(-1);
        await factory.WithDbAsync(db => db.Set<Rectification>().Where(r => r.Id == rectificationId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.DueOn, yesterday)));
        var overdue = await (await supervisor.GetAsync("/api/v1/rectifications?overdue=true")).ReadJsonAsync();
        Assert.Contains(overdue.EnumerateArray(), r => r.Str("id") == rectificationId.ToString() && r.GetProperty("overdue").GetBoolean());

        // Respond (department only), send back (supervisor, with a reason), respond again, close.
        await ProblemAssert.IsProblemAsync(await mzj.PostAsJsonAsync($"/api/v1/rectifications/{rectificationId}/respond", new { text = "x" }), 404);
        await ProblemAssert.IsProblemAsync(await supervisor.PostAsJsonAsync($"/api/v1/rectifications/{rectificationId}/respond", new { text = "x" }), 403);
        await ProblemAssert.IsValidationAsync(await officer.PostAsJsonAsync($"/api/v1/rectifications/{rectificationId}/respond", new { text = "" }), "text");
        await ProblemAssert.IsProblemAsync(await supervisor.PostAsJsonAsync($"/api/v1/rectifications/{rectificationId}/close", new { text = "" }), 422);
        var responded = await (await officer.PostAsJsonAsync($"/api/v1/rectifications/{rectificationId}/respond",
            new { text = "已对窗口人员进行一次性告知培训" })).ReadJsonAsync();
        Assert.Equal("Responded", responded.Str("status"));
        Assert.False(responded.GetProperty("overdue").GetBoolean());
        await ProblemAssert.IsProblemAsync(await officer.PostAsJsonAsync($"/api/v1/rectifications/{rectificationId}/close", new { text = "" }), 403);
        await ProblemAssert.IsValidationAsync(await supervisor.PostAsJsonAsync($"/api/v1/rectifications/{rectificationId}/send-back", new { text = "" }), "text");
        var sentBack = await (await supervisor.PostAsJsonAsync($"/api/v1/rectifications/{rectificationId}/send-back",
            new { text = "请补充培训记录" })).ReadJsonAsync();
        Assert.Equal("Open", sentBack.Str("status"));
        Assert.Equal(1, sentBack.GetProperty("sentBack").GetInt32());
        var stale = await officer.PostAsJsonAsync($"/api/v1/rectifications/{rectificationId}/respond", new { text = "旧页面", revision = 0 });
        await ProblemAssert.IsProblemAsync(stale, 409);
        await officer.PostAsJsonAsync($"/api/v1/rectifications/{rectificationId}/respond", new { text = "已补充培训签到表和考核结果" });
        var closed = await (await supervisor.PostAsJsonAsync($"/api/v1/rectifications/{rectificationId}/close", new { text = "整改到位" })).ReadJsonAsync();
        Assert.Equal("Closed", closed.Str("status"));
        Assert.Equal("已补充培训签到表和考核结果", closed.Str("measures"));
        Assert.Empty(closed.GetProperty("allowedActions").EnumerateArray());

        // Every step is in the audit trail.
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var entries = (await auditor.AuditEntriesAsync()).Where(e => e.Str("subjectType") == "rectification" && e.Str("subjectId") == rectificationId.ToString()).ToList();
        Assert.Equal(1, entries.Count(e => e.Str("action") == "create"));
        Assert.Equal(3, entries.Count(e => e.Str("action") == "update"));
        Assert.Equal(1, entries.Count(e => e.Str("action") == "decide"));
        Assert.Contains(await auditor.AuditEntriesAsync("create"), e => e.Str("subjectType") == "rating");
    }

    [Fact]
    public async Task A_window_clerk_records_the_applicants_rating_at_the_hall_as_offline()
    {
        var anonymous = factory.CreateApiClient();
        var code = await CodeOfAsync(anonymous, ResidencePermit);
        var hall = (await HallsAsync(anonymous))[0];
        using var clerk = await factory.SignedInStaffAsync("clerk2");
        var (id, _) = await WindowIntakeAsync(clerk, code, hall);
        await CompleteAsync(factory, id);

        var rated = await RateAsync(clerk, id, new { score = 5, channel = "Online", comment = "窗口服务热情" });
        var rating = await rated.ReadJsonAsync();
        Assert.True(rated.StatusCode == HttpStatusCode.Created, rating.ToString());
        Assert.Equal("Offline", rating.Str("channel"));
        Assert.True(rating.GetProperty("onBehalf").GetBoolean());
        Assert.Equal(JsonValueKindNull, rating.GetProperty("rectificationId").ValueKind);

        // The applicant sees it and cannot rate again.
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync($"/api/v1/applications/{id}/rating")).StatusCode);
        await ProblemAssert.IsProblemAsync(await RateAsync(citizen, id, new { score = 1 }), 409);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
