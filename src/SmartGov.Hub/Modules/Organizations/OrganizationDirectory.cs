using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations.Model;

namespace SmartGov.Hub.Modules.Organizations;

/// <summary>
/// Reads of the public directory. The department and hall lists are on every portal page, so they are cached
/// briefly; a write on this node clears them at once (<see cref="DirectoryCache"/>), other nodes see it within the TTL.
/// </summary>
internal sealed class OrganizationDirectory(SmartGovDbContext db, IMemoryCache cache) : IOrganizationDirectory
{
    public async Task<DepartmentInfo?> FindDepartmentAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.Set<Department>().AsNoTracking().Where(d => d.Id == id)
            .Select(d => new DepartmentInfo(d.Id, d.Name, d.NameEn, d.CreditCode, d.RegionCode, d.IsActive))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<DepartmentInfo>> ListDepartmentsAsync(CancellationToken cancellationToken = default) =>
        await DirectoryCache.GetOrLoadAsync(cache, "departments", () => LoadDepartmentsAsync(cancellationToken));

    private async Task<IReadOnlyList<DepartmentInfo>> LoadDepartmentsAsync(CancellationToken cancellationToken) =>
        await db.Set<Department>().AsNoTracking().OrderBy(d => d.Name)
            .Select(d => new DepartmentInfo(d.Id, d.Name, d.NameEn, d.CreditCode, d.RegionCode, d.IsActive))
            .ToListAsync(cancellationToken);

    public async Task<RegionInfo?> FindRegionAsync(string code, CancellationToken cancellationToken = default) =>
        await db.Set<Region>().AsNoTracking().Where(r => r.Code == code)
            .Select(r => new RegionInfo(r.Code, r.Name, r.Level, r.ParentCode))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<ServiceHallInfo>> ListServiceHallsAsync(CancellationToken cancellationToken = default) =>
        await DirectoryCache.GetOrLoadAsync(cache, "halls", () => LoadHallsAsync(cancellationToken));

    private async Task<IReadOnlyList<ServiceHallInfo>> LoadHallsAsync(CancellationToken cancellationToken) =>
        (await db.Set<ServiceHall>().AsNoTracking().OrderBy(h => h.Level).ThenBy(h => h.Name).ToListAsync(cancellationToken))
            .Select(h => new ServiceHallInfo(h.Id, h.Name, h.Level.ToString(), h.Address, h.OpeningHours, h.RegionCode, h.Phone))
            .ToList();
}

internal static class DirectoryCache
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private static CancellationTokenSource _reset = new();

    public static async Task<IReadOnlyList<T>> GetOrLoadAsync<T>(IMemoryCache cache, string key, Func<Task<IReadOnlyList<T>>> load)
    {
        if (cache.TryGetValue("org:" + key, out IReadOnlyList<T>? cached) && cached is not null)
        {
            return cached;
        }
        var token = _reset.Token;
        var value = await load();
        using var entry = cache.CreateEntry("org:" + key);
        entry.Value = value;
        entry.AbsoluteExpirationRelativeToNow = Ttl;
        entry.AddExpirationToken(new Microsoft.Extensions.Primitives.CancellationChangeToken(token));
        return value;
    }

    /// <summary>Called after every directory write on this node.</summary>
    public static void Invalidate()
    {
        var old = Interlocked.Exchange(ref _reset, new CancellationTokenSource());
        // Not disposed: a reader may still be holding its token; it is garbage once no cache entry refers to it.
        old.Cancel();
    }
}
