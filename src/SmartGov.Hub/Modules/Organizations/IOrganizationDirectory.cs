using SmartGov.Core;

namespace SmartGov.Hub.Modules.Organizations;

public sealed record RegionInfo(string Code, string Name, RegionLevel Level, string? ParentCode);

public sealed record DepartmentInfo(Guid Id, string Name, string? NameEn, string CreditCode, string RegionCode, bool IsActive);

public sealed record ServiceHallInfo(Guid Id, string Name, string Level, string Address, string OpeningHours, string RegionCode, string? Phone);

/// <summary>The Organizations module's public face: what other modules may ask of it.</summary>
public interface IOrganizationDirectory
{
    Task<DepartmentInfo?> FindDepartmentAsync(Guid id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DepartmentInfo>> ListDepartmentsAsync(CancellationToken cancellationToken = default);

    Task<RegionInfo?> FindRegionAsync(string code, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ServiceHallInfo>> ListServiceHallsAsync(CancellationToken cancellationToken = default);
}
