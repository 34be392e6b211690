using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Modules.Supervision.Seeding;

namespace SmartGov.Hub.Modules.Supervision;

public static class SupervisionModule
{
    /// <summary>Key-work supervision: tasks, decomposition, process, progress, lights, notices, board and scores.</summary>
    public static IServiceCollection AddSupervision(this IServiceCollection services)
    {
        services.AddOptions<SupervisionOptions>().BindConfiguration(SupervisionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SupervisionService>();
        services.AddScoped<SupervisionSweep>();
        services.AddScoped<SupervisionDemoSeeder>();
        services.AddHostedService<SupervisionSweepService>();
        return services;
    }
}
