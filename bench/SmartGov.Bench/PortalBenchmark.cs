using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartGov.Bench;

/// <summary>
/// <c>portal</c>: the two pages every visitor meets first, on the real hub, against the bare Kestrel baseline.
/// Both servers run in this process on 127.0.0.1 and share the machine with the load generator, so the ratios to the
/// baseline are the figures to compare across machines, not the absolute numbers.
/// </summary>
internal static class PortalBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args, CancellationToken ct)
    {
        Console.WriteLine($"portal: warm-up {args.Warmup.TotalSeconds:0.#} s, then {args.Duration.TotalSeconds:0.#} s or {args.MaxRequests} requests per target " +
            $"in {args.Rounds} rounds, concurrency {args.Concurrency}; hub seeded with {args.Citizens} citizens, {args.Businesses} businesses");
        var loadBefore = LoadAverage();
        Console.WriteLine($"Load average before: {loadBefore} (the benchmark shares the machine with anything else running)");
        Console.WriteLine("Starting the hub (Production, SQLite in a temp dir, demo city)...");

        var results = new List<LoadResult>();
        await using (var hub = HubServer.Start(args))
        {
            // The baseline page is as large as the portal home page, so both put the same bytes on the wire.
            int homeBytes;
            using (var probe = LoadRunner.CreateClient(1))
            {
                homeBytes = (await probe.GetByteArrayAsync(hub.Url, ct)).Length;
            }
            await using var bare = await BareKestrel.StartAsync(homeBytes, ct);
            Console.WriteLine($"Hub at {hub.Url}, bare Kestrel at {bare.Url} ({bare.BodyBytes} bytes, as the portal home page)");

            (string Name, Uri Url)[] plan =
            [
                ("baseline", bare.Url),
                ("portal_home", hub.Url),
                ("login_page", new Uri(hub.Url, "account/login")),
                .. args.ExtraPaths.Select(p => ("hub" + p.Replace('/', '_'), new Uri(hub.Url, p.TrimStart('/')))),
            ];
            var targets = plan.Select(t => new LoadTarget(t.Name, t.Url, args.Concurrency)).ToList();
            try
            {
                foreach (var target in targets)
                {
                    Console.WriteLine($"  warm-up      {target.Name,-16} GET {target.Url}");
                    await target.WarmUpAsync(args.Warmup, ct);
                }
                var slice = args.Duration / args.Rounds;
                var sliceRequests = Math.Max(1, args.MaxRequests / args.Rounds);
                for (var round = 1; round <= args.Rounds; round++)
                {
                    Console.WriteLine($"  round {round}/{args.Rounds}: {string.Join(", ", targets.Select(t => t.Name))} ({slice.TotalSeconds:0.##} s each)");
                    foreach (var target in targets)
                    {
                        await target.MeasureAsync(slice, sliceRequests, ct);
                    }
                }
                results.AddRange(targets.Select(t => t.Result()));
            }
            finally
            {
                targets.ForEach(t => t.Dispose());
            }
        }
        // Both servers are stopped and the temp data deleted before anything is printed, so the JSON stays the last line.
        Print(results, args, loadBefore, LoadAverage());
        return results.Any(r => r.Errors > 0 || r.Requests == 0) ? 1 : 0;
    }

    /// <summary>The 1-, 5- and 15-minute load averages, or "?" where /proc/loadavg does not exist.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }
    }

    private static void Print(List<LoadResult> results, BenchArgs args, string loadBefore, string loadAfter)
    {
        var baseline = results[0];
        Console.WriteLine();
        Console.WriteLine($"{"target",-16} {"path",-16} {"requests",9} {"errors",6} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"mean ms",8} {"max ms",8} {"bytes",6} {"rps/base",8} {"p50/base",8}");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-16} {r.Url.AbsolutePath,-16} {r.Requests,9} {r.Errors,6} {r.Rps,9:0} {r.P50Ms,8:0.00} {r.P99Ms,8:0.00} {r.MeanMs,8:0.00} {r.MaxMs,8:0.0} {r.BodyBytes,6} {r.Rps / baseline.Rps,8:0.000} {r.P50Ms / baseline.P50Ms,8:0.00}"));
        }
        foreach (var r in results.Where(r => r.Errors > 0))
        {
            Console.WriteLine($"WARNING: {r.Name} had {r.Errors} failed requests (first: {r.FirstError}); its figures are not comparable.");
        }
        Console.WriteLine($"({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
            $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average before {loadBefore}, after {loadAfter})");

        var targets = new JsonObject();
        foreach (var r in results)
        {
            targets[r.Name] = new JsonObject
            {
                ["path"] = r.Url.AbsolutePath,
                ["requests"] = r.Requests,
                ["errors"] = r.Errors,
                ["p50_ms"] = Round(r.P50Ms, 3),
                ["p99_ms"] = Round(r.P99Ms, 3),
                ["rps"] = Round(r.Rps, 1),
                ["rps_ratio"] = Round(r.Rps / baseline.Rps, 4),
                ["p50_ratio"] = Round(r.P50Ms / baseline.P50Ms, 3),
            };
        }
        var summary = new JsonObject
        {
            ["benchmark"] = "portal",
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["cores"] = Environment.ProcessorCount,
            ["concurrency"] = args.Concurrency,
            ["duration_s"] = args.Duration.TotalSeconds,
            ["rounds"] = args.Rounds,
            ["loadavg_before"] = loadBefore,
            ["loadavg_after"] = loadAfter,
            ["targets"] = targets,
        };
        Console.WriteLine(summary.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    private static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : -1;
}
