using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmartGov.Hub.Modules.Licences;

namespace SmartGov.DemoDepartment;

/// <summary>The department's licence library: one SQLite table, the licence JSON as served, keyed by licence number.</summary>
public sealed class LicenceLibrary
{
    private readonly string _connection;

    public LicenceLibrary(string department, string path)
    {
        Department = department;
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connection = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
        using var c = Open();
        Exec(c, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS licences (
                number TEXT PRIMARY KEY, type_code TEXT NOT NULL, holder_id TEXT NOT NULL, issued_on TEXT NOT NULL, json TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_licences_holder ON licences (type_code, holder_id, issued_on);
            """);
    }

    public string Department { get; }

    public string Path { get; }

    public long Count()
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM licences";
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>Seeds an empty library, in one transaction; a library that has licences is left as it is.</summary>
    public void EnsureSeeded(IEnumerable<LicenceDocument> licences)
    {
        if (Count() > 0)
        {
            return;
        }
        using var c = Open();
        using var tx = c.BeginTransaction();
        foreach (var l in licences)
        {
            Insert(c, tx, l);
        }
        tx.Commit();
    }

    /// <summary>The holder's most recent licence of this type (a valid one before a revoked one), or null.</summary>
    public LicenceDocument? Find(string typeCode, string holderId)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT json FROM licences WHERE type_code = $t AND holder_id = $h ORDER BY issued_on DESC";
        cmd.Parameters.AddWithValue("$t", typeCode);
        cmd.Parameters.AddWithValue("$h", holderId);
        using var r = cmd.ExecuteReader();
        var all = new List<LicenceDocument>();
        while (r.Read())
        {
            all.Add(JsonSerializer.Deserialize<LicenceDocument>(r.GetString(0), LicenceDocument.Json)!);
        }
        return all.FirstOrDefault(l => l.Status == LicenceDocument.Valid) ?? all.FirstOrDefault();
    }

    /// <summary>Adds a licence; idempotent by licence number (the stored one is returned when it is there already).</summary>
    public (LicenceDocument Stored, bool Created) Add(LicenceDocument licence)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT json FROM licences WHERE number = $n";
            cmd.Parameters.AddWithValue("$n", licence.LicenceNumber);
            if (cmd.ExecuteScalar() is string existing)
            {
                return (JsonSerializer.Deserialize<LicenceDocument>(existing, LicenceDocument.Json)!, false);
            }
        }
        Insert(c, tx, licence);
        tx.Commit();
        return (licence, true);
    }

    private static void Insert(SqliteConnection c, SqliteTransaction tx, LicenceDocument l)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO licences (number, type_code, holder_id, issued_on, json) VALUES ($n, $t, $h, $i, $j)";
        cmd.Parameters.AddWithValue("$n", l.LicenceNumber);
        cmd.Parameters.AddWithValue("$t", l.TypeCode);
        cmd.Parameters.AddWithValue("$h", l.HolderId);
        cmd.Parameters.AddWithValue("$i", l.IssuedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$j", JsonSerializer.Serialize(l, LicenceDocument.Json));
        cmd.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connection);
        c.Open();
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
