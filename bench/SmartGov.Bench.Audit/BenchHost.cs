using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartGov.Crypto;
using SmartGov.Hub;
using SmartGov.Hub.Data;

namespace SmartGov.Bench.Audit;

/// <summary>The hub's modules (no web server) on a fresh SQLite database in a temp folder, as the hub configures it (WAL, private cache, group commit).</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private BenchHost(string directory, ServiceProvider services, string publicKeyPem)
    {
        Directory = directory;
        Services = services;
        PublicKeyPem = publicKeyPem;
    }

    public string Directory { get; }

    public ServiceProvider Services { get; }

    public string PublicKeyPem { get; }

    public string DatabaseFile => Path.Combine(Directory, "smartgov.db");

    public static async Task<BenchHost> StartAsync(string name, Dictionary<string, string?>? extra = null, bool busyTimeout = false, bool groupCommit = true, bool sharedCache = false)
    {
        var dir = Path.Combine(Path.GetTempPath(), "smartgov-bench-audit", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "keys"));
        var key = Sm2KeyPair.Generate();
        await File.WriteAllTextAsync(Path.Combine(dir, "keys", "audit-signing.pem"), key.PrivateKeyPem());
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = dir,
            ["PersonalData:EncryptionKey"] = "00112233445566778899aabbccddeeff",
            ["PersonalData:IndexKey"] = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
            ["Audit:SigningKeyFile"] = Path.Combine(dir, "keys", "audit-signing.pem"),
            ["Database:GroupCommit"] = groupCommit ? "true" : "false",
        };
        if (sharedCache)
        {
            // Experiment: the hub's connection string before private cache became the default.
            settings["ConnectionStrings:SmartGov"] = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "smartgov.db"), Cache = SqliteCacheMode.Shared, Pooling = true }.ToString();
        }
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddHubModules(configuration);
        if (busyTimeout)
        {
            // The hub now sets this on every SQLite connection (DatabaseExtensions); the flag is kept so old runs can be repeated.
            services.ConfigureDbContext<SmartGovDbContext>(o => o.AddInterceptors(new SmartGov.Hub.Data.SqliteBusyTimeoutInterceptor()));
        }
        var provider = services.BuildServiceProvider();
        await provider.MigrateSmartGovDatabaseAsync();
        var host = new BenchHost(dir, provider, key.PublicKeyPem());
        // Experiment: BENCH_DROP_INDEXES=IX_a,IX_b drops those indexes after migration (what an index costs the appends).
        if (Environment.GetEnvironmentVariable("BENCH_DROP_INDEXES") is { Length: > 0 } drop)
        {
            using var c = host.RawConnection();
            foreach (var index in drop.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = $"DROP INDEX \"{index}\"";
                cmd.ExecuteNonQuery();
                Console.WriteLine($"experiment: dropped index {index}");
            }
        }
        return host;
    }

    /// <summary>A plain connection to the same file, for the raw-insert baseline.</summary>
    public SqliteConnection RawConnection()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabaseFile, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

