using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Applications.Rollups;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Insight.Tests;

/// <summary>
/// The monthly rollup: folded from the same history as the daily one, and every period's figures read with its help are
/// the figures the daily rows alone give, for periods starting and ending on either side of month (and year) edges.
/// </summary>
public sealed partial class InsightTests
{
    [Fact]
    public async Task A_year_read_through_the_monthly_rollup_shows_the_same_figures_as_the_daily_rows_for_every_period()
    {
        var anonymous = factory.CreateApiClient();
        var hall = await HallAsync(anonymous);
        using var clerk = await factory.SignedInStaffAsync("clerk4");
        var window = await WindowIntakeAsync(clerk, await CodeOfAsync(anonymous, PlanningPermit), hall);
        var online = await factory.WithDbAsync(db => db.Set<Application>().Where(a => a.Channel == ApplicationChannel.Online && a.DepartmentId != window.DepartmentId)
            .Select(a => (Guid?)a.Id).FirstOrDefaultAsync());
        Guid[] apps = online is { } o ? [window.Id, o] : [window.Id];

        // History over the last 400 days (China dates, some lines just before and after midnight), as the workflow writes it.
        var random = new Random(7);
        ApplicationAction[] actions = [ApplicationAction.Submit, ApplicationAction.Accept, ApplicationAction.IssueResult, ApplicationAction.RequestSupplement];
        var lines = new List<ApplicationEvent>();
        for (var i = 0; i < 600; i++)
        {
            var day = Today.AddDays(-random.Next(3, 400));
            var local = day.ToDateTime(new TimeOnly(0, 0)).AddSeconds(random.Next(2) == 0 ? random.Next(0, 120) : 86_400 - random.Next(1, 120));
            lines.Add(new ApplicationEvent
            {
                ApplicationId = apps[random.Next(apps.Length)], At = DateTime.SpecifyKind(local - ChinaTime.Offset, DateTimeKind.Utc),
                Action = actions[random.Next(actions.Length)], FromStatus = ApplicationStatus.InReview, ToStatus = ApplicationStatus.InReview, Comment = "历史数据（测试）",
            });
        }
        await factory.WithDbAsync(async db =>
        {
            db.AddRange(lines);
            return await db.SaveChangesAsync();
        });
        await RollUpAsync();

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartGov.Hub.Data.SmartGovDbContext>();
        // Each month's row is the sum of its days' rows.
        var daily = (await db.Set<ApplicationDailyRollup>().AsNoTracking().ToListAsync())
            .GroupBy(r => (RollupPeriod.MonthOf(r.Day), r.DepartmentId, r.ImplementationCode, r.HallId, r.Channel))
            .ToDictionary(g => g.Key, g => (g.Sum(r => r.Submitted), g.Sum(r => r.Accepted), g.Sum(r => r.SupplementRequests), g.Sum(r => r.Completed)));
        var monthly = (await db.Set<ApplicationMonthlyRollup>().AsNoTracking().ToListAsync())
            .ToDictionary(r => (r.Month, r.DepartmentId, r.ImplementationCode, r.HallId, r.Channel), r => (r.Submitted, r.Accepted, r.SupplementRequests, r.Completed));
        Assert.True(daily.Count > 10, $"only {daily.Count} months folded");
        Assert.Equal(daily.OrderBy(p => p.Key.ToString()).ToList(), monthly.OrderBy(p => p.Key.ToString()).ToList());

        // Periods from and to the first, second, last and second-to-last day of the last fourteen months, up to a year long.
        var edges = Enumerable.Range(0, 14).Select(m => RollupPeriod.MonthOf(Today).AddMonths(-m))
            .SelectMany(m => new[] { m, m.AddDays(1), m.AddMonths(1).AddDays(-1), m.AddMonths(1).AddDays(-2) }).Where(d => d <= Today).Distinct().ToList();
        var rollups = scope.ServiceProvider.GetRequiredService<IApplicationRollups>();
        var periods = 0;
        foreach (var from in edges)
        {
            foreach (var to in edges.Where(t => t >= from && t.DayNumber - from.DayNumber < 366))
            {
                foreach (var dept in new Guid?[] { null, window.DepartmentId })
                {
                    var assisted = JsonSerializer.Serialize(await rollups.OverviewAsync(dept, from, to));
                    var reference = JsonSerializer.Serialize(await rollups.OverviewFromDaysAsync(dept, from, to));
                    Assert.True(reference == assisted, $"{from}..{to} {dept}: {assisted} ≠ {reference}");
                }
                periods++;
            }
        }
        Assert.True(periods > 500, $"{periods} periods");
        var year = await rollups.OverviewAsync(null, Today.AddDays(-364), Today);
        Assert.True(year.Departments.Sum(d => d.Submitted) > 100, "the history is in the year's figures");

        // The evaluation's figures read the rollups (and the history not folded yet): the same as counting the applications.
        var statistics = scope.ServiceProvider.GetRequiredService<IApplicationStatistics>();
        var fromUtc = new DateTimeOffset(Today.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).UtcDateTime;
        var before = await statistics.FiguresAsync(window.DepartmentId, fromUtc, fromUtc.AddDays(1));
        await WindowIntakeAsync(clerk, await CodeOfAsync(anonymous, PlanningPermit), hall);
        var after = await statistics.FiguresAsync(window.DepartmentId, fromUtc, fromUtc.AddDays(1));
        Assert.Equal((before.Submitted + 1, before.Window + 1, before.Online), (after.Submitted, after.Window, after.Online));
        await RollUpAsync();
        Assert.Equal(after, await statistics.FiguresAsync(window.DepartmentId, fromUtc, fromUtc.AddDays(1)));
        var submittedToday = await db.Set<Application>().CountAsync(a => a.DepartmentId == window.DepartmentId && a.SubmittedAt >= fromUtc && a.SubmittedAt < fromUtc.AddDays(1));
        Assert.Equal(submittedToday, after.Submitted);
    }
}
