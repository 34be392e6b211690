using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace SmartGov.Hub.Modules.Licences;

public static class LicencesModule
{
    /// <summary>Electronic licences (电子证照): the licence types and the client that fetches and issues them over the exchange.</summary>
    public static IServiceCollection AddLicences(this IServiceCollection services)
    {
        services.AddOptions<LicencesOptions>().BindConfiguration(LicencesOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.GatewayUrl) || Uri.TryCreate(o.GatewayUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
                "Exchange:GatewayUrl must be an absolute http(s) URL.")
            .Validate(o => o.TimeoutSeconds > 0 && o.IssueSweepSeconds > 0, "Exchange:TimeoutSeconds and IssueSweepSeconds must be positive.")
            .ValidateOnStart();
        // The hub's one exchange client, shared with the handover sender (Modules/Exchange).
        Exchange.HubExchangeClient.Register(services);
        services.AddScoped<ILicenceExchange, LicenceExchange>();
        return services;
    }
}
