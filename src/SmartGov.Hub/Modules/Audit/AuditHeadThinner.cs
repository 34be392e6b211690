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

    // Fixed text (no input in it): the thinnable heads of a size range, {0} < size <= {1}, older than {2}.
    private static readonly string DeleteChunk =
        "DELETE FROM \"audit_tree_heads\" WHERE \"TreeSize\" > {0} AND \"TreeSize\" <= {1} AND " + Thinnable("\"audit_tree_heads\"", "{2}");

    // Heads at or below this size have been dealt with (per process; a restart goes over the old ones once more).
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
            // The next chunk: up to Chunk heads after the watermark older than the cutoff (a head's time never falls as sizes rise).
            var upTo = await db.Database.SqlQueryRaw<long?>(
                """
                SELECT MAX(c."TreeSize") AS "Value" FROM
                  (SELECT "TreeSize" FROM "audit_tree_heads" WHERE "TreeSize" > {0} AND "Timestamp" < {1} ORDER BY "TreeSize" LIMIT {2}) c
                """, _done, cutoff, Chunk).SingleAsync(ct);
            if (upTo is null)
            {
                return removed;
            }
            var writeGate = db.Database.IsSqlite() ? scope.ServiceProvider.GetService<SqliteWriteGate>() : null;
            if (writeGate is not null)
            {
                await writeGate.EnterAsync(ct);
            }
            try
            {
                removed += await db.Database.ExecuteSqlRawAsync(DeleteChunk, [_done, upTo.Value, cutoff], ct);
                _done = upTo.Value;
            }
            finally
            {
                writeGate?.Exit();
            }
        }
    }

    /// <summary>
    /// The SQL condition under which the head <paramref name="row"/> may go: older than <paramref name="olderThan"/> (ms),
    /// not an archive's anchor, and followed by another head in the same minute (so the newest head and the last of every
    /// minute stay). The thinner deletes by it and the append-only guard (<see cref="AuditGuards"/>) allows exactly it.
    /// </summary>
    public static string Thinnable(string row, string olderThan) => $"""
        {row}."Timestamp" < {olderThan}
        AND NOT EXISTS (SELECT 1 FROM "audit_archives" a WHERE a."HeadTreeSize" = {row}."TreeSize")
        AND COALESCE((SELECT n."Timestamp" FROM "audit_tree_heads" n WHERE n."TreeSize" > {row}."TreeSize" ORDER BY n."TreeSize" LIMIT 1) / 60000, -1)
            = {row}."Timestamp" / 60000
        """;
}
