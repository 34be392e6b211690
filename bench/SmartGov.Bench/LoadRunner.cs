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
/// A closed-loop HTTP load: <c>concurrency</c> workers each send one GET, read the whole response, and send the next.
/// A target gets a warm-up (not measured), then is measured until it has answered MaxRequests or Duration has passed.
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

    public static async Task<LoadResult> RunAsync(string name, Uri url, BenchArgs args, CancellationToken ct)
    {
        if (!url.IsLoopback)
        {
            throw new InvalidOperationException($"refusing to send load to {url}: benchmarks only target loopback addresses");
        }
        using var client = CreateClient(args.Concurrency);
        await RunPhaseAsync(client, url, args.Concurrency, args.Warmup, int.MaxValue, ct);
        var phase = await RunPhaseAsync(client, url, args.Concurrency, args.Duration, args.MaxRequests, ct);

        var latencies = phase.Workers.SelectMany(w => w.LatenciesMs).ToArray();
        Array.Sort(latencies);
        var errors = phase.Workers.Sum(w => w.Errors);
        var firstError = phase.Workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null);
        var bodyBytes = phase.Workers.Select(w => w.BodyBytes).FirstOrDefault(b => b > 0);
        return new LoadResult(
            name,
            url,
            latencies.Length,
            errors,
            firstError,
            phase.Seconds,
            latencies.Length / phase.Seconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            latencies.Length == 0 ? double.NaN : latencies.Average(),
            latencies.Length == 0 ? double.NaN : latencies[^1],
            bodyBytes);
    }

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

    private sealed class Worker
    {
        public List<double> LatenciesMs { get; } = new(capacity: 16_384);
        public int Errors { get; set; }
        public string? FirstError { get; set; }
        public long BodyBytes { get; set; }
    }

    private sealed record Phase(Worker[] Workers, double Seconds);

    private static async Task<Phase> RunPhaseAsync(HttpClient client, Uri url, int concurrency, TimeSpan duration, int maxRequests, CancellationToken ct)
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
