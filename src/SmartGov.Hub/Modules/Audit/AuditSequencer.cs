using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit.Infrastructure;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Hub.Modules.Audit;

public enum SequencingStatus
{
    /// <summary>Nothing was waiting.</summary>
    Idle,

    /// <summary>Entries were added to the tree and a new head was signed.</summary>
    Sequenced,

    /// <summary>Another hub node holds the sequencer lease.</summary>
    NotLeader,
}

public sealed record SequencingResult(SequencingStatus Status, int Sequenced = 0, SignedTreeHead? Head = null);

/// <summary>
/// Adds committed entries to the Merkle log. In one database transaction per batch it: renews its lease; takes the
/// unsequenced rows in id order; gives them the next sequence numbers; stores each leaf hash and every complete
/// subtree hash that the new leaves finish; and signs a tree head over the new root. Either all of that commits or none.
/// </summary>
/// <remarks>
/// Only the right edge of the tree (at most log2(n) complete subtrees, "the frontier") is read to extend it, so a batch
/// costs O(batch + log n). The lease row makes several hub nodes take turns: the holder renews it with each batch, and
/// another node may take it over only after it has expired.
/// </remarks>
public sealed class AuditSequencer(
    IServiceScopeFactory scopes,
    AuditSigner signer,
    IOptions<AuditOptions> options,
    TimeProvider clock,
    ILogger<AuditSequencer> logger,
    AuditHeadWitness? witness = null) : IDisposable
{
    public const string LeaseName = "sequencer";

    private const int RowsPerStatement = 200;

    // Serialises batches started in this process (the hosted service and, e.g., a test calling SequenceOnceAsync).
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _leaseExpiresAt;

    /// <summary>Identifies this process in the lease row.</summary>
    public string HolderId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public void Dispose() => _gate.Dispose();

    /// <summary>Runs one batch.</summary>
    /// <exception cref="AuditConfigurationException">The signing key is missing or malformed, or the log was started with another profile.</exception>
    public async Task<SequencingResult> SequenceOnceAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var result = await RunBatchAsync(cancellationToken);
            if (result.Head is not null && witness is not null)
            {
                // After the commit, outside the write lock: the witness copy is a second record, not part of the batch.
                await witness.RecordAsync(result.Head, cancellationToken);
            }
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sequences until nothing is waiting (tests, tools, and the bench).</summary>
    public async Task<long> SequenceAllAsync(CancellationToken cancellationToken = default)
    {
        long total = 0;
        while (true)
        {
            var result = await SequenceOnceAsync(cancellationToken);
            if (result.Status == SequencingStatus.NotLeader)
            {
                throw new InvalidOperationException("Another hub node holds the audit sequencer lease.");
            }
            total += result.Sequenced;
            if (result.Status == SequencingStatus.Idle)
            {
                return total;
            }
        }
    }

    private async Task<SequencingResult> RunBatchAsync(CancellationToken ct)
    {
        var o = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
        var store = new AuditTreeStore(db);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();

        // An idle log costs one indexed read per tick; the lease is renewed (a write) only when half used up.
        var pending = await db.Set<AuditRecord>().AnyAsync(r => r.Sequence == null, ct);
        var leaseFresh = _leaseExpiresAt - now > o.LeaseSeconds * 500L;
        if (!pending && leaseFresh)
        {
            return new SequencingResult(SequencingStatus.Idle);
        }

        await store.OpenAsync(ct, forWriting: true);
        try
        {
            if (!leaseFresh)
            {
                // A short transaction of its own: only the leader goes on to do the work.
                await using var leaseTx = await db.Database.BeginTransactionAsync(ct);
                if (!await TakeLeaseAsync(store, now, o.LeaseSeconds, ct))
                {
                    await leaseTx.RollbackAsync(ct);
                    return new SequencingResult(SequencingStatus.NotLeader);
                }
                await leaseTx.CommitAsync(ct);
            }
            if (!pending)
            {
                return new SequencingResult(SequencingStatus.Idle);
            }

            // Everything is computed before the write transaction, so that on SQLite the single write lock is held only
            // for the writes themselves and the business transactions around it are not kept waiting for hashing and signing.
            var head = await store.LatestHeadAsync(ct);
            if (head is not null && head.Profile != signer.Profile.Name)
            {
                throw new AuditConfigurationException(
                    $"The audit log was started with profile \"{head.Profile}\" but Audit:Profile is \"{signer.Profile.Name}\"; a log keeps one profile. / 审计日志的算法配置与已有日志不一致。");
            }
            var key = signer.SigningKey; // fail before touching anything if the key is unusable
            var startSize = head?.TreeSize ?? 0;
            var history = await db.Set<AuditSigningKey>().AsNoTracking().OrderBy(k => k.Number).ToListAsync(ct);
            var (newKey, keyEntry) = PlanKey(history, key, startSize, now);
            var batch = await ComputeBatchAsync(db, store, startSize, o.SequencerBatchSize, ct);
            if (batch.Leaves.Count == 0)
            {
                return new SequencingResult(SequencingStatus.Idle);
            }
            var timestamp = Math.Max(clock.GetUtcNow().ToUnixTimeMilliseconds(), head?.Timestamp ?? 0);
            var signed = SignedTreeHead.Sign(key, signer.Profile.Name, batch.Size, batch.Root, timestamp);

            // On SQLite the group-commit writer holds the write lock batch after batch: take turns with it in this process.
            var writeGate = db.Database.IsSqlite() ? scope.ServiceProvider.GetService<SqliteWriteGate>() : null;
            if (writeGate is not null)
            {
                await writeGate.EnterAsync(ct);
            }
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                // Fencing: the lease is renewed inside the write transaction (on PostgreSQL this locks the lease row), and the
                // head we extend must still be the newest; otherwise another node sequenced meanwhile and this batch is dropped.
                if (!await TakeLeaseAsync(store, clock.GetUtcNow().ToUnixTimeMilliseconds(), o.LeaseSeconds, ct)
                    || await db.Set<AuditTreeHead>().MaxAsync(h => (long?)h.TreeSize, ct) is { } current && current != startSize)
                {
                    await tx.RollbackAsync(ct);
                    return new SequencingResult(SequencingStatus.NotLeader);
                }
                foreach (var row in batch.Retimed)
                {
                    await using var cmd = store.Command("UPDATE \"audit_records\" SET \"At\" = @a WHERE \"Id\" = @id AND \"Sequence\" IS NULL");
                    AuditTreeStore.AddParameter(cmd, "@a", row.At);
                    AuditTreeStore.AddParameter(cmd, "@id", row.Id);
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                await WriteLeavesAsync(store, batch.Leaves, ct);
                await WriteNodesAsync(store, batch.Nodes, ct);
                db.Add(new AuditTreeHead { TreeSize = batch.Size, RootHash = batch.Root, Timestamp = timestamp, Profile = signed.Profile, Signature = signed.Signature });
                if (newKey is not null)
                {
                    db.Add(newKey);
                }
                if (keyEntry is not null)
                {
                    // The hand-over is itself an audited change; it takes its place in the log with the next batch.
                    db.Add(keyEntry);
                }
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return new SequencingResult(SequencingStatus.Sequenced, batch.Leaves.Count, signed);
            }
            finally
            {
                writeGate?.Exit();
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Which key row (if any) this batch must add before its head counts: the log's first key, or the configured key
    /// taking over from the log's current one (signed by both). Refuses to sign with a key the history has retired, or
    /// with a new key the current one has not handed over to: heads signed so would not verify.
    /// </summary>
    private (AuditSigningKey? Key, AuditRecord? Entry) PlanKey(List<AuditSigningKey> history, ISigningKey key, long newestHeadSize, long now)
    {
        var profile = signer.Profile;
        var fingerprint = AuditKeyHistory.Fingerprint(profile, key.PublicKey);
        if (history.Count == 0)
        {
            return (AuditKeyHistory.First(profile, key, now), null);
        }
        var current = history[^1];
        if (current.Fingerprint == fingerprint)
        {
            return (null, null);
        }
        var retired = history.FirstOrDefault(k => k.Fingerprint == fingerprint);
        if (retired is not null)
        {
            throw new AuditConfigurationException(
                $"Audit:SigningKeyFile holds key {retired.Number} ({fingerprint[..16]}…), which key {current.Number} ({current.Fingerprint[..16]}…) replaced; "
                + "this node must not sign with it. Configure the current key. / 本节点配置的审计签名密钥已被更换，不能再用于签名。");
        }
        var previous = signer.PreviousSigningKey ?? throw new AuditConfigurationException(
            $"The audit signing key changed: Audit:SigningKeyFile holds a new key ({fingerprint[..16]}…), but the log's current key is key {current.Number} "
            + $"({current.Fingerprint[..16]}…). To replace the key, set Audit:PreviousSigningKeyFile to the current key so that it hands over to the new one. "
            + "/ 审计签名密钥已更换：请将原密钥配置为 Audit:PreviousSigningKeyFile，由原密钥签署更换。");
        var previousFingerprint = AuditKeyHistory.Fingerprint(profile, previous.PublicKey);
        if (previousFingerprint != current.Fingerprint)
        {
            throw new AuditConfigurationException(
                $"Audit:PreviousSigningKeyFile holds {previousFingerprint[..16]}…, not the log's current key {current.Number} ({current.Fingerprint[..16]}…). "
                + "/ Audit:PreviousSigningKeyFile 不是日志当前的签名密钥。");
        }
        var next = AuditKeyHistory.Next(profile, current, previous, key, newestHeadSize + 1, now);
        logger.LogWarning("Audit signing key {Number} ({Fingerprint}) takes over from key {Previous} from tree size {From}",
            next.Number, next.Fingerprint, current.Number, next.FromTreeSize);
        var entry = new AuditRecord
        {
            At = AuditCanonicalJson.TruncateToMilliseconds(DateTimeOffset.FromUnixTimeMilliseconds(now).UtcDateTime),
            Action = AuditActions.ConfigChange,
            Outcome = AuditOutcomes.Success,
            ActorType = AuditActorTypes.System,
            ActorName = "audit-sequencer",
            SubjectType = "audit-signing-key",
            SubjectId = next.Fingerprint,
            Details = $"审计签名密钥更换 / audit signing key replaced: key {next.Number} ({next.Fingerprint}) takes over from key {current.Number} "
                + $"({current.Fingerprint}) for heads of size {next.FromTreeSize} and up",
        };
        return (next, entry);
    }

    private sealed record Batch(
        List<(long Id, long Sequence, byte[] Leaf)> Leaves, List<(int Level, long Index, byte[] Hash)> Nodes, List<AuditRecord> Retimed, long Size, byte[] Root);

    /// <summary>Numbers the waiting rows from <paramref name="size"/>, hashes them and extends the tree's right edge.</summary>
    private async Task<Batch> ComputeBatchAsync(SmartGovDbContext db, AuditTreeStore store, long size, int batchSize, CancellationToken ct)
    {
        // A plain reader over the partial index of unsequenced rows: EF's materializer cost about a third of a batch.
        var rows = new List<AuditRecord>(Math.Min(batchSize, 65_536));
        await using (var cmd = store.Command(
            "SELECT " + AuditTreeStore.RecordColumns + " FROM \"audit_records\" WHERE \"Sequence\" IS NULL ORDER BY \"Id\" LIMIT @n"))
        {
            AuditTreeStore.AddParameter(cmd, "@n", batchSize);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(AuditTreeStore.ReadRecord(reader));
            }
        }
        var retimed = new List<AuditRecord>();
        foreach (var row in rows)
        {
            if (!AuditCanonicalJson.IsWholeMilliseconds(row.At))
            {
                // Rows written before the audit trail existed carry sub-millisecond times; the canonical form has
                // whole milliseconds, so the stored time is normalised once, before it is sealed into the log.
                row.At = AuditCanonicalJson.TruncateToMilliseconds(row.At);
                retimed.Add(row);
            }
        }

        // Each row's canonical bytes depend only on the row and its position, so they are serialised and hashed in parallel.
        var hasher = signer.Hasher;
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = rows.Count > 512 ? -1 : 1 };
        var leafHashes = new byte[rows.Count][];
        var failed = new string?[rows.Count];
        Parallel.For(0, rows.Count, parallel, i =>
        {
            try
            {
                leafHashes[i] = AuditCanonicalJson.LeafHash(DatabaseAuditSink.ToData(rows[i], size + i), hasher);
            }
            catch (ArgumentException ex)
            {
                failed[i] = ex.Message;
            }
        });
        var usable = Enumerable.Range(0, rows.Count).Where(i => failed[i] is null).ToList();
        if (usable.Count < rows.Count)
        {
            // Only a row written around the sink can get here; it stays unsequenced (`audit verify` counts it) and the
            // rows after it move up one position, so they are hashed again with their real sequence numbers.
            foreach (var i in Enumerable.Range(0, rows.Count).Where(i => failed[i] is not null))
            {
                logger.LogError("Audit record {Id} cannot be sequenced: {Reason}", rows[i].Id, failed[i]);
            }
            for (var j = 0; j < usable.Count; j++)
            {
                leafHashes[j] = AuditCanonicalJson.LeafHash(DatabaseAuditSink.ToData(rows[usable[j]], size + j), hasher);
            }
        }

        var frontierKeys = Frontier(size);
        var fetched = await store.FetchAsync(frontierKeys, ct);
        var stack = new List<(int Level, byte[] Hash)>(frontierKeys.Count + 64);
        foreach (var k in frontierKeys)
        {
            stack.Add((k.Level, fetched.TryGetValue(k, out var h) ? h
                : throw new AuditIntegrityException($"Cannot extend the log: node (level {k.Level}, index {k.Index}) of the tree of size {size} is missing.")));
        }
        var leaves = new List<(long Id, long Sequence, byte[] Leaf)>(usable.Count);
        var nodes = new List<(int Level, long Index, byte[] Hash)>(usable.Count);
        for (var j = 0; j < usable.Count; j++)
        {
            var leaf = leafHashes[j];
            leaves.Add((rows[usable[j]].Id, size, leaf));
            stack.Add((0, leaf));
            size++;
            // Like a binary counter: equal-height neighbours on the right edge merge into a completed subtree.
            while (stack.Count >= 2 && stack[^1].Level == stack[^2].Level)
            {
                var level = stack[^1].Level + 1;
                var parent = hasher.HashChildren(stack[^2].Hash, stack[^1].Hash);
                stack.RemoveRange(stack.Count - 2, 2);
                stack.Add((level, parent));
                nodes.Add((level, (size >> level) - 1, parent));
            }
        }
        var root = stack.Count == 0 ? hasher.EmptyRoot() : stack[^1].Hash;
        for (var i = stack.Count - 2; i >= 0; i--)
        {
            root = hasher.HashChildren(stack[i].Hash, root);
        }
        var sequencedIds = leaves.Select(l => l.Id).ToHashSet();
        return new Batch(leaves, nodes, retimed.Where(r => sequencedIds.Contains(r.Id)).ToList(), size, root);
    }

    /// <summary>The complete subtrees that make up a tree of <paramref name="size"/> leaves, largest (leftmost) first.</summary>
    public static List<(int Level, long Index)> Frontier(long size)
    {
        var result = new List<(int, long)>();
        long start = 0;
        for (var level = 62; level >= 0; level--)
        {
            var width = 1L << level;
            if ((size & width) != 0)
            {
                result.Add((level, start >> level));
                start += width;
            }
        }
        return result;
    }

    private async Task<bool> TakeLeaseAsync(AuditTreeStore store, long now, int leaseSeconds, CancellationToken ct)
    {
        var expires = now + leaseSeconds * 1000L;
        await using (var update = store.Command(
            "UPDATE \"audit_leases\" SET \"Holder\" = @h, \"ExpiresAt\" = @e WHERE \"Name\" = @n AND (\"Holder\" = @h OR \"ExpiresAt\" < @now)"))
        {
            AuditTreeStore.AddParameter(update, "@h", HolderId);
            AuditTreeStore.AddParameter(update, "@e", expires);
            AuditTreeStore.AddParameter(update, "@n", LeaseName);
            AuditTreeStore.AddParameter(update, "@now", now);
            if (await update.ExecuteNonQueryAsync(ct) == 1)
            {
                _leaseExpiresAt = expires;
                return true;
            }
        }
        await using (var count = store.Command("SELECT COUNT(*) FROM \"audit_leases\" WHERE \"Name\" = @n"))
        {
            AuditTreeStore.AddParameter(count, "@n", LeaseName);
            if (Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return false;
            }
        }
        // The first batch ever: create the lease row. If another node does the same at once, one insert fails on the
        // primary key and that node's transaction rolls back; it simply tries again on its next tick.
        await using (var insert = store.Command("INSERT INTO \"audit_leases\" (\"Name\", \"Holder\", \"ExpiresAt\") VALUES (@n, @h, @e)"))
        {
            AuditTreeStore.AddParameter(insert, "@n", LeaseName);
            AuditTreeStore.AddParameter(insert, "@h", HolderId);
            AuditTreeStore.AddParameter(insert, "@e", expires);
            await insert.ExecuteNonQueryAsync(ct);
        }
        _leaseExpiresAt = expires;
        return true;
    }

    private static async Task WriteLeavesAsync(AuditTreeStore store, List<(long Id, long Sequence, byte[] Leaf)> leaves, CancellationToken ct)
    {
        if (store.Db.Database.IsSqlite())
        {
            // In-process SQLite: one prepared statement per row is fastest, and its plan is always a rowid lookup
            // (an UPDATE … FROM over a VALUES list may be planned as a scan of the whole table).
            await using var one = store.Command("UPDATE \"audit_records\" SET \"Sequence\" = @s, \"LeafHash\" = @h WHERE \"Id\" = @id AND \"Sequence\" IS NULL");
            var s = AuditTreeStore.AddParameter(one, "@s", 0L);
            var h = AuditTreeStore.AddParameter(one, "@h", Array.Empty<byte>());
            var id = AuditTreeStore.AddParameter(one, "@id", 0L);
            await one.PrepareAsync(ct);
            foreach (var leaf in leaves)
            {
                s.Value = leaf.Sequence;
                h.Value = leaf.Leaf;
                id.Value = leaf.Id;
                if (await one.ExecuteNonQueryAsync(ct) != 1)
                {
                    throw new AuditIntegrityException($"Audit record {leaf.Id} was sequenced or removed while sequence {leaf.Sequence} was being given to it.");
                }
            }
            return;
        }
        // PostgreSQL: a round trip per row would dominate, so 200 rows go in one statement.
        foreach (var chunk in leaves.Chunk(RowsPerStatement))
        {
            await using var cmd = store.Command();
            var sql = new StringBuilder("WITH v(id, s, h) AS (VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "" : ",").Append("(@a").Append(i).Append(", @b").Append(i).Append(", @c").Append(i).Append(')');
                AuditTreeStore.AddParameter(cmd, "@a" + i, chunk[i].Id);
                AuditTreeStore.AddParameter(cmd, "@b" + i, chunk[i].Sequence);
                AuditTreeStore.AddParameter(cmd, "@c" + i, chunk[i].Leaf);
            }
            sql.Append(") UPDATE \"audit_records\" SET \"Sequence\" = v.s, \"LeafHash\" = v.h FROM v WHERE \"audit_records\".\"Id\" = v.id AND \"audit_records\".\"Sequence\" IS NULL");
            cmd.CommandText = sql.ToString();
            var changed = await cmd.ExecuteNonQueryAsync(ct);
            if (changed != chunk.Length)
            {
                // Someone sequenced or removed these rows under us; roll the whole batch back rather than leave a gap.
                throw new AuditIntegrityException($"Expected to sequence {chunk.Length} audit records, changed {changed}.");
            }
        }
    }

    private static async Task WriteNodesAsync(AuditTreeStore store, List<(int Level, long Index, byte[] Hash)> nodes, CancellationToken ct)
    {
        foreach (var chunk in nodes.Chunk(RowsPerStatement))
        {
            await using DbCommand cmd = store.Command();
            var sql = new StringBuilder("INSERT INTO \"audit_tree_nodes\" (\"Level\", \"Index\", \"Hash\") VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "" : ",").Append("(@l").Append(i).Append(", @i").Append(i).Append(", @h").Append(i).Append(')');
                AuditTreeStore.AddParameter(cmd, "@l" + i, chunk[i].Level);
                AuditTreeStore.AddParameter(cmd, "@i" + i, chunk[i].Index);
                AuditTreeStore.AddParameter(cmd, "@h" + i, chunk[i].Hash);
            }
            cmd.CommandText = sql.ToString();
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}

/// <summary>Runs the sequencer every <see cref="AuditOptions.SequencerIntervalMilliseconds"/>, or at once while a backlog remains.</summary>
internal sealed class AuditSequencerService(
    AuditSequencer sequencer, AuditHeadThinner thinner, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditSequencerService> logger) : BackgroundService
{
    private static readonly TimeSpan ThinEvery = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.SequencerEnabled)
        {
            return;
        }
        await Task.Yield();
        var failures = 0;
        var nextThin = clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (o.KeepEveryHeadHours > 0 && clock.GetUtcNow() >= nextThin)
            {
                nextThin = clock.GetUtcNow() + ThinEvery;
                try
                {
                    var removed = await thinner.ThinAsync(stoppingToken);
                    if (removed > 0)
                    {
                        logger.LogInformation("Thinned {Removed} signed tree heads older than {Hours} h to one per minute", removed, o.KeepEveryHeadHours);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Thinning old signed tree heads failed; it is tried again in {Minutes} minutes.", ThinEvery.TotalMinutes);
                }
            }
            var backlog = false;
            try
            {
                var result = await sequencer.SequenceOnceAsync(stoppingToken);
                backlog = result.Sequenced >= o.SequencerBatchSize;
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database may not be migrated yet, or be briefly unreachable: keep trying, but do not flood the log.
                failures++;
                if (failures == 1 || failures % 100 == 0)
                {
                    logger.LogWarning(ex, "The audit sequencer could not run ({Failures} attempt(s) so far); it keeps retrying.", failures);
                }
            }
            if (backlog)
            {
                continue;
            }
            var delay = failures == 0 ? o.SequencerIntervalMilliseconds : Math.Min(o.SequencerIntervalMilliseconds * (1 << Math.Min(failures, 4)), 10_000);
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
