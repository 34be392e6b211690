using Microsoft.EntityFrameworkCore;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Model;

namespace SmartGov.Hub.Modules.Applications.Rollups;

/// <summary>Submissions by channel and completions over a period, exactly, without scanning the applications.</summary>
internal sealed record RollupTotals(int Online, int Window, int Completed, int CompletedOnTime)
{
    /// <summary>
    /// The rollups up to their checkpoint (monthly rows for whole months, daily rows at the edges) plus the history
    /// lines after the checkpoint, read live: the same figures as counting the applications by submission and
    /// completion time, at once rather than a fold later. Null when the period does not start and end at China
    /// midnight (the rollups hold whole days only).
    /// </summary>
    public static async Task<RollupTotals?> TryReadAsync(SmartGovDbContext db, Guid? departmentId, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        if (!(ChinaMidnight(fromUtc) is { } from && ChinaMidnight(toUtc) is { } end) || end <= from)
        {
            return null;
        }
        // Optimistic read: a fold commits its rows and its checkpoint together, so an unchanged checkpoint means the
        // sums read in between belong to exactly the history up to it.
        for (var attempt = 0; ; attempt++)
        {
            var checkpoint = await CheckpointAsync(db, ct);
            var (online, window, completed, onTime) = await SumsAsync(db, departmentId, from, end.AddDays(-1), ct);
            var tail = db.Set<ApplicationEvent>().AsNoTracking()
                .Where(e => e.Id > checkpoint && e.At >= fromUtc && e.At < toUtc
                    && (e.Action == ApplicationAction.Submit || e.Action == ApplicationAction.IssueResult))
                .Join(db.Set<Application>().AsNoTracking(), e => e.ApplicationId, a => a.Id, (e, a) => new { e.Action, a.Channel, a.OnTime, a.DepartmentId });
            if (departmentId is { } d)
            {
                tail = tail.Where(x => x.DepartmentId == d);
            }
            var lines = await tail.GroupBy(x => new { x.Action, x.Channel, x.OnTime }).Select(g => new { g.Key.Action, g.Key.Channel, g.Key.OnTime, N = g.Count() })
                .ToListAsync(ct);
            if (await CheckpointAsync(db, ct) != checkpoint && attempt < 5)
            {
                continue;
            }
            foreach (var l in lines)
            {
                if (l.Action == ApplicationAction.Submit)
                {
                    online += l.Channel == ApplicationChannel.Online ? l.N : 0;
                    window += l.Channel == ApplicationChannel.Window ? l.N : 0;
                }
                else
                {
                    completed += l.N;
                    onTime += l.OnTime == true ? l.N : 0;
                }
            }
            return new RollupTotals(online, window, completed, onTime);
        }
    }

    private static async Task<long> CheckpointAsync(SmartGovDbContext db, CancellationToken ct) =>
        await db.Set<RollupCheckpoint>().AsNoTracking().Where(c => c.Name == ApplicationRollup.CheckpointName).Select(c => (long?)c.LastEventId)
            .FirstOrDefaultAsync(ct) ?? 0;

    private static async Task<(int Online, int Window, int Completed, int OnTime)> SumsAsync(SmartGovDbContext db, Guid? departmentId, DateOnly from, DateOnly to,
        CancellationToken ct)
    {
        var period = RollupPeriod.Split(from, to);
        var parts = new List<(ApplicationChannel Channel, int S, int C, int T)>();
        if (period.FirstMonth is { } first && period.LastMonth is { } last)
        {
            var months = db.Set<ApplicationMonthlyRollup>().AsNoTracking().Where(r => r.Month >= first && r.Month <= last);
            if (departmentId is { } d)
            {
                months = months.Where(r => r.DepartmentId == d);
            }
            parts.AddRange((await months.GroupBy(r => r.Channel)
                    .Select(g => new { g.Key, S = g.Sum(r => r.Submitted), C = g.Sum(r => r.Completed), T = g.Sum(r => r.CompletedOnTime) }).ToListAsync(ct))
                .Select(x => (x.Key, x.S, x.C, x.T)));
        }
        foreach (var (f, t) in period.Days)
        {
            var days = db.Set<ApplicationDailyRollup>().AsNoTracking().Where(r => r.Day >= f && r.Day <= t);
            if (departmentId is { } d)
            {
                days = days.Where(r => r.DepartmentId == d);
            }
            parts.AddRange((await days.GroupBy(r => r.Channel)
                    .Select(g => new { g.Key, S = g.Sum(r => r.Submitted), C = g.Sum(r => r.Completed), T = g.Sum(r => r.CompletedOnTime) }).ToListAsync(ct))
                .Select(x => (x.Key, x.S, x.C, x.T)));
        }
        return (parts.Where(p => p.Channel == ApplicationChannel.Online).Sum(p => p.S), parts.Where(p => p.Channel == ApplicationChannel.Window).Sum(p => p.S),
            parts.Sum(p => p.C), parts.Sum(p => p.T));
    }

    private static DateOnly? ChinaMidnight(DateTime utc)
    {
        var local = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(ChinaTime.Offset);
        return local.TimeOfDay == TimeSpan.Zero ? DateOnly.FromDateTime(local.DateTime) : null;
    }
}
