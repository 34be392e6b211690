using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Exchange;
using SmartGov.Hub.Modules.Exchange.Model;

namespace SmartGov.Web.Pages.Console.Exchange;

/// <summary>数据交换管理中心: gateways with their registration approval, members with one-time registration codes.</summary>
public sealed class ExchangeIndexModel(ExchangeRegistry registry) : ExchangePageModel
{
    public const string Path = "/console/exchange";

    public IReadOnlyList<GatewayView> Gateways { get; private set; } = [];
    public IReadOnlyList<MemberView> Members { get; private set; } = [];

    /// <summary>The registration code just created: shown on this response only.</summary>
    public RegistrationCodeIssued? IssuedCode { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public Task<IActionResult> OnPostApproveAsync(Guid id, string? note, CancellationToken ct) => DecideAsync(id, GatewayStatus.Approved, note, ct);

    public Task<IActionResult> OnPostRejectAsync(Guid id, string? note, CancellationToken ct) => DecideAsync(id, GatewayStatus.Rejected, note, ct);

    public Task<IActionResult> OnPostSuspendAsync(Guid id, string? note, CancellationToken ct) => DecideAsync(id, GatewayStatus.Suspended, note, ct);

    public async Task<IActionResult> OnPostCodeAsync(Guid memberRef, CancellationToken ct)
    {
        var result = await registry.CreateRegistrationCodeAsync(User, memberRef, new RegistrationCodeInput(null), ct);
        if (!result.Succeeded)
        {
            return Refusal(result) ?? await LoadAsync(ct) ?? Page();
        }
        IssuedCode = result.Value;
        return await LoadAsync(ct) ?? Page();
    }

    private async Task<IActionResult> DecideAsync(Guid id, GatewayStatus decision, string? note, CancellationToken ct)
    {
        var result = await registry.DecideGatewayAsync(User, id, decision, new DecisionInput(note), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(Path, "exchange.status." + decision, result.Value!.MemberName);
        }
        return Refusal(result) ?? await LoadAsync(ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var gateways = await registry.ListGatewaysAsync(User, ct);
        if (!gateways.Succeeded)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        Gateways = gateways.Value!;
        Members = (await registry.ListMembersAsync(User, ct)).Value ?? [];
        return null;
    }
}
