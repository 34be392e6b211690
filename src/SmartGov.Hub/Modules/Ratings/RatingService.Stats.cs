using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Ratings.Model;

namespace SmartGov.Hub.Modules.Ratings;

/// <summary>Statistics by item, department or hall: count, average, 好评 (4–5) and 差评 (1–2) shares, rectification closure rate.</summary>
public sealed partial class RatingService
{
    public static readonly IReadOnlyList<string> Groupings = ["item", "department", "hall"];

    /// <summary>The key of ratings given without a hall (online applications).</summary>
    public const string OnlineKey = "online";

    /// <summary>
    /// Ratings given on days in [<paramref name="from"/>, <paramref name="to"/>] (both inclusive, China dates). A department
    /// leader without the supervisor or evaluator role sees only their own department's ratings.
    /// </summary>
    public async Task<RatingResult<RatingStats>> StatsAsync(ClaimsPrincipal user, string? by, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        if (!MayReadStats(user))
        {
            return new(null, Forbidden: ("评价统计仅供督查、评估人员和部门负责人查看", "Rating statistics are for supervisors, evaluators and department leaders."));
        }
        by = string.IsNullOrWhiteSpace(by) ? "department" : by.Trim().ToLowerInvariant();
        var errors = new List<FieldError>();
        if (!Groupings.Contains(by))
        {
            errors.Add(new FieldError("by", "stats.by", "统计维度应为 item（事项）、department（部门）或 hall（大厅）", "Group by item, department or hall."));
        }
        if (from is { } f && to is { } t && f > t)
        {
            errors.Add(new FieldError("from", "stats.range", "开始日期不能晚于结束日期", "The start date is after the end date."));
        }
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        Guid? scope = user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Evaluator) ? null : user.GetDepartmentId();

        var ratings = db.Set<Rating>().AsNoTracking();
        var rects = db.Set<Rectification>().AsNoTracking();
        if (scope is { } d)
        {
            ratings = ratings.Where(r => r.DepartmentId == d);
            rects = rects.Where(r => r.DepartmentId == d);
        }
        if (from is { } from1)
        {
            ratings = ratings.Where(r => r.RatedOn >= from1);
            rects = rects.Where(r => r.OpenedOn >= from1);
        }
        if (to is { } to1)
        {
            ratings = ratings.Where(r => r.RatedOn <= to1);
            rects = rects.Where(r => r.OpenedOn <= to1);
        }

        List<Agg> groups;
        List<(string Key, int Count, int Closed)> rectGroups;
        var names = new Dictionary<string, string>();
        switch (by)
        {
            case "item":
                groups = (await ratings.GroupBy(r => r.ItemCode).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(x => x.Score),
                        Good = g.Count(x => x.Score >= 4), Bad = g.Count(x => x.Score <= 2), Name = g.Max(x => x.ItemName) }).ToListAsync(ct))
                    .Select(g => { names[g.Key] = g.Name ?? g.Key; return new Agg(g.Key, g.Count, g.Sum, g.Good, g.Bad); }).ToList();
                rectGroups = (await rects.GroupBy(r => r.ItemCode).Select(g => new { g.Key, Count = g.Count(), Closed = g.Count(x => x.Status == RectificationStatus.Closed) })
                    .ToListAsync(ct)).Select(g => (g.Key, g.Count, g.Closed)).ToList();
                break;
            case "hall":
                groups = (await ratings.GroupBy(r => r.HallId).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(x => x.Score),
                        Good = g.Count(x => x.Score >= 4), Bad = g.Count(x => x.Score <= 2) }).ToListAsync(ct))
                    .Select(g => new Agg(g.Key?.ToString() ?? OnlineKey, g.Count, g.Sum, g.Good, g.Bad)).ToList();
                rectGroups = (await rects.GroupBy(r => r.HallId).Select(g => new { g.Key, Count = g.Count(), Closed = g.Count(x => x.Status == RectificationStatus.Closed) })
                    .ToListAsync(ct)).Select(g => (g.Key?.ToString() ?? OnlineKey, g.Count, g.Closed)).ToList();
                foreach (var h in await organizations.ListServiceHallsAsync(ct))
                {
                    names[h.Id.ToString()] = h.Name;
                }
                names[OnlineKey] = Problems.IsChinese ? "网上办理（无大厅）" : "Online (no hall)";
                break;
            default:
                groups = (await ratings.GroupBy(r => r.DepartmentId).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(x => x.Score),
                        Good = g.Count(x => x.Score >= 4), Bad = g.Count(x => x.Score <= 2) }).ToListAsync(ct))
                    .Select(g => new Agg(g.Key.ToString(), g.Count, g.Sum, g.Good, g.Bad)).ToList();
                rectGroups = (await rects.GroupBy(r => r.DepartmentId).Select(g => new { g.Key, Count = g.Count(), Closed = g.Count(x => x.Status == RectificationStatus.Closed) })
                    .ToListAsync(ct)).Select(g => (g.Key.ToString(), g.Count, g.Closed)).ToList();
                foreach (var (id, name) in await DepartmentNamesAsync(ct))
                {
                    names[id.ToString()] = name;
                }
                break;
        }
        var rectByKey = rectGroups.ToDictionary(g => g.Key, g => (g.Count, g.Closed));
        var rows = groups.Select(g =>
            {
                var (rc, closed) = rectByKey.GetValueOrDefault(g.Key);
                return Row(g.Key, names.GetValueOrDefault(g.Key) ?? g.Key, g.Count, g.Sum, g.Good, g.Bad, rc, closed);
            })
            .OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var total = Row("total", Problems.IsChinese ? "合计" : "Total", groups.Sum(g => g.Count), groups.Sum(g => g.Sum), groups.Sum(g => g.Good),
            groups.Sum(g => g.Bad), rectGroups.Sum(g => g.Count), rectGroups.Sum(g => g.Closed));
        return new(new RatingStats(by, from, to, scope, rows, total));
    }

    private sealed record Agg(string Key, int Count, long Sum, int Good, int Bad);

    private static RatingStatsRow Row(string key, string name, int count, long sum, int good, int bad, int rects, int closed) =>
        new(key, name, count, count == 0 ? 0 : Math.Round((double)sum / count, 2), good, bad,
            count == 0 ? 0 : Math.Round((double)good / count, 4), count == 0 ? 0 : Math.Round((double)bad / count, 4),
            rects, closed, rects == 0 ? null : Math.Round((double)closed / rects, 4));
}
