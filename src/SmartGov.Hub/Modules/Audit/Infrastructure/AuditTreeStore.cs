using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Hub.Modules.Audit.Infrastructure;

/// <summary>
/// Reads the stored tree: leaf hashes (on the entry rows, or level-0 node rows once archived) and complete-subtree
/// hashes (the node table). A proof needs O(log n) nodes; they are fetched in two indexed queries, not one call each.
/// </summary>
internal sealed class AuditTreeStore(SmartGovDbContext db, AuditNodeCache? cache = null)
{
    private const string HeadColumns = "SELECT \"TreeSize\", \"RootHash\", \"Timestamp\", \"Profile\", \"Signature\" FROM \"audit_tree_heads\" ";

    public SmartGovDbContext Db => db;

    /// <summary>The newest signed head (one raw indexed read: this runs for every proof request).</summary>
    public async Task<AuditTreeHead?> LatestHeadAsync(CancellationToken ct)
    {
        var head = await ReadHeadAsync(HeadColumns + "ORDER BY \"TreeSize\" DESC LIMIT 1", null, ct);
        if (head is not null)
        {
            cache?.AddHead(head);
        }
        return head;
    }

    /// <summary>The head signed for <paramref name="treeSize"/> entries, if any (heads never change, so they are cached).</summary>
    public async Task<AuditTreeHead?> HeadAsync(long treeSize, CancellationToken ct)
    {
        if (cache is not null && cache.TryGetHead(treeSize, out var known))
        {
            return known;
        }
        var head = await ReadHeadAsync(HeadColumns + "WHERE \"TreeSize\" = @s", treeSize, ct);
        if (head is not null)
        {
            cache?.AddHead(head);
        }
        return head;
    }

    private async Task<AuditTreeHead?> ReadHeadAsync(string sql, long? size, CancellationToken ct)
    {
        var opened = await OpenAsync(ct);
        try
        {
            await using var cmd = Command(sql);
            if (size is { } s)
            {
                AddParameter(cmd, "@s", s);
            }
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new AuditTreeHead
                {
                    TreeSize = reader.GetInt64(0),
                    RootHash = (byte[])reader.GetValue(1),
                    Timestamp = reader.GetInt64(2),
                    Profile = reader.GetString(3),
                    Signature = (byte[])reader.GetValue(4),
                }
                : null;
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="compute"/> against the first <paramref name="leafCount"/> leaves, reading every node it needs
    /// from the database in one round of queries: a dry run records which nodes the RFC 6962 algorithm asks for (the
    /// requests do not depend on the hash values), then they are fetched and the computation runs for real.
    /// </summary>
    /// <exception cref="AuditIntegrityException">A node the tree needs is missing from the store.</exception>
    public async Task<T> ComputeAsync<T>(MerkleHasher hasher, long leafCount, Func<IMerkleNodeSource, T> compute, CancellationToken ct)
    {
        var recorder = new RecordingSource(leafCount, hasher.HashSizeInBytes);
        compute(recorder);
        var nodes = await FetchAsync(recorder.Requested, ct);
        return compute(new FetchedSource(leafCount, nodes));
    }

    /// <summary>Fetches node hashes by (level, index); level 0 is the leaf hash of entry <c>index</c>.</summary>
    public async Task<Dictionary<(int Level, long Index), byte[]>> FetchAsync(IReadOnlyCollection<(int Level, long Index)> keys, CancellationToken ct)
    {
        var result = new Dictionary<(int, long), byte[]>(keys.Count);
        var missing = new List<(int Level, long Index)>(keys.Count);
        foreach (var key in keys)
        {
            if (cache is not null && cache.TryGetNode(key, out var hash))
            {
                result[key] = hash;
            }
            else
            {
                missing.Add(key);
            }
        }
        if (missing.Count == 0)
        {
            return result;
        }
        var opened = await OpenAsync(ct);
        try
        {
            // One round trip: the leaf hashes from the entry rows and every other node from the node table. Level-0 rows in
            // the node table exist only for archived entries, whose rows are gone, so the two never both answer.
            foreach (var chunk in missing.Distinct().Chunk(300))
            {
                await using var cmd = Command();
                var leaves = chunk.Where(k => k.Level == 0).ToList();
                var sql = new StringBuilder();
                if (leaves.Count > 0)
                {
                    sql.Append("SELECT 0, \"Sequence\", \"LeafHash\" FROM \"audit_records\" WHERE \"LeafHash\" IS NOT NULL AND \"Sequence\" IN (");
                    for (var i = 0; i < leaves.Count; i++)
                    {
                        sql.Append(i == 0 ? "" : ",").Append("@s").Append(i);
                        AddParameter(cmd, "@s" + i, leaves[i].Index);
                    }
                    sql.Append(") UNION ALL ");
                }
                sql.Append("SELECT \"Level\", \"Index\", \"Hash\" FROM \"audit_tree_nodes\" WHERE ");
                for (var i = 0; i < chunk.Length; i++)
                {
                    sql.Append(i == 0 ? "" : " OR ").Append("(\"Level\" = @l").Append(i).Append(" AND \"Index\" = @i").Append(i).Append(')');
                    AddParameter(cmd, "@l" + i, chunk[i].Level);
                    AddParameter(cmd, "@i" + i, chunk[i].Index);
                }
                cmd.CommandText = sql.ToString();
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var key = (reader.GetInt32(0), reader.GetInt64(1));
                    var hash = (byte[])reader.GetValue(2);
                    result[key] = hash;
                    cache?.AddNode(key, hash);
                }
            }
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        return result;
    }

    /// <summary>Opens the context's connection unless it is open; returns whether this call opened it.</summary>
    /// <param name="forWriting">The caller will write: on SQLite, wait for the write lock in SQLite's own small steps.</param>
    public async Task<bool> OpenAsync(CancellationToken ct, bool forWriting = false)
    {
        if (db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
        {
            return false;
        }
        await db.Database.OpenConnectionAsync(ct);
        if (forWriting && db.Database.IsSqlite())
        {
            // Microsoft.Data.Sqlite retries a locked database in 150 ms sleeps; SQLite's own busy handler waits in
            // 1–100 ms steps, so the sequencer gets the write lock soon after a business transaction commits.
            await using var pragma = Command("PRAGMA busy_timeout = 10000");
            await pragma.ExecuteNonQueryAsync(ct);
        }
        return true;
    }

    /// <summary>A command on the context's connection, inside its current transaction if there is one.</summary>
    public DbCommand Command(string? sql = null)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (sql is not null)
        {
            cmd.CommandText = sql;
        }
        return cmd;
    }

    /// <summary>The columns <see cref="ReadRecord"/> reads, in its order.</summary>
    public const string RecordColumns =
        "\"Id\", \"At\", \"Action\", \"Outcome\", \"ActorType\", \"ActorId\", \"ActorName\", \"ActorDepartmentId\", \"SubjectType\", " +
        "\"SubjectId\", \"PersonIndex\", \"Purpose\", \"SourceAddress\", \"RequestId\", \"TraceId\", \"Details\", \"Sequence\", \"LeafHash\"";

    /// <summary>An entry row read with a plain data reader (no change tracking, no EF materializer), columns as <see cref="RecordColumns"/>.</summary>
    public static AuditRecord ReadRecord(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        At = r.GetDateTime(1),
        Action = r.GetString(2),
        Outcome = r.GetString(3),
        ActorType = r.GetString(4),
        ActorId = r.IsDBNull(5) ? null : r.GetGuid(5),
        ActorName = r.IsDBNull(6) ? null : r.GetString(6),
        ActorDepartmentId = r.IsDBNull(7) ? null : r.GetGuid(7),
        SubjectType = r.IsDBNull(8) ? null : r.GetString(8),
        SubjectId = r.IsDBNull(9) ? null : r.GetString(9),
        PersonIndex = r.IsDBNull(10) ? null : r.GetString(10),
        Purpose = r.IsDBNull(11) ? null : r.GetString(11),
        SourceAddress = r.IsDBNull(12) ? null : r.GetString(12),
        RequestId = r.IsDBNull(13) ? null : r.GetString(13),
        TraceId = r.IsDBNull(14) ? null : r.GetString(14),
        Details = r.IsDBNull(15) ? null : r.GetString(15),
        Sequence = r.IsDBNull(16) ? null : r.GetInt64(16),
        LeafHash = r.IsDBNull(17) ? null : (byte[])r.GetValue(17),
    };

    public static DbParameter AddParameter(DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }

    /// <summary>Answers with zeros and remembers what was asked.</summary>
    private sealed class RecordingSource(long leafCount, int hashSize) : IMerkleNodeSource
    {
        private readonly byte[] _zero = new byte[hashSize];

        public HashSet<(int Level, long Index)> Requested { get; } = [];

        public long LeafCount => leafCount;

        public byte[] GetSubtreeHash(long start, int height)
        {
            Requested.Add((height, start >> height));
            return _zero;
        }
    }

    private sealed class FetchedSource(long leafCount, Dictionary<(int, long), byte[]> nodes) : IMerkleNodeSource
    {
        public long LeafCount => leafCount;

        public byte[] GetSubtreeHash(long start, int height) =>
            nodes.TryGetValue((height, start >> height), out var hash)
                ? hash
                : throw new AuditIntegrityException(height == 0
                    ? $"The leaf hash of entry {start} is missing from the store."
                    : $"Tree node (level {height}, index {start >> height}) covering entries {start}..{start + (1L << height) - 1} is missing from the store.");
    }
}
