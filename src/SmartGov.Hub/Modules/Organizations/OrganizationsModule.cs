using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Modules.Organizations.Admin;

namespace SmartGov.Hub.Modules.Organizations;

public static class OrganizationsModule
{
    public static IServiceCollection AddOrganizations(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddScoped<IOrganizationDirectory, OrganizationDirectory>();
        services.AddScoped<OrganizationAdmin>();
        return services;
    }
}
