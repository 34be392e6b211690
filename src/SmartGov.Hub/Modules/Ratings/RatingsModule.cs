using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Applications.Handover;
using SmartGov.Hub.Modules.Ratings.Seeding;

namespace SmartGov.Hub.Modules.Ratings;

public static class RatingsModule
{
    /// <summary>
    /// 好差评 and 整改, plus what they stand on in the applications module: the read-only application directory and the
    /// cross-region handover (both in Modules/Applications, registered here until the applications module does it).
    /// </summary>
    public static IServiceCollection AddRatings(this IServiceCollection services)
    {
        services.AddApplicationDirectory();
        services.AddApplicationHandover();
        services.AddScoped<RatingService>();
        services.AddScoped<RatingsDemoSeeder>();
        // The two one-stop indicators that come from 好差评 (the evaluation module's built-in template names them).
        services.AddScoped<Evaluation.IIndicatorRule, AverageRatingRule>();
        services.AddScoped<Evaluation.IIndicatorRule, RectificationClosureRule>();
        return services;
    }
}
