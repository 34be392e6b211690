using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console;

public sealed class ConsoleIndexModel(IOrganizationDirectory organizations) : PageModel
{
    public string DisplayName { get; private set; } = "";
    public DepartmentInfo? Department { get; private set; }
    public IReadOnlyList<string> Roles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        DisplayName = User.FindFirstValue(SmartGovClaims.DisplayName) ?? User.Identity?.Name ?? "";
        Roles = User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        if (User.GetDepartmentId() is { } id)
        {
            Department = await organizations.FindDepartmentAsync(id, ct);
        }
    }
}
