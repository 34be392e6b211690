using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Organizations.Admin;
using SmartGov.Hub.Modules.Organizations.Model;

namespace SmartGov.Web.Pages.Console.Organizations.Halls;

public sealed class HallEditModel(SmartGovDbContext db, IOrganizationDirectory organizations, OrganizationAdmin admin) : ConsoleFormPageModel
{
    public ServiceHallInfo Hall { get; private set; } = null!;
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public HallForm Form { get; private set; } = HallForm.Empty;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Form = new HallForm(Hall.Name, Hall.Level, Hall.Address, Hall.OpeningHours, Hall.RegionCode, Hall.Phone);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? name, string? level, string? address, string? openingHours, string? regionCode, string? phone, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Form = new HallForm(name, level, address, openingHours, regionCode, phone);
        var result = await admin.UpdateHallAsync(id, Form.ToInput(), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(HallsIndexModel.Path, "org.status.hallUpdated", result.Value!.Name);
        }
        return Refused(result);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        // The directory has no single-hall lookup; the list is short (one hall per city, district, street or community).
        var hall = (await organizations.ListServiceHallsAsync(ct)).FirstOrDefault(h => h.Id == id);
        if (hall is null)
        {
            return false;
        }
        Hall = hall;
        Regions = await OrganizationLists.RegionsAsync(db, ct);
        return true;
    }
}
