using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit.Infrastructure;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Hub.Modules.Audit;

/// <summary>Where verification failed: an entry (by sequence), a tree node (level, index), a head (tree size), or the log as a whole.</summary>
public sealed record AuditVerifyProblem(string Kind, string Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}

public sealed record AuditVerifyReport(
    string Profile,
    long TreeSize,
    long EntriesChecked,
    long ArchivedLeaves,
    long NodesChecked,
    long HeadsChecked,
    long Unsequenced,
    TimeSpan Elapsed,
    AuditVerifyProblem? Problem)
{
    public bool Ok => Problem is null;

    public double EntriesPerSecond => Elapsed.TotalSeconds > 0 ? TreeSize / Elapsed.TotalSeconds : 0;

    /// <summary>Whether the entries were read by the SQLite fast path (stored UTF-8 straight into the canonical form).</summary>
    public bool FastPath { get; init; }
}

/// <summary>
/// Recomputes the whole log from the store and compares: every entry's canonical bytes with its stored leaf hash,
/// every complete subtree with the stored node, every signed head's root with the recomputed root at its size and its
/// signature with the platform public key. Stops at the first difference in log order and names it.
/// </summary>
/// <remarks>
/// The log is cut into pages of <see cref="PageSize"/> entries (a power of two, so each holds whole subtrees). Pages are
/// verified on several threads at once, each on its own connection: entries read and hashed, the subtrees inside the
/// page built and compared with the stored nodes (<see cref="AuditPageReader"/>; on SQLite without decoding a
/// column, <see cref="SqliteAuditPageReader"/>). The calling thread takes the pages in log order and checks what spans
/// them: nodes above page level, heads (their signatures checked in parallel, a page of heads at a time) and the
/// trusted head. Memory stays O(workers × page + log n) however long the log.
/// </remarks>
public sealed class AuditVerifier(SmartGovDbContext db, ICryptoProfile profile, IVerificationKey publicKey)
{
    private const int NodePage = 8192;
    private const int HeadPage = 4096;

    /// <summary>Entries per page (a power of two, at least 2); tests make it small so that a short log spans pages.</summary>
    internal int PageSize { get; init; } = 8192;

    /// <summary>Pages verified at once (each on its own connection and thread).</summary>
    internal int Workers { get; init; } = Math.Clamp(Environment.ProcessorCount, 2, 8);

    /// <summary>Whether SQLite stores are read by the fast path; tests turn it off to compare verdicts.</summary>
    internal bool UseFastPath { get; init; } = true;

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
            // The key history first: each head is checked with the key of its size, and every key is trusted only
            // through the chain of hand-overs from the one key the verifier was given.
            var history = await db.Set<AuditSigningKey>().AsNoTracking().OrderBy(k => k.Number).ToListAsync(ct);
            var chain = AuditKeyHistory.Validate(history, _profile, _publicKey, out var keyProblem);
            var run = new Run(this, store, size, archivedPrefix, chain);
            var problem = keyProblem ?? await run.ExecuteAsync(trustedHead, ct);
            return new AuditVerifyReport(_profile.Name, size, run.EntriesChecked, run.ArchivedLeaves, run.NodesChecked, run.HeadsChecked,
                unsequenced, clock.Elapsed, problem) { FastPath = run.FastPath };
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private sealed class Run(AuditVerifier owner, AuditTreeStore store, long size, long archivedPrefix, AuditKeyChain? chain)
    {
        private readonly MerkleHasher _hasher = owner._hasher;
        private readonly List<(int Level, byte[] Hash)> _stack = [];
        private readonly Dictionary<int, NodeCursor> _nodes = [];
        private SignedTreeHead? _trusted;
        private HeadCursor _heads = null!;
        private (SignedTreeHead Head, bool SignatureOk)? _head;

        public long EntriesChecked { get; private set; }
        public long ArchivedLeaves { get; private set; }
        public long NodesChecked { get; private set; }
        public long HeadsChecked { get; private set; }

        /// <summary>Whether the entries were read by the SQLite fast path.</summary>
        public bool FastPath { get; private set; }

        public async Task<AuditVerifyProblem?> ExecuteAsync(SignedTreeHead? trusted, CancellationToken ct)
        {
            if (trusted is not null)
            {
                if (!trusted.VerifySignature(chain!.For(trusted.TreeSize)))
                {
                    return new("trusted-head", $"trusted head {trusted.TreeSize}", "its signature does not verify with the public key; it cannot serve as a reference.");
                }
                if (trusted.TreeSize > size)
                {
                    return new("log", $"log size {size}",
                        $"the log is truncated: a trusted head signed for {trusted.TreeSize} entries, but the store's newest head covers only {size}. / 日志被截断。");
                }
                // A trusted head for the empty log states nothing the store could contradict.
                _trusted = trusted.TreeSize > 0 ? trusted : null;
            }

            _heads = new HeadCursor(store, chain!);
            _head = await _heads.NextAsync(ct);
            // A head for size 0 would sign the empty tree; the sequencer never writes one, but check it if present.
            while (_head is not null && _head.Value.Head.TreeSize == 0)
            {
                var p = CheckHead(_head.Value, _hasher.EmptyRoot());
                if (p is not null)
                {
                    return p;
                }
                _head = await _heads.NextAsync(ct);
            }

            if (size > 0)
            {
                var problem = await WalkPagesAsync(ct);
                if (problem is not null)
                {
                    return problem;
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

        /// <summary>
        /// Pages of <see cref="PageSize"/> entries are verified on up to <see cref="Workers"/> threads at once, each on its
        /// own connection (<see cref="AuditPageReader"/>: leaves, the subtrees inside the page, their stored nodes). This
        /// thread takes the pages in log order and does what spans pages: the nodes above page level, the heads and the
        /// trusted head, each at its place in log order relative to the first problem a page found.
        /// </summary>
        private async Task<AuditVerifyProblem?> WalkPagesAsync(CancellationToken ct)
        {
            var pageSize = owner.PageSize;
            var pageCount = (size + pageSize - 1) / pageSize;
            var workers = (int)Math.Min(owner.Workers, pageCount);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var primary = store.Db.Database.GetDbConnection();
            var connectionString = store.Db.Database.GetConnectionString()!;
            var readers = new AuditPageReader?[workers];
            // One buffer more than workers: the page this thread is walking stays untouched while the next ones fill.
            var buffers = new AuditVerifyPage?[workers + 1];
            var pending = new Queue<Task<AuditVerifyPage>>();
            long scheduled = 0;
            void Schedule()
            {
                var index = scheduled++;
                var from = index * pageSize;
                var to = Math.Min(from + pageSize, size);
                var slot = (int)(index % workers);
                var bufferSlot = (int)(index % (workers + 1));
                pending.Enqueue(Task.Run(async () =>
                {
                    var reader = readers[slot] ??= await AuditPageReader.OpenAsync(primary, connectionString, _hasher, size, owner.UseFastPath, stop.Token);
                    var page = buffers[bufferSlot] ??= new AuditVerifyPage(pageSize, _hasher.HashSizeInBytes);
                    reader.Read(page, from, to, archivedPrefix, stop.Token);
                    return page;
                }, stop.Token));
            }
            try
            {
                while (scheduled < Math.Min(workers, pageCount))
                {
                    Schedule();
                }
                while (pending.Count > 0)
                {
                    var page = await pending.Dequeue();
                    if (page.Problem is null && scheduled < pageCount)
                    {
                        Schedule();
                    }
                    var problem = await WalkPageAsync(page, ct);
                    if (problem is not null)
                    {
                        return problem;
                    }
                }
                return null;
            }
            finally
            {
                await stop.CancelAsync();
                while (pending.Count > 0)
                {
                    try
                    {
                        await pending.Dequeue();
                    }
                    catch (Exception ex) when (ex is DbException or OperationCanceledException)
                    {
                        // The verdict is already known; a cancelled read-ahead does not change it.
                    }
                }
                // Readers open with their first page; a verdict found early may leave some unopened.
                FastPath = readers.Any(r => r is not null) && readers.All(r => r is null || r.IsFastPath);
                foreach (var reader in readers)
                {
                    reader?.Dispose();
                }
            }
        }

        /// <summary>
        /// Takes one verified page into the tree. Checks happen in log order: after leaf k, the entry k itself, then the
        /// nodes it completes (lowest level first), then the trusted head and the heads of size k + 1. The page's own
        /// problem (if any) is reported after every head and trusted-head check that comes before it.
        /// </summary>
        private async ValueTask<AuditVerifyProblem?> WalkPageAsync(AuditVerifyPage page, CancellationToken ct)
        {
            EntriesChecked += page.Entries;
            ArchivedLeaves += page.Archived;
            NodesChecked += page.NodesChecked;

            // Heads inside the page (size From+1 … To-1), or up to the page's problem: a head of size s is checked
            // after leaf s-1, so before a problem found at leaf s-1 or later only if s-1 < that leaf.
            var last = page.Problem is null ? page.To - 1 : Math.Min(page.ProblemPosition, page.To - 1);
            var inner = await CheckSizesAsync(page.From + 1, last, s => page.RootAt(_hasher, _stack, (int)(s - page.From)), ct);
            if (inner is not null)
            {
                return inner;
            }
            if (page.Problem is not null)
            {
                return page.Problem;
            }

            // The page's subtrees join the tree; the nodes above page level that its last leaf completes are checked here.
            if (page.Count == page.PageSize)
            {
                _stack.Add((page.Height, page.Node(page.Height, 0).ToArray()));
                while (_stack.Count >= 2 && _stack[^1].Level == _stack[^2].Level)
                {
                    var level = _stack[^1].Level + 1;
                    var index = (page.To >> level) - 1;
                    var parent = _hasher.HashChildren(_stack[^2].Hash, _stack[^1].Hash);
                    _stack.RemoveRange(_stack.Count - 2, 2);
                    _stack.Add((level, parent));
                    var nodeProblem = await CheckNodeAsync(level, index, parent, ct);
                    if (nodeProblem is not null)
                    {
                        return nodeProblem;
                    }
                }
            }
            else
            {
                // The last, partial page: its perfect subtrees are each smaller than anything before them, so none merges.
                _stack.AddRange(page.Decomposition());
            }
            return await CheckSizesAsync(page.To, page.To, _ => Root(), ct);
        }

        /// <summary>The trusted head and the stored heads whose size lies in [first, last], in size order.</summary>
        private async ValueTask<AuditVerifyProblem?> CheckSizesAsync(long first, long last, Func<long, byte[]> rootAt, CancellationToken ct)
        {
            while (true)
            {
                var trustedSize = _trusted?.TreeSize ?? long.MaxValue;
                var headSize = _head?.Head.TreeSize ?? long.MaxValue;
                var s = Math.Min(trustedSize, headSize);
                if (s > last)
                {
                    return null;
                }
                if (s < first)
                {
                    // Cannot happen: sizes are visited in order and every earlier one was checked.
                    throw new InvalidOperationException($"audit verify skipped size {s}.");
                }
                var root = rootAt(s);
                if (trustedSize == s)
                {
                    var trusted = _trusted!;
                    _trusted = null;
                    if (!root.AsSpan().SequenceEqual(trusted.RootHash))
                    {
                        return new("log", $"log size {s}",
                            $"the log was rewritten: its root at size {s} differs from the trusted head's. / 日志内容与可信树头不一致。");
                    }
                }
                while (_head is not null && _head.Value.Head.TreeSize == s)
                {
                    var p = CheckHead(_head.Value, root);
                    if (p is not null)
                    {
                        return p;
                    }
                    _head = await _heads.NextAsync(ct);
                }
            }
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
                return new("head", where, chain!.Count == 1
                    ? "the signature does not verify with the platform's public key. / 树头签名无效。"
                    : $"the signature does not verify with the platform's public key for this size (key {chain.NumberFor(h.Head.TreeSize)}). / 树头签名无效。");
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
            if (stored is null)
            {
                return AuditVerifyPage.NodeProblem(level, index, missing: true);
            }
            NodesChecked++;
            return stored.AsSpan().SequenceEqual(computed) ? null : AuditVerifyPage.NodeProblem(level, index, missing: false);
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
    private sealed class HeadCursor(AuditTreeStore store, AuditKeyChain keys)
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
                    Parallel.For(0, heads.Length, new ParallelOptions { CancellationToken = ct }, i => ok[i] = heads[i].VerifySignature(keys.For(heads[i].TreeSize)));
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
