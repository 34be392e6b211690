using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Ratings;

namespace SmartGov.Hub.Modules.Insight;

public sealed class InsightOptions
{
    public const string Section = "Insight";

    /// <summary>
    /// Seconds the city's supervision board is reused between dashboard requests on one node (0 = read it every time).
    /// Lights change by the day, and reading ten thousand sub-tasks costs hundreds of milliseconds (see docs/insight.md).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 300)]
    public int SupervisionCacheSeconds { get; set; } = 10;
}

public static class InsightModule
{
    /// <summary>The dashboard, and the read interfaces it stands on in the applications and ratings modules.</summary>
    public static IServiceCollection AddInsight(this IServiceCollection services)
    {
        services.TryAddScoped<IApplicationRollups, ApplicationRollupReader>();
        services.TryAddScoped<IRatingFigures, RatingFigures>();
        services.AddOptions<InsightOptions>().BindConfiguration(InsightOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMemoryCache();
        services.AddScoped<InsightService>();
        return services;
    }
}
