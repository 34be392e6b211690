using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console.Staff;

/// <summary>
/// A new staff account with business roles. Only the system administrator creates accounts; administrator roles are
/// granted afterwards by the security administrator (三员分立).
/// </summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class StaffCreateModel(StaffAdmin staff, IOrganizationDirectory organizations) : ConsoleFormPageModel
{
    public IReadOnlyList<DepartmentInfo> Departments { get; private set; } = [];

    public string? UserName { get; private set; }
    public string? DisplayName { get; private set; }
    public string? DepartmentId { get; private set; }
    public IReadOnlySet<string> SelectedRoles { get; private set; } = new HashSet<string>();

    public async Task OnGetAsync(CancellationToken ct) => Departments = await ActiveDepartmentsAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? userName, string? displayName, string? departmentId, string[]? roles, string? initialPassword, CancellationToken ct)
    {
        (UserName, DisplayName, DepartmentId) = (userName, displayName, departmentId);
        SelectedRoles = (roles ?? []).ToHashSet(StringComparer.Ordinal);
        // A department that is not a GUID is the same as none chosen; StaffAdmin names the field.
        Guid? department = Guid.TryParse(departmentId, out var id) ? id : null;
        var result = await staff.CreateAsync(User, new StaffInput(userName, displayName, department, SelectedRoles.ToList(), initialPassword), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(StaffIndexModel.Path, "staff.status.created", result.Staff!.UserName);
        }
        Departments = await ActiveDepartmentsAsync(ct);
        if (result.DeniedZh is not null)
        {
            FormMessage = (result.DeniedZh, result.DeniedEn ?? result.DeniedZh);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        AddErrors(result.Errors);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IReadOnlyList<DepartmentInfo>> ActiveDepartmentsAsync(CancellationToken ct) =>
        (await organizations.ListDepartmentsAsync(ct)).Where(d => d.IsActive).ToList();
}
