using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console.Staff;

/// <summary>Every staff account, for the system and security administrators, optionally for one department.</summary>
public sealed class StaffIndexModel(StaffAdmin staff, IOrganizationDirectory organizations, TimeProvider clock) : ConsoleFormPageModel
{
    public const string Path = "/console/staff";

    public IReadOnlyList<StaffView> Staff { get; private set; } = [];
    public IReadOnlyList<DepartmentInfo> Departments { get; private set; } = [];
    public IReadOnlyDictionary<Guid, DepartmentInfo> DepartmentsById { get; private set; } = new Dictionary<Guid, DepartmentInfo>();
    public Guid? DepartmentId { get; private set; }
    public DateTimeOffset Now { get; private set; }

    /// <param name="departmentId">The filter; a value that is not a department id lists everyone.</param>
    public async Task OnGetAsync(string? departmentId, CancellationToken ct)
    {
        Departments = await organizations.ListDepartmentsAsync(ct);
        DepartmentsById = Departments.ToDictionary(d => d.Id);
        DepartmentId = Guid.TryParse(departmentId, out var id) && DepartmentsById.ContainsKey(id) ? id : null;
        Staff = await staff.ListAsync(DepartmentId, ct);
        Now = clock.GetUtcNow();
    }

    public string DepartmentName(Guid? id) =>
        id is { } d && DepartmentsById.TryGetValue(d, out var dept) ? (SmartGov.Hub.Common.Problems.IsChinese ? dept.Name : dept.NameEn ?? dept.Name) : "—";
}
