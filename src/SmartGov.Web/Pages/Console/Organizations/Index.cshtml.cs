using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Organizations.Model;

namespace SmartGov.Web.Pages.Console.Organizations;

/// <summary>The system administrator's overview of the organization directory.</summary>
public sealed class OrganizationsIndexModel(SmartGovDbContext db, IOrganizationDirectory organizations) : PageModel
{
    public int RegionCount { get; private set; }
    public int DepartmentCount { get; private set; }
    public int InactiveDepartmentCount { get; private set; }
    public int HallCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        RegionCount = await db.Set<Region>().CountAsync(ct);
        var departments = await organizations.ListDepartmentsAsync(ct);
        DepartmentCount = departments.Count;
        InactiveDepartmentCount = departments.Count(d => !d.IsActive);
        HallCount = (await organizations.ListServiceHallsAsync(ct)).Count;
    }
}
