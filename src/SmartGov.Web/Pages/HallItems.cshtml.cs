using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Web.Pages;

/// <summary>What one hall can accept (就近办): the items listing it, and every city-wide item (全城通办).</summary>
public sealed class HallItemsModel(IOrganizationDirectory organizations, IServiceCatalog catalog) : PageModel
{
    public ServiceHallInfo? Hall { get; private set; }

    public ServiceSearchResult Result { get; private set; } = new([], 0, 1, 50, SearchMatch.Exact);

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Hall = (await organizations.ListServiceHallsAsync(ct)).FirstOrDefault(h => h.Id == id);
        if (Hall is null)
        {
            return NotFound();
        }
        Result = await catalog.SearchAsync(new ServiceSearchQuery(Page: Math.Clamp(PageNumber, 1, 1000), PageSize: 50, HallId: id), ct);
        return Page();
    }
}
