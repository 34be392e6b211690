using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Ratings;

namespace SmartGov.Hub.Modules.Insight;

public static class InsightModule
{
    /// <summary>The dashboard, and the read interfaces it stands on in the applications and ratings modules.</summary>
    public static IServiceCollection AddInsight(this IServiceCollection services)
    {
        services.TryAddScoped<IApplicationRollups, ApplicationRollupReader>();
        services.TryAddScoped<IRatingFigures, RatingFigures>();
        services.AddScoped<InsightService>();
        return services;
    }
}
