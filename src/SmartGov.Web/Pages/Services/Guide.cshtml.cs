using Microsoft.AspNetCore.Mvc;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Web.Pages.Services;

/// <summary>
/// /services/{implementationCode}: the guide (办事指南) of the current version; ?version=N shows an older one. The URL
/// is stable: it is the item's implementation code, which never changes.
/// </summary>
public sealed class GuideModel(IServiceCatalog catalog, IOrganizationDirectory organizations, TimeProvider clock) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    public ServiceItemView Item { get; private set; } = null!;
    public ServiceItemView? Current { get; private set; }
    public IReadOnlyList<VersionSummary> Versions { get; private set; } = [];
    public DepartmentInfo? Department { get; private set; }
    public IReadOnlyList<ServiceHallInfo> Halls { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public bool IsOldVersion => Current is null || Item.VersionId != Current.VersionId;

    public async Task<IActionResult> OnGetAsync(string code, int? version, CancellationToken ct)
    {
        Today = ChinaTime.Today(clock);
        Current = await catalog.FindCurrentAsync(code, ct);
        var shown = version is { } v ? await catalog.FindVersionAsync(code, v, ct) : Current;
        if (shown is null)
        {
            return NotFound();
        }
        Item = shown;
        Versions = await catalog.ListVersionsAsync(code, ct);
        Department = await organizations.FindDepartmentAsync(Item.DepartmentId, ct);
        var halls = await organizations.ListServiceHallsAsync(ct);
        Halls = Item.CityWide ? halls : halls.Where(h => Item.HallIds.Contains(h.Id)).ToList();
        return Page();
    }
}
