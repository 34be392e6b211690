using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations.Admin;
using SmartGov.Hub.Modules.Organizations.Model;

namespace SmartGov.Web.Pages.Console.Organizations.Regions;

/// <summary>The region directory: list, create, delete. Editing is on its own page.</summary>
public sealed class RegionsIndexModel(SmartGovDbContext db, OrganizationAdmin admin) : ConsoleFormPageModel
{
    public const string Path = "/console/organizations/regions";

    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public IReadOnlyDictionary<string, string> NamesByCode { get; private set; } = new Dictionary<string, string>();

    // The create form's values, kept when the form comes back with errors.
    public string? Code { get; private set; }
    public string? Name { get; private set; }
    public string? ParentCode { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? code, string? name, string? parentCode, CancellationToken ct)
    {
        (Code, Name, ParentCode) = (code, name, parentCode);
        var result = await admin.CreateRegionAsync(new RegionInput(code, name, parentCode), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(Path, "org.status.regionCreated", $"{result.Value!.Code} {result.Value.Name}");
        }
        await LoadAsync(ct);
        return Refused(result);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? deleteCode, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(deleteCode))
        {
            return NotFound();
        }
        var result = await admin.DeleteRegionAsync(deleteCode.Trim(), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(Path, "org.status.regionDeleted", $"{result.Value!.Code} {result.Value.Name}");
        }
        await LoadAsync(ct);
        return Refused(result);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Regions = await OrganizationLists.RegionsAsync(db, ct);
        NamesByCode = Regions.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
    }
}
