using System.Net;
using System.Net.Http.Json;
using SmartGov.Services.Tests.Infrastructure;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Services.Tests;

/// <summary>
/// The holiday calendar as data: the published 2026 schedule is there out of the box, the system administrator
/// corrects it (and enters next year's), and department systems compute due dates and lights from it.
/// </summary>
public sealed class CalendarTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task The_2026_schedule_is_there_without_anyone_entering_it()
    {
        using var client = factory.CreateApiClient();
        var year = await (await client.GetAsync("/api/v1/calendar/2026")).ReadJsonAsync();
        Assert.True(year.GetProperty("covered").GetBoolean());
        var days = year.GetProperty("days").EnumerateArray().ToDictionary(d => d.Str("date")!, d => d.Str("kind"));
        Assert.Equal("Workday", days["2026-02-14"]);
        Assert.Equal("Holiday", days["2026-02-17"]);
        Assert.Equal("Workday", days["2026-09-20"]);
        Assert.Equal("Holiday", days["2026-10-01"]);
        Assert.Contains("国务院办公厅", year.Str("source"), StringComparison.Ordinal);
        Assert.False((await (await client.GetAsync("/api/v1/calendar/2031")).ReadJsonAsync()).GetProperty("covered").GetBoolean());
    }

    [Fact]
    public async Task Due_dates_count_working_days_with_pauses_and_extensions()
    {
        using var client = factory.CreateApiClient();
        var national = await (await client.GetAsync("/api/v1/calendar/deadline?acceptedOn=2026-09-30&days=3&today=2026-10-09")).ReadJsonAsync();
        Assert.Equal("2026-10-10", national.Str("dueOn"));
        Assert.Equal("Yellow", national.Str("light"));
        Assert.Equal(1, national.GetProperty("remainingDays").GetInt32());

        var paused = await (await client.GetAsync("/api/v1/calendar/deadline?acceptedOn=2026-03-02&days=10&pauses=2026-03-04/2026-03-10&extensions=5&today=2026-03-31")).ReadJsonAsync();
        Assert.Equal("2026-03-27", paused.Str("dueOn"));
        Assert.Equal("Red", paused.Str("light"));
        Assert.Equal(2, paused.GetProperty("overdueDays").GetInt32());

        var open = await (await client.GetAsync("/api/v1/calendar/deadline?acceptedOn=2026-03-02&days=10&pauses=2026-03-04/&today=2026-03-09")).ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, open.GetProperty("dueOn").ValueKind);
        Assert.True(open.GetProperty("isPaused").GetBoolean());
    }

    [Theory]
    [InlineData("acceptedOn=yesterday&days=3", "acceptedOn")]
    [InlineData("acceptedOn=2026-03-02&days=-1", "days")]
    [InlineData("acceptedOn=2026-03-02&days=3&pauses=2026-03-01/2026-03-03", "pauses")]
    [InlineData("acceptedOn=2026-03-02&days=3&pauses=soon", "pauses")]
    [InlineData("acceptedOn=2026-03-02&days=3&extensions=0", "extensions")]
    public async Task Bad_deadline_questions_are_field_errors(string query, string field)
    {
        using var client = factory.CreateApiClient();
        await ProblemAssert.IsValidationAsync(await client.GetAsync("/api/v1/calendar/deadline?" + query), field);
    }

    [Fact]
    public async Task The_system_administrator_corrects_a_day_and_due_dates_follow_at_once()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        using var client = factory.CreateApiClient();
        const string question = "/api/v1/calendar/deadline?acceptedOn=2026-03-02&days=10&today=2026-03-02";
        Assert.Equal("2026-03-16", (await (await client.GetAsync(question)).ReadJsonAsync()).Str("dueOn"));

        var set = await sysadmin.PutAsJsonAsync("/api/v1/calendar/days/2026-03-06", new { kind = "Holiday", name = "台风停工", nameEn = "Typhoon closure" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("2026-03-17", (await (await client.GetAsync(question)).ReadJsonAsync()).Str("dueOn"));
        // Copying the year into the database kept the published schedule.
        var year = await (await client.GetAsync("/api/v1/calendar/2026")).ReadJsonAsync();
        Assert.True(year.GetProperty("keptInDatabase").GetBoolean());
        var holidays = year.GetProperty("days").EnumerateArray().Where(d => d.Str("kind") == "Holiday").Select(d => d.Str("date")).ToHashSet();
        Assert.Superset(new HashSet<string?> { "2026-01-01", "2026-02-15", "2026-02-23", "2026-05-05", "2026-10-07", "2026-03-06" }, holidays);

        Assert.Equal(HttpStatusCode.NoContent, (await sysadmin.DeleteAsync("/api/v1/calendar/days/2026-03-06")).StatusCode);
        Assert.Equal("2026-03-16", (await (await client.GetAsync(question)).ReadJsonAsync()).Str("dueOn"));

        using var auditor = await factory.SignedInStaffAsync("auditor");
        var entries = await auditor.AuditEntriesAsync("config-change");
        Assert.Contains(entries, e => e.Str("subjectType") == "holiday-calendar" && e.Str("subjectId") == "2026-03-06" && e.Str("actorName") == "sysadmin");
    }

    [Fact]
    public async Task Next_years_schedule_can_be_entered_and_confirmed()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        Assert.Equal(HttpStatusCode.OK, (await sysadmin.PutAsJsonAsync("/api/v1/calendar/days/2030-01-01", new { kind = "Holiday", name = "元旦" })).StatusCode);
        var covered = await sysadmin.PutAsJsonAsync("/api/v1/calendar/2030", new { source = "国务院办公厅关于2030年部分节假日安排的通知" });
        Assert.Equal(HttpStatusCode.OK, covered.StatusCode);
        var year = await covered.ReadJsonAsync();
        Assert.True(year.GetProperty("covered").GetBoolean());
        Assert.Single(year.GetProperty("days").EnumerateArray());
        using var client = factory.CreateApiClient();
        var status = await (await client.GetAsync("/api/v1/calendar/deadline?acceptedOn=2029-12-31&days=1&today=2029-12-31")).ReadJsonAsync();
        Assert.Equal("2030-01-02", status.Str("dueOn"));
    }

    [Fact]
    public async Task Calendar_edits_are_checked_and_reserved_for_the_system_administrator()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        await ProblemAssert.IsValidationAsync(await sysadmin.PutAsJsonAsync("/api/v1/calendar/days/2026-03-04", new { kind = "Workday", name = "调休" }), "kind", "kind.workday-on-weekday");
        await ProblemAssert.IsValidationAsync(await sysadmin.PutAsJsonAsync("/api/v1/calendar/days/2026-03-07", new { kind = "Party", name = "x" }), "kind");
        await ProblemAssert.IsValidationAsync(await sysadmin.PutAsJsonAsync("/api/v1/calendar/days/7-3-2026", new { kind = "Holiday", name = "x" }), "date");
        await ProblemAssert.IsValidationAsync(await sysadmin.PutAsJsonAsync("/api/v1/calendar/days/2026-03-07", new { kind = "Holiday", name = "" }), "name");
        await ProblemAssert.IsProblemAsync(await sysadmin.DeleteAsync("/api/v1/calendar/days/2026-03-04"), 404, "not-found");

        using var dataAdmin = await factory.SignedInStaffAsync("mzj.data");
        await ProblemAssert.IsProblemAsync(await dataAdmin.PutAsJsonAsync("/api/v1/calendar/days/2026-03-06", new { kind = "Holiday", name = "x" }), 403, "forbidden");
        using var anonymous = factory.CreateApiClient();
        await ProblemAssert.IsProblemAsync(await anonymous.DeleteAsync("/api/v1/calendar/days/2026-02-17"), 401, "unauthorized");
    }

    [Fact]
    public async Task The_calendar_page_lists_the_days_and_lets_the_system_administrator_add_one_without_javascript()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        var page = await (await sysadmin.GetAsync("/console/services/calendar?year=2026")).Content.ReadAsStringAsync();
        Assert.Contains("<th scope=\"row\">2026-02-15</th>", page, StringComparison.Ordinal);
        Assert.Contains("春节", page, StringComparison.Ordinal);
        Assert.Contains("调休上班", page, StringComparison.Ordinal);

        var response = await sysadmin.SubmitFormAsync("/console/services/calendar?year=2026",
            [new("date", "2026-07-01"), new("kind", "Holiday"), new("name", "建党节调休测试")], postPath: "/console/services/calendar?handler=Set");
        Assert.True(SmartGovFactory.IsRedirect(response), await response.Content.ReadAsStringAsync());
        var afterResponse = await sysadmin.GetAsync("/console/services/calendar?year=2026");
        var after = await afterResponse.Content.ReadAsStringAsync();
        Assert.True(afterResponse.StatusCode == HttpStatusCode.OK, $"{(int)afterResponse.StatusCode} {afterResponse.Headers.Location}");
        Assert.Contains("建党节调休测试", after, StringComparison.Ordinal);

        var bad = await sysadmin.SubmitFormAsync("/console/services/calendar?year=2026",
            [new("date", "2026-07-02"), new("kind", "Workday"), new("name", "周四调休")], postPath: "/console/services/calendar?handler=Set");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("调休上班日只能是周六或周日", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Other staff read the calendar but cannot change it.
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        var readOnly = await (await officer.GetAsync("/console/services/calendar?year=2026")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-testid=\"calendar-set\"", readOnly, StringComparison.Ordinal);
        var denied = await officer.SubmitFormAsync("/console/services/calendar?year=2026",
            [new("date", "2026-07-03"), new("kind", "Holiday"), new("name", "x")], postPath: "/console/services/calendar?handler=Set");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}
