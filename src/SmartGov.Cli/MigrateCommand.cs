using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartGov.Hub;
using SmartGov.Hub.Data;
using SmartGov.Hub.Seeding;

namespace SmartGov.Cli;

/// <summary><c>sgov migrate</c>: bring a database to the current schema, with the same configuration keys as the hub.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var provider = new Option<string?>("--provider") { Description = "Sqlite or Postgres (default: Database:Provider, else Sqlite)" };
        var connection = new Option<string?>("--connection") { Description = "Connection string (default: ConnectionStrings:SmartGov)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory for SQLite (default: Database:DataDirectory, else ./data)" };
        var list = new Option<bool>("--list") { Description = "List applied and pending migrations, change nothing" };
        var seedDemo = new Option<bool>("--seed-demo") { Description = "Also seed the demo city into an empty database" };
        var command = new Command("migrate", "Apply database migrations / 执行数据库迁移") { provider, connection, dataDir, list, seedDemo };
        command.SetAction(async (result, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (result.GetValue(provider) is { } p)
            {
                if (!Enum.TryParse<DatabaseProvider>(p, ignoreCase: true, out var parsedProvider))
                {
                    await Console.Error.WriteLineAsync($"sgov migrate: 不支持的数据库类型 {p}，应为 Sqlite 或 Postgres / unknown provider {p}: use Sqlite or Postgres");
                    return 2;
                }
                overrides[$"{DatabaseOptions.Section}:Provider"] = parsedProvider.ToString();
            }
            if (result.GetValue(connection) is { } c)
            {
                overrides[$"ConnectionStrings:{DatabaseExtensions.ConnectionStringName}"] = c;
            }
            if (result.GetValue(dataDir) is { } d)
            {
                overrides[$"{DatabaseOptions.Section}:DataDirectory"] = d;
            }
            overrides[$"{DatabaseOptions.Section}:MigrateOnStart"] = "true";
            overrides[$"{SeedOptions.Section}:DemoCity"] = result.GetValue(seedDemo) ? "true" : "false";
            var configuration = new ConfigurationBuilder()
                .SetBasePath(Directory.GetCurrentDirectory())
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables("SMARTGOV_")
                .AddEnvironmentVariables()
                .AddInMemoryCollection(overrides)
                .Build();
            return await RunAsync(configuration, result.GetValue(list), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(IConfiguration configuration, bool listOnly, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        try
        {
            services.AddHubModules(configuration);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
        if (configuration.GetValue<bool>($"{SeedOptions.Section}:DemoCity"))
        {
            var dataDir = configuration[$"{DatabaseOptions.Section}:DataDirectory"] ?? "data";
            services.PostConfigure<SmartGov.Hub.PersonalData.PersonalDataOptions>(o =>
            {
                if (string.IsNullOrWhiteSpace(o.EncryptionKey) && string.IsNullOrWhiteSpace(o.KeyFile))
                {
                    o.KeyFile = Path.Combine(dataDir, "keys", "personal-data.key");
                    o.GenerateKeyFileIfMissing = true;
                }
            });
        }
        await using var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
            var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            Console.WriteLine($"Provider 数据库: {db.Database.ProviderName}");
            Console.WriteLine($"Applied 已执行: {applied.Count}  Pending 待执行: {pending.Count}");
            foreach (var m in pending)
            {
                Console.WriteLine($"  pending  {m}");
            }
            if (listOnly)
            {
                foreach (var m in applied)
                {
                    Console.WriteLine($"  applied  {m}");
                }
                return 0;
            }
        }
        try
        {
            await provider.InitializeHubAsync(ct);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"Migration failed 迁移失败: {ex.Message}");
            return 1;
        }
        Console.WriteLine("Database is at the current schema. 数据库已是最新结构。");
        return 0;
    }
}
