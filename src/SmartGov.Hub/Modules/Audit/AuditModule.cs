using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Audit.Apis;

[assembly: InternalsVisibleTo("SmartGov.Audit.Tests")]
[assembly: InternalsVisibleTo("SmartGov.Bench.Audit")]

namespace SmartGov.Hub.Modules.Audit;

public static class AuditModule
{
    /// <summary>
    /// The audit trail: the sink (entries in the caller's transaction), the sequencer (a hosted service that builds the
    /// Merkle log and signs tree heads), queries, proofs, verification, export and archive.
    /// </summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>()
            .BindConfiguration(AuditOptions.Section)
            .Configure<IServiceProvider>((o, sp) =>
            {
                // Development and the demo city generate their own signing key under the data directory, as the
                // personal-data key is; production must supply Audit:SigningKeyFile.
                if (!string.IsNullOrWhiteSpace(o.SigningKeyFile))
                {
                    return;
                }
                var config = sp.GetService<IConfiguration>();
                var env = sp.GetService<IHostEnvironment>();
                var dataDir = config?["Database:DataDirectory"] is { Length: > 0 } d ? d : "data";
                o.SigningKeyFile = Path.Combine(dataDir, "keys", "audit-signing.pem");
                o.GenerateSigningKeyIfMissing = env?.IsDevelopment() == true || config?.GetValue<bool>("Seed:DemoCity") == true;
            })
            .ValidateDataAnnotations()
            .Validate(o => o.Profile is not null && (o.Profile.Trim().Equals(CryptoProfiles.GmName, StringComparison.OrdinalIgnoreCase)
                    || o.Profile.Trim().Equals(CryptoProfiles.IntlName, StringComparison.OrdinalIgnoreCase)),
                "Audit:Profile must be \"gm\" or \"intl\". / 审计日志算法配置只能是 gm 或 intl。")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AuditSigner>();
        services.AddSingleton<Infrastructure.AuditNodeCache>();
        services.AddSingleton<AuditSequencer>();
        services.AddSingleton<AuditHeadThinner>();
        services.AddSingleton<AuditHeadWitness>();
        services.AddHostedService<AuditSequencerService>();
        services.AddScoped<IAuditSink, DatabaseAuditSink>();
        services.AddScoped<IAuditQuery, AuditQuery>();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<AuditExporter>();
        services.AddScoped<AuditArchiver>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app) => AuditApi.Map(app);
}

public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, int Page, int PageSize, int Total);
