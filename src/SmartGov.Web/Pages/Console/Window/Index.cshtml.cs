using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Web.Pages.Console.Window;

/// <summary>一窗受理, step 1: the clerk's hall (remembered) and the item, found by name.</summary>
public sealed class WindowIndexModel(IOrganizationDirectory organizations, IServiceCatalog catalog) : WindowPageModel(organizations)
{
    [FromQuery(Name = "q")] public string? Query { get; set; }

    [BindProperty(Name = "hallId")] public Guid? HallId { get; set; }

    public sealed record Hit(ServiceSearchHit Item, (string Zh, string En)? Refusal);

    public IReadOnlyList<Hit> Hits { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!IsClerk)
        {
            return Forbid();
        }
        await LoadHallAsync(ct);
        if (Hall is not null && !string.IsNullOrWhiteSpace(Query))
        {
            var found = await catalog.SearchAsync(new ServiceSearchQuery(Text: Query.Trim(), PageSize: 20), ct);
            var hits = new List<Hit>();
            foreach (var hit in found.Items)
            {
                var item = await catalog.FindCurrentAsync(hit.ImplementationCode, ct);
                if (item is not null)
                {
                    hits.Add(new Hit(hit, RefusalAt(Hall, item)));
                }
            }
            Hits = hits;
        }
        return Page();
    }

    /// <summary>Choosing the hall: remembered in a cookie, so the clerk chooses once per browser.</summary>
    public async Task<IActionResult> OnPostHallAsync(CancellationToken ct)
    {
        if (!IsClerk)
        {
            return Forbid();
        }
        await LoadHallAsync(ct);
        if (HallId is not { } id || Halls.All(h => h.Id != id))
        {
            Errors.Add(new Core.FieldError("hallId", "hall.unknown", "请选择所在的服务大厅", "Choose the service hall you are working at."));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        RememberHall(id);
        return RedirectWithStatus("/console/window", "cwin.status.hall", Halls.First(h => h.Id == id).Name);
    }
}
