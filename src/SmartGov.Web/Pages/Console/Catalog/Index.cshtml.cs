using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Web.Pages.Console.Organizations;

namespace SmartGov.Web.Pages.Console.Catalog;

/// <summary>/console/catalog: the resources my department provides (the system administrator picks a department), with links to register, edit and the sharing requests.</summary>
public sealed class CatalogConsoleModel(ResourceCatalog catalog, IOrganizationDirectory organizations) : ConsoleFormPageModel
{
    [BindProperty(SupportsGet = true)] public Guid? DepartmentId { get; set; }

    public IReadOnlyList<ResourceListEntry> Resources { get; private set; } = [];
    public DepartmentInfo? Department { get; private set; }
    public IReadOnlyList<DepartmentInfo> Departments { get; private set; } = [];
    public bool IsEditor { get; private set; }
    public bool ActsForDepartment { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var own = User.GetDepartmentId();
        IsEditor = CatalogAccess.IsEditor(User);
        ActsForDepartment = own is { } o && CatalogAccess.CanActForDepartment(User, o);
        if (!IsEditor && !ActsForDepartment)
        {
            return Forbid();
        }
        Departments = await organizations.ListDepartmentsAsync(ct);
        var shown = CatalogAccess.IsSystemAdmin(User) ? DepartmentId ?? own : own;
        if (shown is { } d)
        {
            Department = Departments.FirstOrDefault(x => x.Id == d);
            Resources = await catalog.ListForDepartmentAsync(d, ct);
        }
        return Page();
    }
}
