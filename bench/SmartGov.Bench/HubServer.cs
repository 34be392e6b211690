using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmartGov.Web.Infrastructure;

namespace SmartGov.Bench;

/// <summary>
/// The real hub (its own Program, pipeline, pages and database) on Kestrel at 127.0.0.1, configured as in production:
/// environment Production, SQLite in a temporary data directory, the demo city seeded with a small population,
/// logging at Warning. The one departure: the sign-in rate limit (30 a minute per address) is lifted, because every
/// request of the benchmark comes from 127.0.0.1 and GET /account/login counts against it.
/// </summary>
internal sealed class HubServer : WebApplicationFactory<global::Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "smartgov-bench-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly BenchArgs _args;

    private HubServer(BenchArgs args) => _args = args;

    public Uri Url { get; private set; } = null!;

    public static HubServer Start(BenchArgs args)
    {
        var hub = new HubServer(args);
        hub.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        hub.StartServer();
        var address = hub.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        hub.Url = new Uri(address + "/");
        hub.CheckConfiguration();
        return hub;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Production);
        builder.UseContentRoot(HubContentRoot());
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = _dataDirectory,
            ["Database:MigrateOnStart"] = "true",
            ["Seed:DemoCity"] = "true",
            ["Seed:Citizens"] = _args.Citizens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Seed:HistoricalApplications"] = "0",
            ["Seed:Businesses"] = _args.Businesses.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Web:SignInPermitPerMinute"] = "10000000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            // No telemetry export even if the shell has an OTLP endpoint set: the hub still records its traces and metrics.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>
    /// src/SmartGov.Web, as recorded at build time in MvcTestingAppManifest.json next to this program. (WebApplicationFactory
    /// looks for that file in the current directory only, and bench/run.sh runs from the repository root.)
    /// </summary>
    private static string HubContentRoot()
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json");
        var roots = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(manifest)) ?? [];
        var name = typeof(global::Program).Assembly.FullName!;
        return roots.TryGetValue(name, out var root) && Directory.Exists(root)
            ? root
            : throw new InvalidOperationException($"no content root for {name} in {manifest}");
    }

    /// <summary>A benchmark of the wrong configuration is worse than none: fail if the settings did not take.</summary>
    private void CheckConfiguration()
    {
        var env = Services.GetRequiredService<IHostEnvironment>();
        var web = Services.GetRequiredService<IOptions<WebOptions>>().Value;
        if (env.EnvironmentName != Environments.Production || web.SignInPermitPerMinute != 10_000_000 || !File.Exists(Path.Combine(_dataDirectory, "smartgov.db")))
        {
            throw new InvalidOperationException(
                $"the hub did not take the benchmark settings (environment {env.EnvironmentName}, sign-in limit {web.SignInPermitPerMinute}, data in {_dataDirectory})");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"could not delete {_dataDirectory}: {e.Message}");
        }
    }
}
