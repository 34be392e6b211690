using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Exchange;

namespace SmartGov.Web.Pages.Console.Exchange;

/// <summary>Registered services, and a form to register one of the own department's (any department's for the center admin).</summary>
public sealed class ExchangeServicesModel(ExchangeRegistry registry) : ExchangePageModel
{
    public const string Path = "/console/exchange/services";

    public IReadOnlyList<ServiceView> Services { get; private set; } = [];
    public IReadOnlyList<MemberView> Members { get; private set; } = [];

    [BindProperty] public Guid MemberRef { get; set; }
    [BindProperty] public string? Subsystem { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? CatalogResourceCode { get; set; }
    [BindProperty] public bool PersonalData { get; set; }
    [BindProperty] public string? MessageLog { get; set; }
    [BindProperty] public string? OpenApiJson { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await registry.CreateServiceAsync(User,
            new ServiceInput(MemberRef, Subsystem, Code, Name, OpenApiJson, CatalogResourceCode, PersonalData, MessageLog), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus(Path, "exchange.services.created", result.Value!.ServiceId);
        }
        return Refusal(result) ?? await LoadAsync(ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var services = await registry.ListServicesAsync(User, ct);
        if (!services.Succeeded)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        Services = services.Value!;
        Members = (await registry.ListMembersAsync(User, ct)).Value ?? [];
        return null;
    }
}
