using Microsoft.Data.Sqlite;
using Npgsql;
using SmartGov.Hub.Data;

namespace SmartGov.Audit.Tests.Infrastructure;

/// <summary>
/// One empty database for one test: a SQLite file in a temp folder, or a database created on the PostgreSQL server of
/// SMARTGOV_TEST_PG (dropped afterwards). Which providers run: SMARTGOV_TEST_DB=Sqlite|Postgres picks one; unset, every
/// test runs on SQLite and, when SMARTGOV_TEST_PG is set, on PostgreSQL too.
/// </summary>
public sealed class TestDb : IAsyncDisposable
{
    public const string ProviderVariable = "SMARTGOV_TEST_DB";
    public const string PostgresVariable = "SMARTGOV_TEST_PG";

    private readonly string? _admin;

    private TestDb(DatabaseProvider provider, string directory, string connectionString, string? name, string? admin)
    {
        Provider = provider;
        Directory = directory;
        ConnectionString = connectionString;
        Name = name;
        _admin = admin;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>A private folder: the SQLite file, keys and export bundles live here.</summary>
    public string Directory { get; }

    public string ConnectionString { get; }

    public string? Name { get; }

    /// <summary>The providers this run covers, as theory data.</summary>
    public static TheoryData<string> Providers()
    {
        var data = new TheoryData<string>();
        foreach (var p in ProviderList())
        {
            data.Add(p.ToString());
        }
        return data;
    }

    public static IReadOnlyList<DatabaseProvider> ProviderList()
    {
        var chosen = Environment.GetEnvironmentVariable(ProviderVariable);
        var pg = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));
        if (string.Equals(chosen, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            // Never skip silently: a Postgres run without a server fails in CreateAsync.
            return [DatabaseProvider.Postgres];
        }
        if (string.Equals(chosen, "Sqlite", StringComparison.OrdinalIgnoreCase) || !pg)
        {
            return [DatabaseProvider.Sqlite];
        }
        return [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];
    }

    public static async Task<TestDb> CreateAsync(string provider) => await CreateAsync(Enum.Parse<DatabaseProvider>(provider));

    public static async Task<TestDb> CreateAsync(DatabaseProvider provider)
    {
        var dir = Path.Combine(Path.GetTempPath(), "smartgov-audit-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        if (provider == DatabaseProvider.Sqlite)
        {
            var cs = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "smartgov.db"), Pooling = true, DefaultTimeout = 60 }.ToString();
            return new TestDb(provider, dir, cs, null, null);
        }
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException($"{ProviderVariable}=Postgres but {PostgresVariable} is not set; start one with tests/pg.sh.");
        }
        var admin = new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString;
        var name = "sg_audit_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync();
        }
        var own = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestDb(provider, dir, own, name, admin);
    }

    /// <summary>Configuration keys that point the hub (or the CLI) at this database.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Database:Provider"] = Provider.ToString(),
        ["Database:DataDirectory"] = Directory,
        ["ConnectionStrings:SmartGov"] = ConnectionString,
        ["Database:MigrateOnStart"] = "true",
    };

    /// <summary>The same, as `sgov` command-line options.</summary>
    public string[] CliOptions() => ["--provider", Provider.ToString(), "--connection", ConnectionString, "--data-dir", Directory];

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));
        }
        else
        {
            await using (var pooled = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
