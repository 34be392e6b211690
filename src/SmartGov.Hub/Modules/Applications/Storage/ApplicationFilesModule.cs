using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartGov.Hub.Modules.Applications.Results;
using SmartGov.Hub.Modules.Applications.Storage;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>Registration of the Applications module's files (材料上传) and signed results (结果文书).</summary>
public static class ApplicationFilesModule
{
    /// <summary>
    /// The file store (<see cref="FileSystemFileStore"/> unless an <see cref="IFileStore"/> is already registered),
    /// <see cref="MaterialFiles"/>, the staged-file sweep (a hosted service) and <see cref="ResultSigner"/>.
    /// Needs AddAudit() (the platform signing key and the audit sink).
    /// </summary>
    public static IServiceCollection AddApplicationFiles(this IServiceCollection services)
    {
        services.AddOptions<ApplicationFilesOptions>().BindConfiguration(ApplicationFilesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFileStore, FileSystemFileStore>();
        services.AddScoped<MaterialFiles>();
        services.AddScoped<StagedFileSweeper>();
        services.AddHostedService<StagedFileSweepService>();
        services.AddSingleton<ResultSigner>();
        return services;
    }

    /// <summary><c>/api/v1/files</c> (uploads, signed-in users) and <c>/api/v1/results</c> (public verification).</summary>
    public static IEndpointRouteBuilder MapApplicationFilesApi(this IEndpointRouteBuilder app)
    {
        FilesApi.Map(app);
        ResultsApi.Map(app);
        return app;
    }
}
