using Microsoft.Data.Sqlite;
using Npgsql;

namespace SmartGov.Cli.Tests;

/// <summary><c>sgov migrate</c>: an operator brings an empty database to the hub's schema, and a second run changes nothing.</summary>
public sealed class MigrateTests : IDisposable
{
    // Tables of three different modules plus Identity: enough to tell a whole schema from a partial one.
    private static readonly string[] ExpectedTables = ["AspNetUsers", "AspNetRoles", "departments", "regions", "service_halls", "audit_records", "api_tokens"];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Sqlite_migrate_creates_the_schema_and_a_second_run_is_a_no_op()
    {
        var dataDir = Path.Combine(_dir.Path, "data");

        var first = await Sgov.RunAsync(_dir.Path, "migrate", "--data-dir", dataDir);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Applied 已执行: 0", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("pending", first.StdOut, StringComparison.Ordinal);

        var database = Path.Combine(dataDir, "smartgov.db");
        Assert.True(File.Exists(database), "the SQLite file is {data-dir}/smartgov.db");
        var tables = SqliteTables(database);
        Assert.All(ExpectedTables, t => Assert.Contains(t, tables));
        var history = SqliteHistory(database);
        Assert.NotEmpty(history);

        var second = await Sgov.RunAsync(_dir.Path, "migrate", "--data-dir", dataDir);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Pending 待执行: 0", second.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("  pending  ", second.StdOut, StringComparison.Ordinal);
        Assert.Equal(history, SqliteHistory(database));

        var list = await Sgov.RunAsync(_dir.Path, "migrate", "--data-dir", dataDir, "--list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("Pending 待执行: 0", list.StdOut, StringComparison.Ordinal);
        Assert.All(history, m => Assert.Contains($"applied  {m}", list.StdOut, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sqlite_list_on_an_empty_directory_shows_pending_and_creates_no_tables()
    {
        var dataDir = Path.Combine(_dir.Path, "fresh");
        var list = await Sgov.RunAsync(_dir.Path, "migrate", "--data-dir", dataDir, "--list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("Applied 已执行: 0", list.StdOut, StringComparison.Ordinal);
        Assert.Contains("  pending  ", list.StdOut, StringComparison.Ordinal);

        var database = Path.Combine(dataDir, "smartgov.db");
        Assert.True(!File.Exists(database) || !SqliteTables(database).Contains("AspNetUsers"), "--list must change nothing");
    }

    [Fact]
    public async Task Postgres_migrate_creates_the_schema_in_a_fresh_database()
    {
        var server = Environment.GetEnvironmentVariable("SMARTGOV_TEST_PG");
        Assert.False(
            string.IsNullOrWhiteSpace(server),
            "SMARTGOV_TEST_PG is not set. Run the suite through ./test.sh (it starts a throwaway PostgreSQL), or: tests/pg.sh dotnet test tests/SmartGov.Cli.Tests");

        var name = $"sg_cli_{Guid.NewGuid():N}";
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        var target = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        try
        {
            var result = await Sgov.RunAsync(_dir.Path, "migrate", "--provider", "Postgres", "--connection", target);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Npgsql", result.StdOut, StringComparison.Ordinal);

            await using (var connection = new NpgsqlConnection(target))
            {
                await connection.OpenAsync();
                var tables = new List<string>();
                await using (var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection))
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        tables.Add(reader.GetString(0));
                    }
                }

                Assert.All(ExpectedTables, t => Assert.Contains(t, tables));
                await using var history = new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", connection);
                Assert.True((long)(await history.ExecuteScalarAsync())! > 0, "__EFMigrationsHistory has no rows");
            }

            var list = await Sgov.RunAsync(_dir.Path, "migrate", "--provider", "Postgres", "--connection", target, "--list");
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Contains("Pending 待执行: 0", list.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static List<string> SqliteTables(string path) =>
        SqliteQuery(path, "SELECT name FROM sqlite_master WHERE type = 'table'");

    private static List<string> SqliteHistory(string path) =>
        SqliteQuery(path, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId");

    private static List<string> SqliteQuery(string path, string sql)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
