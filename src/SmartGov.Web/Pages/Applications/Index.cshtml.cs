using Microsoft.AspNetCore.Authorization;
using SmartGov.Hub.Modules.Applications;

namespace SmartGov.Web.Pages.Applications;

/// <summary>/applications: the signed-in citizen's applications (我的办件), newest first, drafts included.</summary>
[Authorize]
public sealed class IndexModel(ApplicationService applications) : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
{
    public IReadOnlyList<ApplicationSummary> Items { get; private set; } = [];

    public bool Withdrawn { get; private set; }

    public async Task OnGetAsync(bool withdrawn, CancellationToken ct)
    {
        Withdrawn = withdrawn;
        Items = await applications.ListMineAsync(User, ct);
    }
}
