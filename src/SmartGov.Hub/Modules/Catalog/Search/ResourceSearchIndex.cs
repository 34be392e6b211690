using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Catalog.Model;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Hub.Modules.Catalog.Search;

/// <summary>
/// The node's in-memory resource index, kept in step with the database like the service catalog's: built on the first
/// search, updated at once when this node publishes, and rebuilt in the background when another node has published
/// (checked at most every <see cref="RefreshInterval"/>, by the count and the latest publication time of the versions).
/// </summary>
public sealed class ResourceSearchIndex(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ResourceSearchIndex> logger) : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile Snapshot? _snapshot;
    private long _lastCheckTicks;
    private int _backgroundRunning;

    public async Task<ResourceSearchResult> SearchAsync(ResourceSearchQuery query, CancellationToken ct = default) =>
        (await EnsureAsync(ct)).Search(query);

    public async Task ResourcesChangedAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        if (_snapshot is not { } snapshot)
        {
            return; // the first search builds everything
        }
        foreach (var r in await LoadAsync(ids, ct))
        {
            snapshot.Engine.Upsert(r);
        }
    }

    public async Task RebuildAsync(CancellationToken ct = default)
    {
        await _rebuild.WaitAsync(ct);
        try
        {
            await BuildAsync(ct);
        }
        finally
        {
            _rebuild.Release();
        }
    }

    private async Task BuildAsync(CancellationToken ct)
    {
        var stamp = await StampAsync(ct);
        var engine = new ResourceSearchEngine(await LoadAsync(null, ct));
        var old = _snapshot?.Engine;
        _snapshot = new Snapshot(engine, stamp);
        Interlocked.Exchange(ref _lastCheckTicks, clock.GetUtcNow().UtcTicks);
        logger.LogInformation("Resource catalog search index built: {Count} resources", engine.Count);
        if (old is not null)
        {
            // Searches that started on the old index may still be running: let them finish first.
            _ = Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => old.Dispose(), TaskScheduler.Default);
        }
    }

    private async Task<ResourceSearchEngine> EnsureAsync(CancellationToken ct)
    {
        if (_snapshot is not { } snapshot)
        {
            await _rebuild.WaitAsync(ct);
            try
            {
                if (_snapshot is null)
                {
                    await BuildAsync(ct);
                }
            }
            finally
            {
                _rebuild.Release();
            }
            return _snapshot!.Engine;
        }
        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastCheckTicks);
        if (now - last > RefreshInterval.Ticks && Interlocked.CompareExchange(ref _lastCheckTicks, now, last) == last
            && await StampAsync(ct) != snapshot.Stamp && Interlocked.CompareExchange(ref _backgroundRunning, 1, 0) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await RebuildAsync(CancellationToken.None);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Rebuilding the resource search index failed; the old index keeps serving");
                }
                finally
                {
                    Interlocked.Exchange(ref _backgroundRunning, 0);
                }
            }, CancellationToken.None);
        }
        return snapshot.Engine;
    }

    private async Task<(int, DateTime?)> StampAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var versions = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>().Set<DataResourceVersion>();
        var count = await versions.CountAsync(ct);
        return (count, count == 0 ? null : await versions.MaxAsync(v => (DateTime?)v.PublishedAt, ct));
    }

    private async Task<List<IndexedResource>> LoadAsync(IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
        var departments = (await scope.ServiceProvider.GetRequiredService<IOrganizationDirectory>().ListDepartmentsAsync(ct)).ToDictionary(d => d.Id, d => d.Name);
        var resources = db.Set<DataResource>().AsNoTracking();
        if (ids is not null)
        {
            var list = ids.ToList();
            resources = resources.Where(r => list.Contains(r.Id));
        }
        var catalog = scope.ServiceProvider.GetRequiredService<ResourceCatalog>();
        return (await catalog.CurrentVersionsAsync(resources, ct)).Select(x => ToIndexed(x.Resource, x.Version, departments.GetValueOrDefault(x.Version.ProviderDepartmentId, ""))).ToList();
    }

    public static IndexedResource ToIndexed(DataResource r, DataResourceVersion v, string providerName) => new(
        r.Id, r.Code, v.Name, v.NameEn, v.ClassificationCode, v.ProviderDepartmentId, providerName, v.Abstract,
        ResourceCatalog.ItemsOf(v).Select(i => i.Name).ToList(), v.SharingType, v.Format, v.OpenToPublic, v.UpdateCycle, v.ReleaseDate);

    public void Dispose()
    {
        _snapshot?.Engine.Dispose();
        _rebuild.Dispose();
    }

    private sealed record Snapshot(ResourceSearchEngine Engine, (int Count, DateTime? Latest) Stamp);
}
