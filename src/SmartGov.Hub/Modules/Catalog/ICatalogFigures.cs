using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Catalog.Model;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Hub.Modules.Catalog;

/// <summary>
/// The catalog's figures for the leaders' dashboard (决策研判): resources catalogued and sharing requests (共享申请)
/// of a period of China dates, for the whole city or one department. Read-only; nothing else in the catalog changes.
/// </summary>
public interface ICatalogFigures
{
    Task<CatalogFigures> FiguresAsync(DateOnly from, DateOnly to, Guid? departmentId, CancellationToken ct = default);
}

/// <summary>
/// ResourcesCatalogued: resources (of the department as provider) catalogued by the end of the period; ResourcesAdded:
/// those catalogued inside it. Requests*: requests made in the period the department received as provider (Received,
/// then what became of them: Granted — also when revoked later —, Rejected, Pending now) and sent as consumer (Sent).
/// AverageTurnaroundDays: working days from request to decision of the requests decided by a person in the period
/// (automatic grants of unconditional resources left out); null when there were none.
/// </summary>
public sealed record CatalogFigures(int ResourcesCatalogued, int ResourcesAdded, int RequestsReceived, int RequestsGranted, int RequestsRejected,
    int RequestsPending, int RequestsSent, double? AverageTurnaroundDays);

internal sealed class CatalogFiguresReader(SmartGovDbContext db, IWorkingCalendar calendar) : ICatalogFigures
{
    public async Task<CatalogFigures> FiguresAsync(DateOnly from, DateOnly to, Guid? departmentId, CancellationToken ct = default)
    {
        var (start, end) = Period.Utc(from, to);
        var resources = db.Set<DataResource>().AsNoTracking().Where(r => r.CreatedAt < end);
        if (departmentId is { } d)
        {
            resources = resources.Where(r => r.ProviderDepartmentId == d);
        }
        var catalogued = await resources.CountAsync(ct);
        var added = await resources.CountAsync(r => r.CreatedAt >= start, ct);

        var inPeriod = db.Set<SharingRequest>().AsNoTracking().Where(r => r.RequestedAt >= start && r.RequestedAt < end);
        var received = departmentId is { } p ? inPeriod.Where(r => r.ProviderDepartmentId == p) : inPeriod;
        var rows = await received.Select(r => new { r.Status, r.DecidedAt }).ToListAsync(ct);
        var sent = departmentId is { } c ? await inPeriod.CountAsync(r => r.ConsumerDepartmentId == c, ct) : rows.Count;

        var decidedQuery = db.Set<SharingRequest>().AsNoTracking().Where(r => r.DecidedAt >= start && r.DecidedAt < end && r.DecidedBy != null);
        if (departmentId is { } q)
        {
            decidedQuery = decidedQuery.Where(r => r.ProviderDepartmentId == q);
        }
        var decided = await decidedQuery.Select(r => new { r.RequestedAt, r.DecidedAt }).ToListAsync(ct);
        double? turnaround = null;
        if (decided.Count > 0)
        {
            var cal = await calendar.GetAsync(ct);
            turnaround = Math.Round(decided.Average(r => cal.CountWorkingDays(Period.ChinaDate(r.RequestedAt), Period.ChinaDate(r.DecidedAt!.Value))), 2);
        }
        return new CatalogFigures(catalogued, added, rows.Count,
            rows.Count(r => r.Status == SharingRequestStatus.Granted || (r.Status == SharingRequestStatus.Revoked && r.DecidedAt != null)),
            rows.Count(r => r.Status == SharingRequestStatus.Rejected),
            rows.Count(r => r.Status == SharingRequestStatus.Pending),
            sent, turnaround);
    }
}
