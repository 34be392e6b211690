using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Data;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>
/// 办件编号: 6-digit region code, date (yyyyMMdd, China time), 2-digit node id and a 6-digit daily sequence, e.g.
/// 371802 20261130 01 000042 written together. The node id keeps numbers unique across hub nodes; each node reserves
/// blocks of the sequence in the database (one short upsert per block), so numbers survive restarts and a submission
/// never waits on a global counter.
/// </summary>
public sealed class ApplicationNumbers(IServiceScopeFactory scopes, IOptions<ApplicationsOptions> options) : IDisposable
{
    private readonly Dictionary<string, (long Next, long End)> _blocks = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);

    public void Dispose() => _lock.Dispose();

    public static bool IsWellFormed(string? number) =>
        number is { Length: 22 } && number.All(char.IsAsciiDigit);

    public async Task<string> NextAsync(string regionCode, DateOnly day, CancellationToken ct)
    {
        var region = regionCode.Length >= 6 ? regionCode[..6] : regionCode.PadRight(6, '0');
        var scope = $"{region}{day:yyyyMMdd}{options.Value.NodeId}";
        long value;
        await _lock.WaitAsync(ct);
        try
        {
            if (!_blocks.TryGetValue(scope, out var block) || block.Next >= block.End)
            {
                var size = options.Value.SequenceBlock;
                var end = await ReserveAsync(scope, size, ct);
                block = (end - size, end);
            }
            value = block.Next;
            _blocks[scope] = (block.Next + 1, block.End);
            if (_blocks.Count > 1000)
            {
                // Yesterday's scopes are never asked for again.
                foreach (var old in _blocks.Keys.Where(k => k != scope).ToList())
                {
                    _blocks.Remove(old);
                }
            }
        }
        finally
        {
            _lock.Release();
        }
        if (value > 999_999)
        {
            throw new InvalidOperationException("More than 999,999 applications in one day on one node and region.");
        }
        return scope + value.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>Moves the scope's counter on by <paramref name="size"/> in its own transaction and returns the block's end.</summary>
    private async Task<long> ReserveAsync(string scope, int size, CancellationToken ct)
    {
        await using var s = scopes.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<SmartGovDbContext>();
        // One statement on both SQLite (3.35+) and PostgreSQL: insert the first block, or move an existing counter on.
        var rows = await db.Database.SqlQueryRaw<long>(
            """
            INSERT INTO application_sequences ("Scope", "Next") VALUES ({0}, {1})
            ON CONFLICT ("Scope") DO UPDATE SET "Next" = application_sequences."Next" + {2}
            RETURNING "Next" AS "Value"
            """, scope, 1L + size, (long)size).ToListAsync(ct);
        return rows.Single();
    }
}
