using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmartGov.Crypto;

namespace SmartGov.Gateway;

/// <summary>One exchange as a gateway logs it. Bodies are base64 when the service logs them in full, else null.</summary>
public sealed record MessageRecord(
    DateTimeOffset Time,
    string Side,
    string MessageId,
    string Client,
    string Service,
    string Method,
    string Path,
    string Query,
    string Purpose,
    string UserId,
    int Status,
    string? Error,
    string? Detail,
    string RequestHash,
    string RequestBodyHash,
    string ResponseBodyHash,
    string? RequestBody,
    string? ResponseBody,
    string TraceId,
    double DurationMs);

public sealed record SignedTreeHead(string Member, long TreeSize, string RootHash, long Timestamp, string Signature);

public sealed record LoggedEntry(long Index, string LeafHash, MessageRecord Record);

/// <summary>
/// The gateway's append-only message log: an RFC 6962 Merkle tree over SM3 (leaf = SM3(0x00‖record)), whose leaves
/// are the JSON records, kept in one SQLite file (WAL). The leaf hashes are loaded into memory at start, so tree heads
/// and proofs need no database reads.
/// </summary>
public sealed class MessageLog : IMerkleNodeSource, IDisposable
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly InMemoryMerkleNodeSource _tree = new(MerkleHasher.Sm3);
    private readonly Lock _gate = new();

    public MessageLog(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS log_entries (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL, record BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS tree_heads (tree_size INTEGER NOT NULL, root_hash TEXT NOT NULL, timestamp INTEGER NOT NULL, signature TEXT NOT NULL);
            """);
        using (var read = _connection.CreateCommand())
        {
            read.CommandText = "SELECT leaf_hash FROM log_entries ORDER BY idx";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                _tree.AppendLeafHash((byte[])reader[0]);
            }
        }

        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO log_entries (idx, leaf_hash, record) VALUES ($idx, $leaf, $record)";
        _insert.Parameters.Add("$idx", SqliteType.Integer);
        _insert.Parameters.Add("$leaf", SqliteType.Blob);
        _insert.Parameters.Add("$record", SqliteType.Blob);
    }

    public long LeafCount
    {
        get
        {
            lock (_gate)
            {
                return _tree.LeafCount;
            }
        }
    }

    public byte[] GetSubtreeHash(long start, int height)
    {
        lock (_gate)
        {
            return _tree.GetSubtreeHash(start, height);
        }
    }

    public long Append(MessageRecord record)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, _json);
        var leaf = MerkleHasher.Sm3.HashLeaf(bytes);
        lock (_gate)
        {
            var index = _tree.LeafCount;
            _insert.Parameters["$idx"].Value = index;
            _insert.Parameters["$leaf"].Value = leaf;
            _insert.Parameters["$record"].Value = bytes;
            _insert.ExecuteNonQuery();
            _tree.AppendLeafHash(leaf);
            return index;
        }
    }

    /// <summary>Signs the current tree head with the gateway key and keeps it (the witness copy goes to the center).</summary>
    public SignedTreeHead SignHead(string member, Sm2KeyPair key, DateTimeOffset now)
    {
        lock (_gate)
        {
            var size = _tree.LeafCount;
            var root = Convert.ToHexStringLower(MerkleTree.RootHash(MerkleHasher.Sm3, _tree, size));
            var ts = now.ToUnixTimeMilliseconds();
            var signature = Convert.ToBase64String(key.Sign(Sm3.Hash(HeadBytes(member, size, root, ts))));
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "INSERT INTO tree_heads (tree_size, root_hash, timestamp, signature) VALUES ($s, $r, $t, $g)";
            cmd.Parameters.AddWithValue("$s", size);
            cmd.Parameters.AddWithValue("$r", root);
            cmd.Parameters.AddWithValue("$t", ts);
            cmd.Parameters.AddWithValue("$g", signature);
            cmd.ExecuteNonQuery();
            return new SignedTreeHead(member, size, root, ts, signature);
        }
    }

    /// <summary>The bytes a tree head signature covers: "SMARTGOV-STH-1\n{member}\n{size}\n{root hex}\n{timestamp ms}".</summary>
    public static byte[] HeadBytes(string member, long size, string rootHex, long timestamp) =>
        Encoding.UTF8.GetBytes(string.Join('\n', "SMARTGOV-STH-1", member, size.ToString(CultureInfo.InvariantCulture), rootHex,
            timestamp.ToString(CultureInfo.InvariantCulture)));

    public IReadOnlyList<LoggedEntry> Read(long from, int count)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT idx, leaf_hash, record FROM log_entries WHERE idx >= $from ORDER BY idx LIMIT $count";
            cmd.Parameters.AddWithValue("$from", from);
            cmd.Parameters.AddWithValue("$count", count);
            using var reader = cmd.ExecuteReader();
            var list = new List<LoggedEntry>();
            while (reader.Read())
            {
                list.Add(new LoggedEntry(reader.GetInt64(0), Convert.ToHexStringLower((byte[])reader[1]),
                    JsonSerializer.Deserialize<MessageRecord>((byte[])reader[2], _json)!));
            }

            return list;
        }
    }

    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        lock (_gate)
        {
            return MerkleTree.InclusionProof(MerkleHasher.Sm3, _tree, index, size);
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
