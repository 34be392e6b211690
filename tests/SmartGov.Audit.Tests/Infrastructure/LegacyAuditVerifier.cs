// The verifier as it was before the paged, multi-connection rewrite and the SQLite fast path (commit c2d3bab of
// src/SmartGov.Hub/Modules/Audit/AuditVerifier.cs), kept word for word apart from its name: VerifyFastPathTests holds
// today's verifier to the same verdict on tampered stores. Do not "fix" it: it is the reference.
using System.Data.Common;
using System.Diagnostics;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Audit.Infrastructure;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Audit.Tests.Infrastructure;

/// <summary>
/// Recomputes the whole log from the store and compares: every entry's canonical bytes with its stored leaf hash,
/// every complete subtree with the stored node, every signed head's root with the recomputed root at its size and its
/// signature with the platform public key. Stops at the first difference in log order and names it.
/// </summary>
/// <remarks>
/// Entries, nodes and heads are read in pages with keyset queries, so memory stays O(page + log n) however long the
/// log; leaf hashing of a page and head signatures run in parallel.
/// </remarks>
internal sealed class LegacyAuditVerifier(SmartGovDbContext db, ICryptoProfile profile, IVerificationKey publicKey)
{
    private const int EntryPage = 8192;
    private const int NodePage = 8192;
    private const int HeadPage = 4096;

    // Entries hashed per task; a power of two, so that each chunk holds whole subtrees up to its size.
    private const int HashChunk = 1024;

    private readonly MerkleHasher _hasher = MerkleHasher.For(profile);
    private readonly ICryptoProfile _profile = profile;
    private readonly IVerificationKey _publicKey = publicKey;

    /// <param name="trustedHead">
    /// A head kept outside the database (from an earlier export or the API). If the store's log is shorter than it, or
    /// has another root at its size, the log was truncated or rewritten even if everything in the store agrees.
    /// </param>
    public async Task<AuditVerifyReport> VerifyAsync(SignedTreeHead? trustedHead = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var store = new AuditTreeStore(db);
        var opened = await store.OpenAsync(ct);
        try
        {
            var latest = await store.LatestHeadAsync(ct);
            var size = latest?.TreeSize ?? 0;
            var unsequenced = await db.Set<AuditRecord>().LongCountAsync(r => r.Sequence == null, ct);
            var archivedPrefix = await db.Set<AuditArchive>().MaxAsync(a => (long?)a.ToSequence, ct) ?? 0;
            var run = new Run(this, store, size, archivedPrefix);
            var problem = await run.ExecuteAsync(trustedHead, ct);
            return new AuditVerifyReport(_profile.Name, size, run.EntriesChecked, run.ArchivedLeaves, run.NodesChecked, run.HeadsChecked,
                unsequenced, clock.Elapsed, problem);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private sealed class Run(LegacyAuditVerifier owner, AuditTreeStore store, long size, long archivedPrefix)
    {
        private readonly MerkleHasher _hasher = owner._hasher;
        private readonly List<(int Level, byte[] Hash)> _stack = [];
        private readonly Dictionary<int, NodeCursor> _nodes = [];

        public long EntriesChecked { get; private set; }
        public long ArchivedLeaves { get; private set; }
        public long NodesChecked { get; private set; }
        public long HeadsChecked { get; private set; }

        public async Task<AuditVerifyProblem?> ExecuteAsync(SignedTreeHead? trusted, CancellationToken ct)
        {
            if (trusted is not null)
            {
                if (!trusted.VerifySignature(owner._publicKey))
                {
                    return new("trusted-head", $"trusted head {trusted.TreeSize}", "its signature does not verify with the public key; it cannot serve as a reference.");
                }
                if (trusted.TreeSize > size)
                {
                    return new("log", $"log size {size}",
                        $"the log is truncated: a trusted head signed for {trusted.TreeSize} entries, but the store's newest head covers only {size}. / 日志被截断。");
                }
            }

            var heads = new HeadCursor(owner, store);
            var head = await heads.NextAsync(ct);
            // A head for size 0 would sign the empty tree; the sequencer never writes one, but check it if present.
            while (head is not null && head.Value.Head.TreeSize == 0)
            {
                var p = CheckHead(head.Value, _hasher.EmptyRoot());
                if (p is not null)
                {
                    return p;
                }
                head = await heads.NextAsync(ct);
            }

            // Pipelined: while this page's leaves go into the tree (and its nodes are compared on the main connection),
            // the next page is read on a second connection and its leaves hashed on the other cores.
            await using var readerConnection = await OpenSecondConnectionAsync(ct);
            long next = 0;
            Task<Page>? pending = size > 0 ? ReadPageAsync(readerConnection, 0, Math.Min(EntryPage, size), ct) : null;
            while (pending is not null)
            {
                var page = await pending;
                pending = page.To < size && page.Problem is null ? ReadPageAsync(readerConnection, page.To, Math.Min(page.To + EntryPage, size), ct) : null;
                EntriesChecked += page.Entries;
                ArchivedLeaves += page.Archived;
                foreach (var leaf in page.Leaves)
                {
                    _stack.Add((0, leaf));
                    next++;
                    while (_stack.Count >= 2 && _stack[^1].Level == _stack[^2].Level)
                    {
                        var level = _stack[^1].Level + 1;
                        var index = (next >> level) - 1;
                        var parent = page.Nodes?.Get(level, index) ?? _hasher.HashChildren(_stack[^2].Hash, _stack[^1].Hash);
                        _stack.RemoveRange(_stack.Count - 2, 2);
                        _stack.Add((level, parent));
                        var nodeProblem = await CheckNodeAsync(level, index, parent, ct);
                        if (nodeProblem is not null)
                        {
                            await DrainAsync(pending);
                            return nodeProblem;
                        }
                    }
                    if (trusted is not null && trusted.TreeSize == next && !Root().AsSpan().SequenceEqual(trusted.RootHash))
                    {
                        await DrainAsync(pending);
                        return new("log", $"log size {next}",
                            $"the log was rewritten: its root at size {next} differs from the trusted head's. / 日志内容与可信树头不一致。");
                    }
                    while (head is not null && head.Value.Head.TreeSize == next)
                    {
                        var p = CheckHead(head.Value, Root());
                        if (p is not null)
                        {
                            await DrainAsync(pending);
                            return p;
                        }
                        head = await heads.NextAsync(ct);
                    }
                }
                if (page.Problem is not null)
                {
                    return page.Problem;
                }
            }

            // Sequenced entries beyond the newest head: the sequencer signs a head in the same transaction as the
            // entries, so newer heads were removed (a truncated log), or the rows were forged.
            await using (var cmd = store.Command("SELECT MIN(\"Sequence\") FROM \"audit_records\" WHERE \"Sequence\" >= @s"))
            {
                AuditTreeStore.AddParameter(cmd, "@s", size);
                if (await cmd.ExecuteScalarAsync(ct) is { } beyond and not DBNull)
                {
                    var first = Convert.ToInt64(beyond, System.Globalization.CultureInfo.InvariantCulture);
                    return new("entry", $"entry {first}",
                        $"sequenced, but no signed head covers it (the newest head is for {size} entries): newer heads were removed or the entry was forged. / 审计记录没有对应的签名树头。");
                }
            }
            return null;
        }

        private byte[] Root()
        {
            var root = _stack[^1].Hash;
            for (var i = _stack.Count - 2; i >= 0; i--)
            {
                root = _hasher.HashChildren(_stack[i].Hash, root);
            }
            return root;
        }

        private AuditVerifyProblem? CheckHead((SignedTreeHead Head, bool SignatureOk) h, byte[] root)
        {
            HeadsChecked++;
            var where = $"head {h.Head.TreeSize}";
            if (h.Head.Profile != owner._profile.Name)
            {
                return new("head", where, $"uses profile \"{h.Head.Profile}\", the log uses \"{owner._profile.Name}\".");
            }
            if (!h.Head.RootHash.AsSpan().SequenceEqual(root))
            {
                return new("head", where,
                    $"the signed root {Convert.ToHexStringLower(h.Head.RootHash)} differs from the root recomputed from the entries, {Convert.ToHexStringLower(root)}. / 树头根哈希不符。");
            }
            if (!h.SignatureOk)
            {
                return new("head", where, "the signature does not verify with the platform's public key. / 树头签名无效。");
            }
            return null;
        }

        private async ValueTask<AuditVerifyProblem?> CheckNodeAsync(int level, long index, byte[] computed, CancellationToken ct)
        {
            if (!_nodes.TryGetValue(level, out var cursor))
            {
                cursor = new NodeCursor(store, level);
                _nodes[level] = cursor;
            }
            var stored = await cursor.GetAsync(index, ct);
            var where = $"node (level {level}, index {index})";
            var covers = $"entries {index << level}..{((index + 1) << level) - 1}";
            if (stored is null)
            {
                return new("node", where, $"missing from the store (covers {covers}). / 缺少树节点。");
            }
            NodesChecked++;
            return stored.AsSpan().SequenceEqual(computed)
                ? null
                : new("node", where, $"the stored hash differs from the one recomputed from {covers}: the node, or an entry below it, was changed. / 树节点哈希不符。");
        }

        private sealed record Page(long To, List<byte[]> Leaves, long Entries, long Archived, AuditVerifyProblem? Problem, Subtrees? Nodes);

        /// <summary>The sequence column of a row that could not be read whole (the query selects only sequenced rows).</summary>
        private static long? SequenceOf(DbDataReader reader)
        {
            try
            {
                return reader.IsDBNull(16) ? null : reader.GetInt64(16);
            }
            catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
            {
                return null;
            }
        }

        private static async Task DrainAsync(Task<Page>? pending)
        {
            if (pending is not null)
            {
                try
                {
                    await pending;
                }
                catch (Exception ex) when (ex is DbException or OperationCanceledException)
                {
                    // The verdict is already known; a failed read-ahead does not change it.
                }
            }
        }

        /// <summary>A second connection to the same database, for reading entries while the main one reads nodes.</summary>
        private async Task<DbConnection> OpenSecondConnectionAsync(CancellationToken ct)
        {
            var primary = store.Db.Database.GetDbConnection();
            var second = (DbConnection)Activator.CreateInstance(primary.GetType())!;
            second.ConnectionString = store.Db.Database.GetConnectionString();
            await second.OpenAsync(ct);
            return second;
        }

        /// <summary>
        /// Leaf hashes for [from, to) (recomputed from entry rows, or the stored leaf hashes of archived entries), up to the
        /// first problem; the leaves before the problem are returned so the tree can be checked as far as it is sound.
        /// </summary>
        private Task<Page> ReadPageAsync(DbConnection connection, long from, long to, CancellationToken ct) => Task.Run(async () =>
        {
            var result = new List<byte[]>((int)(to - from));
            long archived = 0;
            long entries = 0;
            var cursor = from;
            DbCommand Command(string sql)
            {
                var cmd = connection.CreateCommand();
                cmd.CommandText = sql;
                return cmd;
            }
            Page StopArchived(string message) => new(to, result, entries, archived, new("entry", $"entry {cursor}", message), null);

            if (cursor < archivedPrefix)
            {
                var archivedTo = Math.Min(to, archivedPrefix);
                await using var cmd = Command(
                    "SELECT \"Index\", \"Hash\" FROM \"audit_tree_nodes\" WHERE \"Level\" = 0 AND \"Index\" >= @f AND \"Index\" < @t ORDER BY \"Index\"");
                AuditTreeStore.AddParameter(cmd, "@f", cursor);
                AuditTreeStore.AddParameter(cmd, "@t", archivedTo);
                await using (var reader = await cmd.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        if (reader.GetInt64(0) != cursor)
                        {
                            return StopArchived("archived, but its leaf hash is missing from the store. / 已归档记录的叶哈希缺失。");
                        }
                        result.Add((byte[])reader.GetValue(1));
                        cursor++;
                        archived++;
                    }
                }
                if (cursor < archivedTo)
                {
                    return StopArchived("archived, but its leaf hash is missing from the store. / 已归档记录的叶哈希缺失。");
                }
            }
            if (cursor >= to)
            {
                return new Page(to, result, entries, archived, null, null);
            }

            // Rows are decoded on this thread while chunks of them are hashed on the pool, so reading and hashing overlap.
            // Each chunk also builds its complete subtrees (chunks start at multiples of HashChunk), which the in-order
            // tree walk then only has to compare with the stored nodes.
            var first = cursor;
            var rows = new AuditRecord[(int)(to - cursor)];
            var count = 0;
            var leaves = new byte[rows.Length][];
            var errors = new string?[rows.Length];
            var subtrees = new Subtrees(first, rows.Length);
            var hashing = new List<Task>();
            Task Hash(int start, int end) => Task.Run(() =>
            {
                for (var i = start; i < end; i++)
                {
                    var row = rows[i];
                    if (errors[i] is not null)
                    {
                        continue;
                    }
                    if (!AuditCanonicalJson.IsWholeMilliseconds(row.At))
                    {
                        errors[i] = "its time has sub-millisecond digits, which SmartGov never writes: the row was changed. / 记录时间被改动。";
                        continue;
                    }
                    try
                    {
                        leaves[i] = AuditCanonicalJson.LeafHash(DatabaseAuditSink.ToData(row, row.Sequence!.Value), _hasher);
                    }
                    catch (ArgumentException ex)
                    {
                        errors[i] = ex.Message;
                    }
                }
                subtrees.Build(_hasher, leaves, start, end);
            }, ct);
            await using (var cmd = Command(
                "SELECT " + AuditTreeStore.RecordColumns + " FROM \"audit_records\" WHERE \"Sequence\" >= @f AND \"Sequence\" < @t ORDER BY \"Sequence\""))
            {
                AuditTreeStore.AddParameter(cmd, "@f", cursor);
                AuditTreeStore.AddParameter(cmd, "@t", to);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (count < rows.Length && await reader.ReadAsync(ct))
                {
                    try
                    {
                        rows[count] = AuditTreeStore.ReadRecord(reader);
                    }
                    catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
                    {
                        // A column no longer holds a value of its type (text where a GUID or a time was written): the row
                        // was edited outside the hub. Name the entry instead of failing the whole verification.
                        rows[count] = new AuditRecord { Action = "", Outcome = "", Sequence = SequenceOf(reader) };
                        errors[count] = $"a column no longer holds a value of its type ({ex.GetType().Name}): the row was changed. / 审计记录字段被篡改，无法按类型读取。";
                    }
                    count++;
                    if (count % HashChunk == 0)
                    {
                        hashing.Add(Hash(count - HashChunk, count));
                    }
                }
            }
            if (count % HashChunk != 0)
            {
                hashing.Add(Hash(count - count % HashChunk, count));
            }
            await Task.WhenAll(hashing);
            Page Stop(string message) => new(to, result, entries, archived, new("entry", $"entry {cursor}", message), subtrees);
            for (var i = 0; i < count; i++)
            {
                var row = rows[i];
                if (row.Sequence is null && errors[i] is { } unreadable)
                {
                    return Stop(unreadable);
                }
                if (row.Sequence != cursor)
                {
                    return Stop($"missing: the store has no entry at this position (next is {row.Sequence}), so it was deleted or moved. / 审计记录缺失。");
                }
                if (errors[i] is { } error)
                {
                    return Stop(error);
                }
                if (row.LeafHash is null || !row.LeafHash.AsSpan().SequenceEqual(leaves[i]))
                {
                    return Stop($"its content does not match its stored leaf hash: the entry (or the hash) was changed after it was sequenced. Recomputed {Convert.ToHexStringLower(leaves[i])}, stored {(row.LeafHash is null ? "none" : Convert.ToHexStringLower(row.LeafHash))}. / 审计记录内容被篡改。");
                }
                result.Add(leaves[i]);
                cursor++;
                entries++;
            }
            if (cursor < to)
            {
                return Stop($"missing: the signed heads cover {size} entries, but the store has none at this position. / 审计记录缺失。");
            }
            return new Page(to, result, entries, archived, null, subtrees);
        }, ct);
    }

    /// <summary>
    /// The complete subtrees inside each hashing chunk of a page, built from the recomputed leaves by the chunk's task:
    /// level h holds node (h, first/2^h + i). A subtree over a leaf that could not be recomputed stays null.
    /// </summary>
    private sealed class Subtrees(long first, int count)
    {
        private readonly byte[]?[][] _levels = Enumerable.Range(1, BitOperations.Log2((uint)HashChunk))
            .Select(h => new byte[]?[count >> h]).ToArray();

        public void Build(MerkleHasher hasher, byte[]?[] leaves, int start, int end)
        {
            if (((first + start) & (HashChunk - 1)) != 0)
            {
                return; // not aligned: the tree walk hashes these itself
            }
            var below = leaves;
            for (var h = 1; h <= _levels.Length; h++)
            {
                var level = _levels[h - 1];
                for (var i = start >> h; i < end >> h && i < level.Length; i++)
                {
                    var left = below[2 * i];
                    var right = below[2 * i + 1];
                    level[i] = left is null || right is null ? null : hasher.HashChildren(left, right);
                }
                below = level;
            }
        }

        public byte[]? Get(int level, long index)
        {
            if (level > _levels.Length)
            {
                return null;
            }
            var i = index - (first >> level);
            var nodes = _levels[level - 1];
            return (first & ((1L << level) - 1)) == 0 && i >= 0 && i < nodes.Length ? nodes[i] : null;
        }
    }

    /// <summary>Stored nodes of one level, read forward in pages; the tree completes nodes of a level in index order.</summary>
    private sealed class NodeCursor(AuditTreeStore store, int level)
    {
        private readonly Queue<(long Index, byte[] Hash)> _page = new();
        private long _nextFrom;

        public async ValueTask<byte[]?> GetAsync(long index, CancellationToken ct)
        {
            while (true)
            {
                while (_page.Count > 0 && _page.Peek().Index < index)
                {
                    _page.Dequeue();
                }
                if (_page.Count > 0)
                {
                    return _page.Peek().Index == index ? _page.Dequeue().Hash : null;
                }
                if (_nextFrom > index)
                {
                    return null;
                }
                await using var cmd = store.Command(
                    $"SELECT \"Index\", \"Hash\" FROM \"audit_tree_nodes\" WHERE \"Level\" = @l AND \"Index\" >= @f ORDER BY \"Index\" LIMIT {NodePage}");
                AuditTreeStore.AddParameter(cmd, "@l", level);
                AuditTreeStore.AddParameter(cmd, "@f", index);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                var any = false;
                long last = index;
                while (await reader.ReadAsync(ct))
                {
                    last = reader.GetInt64(0);
                    _page.Enqueue((last, (byte[])reader.GetValue(1)));
                    any = true;
                }
                _nextFrom = any ? last + 1 : long.MaxValue;
                if (!any)
                {
                    return null;
                }
            }
        }
    }

    /// <summary>Heads in size order, a page at a time, with the page's signatures checked in parallel.</summary>
    private sealed class HeadCursor(LegacyAuditVerifier owner, AuditTreeStore store)
    {
        private readonly Queue<(SignedTreeHead, bool)> _page = new();
        private long _after = -1;
        private bool _done;

        public async Task<(SignedTreeHead Head, bool SignatureOk)?> NextAsync(CancellationToken ct)
        {
            if (_page.Count == 0 && !_done)
            {
                var rows = await store.Db.Set<AuditTreeHead>().AsNoTracking().Where(h => h.TreeSize > _after)
                    .OrderBy(h => h.TreeSize).Take(HeadPage).ToListAsync(ct);
                if (rows.Count == 0)
                {
                    _done = true;
                }
                else
                {
                    _after = rows[^1].TreeSize;
                    var heads = rows.Select(r => AuditLog.ToHead(r)!).ToArray();
                    var ok = new bool[heads.Length];
                    Parallel.For(0, heads.Length, new ParallelOptions { CancellationToken = ct }, i => ok[i] = heads[i].VerifySignature(owner._publicKey));
                    for (var i = 0; i < heads.Length; i++)
                    {
                        _page.Enqueue((heads[i], ok[i]));
                    }
                }
            }
            return _page.Count == 0 ? null : _page.Dequeue();
        }
    }
}
