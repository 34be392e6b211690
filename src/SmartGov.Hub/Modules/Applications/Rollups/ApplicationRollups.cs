using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Model;

namespace SmartGov.Hub.Modules.Applications.Rollups;

/// <summary>
/// Daily counts per department, item, hall and channel (China dates): what the dashboards read instead of scanning a
/// million applications. Kept up to date from the append-only history (application_events) by <see cref="ApplicationRollupWorker"/>.
/// </summary>
public sealed class ApplicationDailyRollup : IRollupCounts
{
    public DateOnly Day { get; set; }
    public Guid DepartmentId { get; set; }
    public required string ImplementationCode { get; set; }
    public required string ItemName { get; set; }

    /// <summary>The hall for window applications, <see cref="Guid.Empty"/> online.</summary>
    public Guid HallId { get; set; }
    public ApplicationChannel Channel { get; set; }
    public int Submitted { get; set; }
    public int Accepted { get; set; }
    public int IntakeRefused { get; set; }
    public int SupplementRequests { get; set; }
    public int Approved { get; set; }
    public int Denied { get; set; }
    public int Completed { get; set; }
    public int CompletedOnTime { get; set; }
    public int Withdrawn { get; set; }
}

/// <summary>How far the rollup has read the history; the token keeps two nodes from counting one batch twice.</summary>
public sealed class RollupCheckpoint
{
    public required string Name { get; set; }
    public long LastEventId { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class ApplicationDailyRollupConfiguration : IEntityTypeConfiguration<ApplicationDailyRollup>
{
    public void Configure(EntityTypeBuilder<ApplicationDailyRollup> b)
    {
        b.ToTable("application_daily_rollups");
        b.HasKey(x => new { x.Day, x.DepartmentId, x.ImplementationCode, x.HallId, x.Channel });
        b.Property(x => x.ImplementationCode).HasMaxLength(40);
        b.Property(x => x.ItemName).HasMaxLength(200);
        b.HasIndex(x => new { x.DepartmentId, x.Day });
        // The per-day chart (day × channel over up to a year): read from this index alone, in its order, without a
        // lookup of each row or a temporary B-tree for the GROUP BY (65,700 rows for a city-wide year).
        b.HasIndex(x => new { x.Day, x.Channel, x.DepartmentId, x.Submitted, x.Accepted, x.Completed, x.CompletedOnTime })
            .HasDatabaseName("IX_application_daily_rollups_day_channel_sums");
    }
}

internal sealed class RollupCheckpointConfiguration : IEntityTypeConfiguration<RollupCheckpoint>
{
    public void Configure(EntityTypeBuilder<RollupCheckpoint> b)
    {
        b.ToTable("rollup_checkpoints");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(40);
        b.Property(x => x.LastEventId).IsConcurrencyToken();
    }
}

/// <summary>
/// Folds new history lines into the daily and monthly rollups, in batches, each batch and its checkpoint in one transaction.
/// A pass folds lines in id order and stops at the first line younger than <see cref="SettleTime"/>: that line and
/// every line after it wait for the next pass, so that a transaction that took its id earlier but committed later is
/// not skipped, and a line written now is never passed over by the checkpoint because older-dated lines (an import,
/// a backfill) were written after it. A line dated more than <see cref="ClockSkew"/> ahead of the clock cannot be in
/// flight and does not hold the fold back.
/// </summary>
public sealed class ApplicationRollup(SmartGovDbContext db, TimeProvider clock)
{
    public const string CheckpointName = "applications";
    public static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);
    private const int Batch = 5000;

    /// <summary>Runs batches until caught up; returns the number of history lines folded in.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var n = await RunBatchAsync(ct);
            total += n;
            if (n < Batch)
            {
                return total;
            }
        }
    }

    private async Task<int> RunBatchAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var checkpoint = await db.Set<RollupCheckpoint>().FirstOrDefaultAsync(c => c.Name == CheckpointName, ct);
        if (checkpoint is null)
        {
            checkpoint = new RollupCheckpoint { Name = CheckpointName };
            db.Add(checkpoint);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var (settled, horizon) = (now - SettleTime, now + ClockSkew);
        var events = await db.Set<ApplicationEvent>().AsNoTracking()
            .Where(e => e.Id > checkpoint.LastEventId)
            .OrderBy(e => e.Id).Take(Batch)
            .Select(e => new { e.Id, e.ApplicationId, e.At, e.Action, e.ToStatus }).ToListAsync(ct);
        var unsettled = events.FindIndex(e => e.At > settled && e.At <= horizon);
        if (unsettled >= 0)
        {
            events.RemoveRange(unsettled, events.Count - unsettled);
        }
        if (events.Count == 0)
        {
            if (db.Entry(checkpoint).State == EntityState.Added)
            {
                await db.SaveChangesAsync(ct);
            }
            return 0;
        }
        var ids = events.Select(e => e.ApplicationId).Distinct().ToList();
        var apps = new Dictionary<Guid, (Guid Dept, string Code, string Name, Guid Hall, ApplicationChannel Channel, bool? OnTime)>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var a in await db.Set<Application>().AsNoTracking().Where(a => chunk.Contains(a.Id))
                         .Select(a => new { a.Id, a.DepartmentId, a.ImplementationCode, a.ItemName, a.HallId, a.Channel, a.OnTime }).ToListAsync(ct))
            {
                apps[a.Id] = (a.DepartmentId, a.ImplementationCode, a.ItemName, a.HallId ?? Guid.Empty, a.Channel, a.OnTime);
            }
        }
        var deltas = new Dictionary<(DateOnly, Guid, string, Guid, ApplicationChannel), ApplicationDailyRollup>();
        foreach (var e in events)
        {
            if (!apps.TryGetValue(e.ApplicationId, out var a))
            {
                continue;
            }
            var day = ChinaTime.ToDate(new DateTimeOffset(e.At, TimeSpan.Zero));
            var key = (day, a.Dept, a.Code, a.Hall, a.Channel);
            if (!deltas.TryGetValue(key, out var r))
            {
                deltas[key] = r = new ApplicationDailyRollup { Day = day, DepartmentId = a.Dept, ImplementationCode = a.Code, ItemName = a.Name, HallId = a.Hall, Channel = a.Channel };
            }
            switch (e.Action)
            {
                case ApplicationAction.Submit: r.Submitted++; break;
                case ApplicationAction.Accept: r.Accepted++; break;
                case ApplicationAction.RefuseIntake: r.IntakeRefused++; break;
                case ApplicationAction.RequestSupplement: r.SupplementRequests++; break;
                case ApplicationAction.Withdraw: r.Withdrawn++; break;
                case ApplicationAction.Approve when e.ToStatus == ApplicationStatus.Decided: r.Approved++; break;
                case ApplicationAction.Deny when e.ToStatus == ApplicationStatus.Decided: r.Denied++; break;
                case ApplicationAction.IssueResult:
                    r.Completed++;
                    if (a.OnTime == true)
                    {
                        r.CompletedOnTime++;
                    }
                    break;
            }
        }
        var days = deltas.Keys.Select(k => k.Item1).Distinct().ToList();
        var depts = deltas.Keys.Select(k => k.Item2).Distinct().ToList();
        var existing = (await db.Set<ApplicationDailyRollup>().Where(r => days.Contains(r.Day) && depts.Contains(r.DepartmentId)).ToListAsync(ct))
            .ToDictionary(r => (r.Day, r.DepartmentId, r.ImplementationCode, r.HallId, r.Channel));
        foreach (var (key, d) in deltas)
        {
            if (existing.TryGetValue(key, out var r))
            {
                r.Submitted += d.Submitted;
                r.Accepted += d.Accepted;
                r.IntakeRefused += d.IntakeRefused;
                r.SupplementRequests += d.SupplementRequests;
                r.Approved += d.Approved;
                r.Denied += d.Denied;
                r.Completed += d.Completed;
                r.CompletedOnTime += d.CompletedOnTime;
                r.Withdrawn += d.Withdrawn;
                r.ItemName = d.ItemName;
            }
            else
            {
                db.Add(d);
            }
        }
        await FoldMonthsAsync(deltas.Values, ct);
        checkpoint.LastEventId = events[^1].Id;
        checkpoint.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node folded this batch in first (checkpoint token, or the same new rollup row): nothing lost.
            db.ChangeTracker.Clear();
            return 0;
        }
        return events.Count;
    }

    /// <summary>
    /// The batch's daily deltas added to their months' rows, in the same transaction as the daily rows and the
    /// checkpoint: a month's row stays the sum of its days' rows.
    /// </summary>
    private async Task FoldMonthsAsync(IEnumerable<ApplicationDailyRollup> daily, CancellationToken ct)
    {
        var deltas = new Dictionary<(DateOnly, Guid, string, Guid, ApplicationChannel), ApplicationMonthlyRollup>();
        foreach (var d in daily)
        {
            var key = (RollupPeriod.MonthOf(d.Day), d.DepartmentId, d.ImplementationCode, d.HallId, d.Channel);
            if (!deltas.TryGetValue(key, out var m))
            {
                deltas[key] = m = new ApplicationMonthlyRollup { Month = key.Item1, DepartmentId = d.DepartmentId, ImplementationCode = d.ImplementationCode,
                    ItemName = d.ItemName, HallId = d.HallId, Channel = d.Channel };
            }
            Add(m, d);
        }
        var months = deltas.Keys.Select(k => k.Item1).Distinct().ToList();
        var depts = deltas.Keys.Select(k => k.Item2).Distinct().ToList();
        var existing = (await db.Set<ApplicationMonthlyRollup>().Where(r => months.Contains(r.Month) && depts.Contains(r.DepartmentId)).ToListAsync(ct))
            .ToDictionary(r => (r.Month, r.DepartmentId, r.ImplementationCode, r.HallId, r.Channel));
        foreach (var (key, d) in deltas)
        {
            if (existing.TryGetValue(key, out var r))
            {
                Add(r, d);
            }
            else
            {
                db.Add(d);
            }
        }
    }

    private static void Add(ApplicationMonthlyRollup m, IRollupCounts d)
    {
        m.Submitted += d.Submitted;
        m.Accepted += d.Accepted;
        m.IntakeRefused += d.IntakeRefused;
        m.SupplementRequests += d.SupplementRequests;
        m.Approved += d.Approved;
        m.Denied += d.Denied;
        m.Completed += d.Completed;
        m.CompletedOnTime += d.CompletedOnTime;
        m.Withdrawn += d.Withdrawn;
        // The month answers for its days as MAX(ItemName) over their rows does (ordinal): an item renamed mid-month keeps the greater name.
        if (string.CompareOrdinal(d.ItemName, m.ItemName) > 0)
        {
            m.ItemName = d.ItemName;
        }
    }
}

internal sealed partial class ApplicationRollupWorker(IServiceScopeFactory scopes, IOptions<ApplicationsOptions> options, ILogger<ApplicationRollupWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ms = options.Value.RollupIntervalMilliseconds;
        if (ms <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(ms));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ApplicationRollup>().RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Application rollup failed; it retries on the next tick")]
    private partial void LogFailed(Exception ex);
}
