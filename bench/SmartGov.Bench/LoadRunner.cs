using System.Diagnostics;
using System.Net;

namespace SmartGov.Bench;

/// <summary>What one target measured: latency of each request (sent until the whole body was read) and throughput.</summary>
internal sealed record LoadResult(
    string Name,
    Uri Url,
    int Requests,
    int Errors,
    string? FirstError,
    double Seconds,
    double Rps,
    double P50Ms,
    double P99Ms,
    double MeanMs,
    double MaxMs,
    long BodyBytes);

/// <summary>
/// One URL under load, with a client of its own. It is warmed up once (not measured), then measured in one or more
/// slices; the result adds the slices up. Slicing lets a benchmark interleave its targets (A B C A B C ...), so that
/// the ratios between them stay fair when something else on the machine comes and goes.
/// </summary>
internal sealed class LoadTarget : IDisposable
{
    private readonly HttpClient _client;
    private readonly int _concurrency;
    private readonly List<double> _latenciesMs = [];
    private double _seconds;
    private int _errors;
    private string? _firstError;
    private long _bodyBytes;

    public LoadTarget(string name, Uri url, int concurrency)
    {
        if (!url.IsLoopback)
        {
            throw new InvalidOperationException($"refusing to send load to {url}: benchmarks only target loopback addresses");
        }
        Name = name;
        Url = url;
        _concurrency = concurrency;
        _client = LoadRunner.CreateClient(concurrency);
    }

    public string Name { get; }

    public Uri Url { get; }

    public Task WarmUpAsync(TimeSpan duration, CancellationToken ct) =>
        LoadRunner.RunPhaseAsync(_client, Url, _concurrency, duration, int.MaxValue, ct);

    public async Task MeasureAsync(TimeSpan duration, int maxRequests, CancellationToken ct)
    {
        var phase = await LoadRunner.RunPhaseAsync(_client, Url, _concurrency, duration, maxRequests, ct);
        _seconds += phase.Seconds;
        foreach (var w in phase.Workers)
        {
            _latenciesMs.AddRange(w.LatenciesMs);
            _errors += w.Errors;
            _firstError ??= w.FirstError;
            if (w.BodyBytes > 0)
            {
                _bodyBytes = w.BodyBytes;
            }
        }
    }

    public LoadResult Result()
    {
        var sorted = _latenciesMs.ToArray();
        Array.Sort(sorted);
        return new LoadResult(
            Name,
            Url,
            sorted.Length,
            _errors,
            _firstError,
            _seconds,
            _seconds > 0 ? sorted.Length / _seconds : 0,
            LoadRunner.Percentile(sorted, 0.50),
            LoadRunner.Percentile(sorted, 0.99),
            sorted.Length == 0 ? double.NaN : sorted.Average(),
            sorted.Length == 0 ? double.NaN : sorted[^1],
            _bodyBytes);
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>
/// A closed-loop HTTP load: <c>concurrency</c> workers each send one GET, read the whole response, and send the next,
/// until the phase has sent its maximum number of requests or its time is up.
/// </summary>
internal static class LoadRunner
{
    /// <summary>A client of its own for each target, with one connection per worker, no cookies and no redirects.</summary>
    public static HttpClient CreateClient(int concurrency) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestVersion = HttpVersion.Version11,
    };

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    internal sealed class Worker
    {
        public List<double> LatenciesMs { get; } = new(capacity: 16_384);
        public int Errors { get; set; }
        public string? FirstError { get; set; }
        public long BodyBytes { get; set; }
    }

    internal sealed record Phase(Worker[] Workers, double Seconds);

    internal static async Task<Phase> RunPhaseAsync(HttpClient client, Uri url, int concurrency, TimeSpan duration, int maxRequests, CancellationToken ct)
    {
        var issued = 0;
        var start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(_ => new Worker()).ToArray();
        await Task.WhenAll(workers.Select(w => Task.Run(() => WorkAsync(w), ct)));
        return new Phase(workers, Stopwatch.GetElapsedTime(start).TotalSeconds);

        async Task WorkAsync(Worker w)
        {
            var buffer = new byte[16 * 1024];
            while (Interlocked.Increment(ref issued) <= maxRequests && Stopwatch.GetElapsedTime(start) < duration)
            {
                ct.ThrowIfCancellationRequested();
                var t0 = Stopwatch.GetTimestamp();
                long bytes = 0;
                HttpStatusCode? status = null;
                string? error = null;
                try
                {
                    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
                    status = response.StatusCode;
                    await using var body = await response.Content.ReadAsStreamAsync(ct);
                    int n;
                    while ((n = await body.ReadAsync(buffer, ct)) > 0)
                    {
                        bytes += n;
                    }
                }
                catch (HttpRequestException e)
                {
                    error = e.Message;
                }
                catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
                {
                    error = "timeout: " + e.Message;
                }
                var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (status == HttpStatusCode.OK)
                {
                    w.LatenciesMs.Add(ms);
                    w.BodyBytes = bytes;
                }
                else
                {
                    w.Errors++;
                    w.FirstError ??= error ?? $"HTTP {(int?)status} {status}";
                }
            }
        }
    }
}
