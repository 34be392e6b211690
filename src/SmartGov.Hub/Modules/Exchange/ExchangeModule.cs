using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Hub.Modules.Exchange.Apis;
using SmartGov.Hub.Modules.Exchange.Seeding;

[assembly: InternalsVisibleTo("SmartGov.Exchange.Tests")]

namespace SmartGov.Hub.Modules.Exchange;

public static class ExchangeModule
{
    /// <summary>The exchange management center: registries, the signed global configuration, gateway reports and the witness.</summary>
    public static IServiceCollection AddExchangeCenter(this IServiceCollection services)
    {
        services.AddOptions<ExchangeOptions>().BindConfiguration(ExchangeOptions.Section)
            .Validate(o => o.ConfigValidityHours is >= 1 and <= 24 * 30 && o.ConfigCacheSeconds is >= 0 and <= 3600,
                "Exchange: ConfigValidityHours must be 1–720 and ConfigCacheSeconds 0–3600.")
            .Validate(o => SmartGov.Exchange.Protocol.ExchangeId.IsInstance(o.Instance) && SmartGov.Exchange.Protocol.ExchangeId.MemberClasses.Contains(o.MemberClass),
                "Exchange: Instance must be 2–32 characters of A–Z, 0–9 and '-', MemberClass one of GOV, PUB, COM, ORG.")
            .ValidateOnStart();
        services.AddSingleton<ExchangeCenterKey>();
        services.AddSingleton<ConfigurationCache>();
        services.AddScoped<ExchangeRegistry>();
        services.AddScoped<GlobalConfigurationPublisher>();
        services.AddScoped<GatewayReports>();
        services.AddScoped<ExchangeDemoSeeder>();
        // Until the catalog module registers the real one: no grants, so only hand-entered rights.
        services.TryAddScoped<ICatalogSharing, NoCatalogSharing>();
        services.AddScoped<Evaluation.IIndicatorRule, CallsServedRule>();
        return services;
    }

    public static IEndpointRouteBuilder MapExchangeCenterApi(this IEndpointRouteBuilder app) => app.MapExchangeApi();
}

/// <summary>The catalog's sharing interface when no catalog module is installed: no resources, no grants.</summary>
internal sealed class NoCatalogSharing : ICatalogSharing
{
    public Task<CatalogResourceRef?> FindResourceAsync(string resourceCode, CancellationToken ct = default) => Task.FromResult<CatalogResourceRef?>(null);

    public Task<IReadOnlyList<SharingGrant>> ActiveGrantsAsync(DateTime asOfUtc, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<SharingGrant>>([]);
}
