using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;

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
/// A page of the log from <see cref="From"/>: the entries in index order, <see cref="Next"/> = the index to ask for next
/// (equal to <see cref="TreeSize"/> when the reader is at the end), <see cref="TreeSize"/> = the leaf count when read.
/// </summary>
public sealed record MessageLogPage(long From, long Next, long TreeSize, IReadOnlyList<LoggedEntry> Entries);

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
            CREATE TABLE IF NOT EXISTS tree_heads (tree_size INTEGER NOT NULL, root_hash TEXT NOT NULL, timestamp INTEGER NOT NULL, signature TEXT NOT NULL,
                member TEXT NOT NULL DEFAULT '');
            """);
        if (Scalar("SELECT COUNT(*) FROM pragma_table_info('tree_heads') WHERE name = 'member'") == 0)
        {
            // A log made before heads named their member.
            Execute("ALTER TABLE tree_heads ADD COLUMN member TEXT NOT NULL DEFAULT ''");
        }

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

    /// <summary>The number of records in the log (the size of the tree), archived segments included.</summary>
    public long TreeSize => LeafCount;

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
            cmd.CommandText = "INSERT INTO tree_heads (tree_size, root_hash, timestamp, signature, member) VALUES ($s, $r, $t, $g, $m)";
            cmd.Parameters.AddWithValue("$m", member);
            cmd.Parameters.AddWithValue("$s", size);
            cmd.Parameters.AddWithValue("$r", root);
            cmd.Parameters.AddWithValue("$t", ts);
            cmd.Parameters.AddWithValue("$g", signature);
            cmd.ExecuteNonQuery();
            return new SignedTreeHead(member, size, root, ts, signature);
        }
    }

    /// <summary>The last head signed (by <see cref="SignHead"/>), or null when none has been signed yet.</summary>
    public SignedTreeHead? LatestHead()
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT tree_size, root_hash, timestamp, signature, member FROM tree_heads ORDER BY rowid DESC LIMIT 1";
            using var reader = cmd.ExecuteReader();
            return reader.Read()
                ? new SignedTreeHead(reader.GetString(4), reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3))
                : null;
        }
    }

    /// <summary>The signed heads kept, oldest first, from the <paramref name="skip"/>-th on (at most <paramref name="count"/>).</summary>
    public IReadOnlyList<SignedTreeHead> Heads(int skip, int count)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT tree_size, root_hash, timestamp, signature, member FROM tree_heads ORDER BY rowid LIMIT $c OFFSET $s";
            cmd.Parameters.AddWithValue("$c", count);
            cmd.Parameters.AddWithValue("$s", skip);
            using var reader = cmd.ExecuteReader();
            var list = new List<SignedTreeHead>();
            while (reader.Read())
            {
                list.Add(new SignedTreeHead(reader.GetString(4), reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
            }

            return list;
        }
    }

    /// <summary>The hex root of the first <paramref name="size"/> records (RFC 6962 MTH).</summary>
    /// <exception cref="ArgumentOutOfRangeException">size is negative or beyond <see cref="TreeSize"/>.</exception>
    public string RootHash(long size)
    {
        lock (_gate)
        {
            return Convert.ToHexStringLower(MerkleTree.RootHash(MerkleHasher.Sm3, _tree, size));
        }
    }

    /// <summary>
    /// The RFC 6962 §2.1.2 consistency proof that the log of <paramref name="oldSize"/> records is a prefix of the log of
    /// <paramref name="newSize"/> records, with both roots; check it with <see cref="MessageLogHeads.VerifyConsistency(LogConsistencyProof)"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 ≤ oldSize ≤ newSize ≤ <see cref="TreeSize"/>.</exception>
    public LogConsistencyProof ConsistencyProof(long oldSize, long newSize)
    {
        lock (_gate)
        {
            var path = MerkleTree.ConsistencyProof(MerkleHasher.Sm3, _tree, oldSize, newSize);
            return new LogConsistencyProof(
                oldSize, Convert.ToHexStringLower(MerkleTree.RootHash(MerkleHasher.Sm3, _tree, oldSize)),
                newSize, Convert.ToHexStringLower(MerkleTree.RootHash(MerkleHasher.Sm3, _tree, newSize)),
                [.. path.Select(Convert.ToHexStringLower)]);
        }
    }

    /// <summary>The bytes a tree head signature covers: "SMARTGOV-STH-1\n{member}\n{size}\n{root hex}\n{timestamp ms}".</summary>
    public static byte[] HeadBytes(string member, long size, string rootHex, long timestamp) =>
        MessageLogHeads.HeadBytes(member, size, rootHex, timestamp);

    /// <summary>
    /// Up to <paramref name="count"/> (1–1000) records from index <paramref name="from"/>, with the index to read next: the
    /// paging the exchange management center and operators use to read the log.
    /// </summary>
    public MessageLogPage ReadPage(long from, int count)
    {
        from = Math.Max(0, from);
        var entries = Read(from, Math.Clamp(count, 1, 1000));
        var size = LeafCount;
        return new MessageLogPage(from, entries.Count > 0 ? entries[^1].Index + 1 : Math.Min(Math.Max(from, 0), size), size, entries);
    }

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

    private long Scalar(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
