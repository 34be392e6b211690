using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Modules.Catalog.Search;
using SmartGov.Hub.Modules.Catalog.Seeding;

namespace SmartGov.Hub.Modules.Catalog;

public static class CatalogModule
{
    /// <summary>The resource catalog (资源目录), its search index, sharing requests (共享申请), the evaluation rules and the demo catalog.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddSingleton<ResourceSearchIndex>();
        services.AddScoped<ResourceCatalog>();
        services.AddScoped<SharingRequests>();
        services.AddScoped<ICatalogSharing, CatalogSharing>();
        services.AddScoped<ICatalogFigures, CatalogFiguresReader>();
        services.AddScoped<CatalogDemoSeeder>();
        services.AddScoped<Evaluation.IIndicatorRule, CatalogResourcesRule>();
        services.AddScoped<Evaluation.IIndicatorRule, CatalogResourcesAliasRule>();
        services.AddScoped<Evaluation.IIndicatorRule, SharingRequestsServedRule>();
        services.AddScoped<Evaluation.IIndicatorRule, SharingTurnaroundRule>();
        return services;
    }
}
