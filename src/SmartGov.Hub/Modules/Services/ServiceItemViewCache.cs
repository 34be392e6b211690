using Microsoft.Extensions.Caching.Memory;

namespace SmartGov.Hub.Modules.Services;

/// <summary>
/// Published versions of service items, by version id, as views. A version is never changed once saved (an edit
/// publishes the next one), so a cached view can only differ from the store in its item's <c>LatestVersion</c>, which
/// callers read fresh and set on the way out. Bounded; process-wide, so every hub node keeps its own.
/// </summary>
internal sealed class ServiceItemViewCache : IDisposable
{
    private readonly MemoryCache _views = new(new MemoryCacheOptions { SizeLimit = 4096 });

    public bool TryGet(Guid versionId, int latestVersion, out ServiceItemView? view)
    {
        if (_views.TryGetValue(versionId, out ServiceItemView? cached) && cached is not null)
        {
            view = cached.LatestVersion == latestVersion ? cached : cached with { LatestVersion = latestVersion };
            return true;
        }
        view = null;
        return false;
    }

    public void Add(ServiceItemView view) =>
        _views.Set(view.VersionId, view, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(6) });

    public void Dispose() => _views.Dispose();
}
