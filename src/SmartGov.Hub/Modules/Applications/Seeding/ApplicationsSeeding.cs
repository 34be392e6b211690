using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;

namespace SmartGov.Hub.Modules.Applications.Seeding;

/// <summary>Seed:HistoricalApplications: how many historical applications the demo city gets (0 disables them).</summary>
public sealed class ApplicationsSeedOptions
{
    public const string Section = "Seed";

    [Range(0, 200_000)]
    public int HistoricalApplications { get; set; } = 5000;
}

public static class ApplicationsSeeding
{
    /// <summary>Registers <see cref="ApplicationsDemoSeeder"/> and its options (section Seed).</summary>
    public static IServiceCollection AddApplicationsDemoSeeder(this IServiceCollection services)
    {
        services.AddOptions<ApplicationsSeedOptions>().BindConfiguration(ApplicationsSeedOptions.Section).ValidateDataAnnotations();
        services.AddScoped<ApplicationsDemoSeeder>();
        return services;
    }
}
