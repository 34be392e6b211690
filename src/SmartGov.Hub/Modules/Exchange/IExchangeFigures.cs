using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Exchange.Model;

namespace SmartGov.Hub.Modules.Exchange;

/// <summary>
/// The exchange's figures for the leaders' dashboard (决策研判): calls between departments in a period of China dates,
/// from the gateways' stored reports (exchange_traffic). Read-only.
/// </summary>
public interface IExchangeFigures
{
    /// <summary>
    /// Calls from a client member's department to a provider member's department, per day and per pair; with a
    /// department, only the pairs where it is the client or the provider.
    /// </summary>
    Task<ExchangeFigures> FlowsAsync(DateOnly from, DateOnly to, Guid? departmentId, CancellationToken ct = default);
}

/// <summary>
/// Reported: some approved gateway reported to the center in the period (even with no calls). Flows are sorted by
/// calls, most first; Daily has the days with calls only.
/// </summary>
public sealed record ExchangeFigures(bool Reported, IReadOnlyList<DepartmentFlow> Flows, IReadOnlyList<ExchangeDayFigures> Daily);

public sealed record DepartmentFlow(Guid ClientDepartmentId, Guid ProviderDepartmentId, long Calls, long Errors);

public sealed record ExchangeDayFigures(DateOnly Day, long Calls, long Errors);

/// <summary>
/// Both gateways of a call report it (the consumer side and the provider side). For each day and client–service pair
/// the side that counted more calls is taken (usually the provider; the consumer alone when its gateway refused the
/// call or the provider's gateway did not report), so a call is never counted twice.
/// </summary>
internal sealed class ExchangeFiguresReader(SmartGovDbContext db) : IExchangeFigures
{
    public async Task<ExchangeFigures> FlowsAsync(DateOnly from, DateOnly to, Guid? departmentId, CancellationToken ct = default)
    {
        var start = DateTime.SpecifyKind(from.ToDateTime(TimeOnly.MinValue).AddHours(-8), DateTimeKind.Utc);
        var end = DateTime.SpecifyKind(to.AddDays(1).ToDateTime(TimeOnly.MinValue).AddHours(-8), DateTimeKind.Utc);
        var sums = await db.Set<ExchangeTraffic>().AsNoTracking()
            .Where(t => t.ReportedOn >= from && t.ReportedOn <= to)
            .GroupBy(t => new { t.ReportedOn, t.Side, t.Client, t.Service })
            .Select(g => new { g.Key.ReportedOn, g.Key.Side, g.Key.Client, g.Key.Service, Calls = g.Sum(t => t.Calls), Errors = g.Sum(t => t.Errors) })
            .ToListAsync(ct);
        var reported = sums.Count > 0
            || await db.Set<ExchangeWitnessedHead>().AsNoTracking().AnyAsync(h => h.ReceivedAt >= start && h.ReceivedAt < end, ct)
            || await db.Set<ExchangeGateway>().AsNoTracking().AnyAsync(g => g.LastSeenAt >= start && g.LastSeenAt < end, ct);
        var members = await db.Set<ExchangeMember>().AsNoTracking().Select(m => new { m.MemberId, m.DepartmentId }).ToListAsync(ct);
        var departmentOf = members.ToDictionary(m => m.MemberId, m => m.DepartmentId, StringComparer.Ordinal);

        var calls = sums
            .GroupBy(s => (s.ReportedOn, s.Client, s.Service))
            .Select(g => g.OrderByDescending(s => s.Calls).ThenBy(s => s.Side == "provider" ? 0 : 1).First())
            .Select(s => (s.ReportedOn, Client: Department(departmentOf, s.Client), Provider: Department(departmentOf, s.Service), s.Calls, s.Errors))
            .Where(s => s.Client is not null && s.Provider is not null)
            .Where(s => departmentId is null || s.Client == departmentId || s.Provider == departmentId)
            .ToList();
        var flows = calls.GroupBy(s => (s.Client!.Value, s.Provider!.Value))
            .Select(g => new DepartmentFlow(g.Key.Item1, g.Key.Item2, g.Sum(s => s.Calls), g.Sum(s => s.Errors)))
            .OrderByDescending(f => f.Calls).ThenBy(f => f.ClientDepartmentId).ThenBy(f => f.ProviderDepartmentId).ToList();
        var daily = calls.GroupBy(s => s.ReportedOn).OrderBy(g => g.Key)
            .Select(g => new ExchangeDayFigures(g.Key, g.Sum(s => s.Calls), g.Sum(s => s.Errors))).ToList();
        return new ExchangeFigures(reported, flows, daily);
    }

    /// <summary>The department of the member that a client id or service id (INSTANCE/CLASS/CODE/…) names.</summary>
    private static Guid? Department(Dictionary<string, Guid> departmentOf, string id)
    {
        var parts = id.Split('/');
        return parts.Length >= 3 && departmentOf.TryGetValue(string.Join('/', parts[0], parts[1], parts[2]), out var d) ? d : null;
    }
}
