using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Evaluation;
using SmartGov.Hub.Modules.Exchange.Model;

namespace SmartGov.Hub.Modules.Exchange;

/// <summary>
/// 数据交换调用量 for evaluation (it replaces the evaluation module's "not installed yet" placeholder of the same name): the calls the department's gateway served (provider side) in the period, from its
/// reports. The score is the share served without a gateway or backend error; the raw figure is the number of calls.
/// </summary>
internal sealed class CallsServedRule(SmartGovDbContext db) : IIndicatorRule
{
    public string Name => "exchange.calls-served";

    public string TitleZh => "数据交换调用量";

    public string TitleEn => "Exchange calls served";

    public async Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await db.Set<ExchangeTraffic>().AsNoTracking()
            .Where(t => t.DepartmentId == departmentId && t.Side == "provider" && t.ReportedOn >= from && t.ReportedOn <= to)
            .Select(t => new { t.Calls, t.Errors }).ToListAsync(ct);
        var calls = rows.Sum(r => r.Calls);
        if (calls == 0)
        {
            return IndicatorValue.NotAvailable("期间内本部门前置机没有提供服务调用", "The department's gateway served no calls in the period.");
        }
        var errors = rows.Sum(r => r.Errors);
        var rate = (double)(calls - errors) / calls;
        return IndicatorValue.Of(rate * 100, calls, string.Create(CultureInfo.InvariantCulture, $"{calls}（{rate:P1}）"));
    }
}
