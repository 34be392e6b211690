using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Applications.Apis;
using SmartGov.Hub.Modules.Applications.Seeding;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Hub.Modules.Catalog.Apis;
using SmartGov.Hub.Modules.Catalog.Seeding;
using SmartGov.Hub.Modules.Evaluation;
using SmartGov.Hub.Modules.Evaluation.Apis;
using SmartGov.Hub.Modules.Evaluation.Seeding;
using SmartGov.Hub.Modules.Exchange;
using SmartGov.Hub.Modules.Exchange.Seeding;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Identity.Apis;
using SmartGov.Hub.Modules.Identity.Model;
using SmartGov.Hub.Modules.Insight;
using SmartGov.Hub.Modules.Insight.Apis;
using SmartGov.Hub.Modules.Licences;
using SmartGov.Hub.Modules.Licences.Apis;
using SmartGov.Hub.Modules.Notifications;
using SmartGov.Hub.Modules.Notifications.Apis;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Organizations.Apis;
using SmartGov.Hub.Modules.Ratings;
using SmartGov.Hub.Modules.Ratings.Apis;
using SmartGov.Hub.Modules.Ratings.Seeding;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Modules.Services.Apis;
using SmartGov.Hub.Modules.Services.Seeding;
using SmartGov.Hub.Modules.Supervision;
using SmartGov.Hub.Modules.Supervision.Apis;
using SmartGov.Hub.Modules.Supervision.Seeding;
using SmartGov.Hub.PersonalData;
using SmartGov.Hub.Seeding;

namespace SmartGov.Hub;

/// <summary>One registration and one mapping call for every module of the hub.</summary>
public static class HubModules
{
    public static IServiceCollection AddHubModules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSmartGovDatabase(configuration);
        services.AddOptions<PersonalDataOptions>().BindConfiguration(PersonalDataOptions.Section);
        services.AddSingleton<IPersonalDataCipher, PersonalDataCipher>();
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        services.AddScoped<DemoCitySeeder>();

        services.AddAudit();
        services.AddOrganizations();
        services.AddSmartGovIdentity();
        services.AddServices();
        services.AddSupervision();
        services.AddApplicationFiles();
        services.AddLicences();
        services.AddApplications();
        services.AddApplicationsDemoSeeder();
        services.AddRatings();
        services.AddEvaluation();
        services.AddInsight();
        services.AddNotifications();
        services.AddCatalog();
        services.AddExchangeCenter();
        return services;
    }

    public static IEndpointRouteBuilder MapHubApis(this IEndpointRouteBuilder app)
    {
        app.MapOrganizationsApi();
        app.MapIdentityApi();
        app.MapAuditApi();
        app.MapServicesApi();
        app.MapSupervisionApi();
        app.MapApplicationsApi();
        app.MapLicencesApi();
        app.MapApplicationFilesApi();
        app.MapRatingsApi();
        app.MapEvaluationApi();
        app.MapInsightApi();
        app.MapNotificationsApi();
        app.MapCatalogApi();
        app.MapExchangeCenterApi();
        return app;
    }

    /// <summary>Migrate (when configured), make sure the roles exist, and seed the demo city (when configured).</summary>
    public static async Task InitializeHubAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var dbOptions = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (dbOptions.MigrateOnStart)
        {
            await services.MigrateSmartGovDatabaseAsync(ct);
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
        if (services.GetRequiredService<IOptions<SeedOptions>>().Value.DemoCity)
        {
            await scope.ServiceProvider.GetRequiredService<DemoCitySeeder>().SeedAsync(ct);
            await scope.ServiceProvider.GetRequiredService<ServicesDemoSeeder>().SeedAsync(ct);
            await scope.ServiceProvider.GetRequiredService<ApplicationsDemoSeeder>().SeedAsync(ct);
            await scope.ServiceProvider.GetRequiredService<RatingsDemoSeeder>().SeedAsync(ct);
            await scope.ServiceProvider.GetRequiredService<SupervisionDemoSeeder>().SeedAsync(ct);
            await scope.ServiceProvider.GetRequiredService<EvaluationDemoSeeder>().SeedAsync(ct);
            await scope.ServiceProvider.GetRequiredService<CatalogDemoSeeder>().SeedAsync(ct);
            await scope.ServiceProvider.GetRequiredService<ExchangeDemoSeeder>().SeedAsync(ct);
        }
        foreach (var name in Roles.Staff.Append(Roles.Citizen))
        {
            if (!await db.Roles.AnyAsync(r => r.Name == name, ct))
            {
                db.Roles.Add(new AppRole(name));
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
