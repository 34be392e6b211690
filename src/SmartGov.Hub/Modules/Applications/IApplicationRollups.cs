using Microsoft.EntityFrameworkCore;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Applications.Rollups;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>How to group the daily rollups.</summary>
public enum RollupGrouping
{
    DayAndChannel = 1,
    Department = 2,
    Item = 3,
    Hall = 4,
}

/// <summary>
/// One group of the daily rollups over [From, To] (China dates). Key is the day (yyyy-MM-dd), the department id,
/// the item's implementation code or the hall id (empty Guid online), depending on the grouping.
/// </summary>
public sealed record RollupSlice(string Key, string? Name, DateOnly? Day, ApplicationChannel? Channel, int Submitted, int Accepted,
    int Completed, int CompletedOnTime, int Online, int Window);

/// <summary>The four groupings of one period at once (what a dashboard shows).</summary>
public sealed record RollupOverview(IReadOnlyList<RollupSlice> Days, IReadOnlyList<RollupSlice> Departments, IReadOnlyList<RollupSlice> Items,
    IReadOnlyList<RollupSlice> Halls);

/// <summary>Open steps past their due date, per department: live, from the work-queue index.</summary>
public sealed record OverdueCount(Guid DepartmentId, int Steps, int Applications);

/// <summary>Which applications a drill-down lists. Days are China dates; the period is inclusive.</summary>
public sealed record ApplicationSliceQuery(DateOnly From, DateOnly To, Guid? DepartmentId = null, ApplicationChannel? Channel = null,
    string? ImplementationCode = null, Guid? HallId = null, bool Overdue = false, int Page = 1, int PageSize = 50);

public sealed record ApplicationSliceRow(Guid Id, string? Number, string ItemName, string ImplementationCode, Guid DepartmentId, ApplicationChannel Channel,
    Guid? HallId, ApplicationStatus Status, DateTime? SubmittedAt, DateOnly? DueOn, DateTime? CompletedAt, bool? OnTime);

public sealed record ApplicationSlicePage(IReadOnlyList<ApplicationSliceRow> Items, int Page, int PageSize, bool HasMore);

/// <summary>
/// The Applications module's dashboard figures for other modules (Insight): sums of the daily rollups (never a scan of
/// the applications), live overdue counts from the work-queue index, and the paged list behind a figure.
/// </summary>
public interface IApplicationRollups
{
    Task<IReadOnlyList<RollupSlice>> SliceAsync(Guid? departmentId, DateOnly from, DateOnly to, RollupGrouping grouping, CancellationToken cancellationToken = default);

    /// <summary>
    /// By day and channel (daily rows), by department, by item and by hall (monthly rows for the whole months of the
    /// period, daily rows for the partial months at its edges).
    /// </summary>
    Task<RollupOverview> OverviewAsync(Guid? departmentId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>The same figures from the daily rows alone: the reference the monthly rollup is checked against.</summary>
    Task<RollupOverview> OverviewFromDaysAsync(Guid? departmentId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OverdueCount>> OverdueAsync(Guid? departmentId, CancellationToken cancellationToken = default);

    Task<ApplicationSlicePage> ListAsync(ApplicationSliceQuery query, CancellationToken cancellationToken = default);
}

internal sealed class ApplicationRollupReader(SmartGovDbContext db, TimeProvider clock) : IApplicationRollups
{
    public async Task<IReadOnlyList<RollupSlice>> SliceAsync(Guid? departmentId, DateOnly from, DateOnly to, RollupGrouping grouping, CancellationToken cancellationToken = default)
    {
        var rows = db.Set<ApplicationDailyRollup>().AsNoTracking().Where(r => r.Day >= from && r.Day <= to);
        if (departmentId is { } d)
        {
            rows = rows.Where(r => r.DepartmentId == d);
        }
        switch (grouping)
        {
            case RollupGrouping.DayAndChannel:
                return (await rows.GroupBy(r => new { r.Day, r.Channel })
                        .Select(g => new { g.Key.Day, g.Key.Channel, S = g.Sum(r => r.Submitted), A = g.Sum(r => r.Accepted), C = g.Sum(r => r.Completed), T = g.Sum(r => r.CompletedOnTime) })
                        .ToListAsync(cancellationToken))
                    .OrderBy(x => x.Day).ThenBy(x => x.Channel)
                    .Select(x => new RollupSlice(x.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null, x.Day, x.Channel, x.S, x.A, x.C, x.T,
                        x.Channel == ApplicationChannel.Online ? x.S : 0, x.Channel == ApplicationChannel.Window ? x.S : 0)).ToList();
            case RollupGrouping.Department:
                return Fold((await rows.GroupBy(r => new { r.DepartmentId, r.Channel })
                        .Select(g => new { g.Key.DepartmentId, g.Key.Channel, S = g.Sum(r => r.Submitted), A = g.Sum(r => r.Accepted), C = g.Sum(r => r.Completed), T = g.Sum(r => r.CompletedOnTime) })
                        .ToListAsync(cancellationToken))
                    .Select(x => (x.DepartmentId.ToString(), (string?)null, x.Channel, x.S, x.A, x.C, x.T)));
            case RollupGrouping.Item:
                return Fold((await rows.GroupBy(r => new { r.ImplementationCode, r.Channel })
                        .Select(g => new { g.Key.ImplementationCode, g.Key.Channel, Name = g.Max(r => r.ItemName), S = g.Sum(r => r.Submitted), A = g.Sum(r => r.Accepted), C = g.Sum(r => r.Completed), T = g.Sum(r => r.CompletedOnTime) })
                        .ToListAsync(cancellationToken))
                    .Select(x => (x.ImplementationCode, (string?)x.Name, x.Channel, x.S, x.A, x.C, x.T)));
            case RollupGrouping.Hall:
                return Fold((await rows.GroupBy(r => new { r.HallId, r.Channel })
                        .Select(g => new { g.Key.HallId, g.Key.Channel, S = g.Sum(r => r.Submitted), A = g.Sum(r => r.Accepted), C = g.Sum(r => r.Completed), T = g.Sum(r => r.CompletedOnTime) })
                        .ToListAsync(cancellationToken))
                    .Select(x => (x.HallId.ToString(), (string?)null, x.Channel, x.S, x.A, x.C, x.T)));
            default:
                throw new ArgumentOutOfRangeException(nameof(grouping));
        }
    }

    /// <summary>One department × item × hall × channel over a period, and one day × channel: what the overview folds.</summary>
    private sealed record Cell(Guid DepartmentId, string Code, Guid HallId, ApplicationChannel Channel, string? Name, int S, int A, int C, int T);

    private sealed record DayCell(DateOnly Day, ApplicationChannel Channel, int S, int A, int C, int T);

    /// <summary>
    /// Per day from the daily rows (on the day × channel covering index: no row lookups, no sort); per department ×
    /// item × hall × channel from the monthly rows of the whole months in the period and the daily rows of the partial
    /// months at its edges. A year is then ~2,200 monthly rows plus at most two months of daily rows, instead of
    /// 65,700 daily rows, and every request reads the figures as they are (no cache to go stale or to miss).
    /// </summary>
    public Task<RollupOverview> OverviewAsync(Guid? departmentId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        OverviewAsync(departmentId, from, to, true, cancellationToken);

    public Task<RollupOverview> OverviewFromDaysAsync(Guid? departmentId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        OverviewAsync(departmentId, from, to, false, cancellationToken);

    private async Task<RollupOverview> OverviewAsync(Guid? departmentId, DateOnly from, DateOnly to, bool useMonths, CancellationToken cancellationToken)
    {
        var daily = Daily(departmentId, from, to);
        var dayCells = await daily.GroupBy(r => new { r.Day, r.Channel })
            .Select(g => new DayCell(g.Key.Day, g.Key.Channel, g.Sum(r => r.Submitted), g.Sum(r => r.Accepted), g.Sum(r => r.Completed), g.Sum(r => r.CompletedOnTime)))
            .ToListAsync(cancellationToken);
        var cells = new List<Cell>();
        var period = useMonths ? RollupPeriod.Split(from, to) : new RollupPeriod(null, null, [(from, to)]);
        if (period.FirstMonth is { } firstMonth && period.LastMonth is { } lastMonth)
        {
            var months = db.Set<ApplicationMonthlyRollup>().AsNoTracking().Where(r => r.Month >= firstMonth && r.Month <= lastMonth);
            if (departmentId is { } d)
            {
                months = months.Where(r => r.DepartmentId == d);
            }
            cells.AddRange(await months.GroupBy(r => new { r.DepartmentId, r.ImplementationCode, r.HallId, r.Channel })
                .Select(g => new Cell(g.Key.DepartmentId, g.Key.ImplementationCode, g.Key.HallId, g.Key.Channel, g.Max(r => r.ItemName),
                    g.Sum(r => r.Submitted), g.Sum(r => r.Accepted), g.Sum(r => r.Completed), g.Sum(r => r.CompletedOnTime)))
                .ToListAsync(cancellationToken));
        }
        foreach (var (f, t) in period.Days)
        {
            // One row per department × item × hall × channel (hundreds, not the tens of thousands of daily rows).
            cells.AddRange(await Daily(departmentId, f, t).GroupBy(r => new { r.DepartmentId, r.ImplementationCode, r.HallId, r.Channel })
                .Select(g => new Cell(g.Key.DepartmentId, g.Key.ImplementationCode, g.Key.HallId, g.Key.Channel, g.Max(r => r.ItemName),
                    g.Sum(r => r.Submitted), g.Sum(r => r.Accepted), g.Sum(r => r.Completed), g.Sum(r => r.CompletedOnTime)))
                .ToListAsync(cancellationToken));
        }
        if (period.Days.Count + (period.FirstMonth is null ? 0 : 1) > 1)
        {
            cells = cells.GroupBy(c => (c.DepartmentId, c.Code, c.HallId, c.Channel))
                .Select(g => new Cell(g.Key.DepartmentId, g.Key.Code, g.Key.HallId, g.Key.Channel,
                    g.Select(c => c.Name).Where(n => n is not null).OrderByDescending(n => n, StringComparer.Ordinal).FirstOrDefault(),
                    g.Sum(c => c.S), g.Sum(c => c.A), g.Sum(c => c.C), g.Sum(c => c.T)))
                .ToList();
        }
        var days = dayCells.OrderBy(x => x.Day).ThenBy(x => x.Channel)
            .Select(x => new RollupSlice(x.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null, x.Day, x.Channel, x.S, x.A, x.C, x.T,
                x.Channel == ApplicationChannel.Online ? x.S : 0, x.Channel == ApplicationChannel.Window ? x.S : 0)).ToList();
        return new RollupOverview(days,
            Fold(cells.Select(x => (x.DepartmentId.ToString(), (string?)null, x.Channel, x.S, x.A, x.C, x.T))),
            Fold(cells.Select(x => (x.Code, (string?)x.Name, x.Channel, x.S, x.A, x.C, x.T))),
            Fold(cells.Select(x => (x.HallId.ToString(), (string?)null, x.Channel, x.S, x.A, x.C, x.T))));
    }

    private IQueryable<ApplicationDailyRollup> Daily(Guid? departmentId, DateOnly from, DateOnly to)
    {
        var rows = db.Set<ApplicationDailyRollup>().AsNoTracking().Where(r => r.Day >= from && r.Day <= to);
        return departmentId is { } d ? rows.Where(r => r.DepartmentId == d) : rows;
    }

    private static List<RollupSlice> Fold(IEnumerable<(string Key, string? Name, ApplicationChannel Channel, int S, int A, int C, int T)> parts) =>
        parts.GroupBy(p => p.Key).Select(g => new RollupSlice(g.Key, g.Select(p => p.Name).Where(n => n is not null).Max(StringComparer.Ordinal), null, null,
                g.Sum(p => p.S), g.Sum(p => p.A), g.Sum(p => p.C), g.Sum(p => p.T),
                g.Where(p => p.Channel == ApplicationChannel.Online).Sum(p => p.S), g.Where(p => p.Channel == ApplicationChannel.Window).Sum(p => p.S)))
            .OrderByDescending(s => s.Submitted).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<OverdueCount>> OverdueAsync(Guid? departmentId, CancellationToken cancellationToken = default)
    {
        var today = ChinaTime.Today(clock);
        var tasks = db.Set<WorkTask>().AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open && t.DueOn < today);
        if (departmentId is { } d)
        {
            tasks = tasks.Where(t => t.DepartmentId == d);
        }
        var counts = await tasks.GroupBy(t => t.DepartmentId)
            .Select(g => new { g.Key, Steps = g.Count(), Apps = g.Select(t => t.ApplicationId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        return counts.Select(c => new OverdueCount(c.Key, c.Steps, c.Apps)).OrderByDescending(c => c.Applications).ToList();
    }

    public async Task<ApplicationSlicePage> ListAsync(ApplicationSliceQuery query, CancellationToken cancellationToken = default)
    {
        var size = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(1, query.Page);
        IQueryable<Application> apps = db.Set<Application>().AsNoTracking();
        if (query.Overdue)
        {
            // Overdue is "now", not a period: applications with an open step past its due date.
            var today = ChinaTime.Today(clock);
            var late = db.Set<WorkTask>().Where(t => t.Status == WorkTaskStatus.Open && t.DueOn < today);
            if (query.DepartmentId is { } od)
            {
                late = late.Where(t => t.DepartmentId == od);
            }
            apps = apps.Where(a => late.Any(t => t.ApplicationId == a.Id));
        }
        else
        {
            // The same China-date boundaries the rollup uses for the Submit event.
            var fromUtc = DateTime.SpecifyKind(query.From.ToDateTime(TimeOnly.MinValue) - ChinaTime.Offset, DateTimeKind.Utc);
            var toUtc = DateTime.SpecifyKind(query.To.AddDays(1).ToDateTime(TimeOnly.MinValue) - ChinaTime.Offset, DateTimeKind.Utc);
            apps = apps.Where(a => a.SubmittedAt >= fromUtc && a.SubmittedAt < toUtc);
            if (query.DepartmentId is { } d)
            {
                apps = apps.Where(a => a.DepartmentId == d);
            }
        }
        if (query.Channel is { } c)
        {
            apps = apps.Where(a => a.Channel == c);
        }
        if (!string.IsNullOrEmpty(query.ImplementationCode))
        {
            apps = apps.Where(a => a.ImplementationCode == query.ImplementationCode);
        }
        if (query.HallId is { } h)
        {
            apps = h == Guid.Empty ? apps.Where(a => a.HallId == null) : apps.Where(a => a.HallId == h);
        }
        var rows = await apps.OrderByDescending(a => a.SubmittedAt).ThenBy(a => a.Id)
            .Skip((page - 1) * size).Take(size + 1)
            .Select(a => new ApplicationSliceRow(a.Id, a.Number, a.ItemName, a.ImplementationCode, a.DepartmentId, a.Channel, a.HallId, a.Status,
                a.SubmittedAt, a.DueOn, a.CompletedAt, a.OnTime))
            .ToListAsync(cancellationToken);
        return new ApplicationSlicePage(rows.Take(size).ToList(), page, size, rows.Count > size);
    }
}
