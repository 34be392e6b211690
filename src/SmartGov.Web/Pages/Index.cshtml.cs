using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages;

public sealed class IndexModel(IOrganizationDirectory organizations) : PageModel
{
    public IReadOnlyList<DepartmentInfo> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Departments = (await organizations.ListDepartmentsAsync(ct)).Where(d => d.IsActive).ToList();
}
