using System.Diagnostics;

namespace SmartGov.Bench.Applications;

/// <summary>Closed-loop load: N workers, each sends its next request when the last one answered; bounded in time and count.</summary>
internal static class Load
{
    public sealed record Outcome(Samples Latency, int Ok, int Failed, double Seconds, string? FirstError)
    {
        public double PerSecond => Ok / Seconds;
    }

    public static async Task<Outcome> RunAsync(int workers, TimeSpan duration, int maxRequests, Func<int, int, Task<(bool Ok, string? Error)>> send)
    {
        var samples = new Samples[workers];
        var ok = 0;
        var failed = 0;
        var issued = 0;
        string? firstError = null;
        var total = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(async w =>
        {
            samples[w] = new Samples();
            while (total.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref issued);
                if (n > maxRequests)
                {
                    break;
                }
                var sw = Stopwatch.StartNew();
                var (success, error) = await send(w, n);
                samples[w].Add(sw.Elapsed.TotalMilliseconds);
                if (success)
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
        }).ToList();
        await Task.WhenAll(tasks);
        total.Stop();
        var all = new Samples();
        foreach (var s in samples)
        {
            all.AddRange(s);
        }
        return new Outcome(all, ok, failed, total.Elapsed.TotalSeconds, firstError);
    }
}
