using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Model;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>
/// Counts over a period [From, To) for one department (or all): what evaluation indicators are computed from.
/// Submissions count by their submission time, completions by their completion time.
/// </summary>
public sealed record ApplicationFigures(
    int Submitted,
    int Online,
    int Window,
    int ZeroVisit,
    int Completed,
    int CompletedOnTime,
    int WithSupplement,
    int IntakeRefused)
{
    public double? OnlineRate => Submitted == 0 ? null : (double)Online / Submitted;

    public double? ZeroVisitRate => Submitted == 0 ? null : (double)ZeroVisit / Submitted;

    public double? OnTimeRate => Completed == 0 ? null : (double)CompletedOnTime / Completed;

    public double? SupplementRate => Submitted == 0 ? null : (double)WithSupplement / Submitted;
}

/// <summary>The Applications module's figures for other modules (evaluation, dashboards).</summary>
public interface IApplicationStatistics
{
    Task<ApplicationFigures> FiguresAsync(Guid? departmentId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default);
}

internal sealed class ApplicationStatistics(SmartGovDbContext db) : IApplicationStatistics
{
    public async Task<ApplicationFigures> FiguresAsync(Guid? departmentId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var apps = db.Set<Application>().AsNoTracking();
        if (departmentId is { } d)
        {
            apps = apps.Where(a => a.DepartmentId == d);
        }
        var submitted = apps.Where(a => a.SubmittedAt >= fromUtc && a.SubmittedAt < toUtc);
        var zeroVisit = await submitted.CountAsync(a => a.Visits == 0, cancellationToken);
        var refused = await submitted.CountAsync(a => a.Status == ApplicationStatus.IntakeRefused, cancellationToken);
        var withSupplement = await submitted.CountAsync(a => db.Set<ApplicationEvent>().Any(e => e.ApplicationId == a.Id && e.Action == ApplicationAction.RequestSupplement), cancellationToken);
        // Submissions by channel and completions are what the rollups count (plus the history not folded yet): read there.
        if (await Rollups.RollupTotals.TryReadAsync(db, departmentId, fromUtc, toUtc, cancellationToken) is { } totals)
        {
            return new ApplicationFigures(totals.Online + totals.Window, totals.Online, totals.Window, zeroVisit, totals.Completed, totals.CompletedOnTime,
                withSupplement, refused);
        }
        var byChannel = await submitted.GroupBy(a => a.Channel).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var completed = apps.Where(a => a.Status == ApplicationStatus.Completed && a.CompletedAt >= fromUtc && a.CompletedAt < toUtc);
        var done = await completed.CountAsync(cancellationToken);
        var onTime = await completed.CountAsync(a => a.OnTime == true, cancellationToken);
        var online = byChannel.Where(c => c.Key == ApplicationChannel.Online).Sum(c => c.Count);
        var window = byChannel.Where(c => c.Key == ApplicationChannel.Window).Sum(c => c.Count);
        return new ApplicationFigures(online + window, online, window, zeroVisit, done, onTime, withSupplement, refused);
    }
}
