using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console.Staff;

/// <summary>
/// One staff member's roles. Every role is offered, and StaffAdmin decides: a refusal under 三员分立 comes back
/// as the page's message with status 403, so the rule is visible rather than hidden behind disabled boxes.
/// </summary>
public sealed class StaffRolesModel(StaffAdmin staff, IOrganizationDirectory organizations) : ConsoleFormPageModel
{
    public StaffView Member { get; private set; } = null!;
    public DepartmentInfo? Department { get; private set; }
    public IReadOnlySet<string> SelectedRoles { get; private set; } = new HashSet<string>();
    public IReadOnlyList<string> Grantable { get; private set; } = [];
    public bool IsSelf { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        SelectedRoles = Member.Roles.ToHashSet(StringComparer.Ordinal);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string[]? roles, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        SelectedRoles = (roles ?? []).ToHashSet(StringComparer.Ordinal);
        var result = await staff.SetRolesAsync(User, id, SelectedRoles.ToList(), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(StaffIndexModel.Path, "staff.status.rolesSaved", result.Staff!.UserName);
        }
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.DeniedZh is not null)
        {
            // The refusal is an authorization decision: keep 403 on the response, as the API does.
            FormMessage = (result.DeniedZh, result.DeniedEn ?? result.DeniedZh);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        AddErrors(result.Errors);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var member = await staff.FindAsync(id, ct);
        if (member is null)
        {
            return false;
        }
        Member = member;
        Department = member.DepartmentId is { } d ? await organizations.FindDepartmentAsync(d, ct) : null;
        Grantable = StaffRoles.GrantableBy(User);
        IsSelf = User.GetUserId() == id;
        return true;
    }
}
