using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;
using Microsoft.Extensions.Options;

namespace SmartGov.Gateway;

/// <summary>
/// The global configuration in force. It is refreshed from the source (URL or file); a refused or unreachable source
/// leaves the last good configuration in force until it expires, and the last good one is cached on disk so that a
/// restart while the center is down still serves.
/// </summary>
public sealed class GlobalConfigState(
    IOptions<GatewayOptions> options,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger<GlobalConfigState> logger) : IDisposable
{
    private readonly GatewayOptions _options = options.Value;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private IReadOnlyList<Sm2PublicKey>? _centerKeys;
    private volatile GlobalConfiguration? _config;

    public string? LastError { get; private set; }

    public void Dispose() => _refresh.Dispose();

    public DateTimeOffset? LastRefresh { get; private set; }

    private string CachePath => Path.Combine(_options.DataDirectory, "global-configuration.json");

    /// <summary>The configuration in force, or null when there is none or it has expired (fail closed).</summary>
    public GlobalConfiguration? Current => _config is { } c && time.GetUtcNow() < c.ExpiresAt ? c : null;

    /// <summary>Why <see cref="Current"/> is null, for the error detail.</summary>
    public string Unavailability => _config is { } c
        ? $"The global configuration (version {c.Version}) expired at {c.ExpiresAt:u}; last refresh error: {LastError ?? "none"}."
        : $"No valid global configuration: {LastError ?? "not loaded yet"}.";

    public async Task LoadCacheAsync(CancellationToken ct)
    {
        if (File.Exists(CachePath))
        {
            var json = await File.ReadAllTextAsync(CachePath, ct);
            Accept(json, fromCache: true);
        }
    }

    public async Task<ConfigVerification?> RefreshAsync(CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            string json;
            try
            {
                json = await FetchAsync(ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or UnauthorizedAccessException or InvalidOperationException)
            {
                LastError = $"The configuration source '{_options.ConfigSource}' is unreachable: {ex.Message}";
                logger.LogWarning("Global configuration refresh failed: {Error}", LastError);
                return null;
            }

            return Accept(json, fromCache: false);
        }
        finally
        {
            _refresh.Release();
        }
    }

    private ConfigVerification Accept(string json, bool fromCache)
    {
        _centerKeys ??= [Sm2PublicKey.FromPem(File.ReadAllText(_options.CenterPublicKeyFile))];
        var result = GlobalConfigurationCodec.Verify(json, _centerKeys, time.GetUtcNow(), _config?.Version);
        LastRefresh = time.GetUtcNow();
        if (!result.IsValid)
        {
            LastError = $"Refused the global configuration{(fromCache ? " cached on disk" : "")}: {result.Failure}: {result.Reason}";
            logger.LogWarning("{Error}", LastError);
            return result;
        }

        var changed = _config?.Version != result.Config!.Version;
        _config = result.Config;
        LastError = null;
        if (!fromCache && changed)
        {
            Directory.CreateDirectory(_options.DataDirectory);
            var tmp = CachePath + ".tmp";
            File.WriteAllText(tmp, json);
            File.Move(tmp, CachePath, overwrite: true);
            logger.LogInformation("Global configuration version {Version} in force, expires {Expires:u}", _config.Version, _config.ExpiresAt);
        }

        return result;
    }

    private async Task<string> FetchAsync(CancellationToken ct)
    {
        var source = _options.ConfigSource;
        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(10));
            var client = httpClients.CreateClient("config");
            using var response = await client.GetAsync(new Uri(source), cts.Token);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync(cts.Token);
        }

        return await File.ReadAllTextAsync(source, ct);
    }
}

/// <summary>Loads the cached configuration and refreshes once before the gateway listens, then every ConfigRefreshSeconds.</summary>
public sealed class GlobalConfigPoller(GlobalConfigState state, IOptions<GatewayOptions> options) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await state.LoadCacheAsync(cancellationToken);
        await state.RefreshAsync(cancellationToken);
        _loop = LoopAsync(_stop.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task LoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.ConfigRefreshSeconds)));
        while (await timer.WaitForNextTickAsync(ct))
        {
            await state.RefreshAsync(ct);
        }
    }
}
