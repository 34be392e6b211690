using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Modules.Services.Admin;
using SmartGov.Hub.Modules.Services.Excel;
using SmartGov.Hub.Modules.Services.Search;
using SmartGov.Hub.Modules.Services.Seeding;

namespace SmartGov.Hub.Modules.Services;

public static class ServicesModule
{
    /// <summary>The service catalog (事项), its search index, the Excel import and export, and the working-day calendar.</summary>
    public static IServiceCollection AddServices(this IServiceCollection services)
    {
        services.AddOptions<ServicesOptions>().BindConfiguration(ServicesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ServiceSearchIndex>();
        services.AddHostedService<SearchIndexWarmup>();
        services.AddSingleton<WorkingCalendarCache>();
        services.AddScoped<IWorkingCalendar, WorkingCalendar>();
        services.AddScoped<IServiceCatalog, ServiceCatalog>();
        services.AddSingleton<ServiceItemViewCache>();
        services.AddScoped<ServiceItemAdmin>();
        services.AddScoped<CalendarAdmin>();
        services.AddScoped<CatalogSpreadsheet>();
        services.AddScoped<ServicesDemoSeeder>();
        return services;
    }
}
