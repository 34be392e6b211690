using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Web.Pages.Console.Organizations;

namespace SmartGov.Web.Pages.Console.Catalog;

/// <summary>/console/catalog/incoming: requests for my department's resources; the data administrator approves or rejects pending ones (with reasons) and may revoke grants.</summary>
public sealed class IncomingModel(SharingRequests requests) : ConsoleFormPageModel
{
    [BindProperty] public bool? Approve { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<SharingRequestView> Incoming { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostDecideAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } denied)
        {
            return denied;
        }
        var result = await requests.DecideAsync(User, id, new SharingDecisionInput(Approve, Reason), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus("/console/catalog/incoming", result.Value!.Status == SharingRequestStatus.Granted ? "cat.status.approved" : "cat.status.rejected",
                $"{result.Value.ResourceName}（{result.Value.ConsumerName}）");
        }
        if (result.Forbidden is not null)
        {
            return Forbid();
        }
        return ShowRefusal(result.NotFound, null, result.Conflict, result.Errors) ?? Page();
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
            return RedirectWithStatus("/console/catalog/incoming", "cat.status.revoked", result.Value!.ResourceCode);
        }
        if (result.Forbidden is not null)
        {
            return Forbid();
        }
        return ShowRefusal(result.NotFound, null, result.Conflict, result.Errors) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (User.GetDepartmentId() is not { } department || !CatalogAccess.CanActForDepartment(User, department))
        {
            return Forbid();
        }
        Incoming = await requests.ListAsync(department, incoming: true, ct: ct);
        return null;
    }
}
