using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Applications.Rollups;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Insight.Tests;

/// <summary>
/// The fold's checkpoint never passes a history line that has not settled yet: a line written now and older-dated
/// lines written after it (an import, a backfill) are all counted, the young one once it settles.
/// </summary>
public sealed partial class InsightTests
{
    [Fact]
    public async Task A_young_history_line_holds_back_the_fold_until_it_settles_and_no_line_is_skipped()
    {
        var anonymous = factory.CreateApiClient();
        using var clerk = await factory.SignedInStaffAsync("clerk4");
        var (appId, _, dept) = await WindowIntakeAsync(clerk, await CodeOfAsync(anonymous, PlanningPermit), await HallAsync(anonymous));
        var young = DateTime.UtcNow.AddSeconds(4);
        var backdated = DateTime.SpecifyKind(Today.AddDays(-3).ToDateTime(new TimeOnly(10, 0)) - ChinaTime.Offset, DateTimeKind.Utc);
        var farFuture = DateTime.UtcNow.AddDays(400);
        await RollUpAsync();
        var acceptedBefore = (await AcceptedAsync(dept, ChinaTime.ToDate(new DateTimeOffset(young, TimeSpan.Zero))),
            await AcceptedAsync(dept, Today.AddDays(-3)), await AcceptedAsync(dept, ChinaTime.ToDate(new DateTimeOffset(farFuture, TimeSpan.Zero))));

        // Ids in this order: a line dated 4 s ahead (as a transaction still in flight would be, within the clock skew),
        // then a line dated three days back, then one dated far ahead (not in flight: it cannot hold the fold back).
        var ids = new List<long>();
        foreach (var at in new[] { young, backdated, farFuture })
        {
            ids.Add(await factory.WithDbAsync(async db =>
            {
                var line = new ApplicationEvent
                {
                    ApplicationId = appId, At = at, Action = ApplicationAction.Accept, FromStatus = ApplicationStatus.InReview, ToStatus = ApplicationStatus.InReview,
                    Comment = "折叠顺序（测试）",
                };
                db.Add(line);
                await db.SaveChangesAsync();
                return line.Id;
            }));
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApplicationRollup>().RunAsync(CancellationToken.None);
        }
        var checkpoint = await CheckpointAsync();
        Assert.True(checkpoint < ids[0], $"the checkpoint {checkpoint} passed the young line {ids[0]}");
        Assert.Equal(acceptedBefore, (await AcceptedAsync(dept, ChinaTime.ToDate(new DateTimeOffset(young, TimeSpan.Zero))),
            await AcceptedAsync(dept, Today.AddDays(-3)), await AcceptedAsync(dept, ChinaTime.ToDate(new DateTimeOffset(farFuture, TimeSpan.Zero)))));

        // Once the young line has settled, one pass folds all three.
        await Task.Delay(young - DateTime.UtcNow + ApplicationRollup.SettleTime + TimeSpan.FromMilliseconds(200));
        await RollUpAsync();
        Assert.True(await CheckpointAsync() >= ids[2]);
        var youngDay = ChinaTime.ToDate(new DateTimeOffset(young, TimeSpan.Zero));
        Assert.Equal((acceptedBefore.Item1 + 1, acceptedBefore.Item2 + 1, acceptedBefore.Item3 + 1), (await AcceptedAsync(dept, youngDay), await AcceptedAsync(dept, Today.AddDays(-3)),
            await AcceptedAsync(dept, ChinaTime.ToDate(new DateTimeOffset(farFuture, TimeSpan.Zero)))));

        // The far-future line is history nobody asks about; take it out of the figures again for the tests after this one.
        await factory.WithDbAsync(async db =>
        {
            var day = ChinaTime.ToDate(new DateTimeOffset(farFuture, TimeSpan.Zero));
            await db.Set<ApplicationDailyRollup>().Where(r => r.Day == day).ExecuteDeleteAsync();
            await db.Set<ApplicationMonthlyRollup>().Where(r => r.Month == RollupPeriod.MonthOf(day)).ExecuteDeleteAsync();
            return await db.Set<ApplicationEvent>().Where(e => e.Id == ids[2]).ExecuteDeleteAsync();
        });
    }

    private Task<long> CheckpointAsync() => factory.WithDbAsync(db => db.Set<RollupCheckpoint>().AsNoTracking()
        .Where(c => c.Name == ApplicationRollup.CheckpointName).Select(c => c.LastEventId).FirstAsync());

    private Task<int> AcceptedAsync(Guid dept, DateOnly day) => factory.WithDbAsync(db => db.Set<ApplicationDailyRollup>().AsNoTracking()
        .Where(r => r.DepartmentId == dept && r.Day == day).SumAsync(r => r.Accepted));
}
