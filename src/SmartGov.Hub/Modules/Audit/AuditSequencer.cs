using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    ILogger<AuditSequencer> logger) : IDisposable
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
            return await RunBatchAsync(cancellationToken);
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
        if (!pending && _leaseExpiresAt - now > o.LeaseSeconds * 500L)
        {
            return new SequencingResult(SequencingStatus.Idle);
        }

        await store.OpenAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (!await TakeLeaseAsync(store, now, o.LeaseSeconds, ct))
            {
                await tx.RollbackAsync(ct);
                return new SequencingResult(SequencingStatus.NotLeader);
            }
            if (!pending)
            {
                await tx.CommitAsync(ct);
                return new SequencingResult(SequencingStatus.Idle);
            }

            var head = await store.LatestHeadAsync(ct);
            if (head is not null && head.Profile != signer.Profile.Name)
            {
                throw new AuditConfigurationException(
                    $"The audit log was started with profile \"{head.Profile}\" but Audit:Profile is \"{signer.Profile.Name}\"; a log keeps one profile. / 审计日志的算法配置与已有日志不一致。");
            }
            var key = signer.SigningKey; // fail before touching anything if the key is unusable
            var size = head?.TreeSize ?? 0;
            var rows = await db.Set<AuditRecord>().AsNoTracking().Where(r => r.Sequence == null).OrderBy(r => r.Id)
                .Take(o.SequencerBatchSize).ToListAsync(ct);

            var frontierKeys = Frontier(size);
            var fetched = await store.FetchAsync(frontierKeys, ct);
            var stack = new List<(int Level, byte[] Hash)>(frontierKeys.Count + 64);
            foreach (var k in frontierKeys)
            {
                stack.Add((k.Level, fetched.TryGetValue(k, out var h) ? h
                    : throw new AuditIntegrityException($"Cannot extend the log: node (level {k.Level}, index {k.Index}) of the tree of size {size} is missing.")));
            }

            var hasher = signer.Hasher;
            var leaves = new List<(long Id, long Sequence, byte[] Leaf)>(rows.Count);
            var nodes = new List<(int Level, long Index, byte[] Hash)>(rows.Count);
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
                byte[] canonical;
                try
                {
                    canonical = AuditCanonicalJson.Serialize(DatabaseAuditSink.ToData(row, size));
                }
                catch (ArgumentException ex)
                {
                    // Only a row written around the sink can get here; it stays unsequenced and `audit verify` counts it.
                    logger.LogError("Audit record {Id} cannot be sequenced: {Reason}", row.Id, ex.Message);
                    continue;
                }
                var leaf = hasher.HashLeaf(canonical);
                leaves.Add((row.Id, size, leaf));
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
            if (leaves.Count == 0)
            {
                await tx.CommitAsync(ct);
                return new SequencingResult(SequencingStatus.Idle);
            }

            foreach (var row in retimed)
            {
                await using var cmd = store.Command("UPDATE \"audit_records\" SET \"At\" = @a WHERE \"Id\" = @id AND \"Sequence\" IS NULL");
                AuditTreeStore.AddParameter(cmd, "@a", row.At);
                AuditTreeStore.AddParameter(cmd, "@id", row.Id);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await WriteLeavesAsync(store, leaves, ct);
            await WriteNodesAsync(store, nodes, ct);

            var root = stack[^1].Hash;
            for (var i = stack.Count - 2; i >= 0; i--)
            {
                root = hasher.HashChildren(stack[i].Hash, root);
            }
            var timestamp = Math.Max(clock.GetUtcNow().ToUnixTimeMilliseconds(), head?.Timestamp ?? 0);
            var signed = SignedTreeHead.Sign(key, signer.Profile.Name, size, root, timestamp);
            db.Add(new AuditTreeHead { TreeSize = size, RootHash = root, Timestamp = timestamp, Profile = signed.Profile, Signature = signed.Signature });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new SequencingResult(SequencingStatus.Sequenced, leaves.Count, signed);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
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
internal sealed class AuditSequencerService(AuditSequencer sequencer, IOptions<AuditOptions> options, ILogger<AuditSequencerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.SequencerEnabled)
        {
            return;
        }
        await Task.Yield();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
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
