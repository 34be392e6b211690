using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Catalog.Model;
using SmartGov.Hub.Modules.Evaluation;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Hub.Modules.Catalog;

/// <summary>China time boundaries of an evaluation period, as UTC instants [start, end).</summary>
internal static class Period
{
    public static (DateTime Start, DateTime End) Utc(DateOnly from, DateOnly to) => (CatalogSharing.StartUtc(from), CatalogSharing.StartUtc(to.AddDays(1)));

    public static DateOnly ChinaDate(DateTime utc) => ChinaTime.ToDate(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
}

/// <summary>
/// 资源编目数: the resources the department has catalogued by the end of the period. Ten or more score 100; fewer
/// score 10 points each (the catalog guideline expects every department to catalogue its core data).
/// </summary>
internal sealed class CatalogResourcesRule(SmartGovDbContext db) : IIndicatorRule
{
    public const int Target = 10;

    public string Name => "catalog.resources";

    public string TitleZh => "信息资源编目数";

    public string TitleEn => "Resources catalogued";

    public async Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var (_, end) = Period.Utc(from, to);
        var count = await db.Set<DataResource>().AsNoTracking().CountAsync(r => r.ProviderDepartmentId == departmentId && r.CreatedAt < end, ct);
        return IndicatorValue.Of(Math.Min(100, count * 100.0 / Target), count, count.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// The same figure under the name the demo indicator system (EvaluationDemoSeeder, B1) gives it, so that system scores
/// it without a change there.
/// </summary>
internal sealed class CatalogResourcesAliasRule(SmartGovDbContext db) : IIndicatorRule
{
    private readonly CatalogResourcesRule _rule = new(db);

    public string Name => "sharing.resources-catalogued";

    public string TitleZh => _rule.TitleZh;

    public string TitleEn => _rule.TitleEn;

    public Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct) => _rule.ComputeAsync(departmentId, from, to, ct);
}

/// <summary>
/// 共享申请办结率: of the requests the department received in the period, the share decided (granted or rejected,
/// including automatic grants of unconditional resources). Requests withdrawn before a decision do not count.
/// </summary>
internal sealed class SharingRequestsServedRule(SmartGovDbContext db) : IIndicatorRule
{
    public string Name => "sharing.requests-served";

    public string TitleZh => "共享申请办结率";

    public string TitleEn => "Sharing requests decided";

    public async Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var (start, end) = Period.Utc(from, to);
        var received = await db.Set<SharingRequest>().AsNoTracking()
            .Where(r => r.ProviderDepartmentId == departmentId && r.RequestedAt >= start && r.RequestedAt < end)
            .Where(r => r.Status != SharingRequestStatus.Revoked || r.DecidedAt != null)
            .Select(r => r.DecidedAt).ToListAsync(ct);
        if (received.Count == 0)
        {
            return IndicatorValue.NotAvailable("期间内没有收到共享申请", "No sharing requests were received in the period.");
        }
        var decided = received.Count(d => d is not null);
        var rate = (double)decided / received.Count;
        return IndicatorValue.Of(rate * 100, rate, string.Create(CultureInfo.InvariantCulture, $"{decided}/{received.Count}"));
    }
}

/// <summary>
/// 共享申请平均办理时长: the average working days (holiday calendar) from request to decision of the requests the
/// department decided in the period, automatic grants left out. The 政务信息资源共享管理暂行办法 (国发〔2016〕51号)
/// gives a provider 10 working days to answer a conditional request: 0 days scores 100, 10 or more score 0.
/// </summary>
internal sealed class SharingTurnaroundRule(SmartGovDbContext db, IWorkingCalendar calendar) : IIndicatorRule
{
    public const int LimitDays = 10;

    public string Name => "sharing.turnaround";

    public string TitleZh => "共享申请平均办理时长";

    public string TitleEn => "Sharing request turnaround";

    public async Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var (start, end) = Period.Utc(from, to);
        var decided = await db.Set<SharingRequest>().AsNoTracking()
            .Where(r => r.ProviderDepartmentId == departmentId && r.DecidedAt >= start && r.DecidedAt < end && r.DecidedBy != null)
            .Select(r => new { r.RequestedAt, r.DecidedAt }).ToListAsync(ct);
        if (decided.Count == 0)
        {
            return IndicatorValue.NotAvailable("期间内没有人工审核的共享申请", "No sharing requests were decided by a person in the period.");
        }
        var cal = await calendar.GetAsync(ct);
        var average = decided.Average(r => cal.CountWorkingDays(Period.ChinaDate(r.RequestedAt), Period.ChinaDate(r.DecidedAt!.Value)));
        return IndicatorValue.Of(100 - average * 100 / LimitDays, Math.Round(average, 2),
            string.Create(CultureInfo.InvariantCulture, $"{average:0.0} 个工作日（{decided.Count}）"));
    }
}
