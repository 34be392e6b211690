using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Organizations.Admin;
using SmartGov.Hub.Modules.Organizations.Model;

namespace SmartGov.Web.Pages.Console.Organizations.Departments;

/// <summary>Departments: list (active and inactive), create, deactivate. Departments are never deleted.</summary>
public sealed class DepartmentsIndexModel(SmartGovDbContext db, IOrganizationDirectory organizations, OrganizationAdmin admin) : ConsoleFormPageModel
{
    public const string Path = "/console/organizations/departments";

    public IReadOnlyList<DepartmentInfo> Departments { get; private set; } = [];
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public IReadOnlyDictionary<string, string> RegionNames { get; private set; } = new Dictionary<string, string>();

    public string? Name { get; private set; }
    public string? NameEn { get; private set; }
    public string? CreditCode { get; private set; }
    public string? RegionCode { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? name, string? nameEn, string? creditCode, string? regionCode, CancellationToken ct)
    {
        (Name, NameEn, CreditCode, RegionCode) = (name, nameEn, creditCode, regionCode);
        var input = new DepartmentInput(name, string.IsNullOrWhiteSpace(nameEn) ? null : nameEn, creditCode, regionCode);
        var result = await admin.CreateDepartmentAsync(input, ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(Path, "org.status.departmentCreated", result.Value!.Name);
        }
        await LoadAsync(ct);
        return Refused(result);
    }

    public async Task<IActionResult> OnPostDeactivateAsync(Guid? departmentId, CancellationToken ct)
    {
        if (departmentId is null)
        {
            return NotFound();
        }
        var result = await admin.DeactivateDepartmentAsync(departmentId.Value, ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(Path, "org.status.departmentDeactivated", result.Value!.Name);
        }
        await LoadAsync(ct);
        return Refused(result);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        // Active departments first, each group by name.
        Departments = (await organizations.ListDepartmentsAsync(ct)).OrderBy(d => !d.IsActive).ToList();
        Regions = await OrganizationLists.RegionsAsync(db, ct);
        RegionNames = Regions.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
    }
}
