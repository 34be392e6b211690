using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Catalog.Model;

namespace SmartGov.Hub.Modules.Catalog;

/// <summary>
/// What the exchange center reads. A grant's validity is in China dates (both inclusive): it is valid from 00:00 China
/// time of ValidFrom to 00:00 China time of the day after ValidUntil, given here in UTC.
/// </summary>
internal sealed class CatalogSharing(SmartGovDbContext db) : ICatalogSharing
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public async Task<CatalogResourceRef?> FindResourceAsync(string resourceCode, CancellationToken ct = default)
    {
        var code = ResourceValidator.NormalizeCode(resourceCode);
        var resource = await db.Set<DataResource>().AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct);
        if (resource is null)
        {
            return null;
        }
        var v = await db.Set<DataResourceVersion>().AsNoTracking().Where(x => x.ResourceId == resource.Id).OrderByDescending(x => x.Version).FirstAsync(ct);
        return new CatalogResourceRef(resource.Code, v.Name, resource.ProviderDepartmentId, v.SharingType, v.PersonalData,
            ResourceCatalog.ItemsOf(v).Select(i => i.Name).ToList());
    }

    public async Task<IReadOnlyList<SharingGrant>> ActiveGrantsAsync(DateTime asOfUtc, CancellationToken ct = default)
    {
        var asOf = DateTime.SpecifyKind(asOfUtc, DateTimeKind.Utc);
        var day = DateOnly.FromDateTime(asOf + China);
        var granted = await db.Set<SharingRequest>().AsNoTracking()
            .Where(r => r.Status == SharingRequestStatus.Granted && r.ValidFrom <= day && r.ValidUntil >= day)
            .OrderBy(r => r.ResourceCode).ThenBy(r => r.RequestedAt).ToListAsync(ct);
        return granted.Select(r => new SharingGrant(r.Id, r.ResourceCode, r.ProviderDepartmentId, r.ConsumerDepartmentId, r.Purposes, r.DataItems,
            StartUtc(r.ValidFrom), StartUtc(r.ValidUntil.AddDays(1)))).ToList();
    }

    public static DateTime StartUtc(DateOnly chinaDate) => DateTime.SpecifyKind(chinaDate.ToDateTime(TimeOnly.MinValue) - China, DateTimeKind.Utc);
}
