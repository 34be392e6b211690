using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit.Infrastructure;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Hub.Modules.Audit;

public sealed record AuditArchiveResult(long FromSequence, long ToSequence, string? Directory, string? EntriesHash, string Message)
{
    public long Archived => ToSequence - FromSequence;
}

/// <summary>
/// Retention: moves the oldest segment of the log out of the database. The segment is exported as a bundle and the bundle
/// is verified offline before anything is removed; the entries' leaf hashes stay (as level-0 tree nodes) with every
/// interior node and head, so the remaining log still proves and verifies. Entries younger than
/// <see cref="AuditOptions.RetentionDays"/> are never removed.
/// </summary>
public sealed class AuditArchiver(SmartGovDbContext db, AuditExporter exporter, IOptions<AuditOptions> options, TimeProvider clock)
{
    /// <summary>Archives the longest prefix of the log whose entries are all older than <paramref name="before"/>.</summary>
    /// <exception cref="InvalidOperationException">The cutoff is inside the retention period, or export/verification failed (nothing was removed).</exception>
    public async Task<AuditArchiveResult> ArchiveAsync(DateTime before, string directory, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var retention = options.Value.RetentionDays;
        var cutoff = before.Kind == DateTimeKind.Local ? before.ToUniversalTime() : DateTime.SpecifyKind(before, DateTimeKind.Utc);
        if (cutoff > now.AddDays(-retention))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Entries are kept for {retention} days (Audit:RetentionDays): --before must be {now.AddDays(-retention):yyyy-MM-dd} or earlier. / 审计记录须保存 {retention} 天，不得提前归档。"));
        }
        var head = await db.Set<AuditTreeHead>().AsNoTracking().OrderByDescending(h => h.TreeSize).FirstOrDefaultAsync(ct);
        var from = await db.Set<AuditArchive>().MaxAsync(a => (long?)a.ToSequence, ct) ?? 0;
        if (head is null)
        {
            return new(from, from, null, null, "The log is empty; nothing to archive. / 日志为空。");
        }
        // Entries are sequenced roughly in time order but not exactly: stop at the first entry that is young enough to
        // keep, so that every archived entry is older than the cutoff and the archive is a prefix of the log.
        var firstKept = await db.Set<AuditRecord>().Where(r => r.Sequence != null && r.Sequence >= from && r.At >= cutoff)
            .MinAsync(r => r.Sequence, ct) ?? head.TreeSize;
        var to = Math.Min(firstKept, head.TreeSize);
        if (to <= from)
        {
            return new(from, from, null, null, string.Create(CultureInfo.InvariantCulture,
                $"No entries older than {cutoff:yyyy-MM-dd} remain in the database; nothing to archive. / 没有需要归档的记录。"));
        }

        var export = await exporter.ExportAsync(directory, from, to, "archive", ct);
        var check = AuditBundleVerifier.Verify(directory);
        if (!check.Ok)
        {
            throw new InvalidOperationException($"The archive bundle does not verify ({check.Problem}); nothing was removed. / 归档包校验失败，未删除任何记录。");
        }

        var store = new AuditTreeStore(db);
        await store.OpenAsync(ct, forWriting: true);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await using (var keep = store.Command(
                "INSERT INTO \"audit_tree_nodes\" (\"Level\", \"Index\", \"Hash\") SELECT 0, \"Sequence\", \"LeafHash\" FROM \"audit_records\" " +
                "WHERE \"Sequence\" >= @f AND \"Sequence\" < @t"))
            {
                AuditTreeStore.AddParameter(keep, "@f", from);
                AuditTreeStore.AddParameter(keep, "@t", to);
                var kept = await keep.ExecuteNonQueryAsync(ct);
                if (kept != to - from)
                {
                    throw new InvalidOperationException($"Expected {to - from} leaf hashes to keep, found {kept}; nothing was removed.");
                }
            }
            await using (var remove = store.Command("DELETE FROM \"audit_records\" WHERE \"Sequence\" >= @f AND \"Sequence\" < @t"))
            {
                AuditTreeStore.AddParameter(remove, "@f", from);
                AuditTreeStore.AddParameter(remove, "@t", to);
                await remove.ExecuteNonQueryAsync(ct);
            }
            var at = AuditCanonicalJson.TruncateToMilliseconds(now);
            db.Add(new AuditArchive
            {
                FromSequence = from,
                ToSequence = to,
                Before = cutoff,
                ArchivedAt = at,
                HeadTreeSize = export.AnchorTreeSize,
                EntriesHash = export.EntriesHash,
                Location = Path.GetFullPath(directory),
            });
            // The archive itself is audited, in the same transaction.
            db.Add(DatabaseAuditSink.ToRecord(new AuditEvent(AuditActions.AuditArchive, SubjectType: "audit-log",
                SubjectId: string.Create(CultureInfo.InvariantCulture, $"{from}..{to - 1}"),
                Details: string.Create(CultureInfo.InvariantCulture, $"entries {from}..{to - 1} older than {cutoff:yyyy-MM-dd} exported to {Path.GetFullPath(directory)} and removed; entries.jsonl hash {export.EntriesHash}; anchor head {export.AnchorTreeSize}"),
                ActorType: AuditActorTypes.System, ActorName: "sgov audit archive"), null, clock));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return new(from, to, directory, export.EntriesHash, string.Create(CultureInfo.InvariantCulture,
            $"Archived entries {from}..{to - 1} to {directory}. / 已归档 {to - from} 条记录。"));
    }
}
