using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        services.TryAddScoped<IMaterialFileResolver, NoMaterialFiles>();
        return services;
    }

    /// <summary>Until the uploads store is registered: no file resolves, so every file reference is refused with a clear error.</summary>
    private sealed class NoMaterialFiles : IMaterialFileResolver
    {
        public Task<IReadOnlyDictionary<Guid, MaterialFileFacts>> ResolveAsync(Guid ownerId, IReadOnlyCollection<Guid> fileIds, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyDictionary<Guid, MaterialFileFacts>>(new Dictionary<Guid, MaterialFileFacts>());

        public void Attach(IReadOnlyCollection<Guid> fileIds, Guid applicationId)
        {
        }
    }
}
