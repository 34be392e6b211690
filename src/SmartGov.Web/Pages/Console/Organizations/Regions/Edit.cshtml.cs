using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations.Admin;
using SmartGov.Hub.Modules.Organizations.Model;

namespace SmartGov.Web.Pages.Console.Organizations.Regions;

/// <summary>Renames a region or moves it under another parent. The code itself never changes: others point at it.</summary>
public sealed class RegionEditModel(SmartGovDbContext db, OrganizationAdmin admin) : ConsoleFormPageModel
{
    public Region Region { get; private set; } = null!;
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public string? Name { get; private set; }

    /// <summary>Only the regions this one lies within can be its parent (plus the current parent, whatever it is).</summary>
    public IEnumerable<Region> PossibleParents => Regions.Where(r => r.Code != Region.Code
        && (SmartGov.Core.RegionCode.IsWithin(Region.Code, r.Code) || r.Code == Region.ParentCode));
    public string? ParentCode { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }
        (Name, ParentCode) = (Region.Name, Region.ParentCode);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, string? name, string? parentCode, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }
        (Name, ParentCode) = (name, parentCode);
        var result = await admin.UpdateRegionAsync(Region.Code, new RegionInput(Region.Code, name, parentCode), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(RegionsIndexModel.Path, "org.status.regionUpdated", $"{result.Value!.Code} {result.Value.Name}");
        }
        Regions = await OrganizationLists.RegionsAsync(db, ct);
        return Refused(result);
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        Regions = await OrganizationLists.RegionsAsync(db, ct);
        var region = Regions.FirstOrDefault(r => r.Code == code);
        if (region is null)
        {
            return false;
        }
        Region = region;
        return true;
    }
}
