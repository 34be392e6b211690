using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Hub.Modules.Catalog.Apis;

namespace SmartGov.Web.Pages.Catalog;

/// <summary>/catalog/{code}: one resource's metadata, data items and versions (?version=N for an older one).</summary>
public sealed class CatalogResourceModel(ResourceCatalog catalog) : PageModel
{
    public ResourceView? Resource { get; private set; }
    public IReadOnlyList<ResourceVersionSummary> Versions { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public bool CanRequest { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, int? version, CancellationToken ct)
    {
        var current = await catalog.FindCurrentAsync(code, ct);
        if (current is null || !CatalogApi.Visible(User, current))
        {
            return NotFound();
        }
        Resource = version is { } v && v != current.Version ? await catalog.FindVersionAsync(code, v, ct) : current;
        if (Resource is null)
        {
            return NotFound();
        }
        Versions = await catalog.ListVersionsAsync(code, ct);
        CanEdit = CatalogAccess.CanEdit(User, current.ProviderDepartmentId);
        CanRequest = current.SharingType != SharingType.NotShared && User.GetDepartmentId() is { } d && d != current.ProviderDepartmentId
            && CatalogAccess.CanActForDepartment(User, d);
        return Page();
    }
}
