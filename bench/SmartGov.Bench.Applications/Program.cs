using System.Globalization;
using System.Text.Json;

namespace SmartGov.Bench.Applications;

/// <summary>
/// dotnet run -c Release --project bench/SmartGov.Bench.Applications -- [seed|submit|queue|all]
///   [--clients 64] [--seconds 15] [--max 60000] [--apps 1000000] [--requests 400] [--historical 5000]
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        int Option(string option, int fallback)
        {
            var i = Array.IndexOf(args, option);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
        }
        var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)) ?? "all";
        // Bounded whatever the options say.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        deadline.Token.Register(() => Environment.Exit(3));
        Console.WriteLine($"SmartGov applications benchmarks — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        var results = new Dictionary<string, object> { ["bench"] = "applications" };
        if (mode is "seed" or "all")
        {
            Console.WriteLine("seed: demo start with the historical applications (SQLite)");
            results["seed"] = await SeedBench.RunAsync(Option("--historical", 5000));
        }
        if (mode is "submit" or "all")
        {
            Console.WriteLine("submit: online submissions through the API on SQLite (target ≥ 1,000/s), baseline GET /healthz");
            results["submit"] = await SubmitBench.RunAsync(Option("--clients", 64), Option("--seconds", 15), Option("--max", 60_000));
        }
        if (mode is "queue" or "all")
        {
            Console.WriteLine("queue: officer's work queue, first page filtered, with 1,000,000 applications (target p95 < 100 ms), baseline GET /healthz");
            results["queue"] = await QueueBench.RunAsync(Option("--apps", 1_000_000), Option("--requests", 400));
        }
        Console.WriteLine(JsonSerializer.Serialize(results));
        return 0;
    }
}
