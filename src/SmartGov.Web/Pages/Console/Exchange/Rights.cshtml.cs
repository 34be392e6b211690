using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Exchange;

namespace SmartGov.Web.Pages.Console.Exchange;

/// <summary>Access rights: those entered by hand (with a revoke button) and those the catalog's sharing grants give.</summary>
public sealed class ExchangeRightsModel(ExchangeRegistry registry) : ExchangePageModel
{
    public const string Path = "/console/exchange/rights";

    public IReadOnlyList<AccessRightView> Rights { get; private set; } = [];
    public IReadOnlyList<ServiceView> Services { get; private set; } = [];

    [BindProperty] public string? Client { get; set; }
    [BindProperty] public string? Service { get; set; }
    [BindProperty] public string? Methods { get; set; } = "GET";
    [BindProperty] public string? Paths { get; set; } = "/**";
    [BindProperty] public string? Purposes { get; set; }
    [BindProperty] public DateTime? ValidUntil { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        static IReadOnlyList<string> Lines(string? s, params char[] separators) =>
            (s ?? "").Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = await registry.CreateRightAsync(User, new AccessRightInput(Client, Service, Lines(Methods, ',', ' ', '\n'),
            Lines(Paths, '\n', ' '), Lines(Purposes, '\n'), null, ValidUntil is { } u ? DateTime.SpecifyKind(u, DateTimeKind.Utc) : null), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(Path, "exchange.rights.created", result.Value!.Client);
        }
        return Refusal(result) ?? await LoadAsync(ct) ?? Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        var result = await registry.RevokeRightAsync(User, id, ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(Path, "exchange.rights.revoked", result.Value!.Client);
        }
        return Refusal(result) ?? await LoadAsync(ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var rights = await registry.ListRightsAsync(User, includeRevoked: false, ct);
        if (!rights.Succeeded)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        Rights = rights.Value!;
        var dept = User.GetDepartmentId();
        Services = [.. ((await registry.ListServicesAsync(User, ct)).Value ?? []).Where(s => IsCenterAdmin || s.DepartmentId == dept)];
        return null;
    }

    public bool CanRevoke(AccessRightView r) =>
        r.Source == ExchangeRegistry.ManualSource && ExchangeRegistry.CanActFor(User, r.ProviderDepartmentId);
}
