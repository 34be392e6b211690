using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Seeding;

namespace SmartGov.Hub.Modules.Licences;

/// <summary>
/// How the hub reaches the data exchange (section <c>Exchange</c>): through its own gateway, the 大数据局's (dsj), as
/// client subsystem <c>hub</c>. Without <see cref="GatewayUrl"/> nothing is fetched and shared materials stay pending.
/// </summary>
public sealed class LicencesOptions
{
    public const string Section = "Exchange";

    /// <summary>The hub's gateway, e.g. http://127.0.0.1:5300.</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>Exchange instance (CN-DEMO in the demo city).</summary>
    public string Instance { get; set; } = "CN-DEMO";

    /// <summary>The hub's client id; by default <c>{Instance}/GOV/{credit code of HubDepartmentCode}/hub</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The department whose member the hub's subsystem belongs to (大数据局).</summary>
    public string HubDepartmentCode { get; set; } = "dsj";

    /// <summary>The purpose (用途) sent with every licence fetch for an application.</summary>
    public string Purpose { get; set; } = LicenceExchange.ApplicationPurpose;

    /// <summary>The purpose sent when an issued licence goes into the issuing department's library.</summary>
    public string IssuePurpose { get; set; } = LicenceExchange.ApplicationPurpose;

    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>How often the sweep sends issued licences that have not reached their department's library yet.</summary>
    public int IssueSweepSeconds { get; set; } = 30;

    /// <summary>
    /// The hub's exchange client id: <see cref="ClientId"/>, or <c>{Instance}/GOV/{credit code of HubDepartmentCode}/hub</c>;
    /// null when that department does not exist. Every call the hub makes through its gateway names itself this way.
    /// </summary>
    public async Task<string?> ResolveClientIdAsync(IOrganizationDirectory organizations, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(ClientId))
        {
            return ClientId;
        }
        var hubDept = await organizations.FindDepartmentAsync(DemoCitySeeder.DeterministicGuid("dept:" + HubDepartmentCode), ct);
        return hubDept is null ? null : $"{Instance}/GOV/{hubDept.CreditCode}/hub";
    }
}
