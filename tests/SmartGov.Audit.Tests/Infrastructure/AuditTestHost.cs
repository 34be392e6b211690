extern alias cli;

using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartGov.Crypto;
using SmartGov.Hub;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Audit.Tests.Infrastructure;

using AuditCommands = cli::SmartGov.Cli.Audit.AuditCommands;

/// <summary>A clock tests can move: the time the sink stamps on entries and the sequencer on heads.</summary>
public sealed class TestClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

/// <summary>
/// The hub's modules without the web server, on a fresh database: enough to write audit entries through the real sink,
/// run the real sequencer, and call `sgov audit …` through its command handlers.
/// </summary>
public sealed class AuditTestHost : IAsyncDisposable
{
    public const string EncryptionKey = "00112233445566778899aabbccddeeff";
    public const string IndexKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private AuditTestHost(TestDb db, ServiceProvider services, string keyFile, string publicKeyFile, TestClock clock, string profile)
    {
        Db = db;
        Services = services;
        KeyFile = keyFile;
        PublicKeyFile = publicKeyFile;
        Clock = clock;
        Profile = profile;
    }

    public TestDb Db { get; }

    public ServiceProvider Services { get; }

    public string KeyFile { get; }

    public string PublicKeyFile { get; }

    public TestClock Clock { get; }

    public string Profile { get; }

    public AuditSequencer Sequencer => Services.GetRequiredService<AuditSequencer>();

    public static async Task<AuditTestHost> StartAsync(string provider, string profile = "gm", Action<Dictionary<string, string?>>? configure = null)
    {
        var db = await TestDb.CreateAsync(provider);
        var keys = Path.Combine(db.Directory, "keys");
        Directory.CreateDirectory(keys);
        var key = CryptoProfiles.Get(profile).GenerateSigningKey();
        var keyFile = Path.Combine(keys, "audit-signing.pem");
        var publicKeyFile = Path.Combine(keys, "audit-public.pem");
        await File.WriteAllTextAsync(keyFile, key.PrivateKeyPem());
        await File.WriteAllTextAsync(publicKeyFile, key.PublicKeyPem());

        var settings = db.Settings();
        settings["PersonalData:EncryptionKey"] = EncryptionKey;
        settings["PersonalData:IndexKey"] = IndexKey;
        settings["Audit:Profile"] = profile;
        settings["Audit:SigningKeyFile"] = keyFile;
        settings["Audit:SequencerIntervalMilliseconds"] = "50";
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var clock = new TestClock();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddHubModules(configuration);
        services.AddSingleton<TimeProvider>(clock);
        var provider2 = services.BuildServiceProvider();
        await provider2.MigrateSmartGovDatabaseAsync();
        return new AuditTestHost(db, provider2, keyFile, publicKeyFile, clock, profile);
    }

    /// <summary>Another hub node on the same database (its own services, sequencer and lease holder id).</summary>
    public ServiceProvider SecondNode()
    {
        var configuration = Services.GetRequiredService<IConfiguration>();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddHubModules(configuration);
        return services.BuildServiceProvider();
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task WithScopeAsync(Func<IServiceProvider, Task> action) => WithScopeAsync<int>(async sp =>
    {
        await action(sp);
        return 0;
    });

    /// <summary>Writes <paramref name="count"/> entries, each in its own unit of work, through the real sink.</summary>
    public async Task WriteEntriesAsync(int count, Func<int, AuditEvent>? make = null)
    {
        for (var i = 0; i < count; i++)
        {
            await WithScopeAsync(sp => sp.GetRequiredService<IAuditSink>().WriteAsync(make?.Invoke(i) ?? new AuditEvent(
                AuditActions.ViewPersonalData, SubjectType: "application", SubjectId: $"A{i:D5}", PersonIndex: new string((char)('a' + i % 6), 64),
                Purpose: "办理营业执照审核", Details: $"第 {i} 次查看 \"details\" \\ with\ttab", ActorType: AuditActorTypes.System, ActorName: "test")));
        }
    }

    /// <summary>
    /// Runs a raw SQL statement against the store as an attacker with full database rights would: first dropping the
    /// append-only triggers (AuditGuards), then tampering. What must catch it then is the Merkle tree and the heads.
    /// </summary>
    public Task<int> ExecuteSqlAsync(string sql) => WithScopeAsync(async sp =>
    {
        var database = sp.GetRequiredService<SmartGovDbContext>().Database;
        foreach (var drop in AuditGuards.RemovalStatements(Db.Provider == DatabaseProvider.Postgres))
        {
            await database.ExecuteSqlRawAsync(drop);
        }
        return await database.ExecuteSqlRawAsync(sql);
    });

    /// <summary>Drops the append-only triggers, as an attacker with full database rights would before tampering.</summary>
    public Task RemoveGuardsAsync() => WithScopeAsync(async sp =>
    {
        var database = sp.GetRequiredService<SmartGovDbContext>().Database;
        foreach (var drop in AuditGuards.RemovalStatements(Db.Provider == DatabaseProvider.Postgres))
        {
            await database.ExecuteSqlRawAsync(drop);
        }
    });

    /// <summary>Runs a raw SQL statement with the append-only triggers in place, as the application's own account would.</summary>
    public Task<int> ExecuteGuardedSqlAsync(string sql) => WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Database.ExecuteSqlRawAsync(sql));

    public Task<List<AuditTreeHead>> HeadsAsync() => WithScopeAsync(sp =>
        sp.GetRequiredService<SmartGovDbContext>().Set<AuditTreeHead>().AsNoTracking().OrderBy(h => h.TreeSize).ToListAsync());

    /// <summary>SQL literal for bytes, per provider (X'..' in SQLite, '\x..'::bytea in PostgreSQL).</summary>
    public string Bytes(byte[] value) => Db.Provider == DatabaseProvider.Sqlite
        ? $"X'{Convert.ToHexString(value)}'"
        : $"'\\x{Convert.ToHexString(value)}'::bytea";

    /// <summary>Runs `sgov` with the given arguments through its real command handlers; returns the exit code and what it printed.</summary>
    public static async Task<CliResult> RunCliAsync(params string[] args)
    {
        var root = new RootCommand("sgov");
        foreach (var command in AuditCommands.Create())
        {
            root.Subcommands.Add(command);
        }
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>`sgov audit verify` against this host's database and key.</summary>
    public Task<CliResult> VerifyAsync(params string[] extra) =>
        RunCliAsync([.. new[] { "audit", "verify" }, .. Db.CliOptions(), "--profile", Profile, "--key-file", KeyFile, .. extra]);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Db.DisposeAsync();
    }
}

public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
