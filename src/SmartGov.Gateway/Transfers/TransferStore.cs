using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SmartGov.Gateway.Transfers;

/// <summary>A transfer as the operator page and the department system see it.</summary>
public sealed record TransferView(
    string Id,
    string Direction,
    string Service,
    string Client,
    string Name,
    long Size,
    int ChunkCount,
    int Chunks,
    string Status,
    string? Error,
    string Sm3Root,
    bool Encrypted,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    DateTimeOffset? DeliveredAt,
    string? Delivery)
{
    public double Percent => ChunkCount == 0 ? 100 : Math.Round(100.0 * Chunks / ChunkCount, 1);
}

public static class TransferStatus
{
    /// <summary>Sender: spooled, waiting for (another) attempt. Receiver: manifest known, chunks arriving.</summary>
    public const string Pending = "pending";

    /// <summary>Sender: chunks being sent now.</summary>
    public const string Sending = "sending";

    /// <summary>Both: handed to the receiving application exactly once (the persisted delivered marker).</summary>
    public const string Delivered = "delivered";

    /// <summary>Sender: refused for good (no right, unknown service…); not retried.</summary>
    public const string Failed = "failed";
}

/// <summary>
/// The transfer state of a gateway, both directions, in <c>{DataDirectory}/transfers.db</c> (SQLite, WAL). A chunk counted
/// as received is checked again against its SM3 before delivery, so a crash that loses written chunks only costs resending them.
/// </summary>
public sealed class TransferStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public TransferStore(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS transfers (
                direction TEXT NOT NULL, peer TEXT NOT NULL, id TEXT NOT NULL, service TEXT NOT NULL, client TEXT NOT NULL,
                purpose TEXT NOT NULL, user_id TEXT NOT NULL, name TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,
                chunk_size INTEGER NOT NULL, chunk_count INTEGER NOT NULL, sm3_root TEXT NOT NULL, encrypted_key TEXT,
                status TEXT NOT NULL, error TEXT, attempts INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL, updated INTEGER NOT NULL,
                delivered_at INTEGER, delivery TEXT, PRIMARY KEY (direction, peer, id));
            CREATE TABLE IF NOT EXISTS transfer_chunks (
                direction TEXT NOT NULL, peer TEXT NOT NULL, id TEXT NOT NULL, n INTEGER NOT NULL, plain_sm3 BLOB NOT NULL, sent_sm3 BLOB NOT NULL,
                done INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (direction, peer, id, n));
            """);
    }

    public sealed record Row(
        string Direction, string Peer, string Id, string Service, string Client, string Purpose, string UserId, string Name, string ContentType,
        long Size, int ChunkSize, int ChunkCount, string Sm3Root, string? EncryptedKey, string Status, string? Error, int Attempts,
        long Created, long Updated, long? DeliveredAt, string? Delivery);

    public void Insert(Row r, IReadOnlyList<(byte[] Plain, byte[] Sent)> chunks, bool chunksDone)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using (var cmd = _connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = """
                    INSERT OR IGNORE INTO transfers (direction, peer, id, service, client, purpose, user_id, name, content_type, size, chunk_size,
                        chunk_count, sm3_root, encrypted_key, status, error, attempts, created, updated, delivered_at, delivery)
                    VALUES ($d, $p, $id, $s, $c, $pu, $u, $n, $ct, $size, $cs, $cc, $root, $key, $st, NULL, 0, $t, $t, NULL, NULL)
                    """;
                cmd.Parameters.AddWithValue("$d", r.Direction);
                cmd.Parameters.AddWithValue("$p", r.Peer);
                cmd.Parameters.AddWithValue("$id", r.Id);
                cmd.Parameters.AddWithValue("$s", r.Service);
                cmd.Parameters.AddWithValue("$c", r.Client);
                cmd.Parameters.AddWithValue("$pu", r.Purpose);
                cmd.Parameters.AddWithValue("$u", r.UserId);
                cmd.Parameters.AddWithValue("$n", r.Name);
                cmd.Parameters.AddWithValue("$ct", r.ContentType);
                cmd.Parameters.AddWithValue("$size", r.Size);
                cmd.Parameters.AddWithValue("$cs", r.ChunkSize);
                cmd.Parameters.AddWithValue("$cc", r.ChunkCount);
                cmd.Parameters.AddWithValue("$root", r.Sm3Root);
                cmd.Parameters.AddWithValue("$key", (object?)r.EncryptedKey ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$st", r.Status);
                cmd.Parameters.AddWithValue("$t", r.Created);
                cmd.ExecuteNonQuery();
            }

            using (var chunk = _connection.CreateCommand())
            {
                chunk.Transaction = tx;
                chunk.CommandText = "INSERT OR IGNORE INTO transfer_chunks (direction, peer, id, n, plain_sm3, sent_sm3, done) VALUES ($d, $p, $id, $n, $a, $b, $done)";
                var n = chunk.Parameters.Add("$n", SqliteType.Integer);
                var a = chunk.Parameters.Add("$a", SqliteType.Blob);
                var b = chunk.Parameters.Add("$b", SqliteType.Blob);
                chunk.Parameters.AddWithValue("$d", r.Direction);
                chunk.Parameters.AddWithValue("$p", r.Peer);
                chunk.Parameters.AddWithValue("$id", r.Id);
                chunk.Parameters.AddWithValue("$done", chunksDone ? 1 : 0);
                for (var i = 0; i < chunks.Count; i++)
                {
                    n.Value = i;
                    a.Value = chunks[i].Plain;
                    b.Value = chunks[i].Sent;
                    chunk.ExecuteNonQuery();
                }
            }

            tx.Commit();
        }
    }

    public Row? Find(string direction, string peer, string id)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT * FROM transfers WHERE direction = $d AND peer = $p AND id = $id";
            cmd.Parameters.AddWithValue("$d", direction);
            cmd.Parameters.AddWithValue("$p", peer);
            cmd.Parameters.AddWithValue("$id", id);
            return ReadRows(cmd).FirstOrDefault();
        }
    }

    /// <summary>A transfer by direction and id alone (ids are random, 128 bits).</summary>
    public Row? FindById(string direction, string id)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT * FROM transfers WHERE direction = $d AND id = $id";
            cmd.Parameters.AddWithValue("$d", direction);
            cmd.Parameters.AddWithValue("$id", id);
            return ReadRows(cmd).FirstOrDefault();
        }
    }

    public IReadOnlyList<Row> List(string? direction = null, bool openOnly = false, int limit = 200)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT * FROM transfers WHERE ($d IS NULL OR direction = $d) AND ($open = 0 OR status IN ('pending', 'sending')) ORDER BY created DESC LIMIT $l";
            cmd.Parameters.AddWithValue("$d", (object?)direction ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$open", openOnly ? 1 : 0);
            cmd.Parameters.AddWithValue("$l", limit);
            return ReadRows(cmd);
        }
    }

    /// <summary>The chunk hashes of a transfer (plaintext, as sent) and whether each is done (sent / received).</summary>
    public IReadOnlyList<(byte[] Plain, byte[] Sent, bool Done)> Chunks(string direction, string peer, string id)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT plain_sm3, sent_sm3, done FROM transfer_chunks WHERE direction = $d AND peer = $p AND id = $id ORDER BY n";
            cmd.Parameters.AddWithValue("$d", direction);
            cmd.Parameters.AddWithValue("$p", peer);
            cmd.Parameters.AddWithValue("$id", id);
            using var reader = cmd.ExecuteReader();
            var list = new List<(byte[], byte[], bool)>();
            while (reader.Read())
            {
                list.Add(((byte[])reader[0], (byte[])reader[1], reader.GetInt64(2) != 0));
            }

            return list;
        }
    }

    public int DoneChunks(string direction, string peer, string id)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM transfer_chunks WHERE direction = $d AND peer = $p AND id = $id AND done = 1";
            cmd.Parameters.AddWithValue("$d", direction);
            cmd.Parameters.AddWithValue("$p", peer);
            cmd.Parameters.AddWithValue("$id", id);
            return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    public void MarkChunk(string direction, string peer, string id, int n, byte[]? plain = null, byte[]? sent = null)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = plain is null
                ? "UPDATE transfer_chunks SET done = 1 WHERE direction = $d AND peer = $p AND id = $id AND n = $n"
                : "INSERT OR REPLACE INTO transfer_chunks (direction, peer, id, n, plain_sm3, sent_sm3, done) VALUES ($d, $p, $id, $n, $a, $b, 1)";
            cmd.Parameters.AddWithValue("$d", direction);
            cmd.Parameters.AddWithValue("$p", peer);
            cmd.Parameters.AddWithValue("$id", id);
            cmd.Parameters.AddWithValue("$n", n);
            if (plain is not null)
            {
                cmd.Parameters.AddWithValue("$a", plain);
                cmd.Parameters.AddWithValue("$b", sent!);
            }

            cmd.ExecuteNonQuery();
            Touch(direction, peer, id);
        }
    }

    public void UnmarkChunk(string direction, string peer, string id, int n)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "UPDATE transfer_chunks SET done = 0 WHERE direction = $d AND peer = $p AND id = $id AND n = $n";
            cmd.Parameters.AddWithValue("$d", direction);
            cmd.Parameters.AddWithValue("$p", peer);
            cmd.Parameters.AddWithValue("$id", id);
            cmd.Parameters.AddWithValue("$n", n);
            cmd.ExecuteNonQuery();
        }
    }

    public void SetStatus(string direction, string peer, string id, string status, string? error, long now, bool attempt = false,
        long? deliveredAt = null, string? delivery = null)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = """
                UPDATE transfers SET status = $s, error = $e, updated = $t, attempts = attempts + $a,
                    delivered_at = COALESCE($da, delivered_at), delivery = COALESCE($dl, delivery)
                WHERE direction = $d AND peer = $p AND id = $id
                """;
            cmd.Parameters.AddWithValue("$s", status);
            cmd.Parameters.AddWithValue("$e", (object?)error ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$t", now);
            cmd.Parameters.AddWithValue("$a", attempt ? 1 : 0);
            cmd.Parameters.AddWithValue("$da", (object?)deliveredAt ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$dl", (object?)delivery ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$d", direction);
            cmd.Parameters.AddWithValue("$p", peer);
            cmd.Parameters.AddWithValue("$id", id);
            cmd.ExecuteNonQuery();
        }
    }

    public TransferView View(Row r)
    {
        var done = DoneChunks(r.Direction, r.Peer, r.Id);
        return new TransferView(r.Id, r.Direction, r.Service, r.Client, r.Name, r.Size, r.ChunkCount, done, r.Status, r.Error, r.Sm3Root,
            r.EncryptedKey is not null, DateTimeOffset.FromUnixTimeMilliseconds(r.Created), DateTimeOffset.FromUnixTimeMilliseconds(r.Updated),
            r.DeliveredAt is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null, r.Delivery);
    }

    public void Dispose() => _connection.Dispose();

    private void Touch(string direction, string peer, string id)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "UPDATE transfers SET updated = $t WHERE direction = $d AND peer = $p AND id = $id";
        cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$d", direction);
        cmd.Parameters.AddWithValue("$p", peer);
        cmd.Parameters.AddWithValue("$id", id);
        cmd.ExecuteNonQuery();
    }

    private static List<Row> ReadRows(SqliteCommand cmd)
    {
        using var reader = cmd.ExecuteReader();
        var list = new List<Row>();
        while (reader.Read())
        {
            string? S(string c) => reader.IsDBNull(reader.GetOrdinal(c)) ? null : reader.GetString(reader.GetOrdinal(c));
            long L(string c) => reader.GetInt64(reader.GetOrdinal(c));
            list.Add(new Row(S("direction")!, S("peer")!, S("id")!, S("service")!, S("client")!, S("purpose")!, S("user_id")!, S("name")!,
                S("content_type")!, L("size"), (int)L("chunk_size"), (int)L("chunk_count"), S("sm3_root")!, S("encrypted_key"), S("status")!,
                S("error"), (int)L("attempts"), L("created"), L("updated"),
                reader.IsDBNull(reader.GetOrdinal("delivered_at")) ? null : L("delivered_at"), S("delivery")));
        }

        return list;
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
