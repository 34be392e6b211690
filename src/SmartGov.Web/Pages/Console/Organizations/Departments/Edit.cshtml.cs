using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Organizations.Admin;
using SmartGov.Hub.Modules.Organizations.Model;

namespace SmartGov.Web.Pages.Console.Organizations.Departments;

public sealed class DepartmentEditModel(SmartGovDbContext db, IOrganizationDirectory organizations, OrganizationAdmin admin) : ConsoleFormPageModel
{
    public DepartmentInfo Department { get; private set; } = null!;
    public IReadOnlyList<Region> Regions { get; private set; } = [];

    public string? Name { get; private set; }
    public string? NameEn { get; private set; }
    public string? CreditCode { get; private set; }
    public string? RegionCode { get; private set; }
    public bool IsActive { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        (Name, NameEn, CreditCode, RegionCode, IsActive) = (Department.Name, Department.NameEn, Department.CreditCode, Department.RegionCode, Department.IsActive);
        return Page();
    }

    /// <param name="isActive">A checkbox: absent when unticked, so a missing value means inactive.</param>
    public async Task<IActionResult> OnPostAsync(Guid id, string? name, string? nameEn, string? creditCode, string? regionCode, bool isActive, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        (Name, NameEn, CreditCode, RegionCode, IsActive) = (name, nameEn, creditCode, regionCode, isActive);
        var input = new DepartmentInput(name, string.IsNullOrWhiteSpace(nameEn) ? null : nameEn, creditCode, regionCode, isActive);
        var result = await admin.UpdateDepartmentAsync(id, input, ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(DepartmentsIndexModel.Path, "org.status.departmentUpdated", result.Value!.Name);
        }
        return Refused(result);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var department = await organizations.FindDepartmentAsync(id, ct);
        if (department is null)
        {
            return false;
        }
        Department = department;
        Regions = await OrganizationLists.RegionsAsync(db, ct);
        return true;
    }
}
