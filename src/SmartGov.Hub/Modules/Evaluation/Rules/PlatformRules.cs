using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Supervision;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Evaluation.Model;

namespace SmartGov.Hub.Modules.Evaluation.Rules;

/// <summary>Period helpers: a round's days are China dates; the platform stores UTC instants.</summary>
internal static class Period
{
    public static DateTime StartUtc(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).UtcDateTime;

    /// <summary>The instant just after <paramref name="lastDay"/> ends: the exclusive upper bound.</summary>
    public static DateTime EndUtc(DateOnly lastDay) => StartUtc(lastDay.AddDays(1));
}

/// <summary>
/// One-stop service rules from the Applications module's figures (IApplicationStatistics): a share of the period's
/// submissions (or completions), as a percent. Lower-is-better rates score 100 − rate.
/// </summary>
public sealed class ApplicationRateRule(
    string name, string titleZh, string titleEn, Func<ApplicationFigures, (int Part, int Whole)> pick, bool lowerIsBetter,
    IApplicationStatistics statistics) : IIndicatorRule
{
    public string Name => name;
    public string TitleZh => titleZh;
    public string TitleEn => titleEn;

    public async Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var figures = await statistics.FiguresAsync(departmentId, Period.StartUtc(from), Period.EndUtc(to), ct);
        var (part, whole) = pick(figures);
        if (whole == 0)
        {
            return IndicatorValue.NotAvailable("期内没有可统计的办件", "No applications to count in the period.");
        }
        var rate = 100.0 * part / whole;
        return IndicatorValue.Of(lowerIsBetter ? 100 - rate : rate, Math.Round(rate, 2), $"{part}/{whole}");
    }

    public const string OnlineRate = "onestop.online-rate";
    public const string ZeroVisitRate = "onestop.zero-visit-rate";
    public const string OnTimeRate = "onestop.on-time-rate";
    public const string SupplementRate = "onestop.supplement-rate";
}

/// <summary>A rule whose data does not exist on the platform yet: always "not available", with the reason.</summary>
public sealed class UnavailableRule(string name, string titleZh, string titleEn, string reasonZh, string reasonEn) : IIndicatorRule
{
    public string Name => name;
    public string TitleZh => titleZh;
    public string TitleEn => titleEn;

    public Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct) =>
        Task.FromResult(IndicatorValue.NotAvailable(reasonZh, reasonEn));
}

/// <summary>
/// On-time completion of key tasks (督查事项按时办结率): the Supervision module's timeliness score of the department, over
/// the sub-tasks due in the round's period that it leads (weight 1) or co-operates on (weight 0.5, docs/supervision.md).
/// </summary>
public sealed class SupervisionOnTimeRule(SupervisionService supervision) : IIndicatorRule
{
    public const string RuleName = "supervision.on-time";
    public string Name => RuleName;
    public string TitleZh => "重点任务按时办结率";
    public string TitleEn => "Key tasks completed on time";

    public async Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var score = (await supervision.ScoresAsync(from, to, ct)).FirstOrDefault(s => s.DepartmentId == departmentId);
        return score is null
            ? IndicatorValue.NotAvailable("本部门在本期没有到期的牵头或配合督办任务", "The department leads or co-operates on no supervised sub-tasks due in the period.")
            : IndicatorValue.Of(score.Timeliness, score.Timeliness, $"{score.Done}/{score.SubTasks}");
    }
}

/// <summary>
/// Audit coverage (审计覆盖): of the department's staff reads of personal data in the period, the share whose audit
/// entry names the person and states a purpose (用途), from IAuditQuery.
/// </summary>
public sealed class AuditCoverageRule(IAuditQuery audit) : IIndicatorRule
{
    public const string RuleName = "security.audit-coverage";
    public string Name => RuleName;
    public string TitleZh => "个人信息访问审计覆盖率";
    public string TitleEn => "Audit coverage of personal-data reads";

    public async Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        int total = 0, covered = 0;
        foreach (var action in AuditActions.PersonalDataAccess)
        {
            var filter = new AuditFilter(Action: action, DepartmentId: departmentId, From: Period.StartUtc(from), To: Period.EndUtc(to));
            for (var skip = 0; ; skip += 1000)
            {
                var page = await audit.FindEntriesAsync(filter, skip, 1000, ct);
                total += page.Count;
                covered += page.Count(e => !string.IsNullOrWhiteSpace(e.Purpose) && !string.IsNullOrWhiteSpace(e.PersonIndex));
                if (page.Count < 1000)
                {
                    break;
                }
            }
        }
        return total == 0
            ? IndicatorValue.NotAvailable("期内本部门没有个人信息访问记录", "No personal-data reads by the department in the period.")
            : IndicatorValue.Of(100.0 * covered / total, Math.Round(100.0 * covered / total, 2), $"{covered}/{total}");
    }
}

/// <summary>Security incidents (安全事件) in the period, entered by hand: 100 with none, 25 points off for each.</summary>
public sealed class IncidentsRule(SmartGovDbContext db) : IIndicatorRule
{
    public const string RuleName = "security.incidents";
    public const int PointsPerIncident = 25;
    public string Name => RuleName;
    public string TitleZh => "网络安全事件";
    public string TitleEn => "Security incidents";

    public async Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var count = await db.Set<SecurityIncident>().CountAsync(i => i.DepartmentId == departmentId && i.OccurredOn >= from && i.OccurredOn <= to, ct);
        return IndicatorValue.Of(100 - PointsPerIncident * count, count, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
