using System.Globalization;
using System.Text.Json;
using SmartGov.Bench.Audit;

// dotnet run -c Release --project bench/SmartGov.Bench.Audit -- [appends|proofs|verify|crypto|all][,…] [--entries N] [--appends N] [--writers N] [--busy-timeout]
//   [--no-group-commit] [--shared-cache]
// Several names separated by commas run together (e.g. proofs,verify,crypto: one log of --entries serves both proofs and verify).
var requested = (args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
int Option(string option, int fallback)
{
    var i = Array.IndexOf(args, option);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
var results = new Dictionary<string, object>();
var known = new[] { "appends", "proofs", "verify", "crypto", "all" };
if (requested.Length == 0 || requested.Any(n => !known.Contains(n)))
{
    Console.Error.WriteLine($"Unknown benchmark \"{string.Join(",", requested)}\". Use one or more of: {string.Join(", ", known)}.");
    return 2;
}
bool Runs(string benchmark) => requested.Contains("all") || requested.Contains(benchmark);
Console.WriteLine($"SmartGov audit-trail benchmarks — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {CpuClock.LoadAverage()}");
if (Runs("appends"))
{
    results["appends"] = await AppendBench.RunAsync(Option("--appends", 20_000), Option("--writers", 256), args.Contains("--busy-timeout"), args);
}
if (Runs("proofs") || Runs("verify"))
{
    await using var log = await LargeLog.BuildAsync(Option("--entries", 1_000_000));
    results["sequencingBulk"] = log.Sequencing;
    if (Runs("proofs"))
    {
        results["proofs"] = await ProofBench.RunAsync(log);
    }
    if (Runs("verify"))
    {
        results["verify"] = await VerifyBench.RunAsync(log, Math.Max(1, Option("--verify-runs", 2)));
    }
}
if (Runs("crypto"))
{
    results["crypto"] = await CryptoBench.RunAsync();
}
Console.WriteLine($"({CpuClock.LoadAverage()} at the end)");
Console.WriteLine(JsonSerializer.Serialize(results));
return 0;
