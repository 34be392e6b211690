using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Web.Pages.Console.Organizations;

namespace SmartGov.Web.Pages.Console.Catalog;

/// <summary>
/// /console/catalog/requests: my department's sharing requests (outgoing), a form to request a resource
/// (?code=… loads its data items as checkboxes), and revoking a grant. For the department's data administrator or leader.
/// </summary>
public sealed class RequestsModel(SharingRequests requests, ResourceCatalog catalog, TimeProvider clock) : ConsoleFormPageModel
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public string? Purposes { get; set; }
    [BindProperty] public List<string> DataItems { get; set; } = [];
    [BindProperty] public string? Scope { get; set; }
    [BindProperty] public string? ValidFrom { get; set; }
    [BindProperty] public string? ValidUntil { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<SharingRequestView> Outgoing { get; private set; } = [];
    public ResourceView? Resource { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }
        var today = ChinaTime.Today(clock);
        ValidFrom ??= today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        ValidUntil ??= today.AddYears(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        DataItems = Resource?.DataItems.Select(i => i.Name).ToList() ?? [];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }
        var purposes = (Purposes ?? "").Split(['\n', '；', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = await requests.RequestAsync(User, new SharingRequestInput(Code, purposes, DataItems, Scope, ValidFrom, ValidUntil), ct);
        if (result.Succeeded)
        {
            var r = result.Value!;
            return RedirectWithStatus("/console/catalog/requests", r.Status == SharingRequestStatus.Granted ? "cat.status.granted" : "cat.status.requested", $"{r.ResourceName}（{r.ResourceCode}）");
        }
        return ShowRefusal(result.NotFound, result.Forbidden, result.Conflict, result.Errors) ?? Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }
        var result = await requests.RevokeAsync(User, id, new SharingRevokeInput(Reason), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus("/console/catalog/requests", "cat.status.revoked", result.Value!.ResourceCode);
        }
        return ShowRefusal(result.NotFound, result.Forbidden, result.Conflict, result.Errors) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (User.GetDepartmentId() is not { } department || !CatalogAccess.CanActForDepartment(User, department))
        {
            return Forbid();
        }
        Outgoing = await requests.ListAsync(department, incoming: false, ct: ct);
        if (!string.IsNullOrWhiteSpace(Code))
        {
            Resource = await catalog.FindCurrentAsync(Code, ct);
        }
        return null;
    }
}
