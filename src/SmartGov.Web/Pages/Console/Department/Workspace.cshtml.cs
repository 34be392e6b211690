using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console.Department;

/// <summary>A department's own workspace. The folder's DepartmentScope policy refuses every other department with 403.</summary>
public sealed class WorkspaceModel(IOrganizationDirectory organizations, StaffAdmin staff) : PageModel
{
    public DepartmentInfo Department { get; private set; } = null!;
    public IReadOnlyList<StaffView> Staff { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid departmentId, CancellationToken ct)
    {
        var department = await organizations.FindDepartmentAsync(departmentId, ct);
        if (department is null)
        {
            return NotFound();
        }
        Department = department;
        Staff = await staff.ListAsync(departmentId, ct);
        return Page();
    }
}
