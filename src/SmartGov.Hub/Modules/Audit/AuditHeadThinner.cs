using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit.Infrastructure;

namespace SmartGov.Hub.Modules.Audit;

/// <summary>
/// Keeps the number of signed heads proportional to time, not to traffic. While entries arrive the sequencer signs a
/// head with every batch (up to five a second), so a busy year would leave tens of millions of heads, each a signature
/// for `audit verify` to check. Heads older than <see cref="AuditOptions.KeepEveryHeadHours"/> are thinned to the last
/// head of each minute; the newest head and every head an archive is anchored on always stay. No entry, node or proof is
/// affected: every entry still proves into the heads that remain, and consistency proofs need only the tree nodes.
/// The append-only guard (<see cref="AuditGuards"/>) lets exactly these heads go and refuses any other removal.
/// </summary>
public sealed class AuditHeadThinner(IServiceScopeFactory scopes, IOptions<AuditOptions> options, TimeProvider clock)
{
    /// <summary>The guard's floor: a head younger than this is never removed, whatever the configuration says.</summary>
    public const int MinimumHours = 24;

    private const int Chunk = 10_000;

    // Heads at or below this size have been thinned already (per process; a restart starts from the beginning once).
    private long _done = -1;

    /// <summary>Removes the heads older than the keep-all period that are not the last of their minute; returns how many.</summary>
    public async Task<long> ThinAsync(CancellationToken ct = default)
    {
        var hours = Math.Max(options.Value.KeepEveryHeadHours, MinimumHours);
        // Five minutes more than the guard's floor, so that a database clock a little behind this node's never refuses a chunk.
        var cutoff = clock.GetUtcNow().ToUnixTimeMilliseconds() - hours * 3_600_000L - 300_000L;
        long removed = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
            var writeGate = db.Database.IsSqlite() ? scope.ServiceProvider.GetService<SqliteWriteGate>() : null;
            // The chunk: old heads after the watermark whose next head falls in the same minute, and no archive's anchor.
            var chunk = await db.Database.SqlQueryRaw<long>(
                """
                SELECT t."TreeSize" AS "Value" FROM "audit_tree_heads" t
                WHERE t."TreeSize" > {0} AND t."Timestamp" < {1}
                  AND NOT EXISTS (SELECT 1 FROM "audit_archives" a WHERE a."HeadTreeSize" = t."TreeSize")
                  AND (SELECT n."Timestamp" FROM "audit_tree_heads" n WHERE n."TreeSize" > t."TreeSize" ORDER BY n."TreeSize" LIMIT 1) / 60000 = t."Timestamp" / 60000
                ORDER BY t."TreeSize" LIMIT {2}
                """, _done, cutoff, Chunk).ToListAsync(ct);
            if (chunk.Count == 0)
            {
                // Nothing left to thin below the cutoff: next time start from the newest head older than it.
                _done = Math.Max(_done, await db.Set<Model.AuditTreeHead>().Where(h => h.Timestamp < cutoff).MaxAsync(h => (long?)h.TreeSize, ct) ?? -1);
                return removed;
            }
            if (writeGate is not null)
            {
                await writeGate.EnterAsync(ct);
            }
            try
            {
                var first = chunk[0];
                var last = chunk[^1];
                removed += await db.Database.ExecuteSqlRawAsync(
                    """
                    DELETE FROM "audit_tree_heads" WHERE "TreeSize" >= {0} AND "TreeSize" <= {1} AND "Timestamp" < {2}
                      AND NOT EXISTS (SELECT 1 FROM "audit_archives" a WHERE a."HeadTreeSize" = "audit_tree_heads"."TreeSize")
                      AND (SELECT n."Timestamp" FROM "audit_tree_heads" n WHERE n."TreeSize" > "audit_tree_heads"."TreeSize" ORDER BY n."TreeSize" LIMIT 1) / 60000
                          = "audit_tree_heads"."Timestamp" / 60000
                    """, [first, last, cutoff], ct);
                _done = last;
            }
            finally
            {
                writeGate?.Exit();
            }
        }
    }
}
