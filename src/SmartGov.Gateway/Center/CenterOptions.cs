namespace SmartGov.Gateway.Center;

/// <summary>
/// The gateway's link to the exchange management center, section <c>Center</c> (docs/gateway-install.md): where the
/// center is, the one-time registration code, the address peers reach this gateway at, and how often it reports.
/// </summary>
public sealed class CenterOptions
{
    public const string Section = "Center";

    /// <summary>The hub's base URL, e.g. https://hub.example (the center's API and configuration live under it).</summary>
    public string? Url { get; set; }

    /// <summary>The one-time registration code from the center's console; used once, at the first start.</summary>
    public string? RegistrationCode { get; set; }

    /// <summary>The URL other gateways reach this one at (its /p1 side), registered with the center.</summary>
    public string? Address { get; set; }

    /// <summary>Seconds between reports of operational metadata and the message-log head (0 = no reports).</summary>
    public int ReportSeconds { get; set; } = 60;

    /// <summary>Most log records read into one report.</summary>
    public int MaxRecordsPerReport { get; set; } = 200_000;
}

/// <summary>What the gateway keeps of its registration: {DataDirectory}/center-registration.json.</summary>
public sealed record CenterRegistrationRecord(Guid GatewayId, string MemberId, string Status, string Center, string Address, DateTimeOffset RegisteredAt);
