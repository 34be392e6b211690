using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations.Model;

namespace SmartGov.Hub.Modules.Organizations;

internal sealed class OrganizationDirectory(SmartGovDbContext db) : IOrganizationDirectory
{
    public async Task<DepartmentInfo?> FindDepartmentAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.Set<Department>().AsNoTracking().Where(d => d.Id == id)
            .Select(d => new DepartmentInfo(d.Id, d.Name, d.NameEn, d.CreditCode, d.RegionCode, d.IsActive))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<DepartmentInfo>> ListDepartmentsAsync(CancellationToken cancellationToken = default) =>
        await db.Set<Department>().AsNoTracking().OrderBy(d => d.Name)
            .Select(d => new DepartmentInfo(d.Id, d.Name, d.NameEn, d.CreditCode, d.RegionCode, d.IsActive))
            .ToListAsync(cancellationToken);

    public async Task<RegionInfo?> FindRegionAsync(string code, CancellationToken cancellationToken = default) =>
        await db.Set<Region>().AsNoTracking().Where(r => r.Code == code)
            .Select(r => new RegionInfo(r.Code, r.Name, r.Level, r.ParentCode))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<ServiceHallInfo>> ListServiceHallsAsync(CancellationToken cancellationToken = default) =>
        (await db.Set<ServiceHall>().AsNoTracking().OrderBy(h => h.Level).ThenBy(h => h.Name).ToListAsync(cancellationToken))
            .Select(h => new ServiceHallInfo(h.Id, h.Name, h.Level.ToString(), h.Address, h.OpeningHours, h.RegionCode, h.Phone))
            .ToList();
}
