using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Storage;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>What one sweep removed. <see cref="OrphanKeys"/> are store keys that had no row (bytes nobody could reach).</summary>
public sealed record FileSweepReport(int StagedFilesDeleted, IReadOnlyList<string> OrphanKeys, int AbandonedWrites);

/// <summary>
/// Removes staged files older than <see cref="ApplicationFilesOptions.StagedFileRetentionHours"/> (row and bytes),
/// and bytes in the store that no row refers to (orphans: a crash between storing and saving, or a failed delete),
/// reporting each orphan in the log. An attached file is never touched: the delete is conditional on the row still
/// being staged, so a draft submitted at the same moment keeps its materials.
/// </summary>
public sealed partial class StagedFileSweeper(
    SmartGovDbContext db, IFileStore store, TimeProvider clock, IOptions<ApplicationFilesOptions> options, ILogger<StagedFileSweeper> logger)
{
    public async Task<FileSweepReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.UtcDateTime.AddHours(-options.Value.StagedFileRetentionHours);
        var expired = await db.Set<StoredFile>().AsNoTracking()
            .Where(f => f.State == StoredFileState.Staged && f.UploadedAt < cutoff)
            .OrderBy(f => f.UploadedAt).Select(f => new { f.Id, f.StoreKey }).Take(10_000).ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var file in expired)
        {
            // Row first, and only while it is still staged: if this removes nothing, the file was attached meanwhile.
            var rows = await db.Set<StoredFile>().Where(f => f.Id == file.Id && f.State == StoredFileState.Staged).ExecuteDeleteAsync(cancellationToken);
            if (rows == 1)
            {
                // If this fails the bytes become an orphan, which the next step (or the next sweep) removes.
                await store.DeleteAsync(file.StoreKey, cancellationToken);
                deleted++;
            }
        }
        if (deleted > 0)
        {
            LogStagedDeleted(deleted, options.Value.StagedFileRetentionHours);
        }

        var orphans = await FindOrphansAsync(cancellationToken);
        foreach (var key in orphans)
        {
            LogOrphan(key);
            await store.DeleteAsync(key, cancellationToken);
        }
        var abandoned = store is FileSystemFileStore fs ? fs.DeleteAbandonedTempFiles(now.AddMinutes(-options.Value.OrphanGraceMinutes)) : 0;
        return new FileSweepReport(deleted, orphans, abandoned);
    }

    /// <summary>Store keys older than the grace period that no <see cref="StoredFile"/> row refers to.</summary>
    public async Task<IReadOnlyList<string>> FindOrphansAsync(CancellationToken cancellationToken = default)
    {
        var graceCutoff = clock.GetUtcNow().AddMinutes(-options.Value.OrphanGraceMinutes);
        var orphans = new List<string>();
        var batch = new List<string>(500);
        await foreach (var entry in store.ListAsync(cancellationToken))
        {
            if (entry.LastModified >= graceCutoff)
            {
                continue; // possibly an upload whose row is about to commit
            }
            batch.Add(entry.Key);
            if (batch.Count == 500)
            {
                orphans.AddRange(await WithoutRowsAsync(batch, cancellationToken));
                batch.Clear();
            }
        }
        if (batch.Count > 0)
        {
            orphans.AddRange(await WithoutRowsAsync(batch, cancellationToken));
        }
        return orphans;
    }

    private async Task<IEnumerable<string>> WithoutRowsAsync(List<string> keys, CancellationToken ct)
    {
        var known = await db.Set<StoredFile>().AsNoTracking().Where(f => keys.Contains(f.StoreKey)).Select(f => f.StoreKey).ToListAsync(ct);
        var knownSet = known.ToHashSet(StringComparer.Ordinal);
        return keys.Where(k => !knownSet.Contains(k)).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} staged material files older than {Hours} hours")]
    private partial void LogStagedDeleted(int count, int hours);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Orphaned material bytes without a row removed from the file store: {StoreKey}")]
    private partial void LogOrphan(string storeKey);
}

internal sealed partial class StagedFileSweepService(IServiceScopeFactory scopes, IOptions<ApplicationFilesOptions> options, ILogger<StagedFileSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = options.Value.SweepMinutes;
        if (minutes <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<StagedFileSweeper>().RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The staged material file sweep failed")]
    private partial void LogFailed(Exception ex);
}
