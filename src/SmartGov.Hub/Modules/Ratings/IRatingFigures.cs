using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Ratings.Model;

namespace SmartGov.Hub.Modules.Ratings;

/// <summary>One week of 好差评 (weeks start on Monday, China dates): how many ratings and their average score (1..5).</summary>
public sealed record SatisfactionWeek(DateOnly WeekStart, int Ratings, double Average, int Poor);

/// <summary>An item's ratings over a period; Poor counts 1- and 2-star ratings (差评).</summary>
public sealed record RatedItem(string ItemCode, string ItemName, int Ratings, double Average, int Poor);

public sealed record RatingRow(Guid ApplicationId, string ApplicationNumber, string ItemCode, string ItemName, Guid DepartmentId, int Score,
    string? Comment, DateOnly RatedOn);

public sealed record RatingPage(IReadOnlyList<RatingRow> Items, int Page, int PageSize, bool HasMore);

/// <summary>
/// The Ratings module's figures for the dashboards. Ratings are one per application and far fewer than history lines,
/// so these group in SQL over the (RatedOn, DepartmentId) / (DepartmentId, RatedOn) indexes; no extra rollup is needed.
/// </summary>
public interface IRatingFigures
{
    Task<IReadOnlyList<SatisfactionWeek>> WeeklyAsync(Guid? departmentId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RatedItem>> WorstItemsAsync(Guid? departmentId, DateOnly from, DateOnly to, int top, CancellationToken cancellationToken = default);

    Task<RatingPage> ListAsync(Guid? departmentId, DateOnly from, DateOnly to, string? itemCode, int? maxScore, int page, int pageSize,
        CancellationToken cancellationToken = default);
}

internal sealed class RatingFigures(SmartGovDbContext db) : IRatingFigures
{
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private IQueryable<Rating> Period(Guid? departmentId, DateOnly from, DateOnly to)
    {
        var q = db.Set<Rating>().AsNoTracking().Where(r => r.RatedOn >= from && r.RatedOn <= to);
        return departmentId is { } d ? q.Where(r => r.DepartmentId == d) : q;
    }

    public async Task<IReadOnlyList<SatisfactionWeek>> WeeklyAsync(Guid? departmentId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var days = await Period(departmentId, from, to).GroupBy(r => r.RatedOn)
            .Select(g => new { Day = g.Key, N = g.Count(), Sum = g.Sum(r => r.Score), Poor = g.Count(r => r.Score <= 2) })
            .ToListAsync(cancellationToken);
        return days.GroupBy(d => WeekStart(d.Day)).OrderBy(g => g.Key)
            .Select(g => new SatisfactionWeek(g.Key, g.Sum(d => d.N), Math.Round((double)g.Sum(d => d.Sum) / g.Sum(d => d.N), 2), g.Sum(d => d.Poor)))
            .ToList();
    }

    public async Task<IReadOnlyList<RatedItem>> WorstItemsAsync(Guid? departmentId, DateOnly from, DateOnly to, int top, CancellationToken cancellationToken = default)
    {
        var items = await Period(departmentId, from, to).GroupBy(r => r.ItemCode)
            .Select(g => new { Code = g.Key, Name = g.Max(r => r.ItemName), N = g.Count(), Sum = g.Sum(r => r.Score), Poor = g.Count(r => r.Score <= 2) })
            .ToListAsync(cancellationToken);
        return items.Select(i => new RatedItem(i.Code, i.Name ?? i.Code, i.N, Math.Round((double)i.Sum / i.N, 2), i.Poor))
            .OrderBy(i => i.Average).ThenByDescending(i => i.Poor).ThenBy(i => i.ItemCode, StringComparer.Ordinal)
            .Take(Math.Clamp(top, 1, 100)).ToList();
    }

    public async Task<RatingPage> ListAsync(Guid? departmentId, DateOnly from, DateOnly to, string? itemCode, int? maxScore, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        var size = Math.Clamp(pageSize, 1, 200);
        page = Math.Max(1, page);
        var q = Period(departmentId, from, to);
        if (!string.IsNullOrEmpty(itemCode))
        {
            q = q.Where(r => r.ItemCode == itemCode);
        }
        if (maxScore is { } m)
        {
            q = q.Where(r => r.Score <= m);
        }
        var rows = await q.OrderBy(r => r.Score).ThenByDescending(r => r.RatedAt).ThenBy(r => r.Id)
            .Skip((page - 1) * size).Take(size + 1)
            .Select(r => new RatingRow(r.ApplicationId, r.ApplicationNumber, r.ItemCode, r.ItemName, r.DepartmentId, r.Score, r.Comment, r.RatedOn))
            .ToListAsync(cancellationToken);
        return new RatingPage(rows.Take(size).ToList(), page, size, rows.Count > size);
    }
}
