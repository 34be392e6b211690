using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services.Model;

namespace SmartGov.Hub.Modules.Services.Search;

/// <summary>
/// The node's in-memory search index, kept in step with the database:
/// <list type="bullet">
/// <item>built from the database on the first search after start;</item>
/// <item>updated at once, item by item, when this node publishes;</item>
/// <item>rebuilt in the background when another node has published (checked at most every
/// Services:SearchRefreshSeconds, by the count and latest publication time of the versions) and when the date changes
/// (a version becomes effective or an item is withdrawn at midnight, China time).</item>
/// </list>
/// Several hub nodes therefore agree within SearchRefreshSeconds; the guide pages read the database and are never stale.
/// </summary>
public sealed class ServiceSearchIndex(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ServicesOptions> options, ILogger<ServiceSearchIndex> logger) : IDisposable
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private readonly object _pendingLock = new();
    private readonly HashSet<Guid> _changedDuringRebuild = [];
    private volatile Snapshot? _snapshot;
    private long _lastCheckTicks;
    private int _backgroundRunning;
    private bool _rebuilding;

    public async Task<ServiceSearchResult> SearchAsync(ServiceSearchQuery query, CancellationToken ct = default)
    {
        var engine = await EnsureAsync(ct);
        return engine.Search(query);
    }

    /// <summary>The indexed form of an item, if it is in the index (current and not withdrawn).</summary>
    public async Task<IndexedItem?> FindAsync(Guid itemId, CancellationToken ct = default) => (await EnsureAsync(ct)).Find(itemId);

    /// <summary>Re-reads these items from the database and updates the index now (called after this node publishes).</summary>
    public async Task ItemsChangedAsync(IReadOnlyCollection<Guid> itemIds, CancellationToken ct = default)
    {
        lock (_pendingLock)
        {
            if (_rebuilding)
            {
                _changedDuringRebuild.UnionWith(itemIds);
            }
        }
        if (_snapshot is not { } snapshot)
        {
            return; // the first search builds everything
        }
        await ApplyAsync(snapshot.Engine, itemIds, ct);
    }

    /// <summary>Builds the index from the database now and waits for it (start-up warm-up, tests, benchmarks).</summary>
    public Task RebuildAsync(CancellationToken ct = default) => RebuildAsync(onlyIfMissing: false, ct);

    private async Task RebuildAsync(bool onlyIfMissing, CancellationToken ct)
    {
        await _rebuild.WaitAsync(ct);
        try
        {
            if (onlyIfMissing && _snapshot is not null)
            {
                return; // the start-up warm-up (or another first search) built it while this one waited
            }
            lock (_pendingLock)
            {
                _rebuilding = true;
                _changedDuringRebuild.Clear();
            }
            var today = ChinaTime.Today(clock);
            var stamp = await StampAsync(ct);
            var items = await LoadAsync(null, today, ct);
            var engine = new CatalogSearchEngine(items);
            List<Guid> replay;
            lock (_pendingLock)
            {
                replay = [.. _changedDuringRebuild];
                _changedDuringRebuild.Clear();
                _rebuilding = false;
            }
            if (replay.Count > 0)
            {
                await ApplyAsync(engine, replay, ct);
            }
            var old = _snapshot?.Engine;
            _snapshot = new Snapshot(engine, today, stamp);
            Interlocked.Exchange(ref _lastCheckTicks, clock.GetUtcNow().UtcTicks);
            logger.LogInformation("Service search index built: {Count} items", engine.Count);
            if (old is not null)
            {
                // Searches that started on the old index may still be running: let them finish first.
                _ = Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => old.Dispose(), TaskScheduler.Default);
            }
        }
        finally
        {
            lock (_pendingLock)
            {
                _rebuilding = false;
            }
            _rebuild.Release();
        }
    }

    private async Task<CatalogSearchEngine> EnsureAsync(CancellationToken ct)
    {
        if (_snapshot is not { } snapshot)
        {
            await RebuildAsync(onlyIfMissing: true, ct);
            return _snapshot!.Engine;
        }
        var engine = snapshot.Engine;
        var now = clock.GetUtcNow();
        if (ChinaTime.ToDate(now) != snapshot.BuiltFor)
        {
            StartBackgroundRebuild();
            return engine;
        }
        var last = Interlocked.Read(ref _lastCheckTicks);
        if (now.UtcTicks - last > TimeSpan.FromSeconds(options.Value.SearchRefreshSeconds).Ticks
            && Interlocked.CompareExchange(ref _lastCheckTicks, now.UtcTicks, last) == last)
        {
            if (await StampAsync(ct) != snapshot.Stamp)
            {
                StartBackgroundRebuild();
            }
        }
        return engine;
    }

    private void StartBackgroundRebuild()
    {
        if (Interlocked.CompareExchange(ref _backgroundRunning, 1, 0) != 0)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await RebuildAsync(CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The old index keeps serving; the next check tries again.
                logger.LogWarning(ex, "Rebuilding the service search index failed");
            }
            finally
            {
                Interlocked.Exchange(ref _backgroundRunning, 0);
            }
        });
    }

    private async Task ApplyAsync(CatalogSearchEngine engine, IReadOnlyCollection<Guid> itemIds, CancellationToken ct)
    {
        var fresh = (await LoadAsync(itemIds, ChinaTime.Today(clock), ct)).ToDictionary(i => i.ItemId);
        foreach (var id in itemIds)
        {
            if (fresh.TryGetValue(id, out var item))
            {
                engine.Upsert(item);
            }
            else
            {
                engine.Remove(id); // withdrawn, or no version in effect yet
            }
        }
    }

    private async Task<(int, DateTime?)> StampAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
        var versions = db.Set<ServiceItemVersion>();
        var count = await versions.CountAsync(ct);
        var latest = count == 0 ? (DateTime?)null : await versions.MaxAsync(v => (DateTime?)v.PublishedAt, ct);
        return (count, latest);
    }

    /// <summary>The current, not withdrawn, version of each item (all items, or the given ones) in indexed form.</summary>
    private async Task<List<IndexedItem>> LoadAsync(IReadOnlyCollection<Guid>? itemIds, DateOnly today, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
        var departments = (await scope.ServiceProvider.GetRequiredService<IOrganizationDirectory>().ListDepartmentsAsync(ct)).ToDictionary(d => d.Id, d => d.Name);

        var items = db.Set<ServiceItem>().AsNoTracking();
        var versions = db.Set<ServiceItemVersion>().AsNoTracking().Where(v => v.EffectiveFrom <= today);
        if (itemIds is not null)
        {
            var ids = itemIds.ToList();
            items = items.Where(i => ids.Contains(i.Id));
            versions = versions.Where(v => ids.Contains(v.ItemId));
        }
        var codes = await items.ToDictionaryAsync(i => i.Id, i => i.ImplementationCode, ct);
        var current = new Dictionary<Guid, ServiceItemVersion>();
        foreach (var v in await versions.ToListAsync(ct))
        {
            if (!current.TryGetValue(v.ItemId, out var seen) || seen.Version < v.Version)
            {
                current[v.ItemId] = v;
            }
        }
        var live = current.Values.Where(v => v.WithdrawnOn is not { } w || w > today).ToList();
        var materials = new Dictionary<Guid, List<string>>();
        foreach (var chunk in live.Select(v => v.Id).Chunk(500))
        {
            foreach (var m in await db.Set<MaterialRequirement>().AsNoTracking().Where(m => chunk.Contains(m.VersionId))
                         .OrderBy(m => m.Order).Select(m => new { m.VersionId, m.Name }).ToListAsync(ct))
            {
                (materials.TryGetValue(m.VersionId, out var list) ? list : materials[m.VersionId] = []).Add(m.Name);
            }
        }
        return live.Where(v => codes.ContainsKey(v.ItemId)).Select(v => new IndexedItem(
            v.ItemId, codes[v.ItemId], v.BasicCode, v.Name, v.NameEn, v.ItemType, v.DepartmentId, departments.GetValueOrDefault(v.DepartmentId, ""),
            v.LifeEvents, v.BusinessStages, v.Keywords, materials.GetValueOrDefault(v.Id) ?? [], v.AcceptanceConditions,
            v.PromisedDays, v.MaxVisits, v.CityWide, v.HandlingForm, v.HallIds)).ToList();
    }

    public void Dispose()
    {
        _snapshot?.Engine.Dispose();
        _rebuild.Dispose();
    }

    /// <summary>The engine with what it was built from, swapped as one reference so readers never see a mix.</summary>
    private sealed record Snapshot(CatalogSearchEngine Engine, DateOnly BuiltFor, (int Count, DateTime? Latest) Stamp);
}
