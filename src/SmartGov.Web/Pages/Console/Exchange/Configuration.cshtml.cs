using Microsoft.AspNetCore.Mvc;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Exchange;

namespace SmartGov.Web.Pages.Console.Exchange;

/// <summary>The global configuration: the version in force, when it was issued and expires, what it holds, and earlier versions.</summary>
public sealed class ExchangeConfigurationModel(GlobalConfigurationPublisher publisher, ExchangeCenterKey centerKey) : ExchangePageModel
{
    public PublishedConfiguration Current { get; private set; } = null!;
    public IReadOnlyList<ConfigVersionView> History { get; private set; } = [];
    public string CenterKeyFingerprint { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ExchangeRegistry.CanSeeExchange(User))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        Current = await publisher.CurrentAsync(ct);
        History = await publisher.HistoryAsync(20, ct);
        // What a department compares with the fingerprint its gateway printed at registration.
        CenterKeyFingerprint = Convert.ToHexStringLower(Sm3.Hash(Sm2PublicKey.FromPem(centerKey.PublicKeyPem).ToDer()))[..16];
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(long version, CancellationToken ct)
    {
        if (!ExchangeRegistry.CanSeeExchange(User))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var json = await publisher.SignedJsonAsync(version, ct);
        return json is null ? NotFound() : File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", $"global-configuration-v{version}.json");
    }
}
