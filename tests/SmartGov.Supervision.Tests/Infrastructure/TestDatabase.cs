using Microsoft.Data.Sqlite;
using Npgsql;
using SmartGov.Hub.Data;

namespace SmartGov.Supervision.Tests.Infrastructure;

/// <summary>
/// One fresh, empty database for one factory: a SQLite file in its own temp folder, or a database
/// <c>sg_test_&lt;guid&gt;</c> created on the PostgreSQL server named by SMARTGOV_TEST_PG and dropped afterwards.
/// The hub's own start-up (Database:MigrateOnStart) brings it to the current schema.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ProviderVariable = "SMARTGOV_TEST_DB";
    public const string PostgresVariable = "SMARTGOV_TEST_PG";

    private readonly string? _adminConnectionString;

    private TestDatabase(DatabaseProvider provider, string? dataDirectory, string? databaseName, string? connectionString, string? adminConnectionString)
    {
        Provider = provider;
        DataDirectory = dataDirectory;
        DatabaseName = databaseName;
        ConnectionString = connectionString;
        _adminConnectionString = adminConnectionString;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>SQLite only: the folder holding smartgov.db (Database:DataDirectory).</summary>
    public string? DataDirectory { get; }

    /// <summary>PostgreSQL only: the name of the database created for this factory.</summary>
    public string? DatabaseName { get; }

    /// <summary>PostgreSQL only: the connection string of that database.</summary>
    public string? ConnectionString { get; }

    public string? SqliteFile => DataDirectory is null ? null : Path.Combine(DataDirectory, "smartgov.db");

    /// <summary>The provider this run tests. A Postgres run without a server fails here, loudly, instead of skipping.</summary>
    public static DatabaseProvider ConfiguredProvider()
    {
        var value = Environment.GetEnvironmentVariable(ProviderVariable);
        if (string.IsNullOrWhiteSpace(value) || value.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.Sqlite;
        }
        if (value.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || value.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable)))
            {
                throw new InvalidOperationException(
                    $"{ProviderVariable}=Postgres but {PostgresVariable} is not set. Start a server (tests/pg.sh, or ./test.sh does it) and set " +
                    $"{PostgresVariable}=\"Host=127.0.0.1;Port=N;Username=smartgov;Password=smartgov;Database=postgres\". The PostgreSQL run never skips silently.");
            }
            return DatabaseProvider.Postgres;
        }
        throw new InvalidOperationException($"{ProviderVariable}={value} is not a provider this suite knows; use Sqlite or Postgres.");
    }

    public static async Task<TestDatabase> CreateAsync()
    {
        if (ConfiguredProvider() == DatabaseProvider.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "smartgov-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return new TestDatabase(DatabaseProvider.Sqlite, dir, null, null, null);
        }

        var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresVariable)) { Pooling = false };
        var name = "sg_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync();
        }
        var own = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresVariable)) { Database = name };
        return new TestDatabase(DatabaseProvider.Postgres, null, name, own.ConnectionString, admin.ConnectionString);
    }

    /// <summary>The settings that point the hub at this database.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings()
    {
        yield return new("Database:Provider", Provider.ToString());
        yield return new("Database:MigrateOnStart", "true");
        if (Provider == DatabaseProvider.Sqlite)
        {
            yield return new("Database:DataDirectory", DataDirectory!);
            // Empty: the hub derives {DataDirectory}/smartgov.db itself, the path a real installation takes.
            yield return new("ConnectionStrings:SmartGov", "");
        }
        else
        {
            // Uploads and generated files of the Postgres run still need a folder of their own.
            var dir = Path.Combine(Path.GetTempPath(), "smartgov-tests", DatabaseName!);
            yield return new("Database:DataDirectory", dir);
            yield return new("ConnectionStrings:SmartGov", ConnectionString!);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            // Pooled connections hold the file open; release ours before removing the folder.
            SqliteConnection.ClearAllPools();
            TryDelete(DataDirectory!);
            return;
        }
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        TryDelete(Path.Combine(Path.GetTempPath(), "smartgov-tests", DatabaseName!));
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temp folder is cleaned by the OS eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
