using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages;

public sealed class HallsModel(IOrganizationDirectory organizations) : PageModel
{
    public IReadOnlyList<ServiceHallInfo> Halls { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Halls = await organizations.ListServiceHallsAsync(ct);
}
