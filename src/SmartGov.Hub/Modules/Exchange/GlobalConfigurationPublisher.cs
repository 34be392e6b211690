using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Exchange.Model;

namespace SmartGov.Hub.Modules.Exchange;

/// <summary>The served configuration: the signed envelope and its version row.</summary>
public sealed record PublishedConfiguration(string SignedJson, ConfigVersionView Version);

/// <summary>
/// Builds the global configuration from the registries, signs it with the center key and keeps every version. A new
/// version is issued only when the content changed, or when half of the current one's validity has passed (so gateways
/// always hold one far from expiry). Built fresh on request, behind a cache of a few seconds, so that a revoked right
/// or grant leaves the configuration a gateway fetches next.
/// </summary>
public sealed class GlobalConfigurationPublisher(
    SmartGovDbContext db,
    ExchangeRegistry registry,
    ExchangeCenterKey centerKey,
    ConfigurationCache cache,
    IOptions<ExchangeOptions> options,
    TimeProvider clock)
{
    private readonly ExchangeOptions _options = options.Value;

    /// <summary>The configuration content as of now (version and times zero), from the registries.</summary>
    public async Task<GlobalConfiguration> BuildContentAsync(CancellationToken ct)
    {
        var members = await db.Set<ExchangeMember>().AsNoTracking().ToListAsync(ct);
        var byRef = members.ToDictionary(m => m.Id);
        var gateways = await db.Set<ExchangeGateway>().AsNoTracking().Where(g => g.Status == GatewayStatus.Approved).ToListAsync(ct);
        var services = await registry.AllServicesAsync(ct);
        var rights = await registry.RightsAsync(includeRevoked: false, ct);
        return new GlobalConfiguration
        {
            Instance = _options.Instance,
            Version = 0,
            IssuedAt = DateTimeOffset.UnixEpoch,
            ExpiresAt = DateTimeOffset.UnixEpoch,
            Members = [.. members.Select(m => new MemberEntry(m.MemberId, m.Name))],
            Gateways = [.. gateways.Where(g => byRef.ContainsKey(g.MemberRef)).GroupBy(g => g.MemberRef)
                .Select(grp => grp.OrderByDescending(g => g.DecidedAt).First())
                .Select(g => new GatewayEntry(byRef[g.MemberRef].MemberId, g.Address, g.PublicKeyPem))],
            Services = [.. services.Select(s => new ServiceEntry(s.ServiceId, s.Name, s.PersonalData, s.CatalogResourceCode))],
            AccessRights = [.. rights.Select(r => new AccessRight(r.Client, r.Service, r.Methods, r.Paths, r.Purposes,
                Utc(r.ValidFrom), r.ValidUntil is { } u ? Utc(u) : null))],
        };
    }

    /// <summary>Every time the center handles is UTC, whatever Kind a provider of grants gives it.</summary>
    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc), TimeSpan.Zero);

    public static string ContentHash(GlobalConfiguration content) =>
        Convert.ToHexStringLower(Sm3.Hash(GlobalConfigurationCodec.CanonicalBytes(content with
        {
            Version = 0, IssuedAt = DateTimeOffset.UnixEpoch, ExpiresAt = DateTimeOffset.UnixEpoch,
        })));

    /// <summary>The configuration to serve now: the cached one, the latest stored one, or a new version.</summary>
    public async Task<PublishedConfiguration> CurrentAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGet(now, TimeSpan.FromSeconds(_options.ConfigCacheSeconds)) is { } cached)
        {
            return cached;
        }
        for (var attempt = 0; ; attempt++)
        {
            var content = await BuildContentAsync(ct);
            var hash = ContentHash(content);
            var latest = await db.Set<ExchangeConfigVersion>().AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
            var validity = TimeSpan.FromHours(Math.Max(1, _options.ConfigValidityHours));
            if (latest is not null && latest.ContentHash == hash && latest.ExpiresAt - now.UtcDateTime > validity / 2 && latest.IssuedAt <= now.UtcDateTime.AddMinutes(1))
            {
                return cache.Set(now, new PublishedConfiguration(latest.SignedJson, View(latest)));
            }
            var issued = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
            var config = content with { Version = (latest?.Version ?? 0) + 1, IssuedAt = issued, ExpiresAt = issued + validity };
            var row = new ExchangeConfigVersion
            {
                Version = config.Version, ContentHash = hash, IssuedAt = issued.UtcDateTime, ExpiresAt = config.ExpiresAt.UtcDateTime,
                SignedJson = GlobalConfigurationCodec.ToJson(GlobalConfigurationCodec.Sign(config, centerKey.Key)),
                Members = config.Members.Count, Gateways = config.Gateways.Count, Services = config.Services.Count, AccessRights = config.AccessRights.Count,
            };
            db.Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                return cache.Set(now, new PublishedConfiguration(row.SignedJson, View(row)));
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another hub node issued this version number first: read again and serve theirs or the next.
                db.Entry(row).State = EntityState.Detached;
            }
        }
    }

    public async Task<IReadOnlyList<ConfigVersionView>> HistoryAsync(int take, CancellationToken ct) =>
        (await db.Set<ExchangeConfigVersion>().AsNoTracking().OrderByDescending(v => v.Version).Take(take).ToListAsync(ct)).Select(View).ToList();

    public async Task<string?> SignedJsonAsync(long version, CancellationToken ct) =>
        await db.Set<ExchangeConfigVersion>().AsNoTracking().Where(v => v.Version == version).Select(v => v.SignedJson).FirstOrDefaultAsync(ct);

    private static ConfigVersionView View(ExchangeConfigVersion v) =>
        new(v.Version, v.IssuedAt, v.ExpiresAt, v.Members, v.Gateways, v.Services, v.AccessRights, v.ContentHash);
}

/// <summary>The last built configuration of this node, kept a few seconds (Exchange:ConfigCacheSeconds).</summary>
public sealed class ConfigurationCache
{
    private readonly Lock _gate = new();
    private (DateTimeOffset At, PublishedConfiguration Value)? _entry;

    public PublishedConfiguration? TryGet(DateTimeOffset now, TimeSpan maxAge)
    {
        lock (_gate)
        {
            return _entry is { } e && now - e.At < maxAge && now.UtcDateTime < e.Value.Version.ExpiresAt ? e.Value : null;
        }
    }

    public PublishedConfiguration Set(DateTimeOffset now, PublishedConfiguration value)
    {
        lock (_gate)
        {
            _entry = (now, value);
            return value;
        }
    }

    /// <summary>A registry change on this node is served at once, not after the cache time.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entry = null;
        }
    }
}
