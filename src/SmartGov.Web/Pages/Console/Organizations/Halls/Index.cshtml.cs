using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Organizations.Admin;
using SmartGov.Hub.Modules.Organizations.Model;

namespace SmartGov.Web.Pages.Console.Organizations.Halls;

/// <summary>Service halls (政务服务中心 / 便民服务中心): list, create, delete.</summary>
public sealed class HallsIndexModel(SmartGovDbContext db, IOrganizationDirectory organizations, OrganizationAdmin admin) : ConsoleFormPageModel
{
    public const string Path = "/console/organizations/halls";

    public IReadOnlyList<ServiceHallInfo> Halls { get; private set; } = [];
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public IReadOnlyDictionary<string, string> RegionNames { get; private set; } = new Dictionary<string, string>();
    public HallForm Form { get; private set; } = HallForm.Empty;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? name, string? level, string? address, string? openingHours, string? regionCode, string? phone, CancellationToken ct)
    {
        Form = new HallForm(name, level, address, openingHours, regionCode, phone);
        var result = await admin.CreateHallAsync(Form.ToInput(), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(Path, "org.status.hallCreated", result.Value!.Name);
        }
        await LoadAsync(ct);
        return Refused(result);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid? hallId, CancellationToken ct)
    {
        if (hallId is null)
        {
            return NotFound();
        }
        var result = await admin.DeleteHallAsync(hallId.Value, ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(Path, "org.status.hallDeleted", result.Value!.Name);
        }
        await LoadAsync(ct);
        return Refused(result);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Halls = await organizations.ListServiceHallsAsync(ct);
        Regions = await OrganizationLists.RegionsAsync(db, ct);
        RegionNames = Regions.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
    }
}
