using Microsoft.Extensions.DependencyInjection;

namespace SmartGov.Hub.Modules.Applications;

public static class ApplicationsModule
{
    /// <summary>The rate-limiting policy of public tracking: number + four characters invite guessing.</summary>
    public const string TrackingRateLimit = "tracking";

    /// <summary>Applications (办件): intake, workflow, deadlines, queues and tracking.</summary>
    public static IServiceCollection AddApplications(this IServiceCollection services)
    {
        services.AddOptions<ApplicationsOptions>().BindConfiguration(ApplicationsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApplicationNumbers>();
        services.AddScoped<WorkflowStore>();
        services.AddScoped<ApplicationHooks>();
        services.AddScoped<ApplicationService>();
        services.AddScoped<ApplicationDeadlineSweep>();
        services.AddScoped<IApplicationStatistics, ApplicationStatistics>();
        services.AddScoped<Rollups.ApplicationRollup>();
        services.AddHostedService<Rollups.ApplicationRollupWorker>();
        services.AddHostedService<ApplicationDeadlineSweepService>();
        services.AddScoped<IMaterialFileResolver, StoredMaterialFiles>();
        services.AddScoped<LicenceIssueSweep>();
        services.AddHostedService<LicenceIssueSweepService>();
        return services;
    }
}
