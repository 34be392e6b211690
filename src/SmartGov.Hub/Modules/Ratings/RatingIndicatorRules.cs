using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Evaluation;
using SmartGov.Hub.Modules.Ratings.Model;

namespace SmartGov.Hub.Modules.Ratings;

/// <summary>好差评 平均分 for evaluation: the department's ratings given in the period; 5 stars = 100 points.</summary>
internal sealed class AverageRatingRule(SmartGovDbContext db) : IIndicatorRule
{
    public string Name => "ratings.average-score";

    public string TitleZh => "好差评平均分";

    public string TitleEn => "Average rating score";

    public async Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var scores = await db.Set<Rating>().AsNoTracking().Where(r => r.DepartmentId == departmentId && r.RatedOn >= from && r.RatedOn <= to)
            .Select(r => r.Score).ToListAsync(ct);
        if (scores.Count == 0)
        {
            return IndicatorValue.NotAvailable("期间内没有评价", "No ratings in the period.");
        }
        var average = scores.Average();
        return IndicatorValue.Of(Math.Round(average * 20, 2), Math.Round(average, 2),
            string.Create(CultureInfo.InvariantCulture, $"{average:0.00} / 5（{scores.Count}）"));
    }
}

/// <summary>差评整改办结率 for evaluation: of the rectifications opened in the period, the share closed.</summary>
internal sealed class RectificationClosureRule(SmartGovDbContext db) : IIndicatorRule
{
    public string Name => "ratings.rectification-closure";

    public string TitleZh => "差评整改办结率";

    public string TitleEn => "Rectification closure rate";

    public async Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var opened = db.Set<Rectification>().AsNoTracking().Where(r => r.DepartmentId == departmentId && r.OpenedOn >= from && r.OpenedOn <= to);
        var total = await opened.CountAsync(ct);
        if (total == 0)
        {
            return IndicatorValue.NotAvailable("期间内没有差评整改", "No rectifications were opened in the period.");
        }
        var closed = await opened.CountAsync(r => r.Status == RectificationStatus.Closed, ct);
        var rate = (double)closed / total;
        return IndicatorValue.Of(Math.Round(rate * 100, 2), rate, string.Create(CultureInfo.InvariantCulture, $"{closed}/{total}"));
    }
}
