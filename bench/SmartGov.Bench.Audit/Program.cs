using System.Globalization;
using System.Text.Json;
using SmartGov.Bench.Audit;

// dotnet run -c Release --project bench/SmartGov.Bench.Audit -- [appends|proofs|verify|crypto|all] [--entries N] [--appends N] [--writers N] [--busy-timeout]
//   [--no-group-commit] [--shared-cache]
var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
int Option(string option, int fallback)
{
    var i = Array.IndexOf(args, option);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
var results = new Dictionary<string, object>();
var known = new[] { "appends", "proofs", "verify", "crypto", "all" };
if (!known.Contains(name))
{
    Console.Error.WriteLine($"Unknown benchmark \"{name}\". Use one of: {string.Join(", ", known)}.");
    return 2;
}
Console.WriteLine($"SmartGov audit-trail benchmarks — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
if (name is "appends" or "all")
{
    results["appends"] = await AppendBench.RunAsync(Option("--appends", 20_000), Option("--writers", 256), args.Contains("--busy-timeout"), args);
}
if (name is "proofs" or "verify" or "all")
{
    await using var log = await LargeLog.BuildAsync(Option("--entries", 1_000_000));
    results["sequencingBulk"] = log.Sequencing;
    if (name is "proofs" or "all")
    {
        results["proofs"] = await ProofBench.RunAsync(log);
    }
    if (name is "verify" or "all")
    {
        results["verify"] = await VerifyBench.RunAsync(log);
    }
}
if (name is "crypto" or "all")
{
    results["crypto"] = await CryptoBench.RunAsync();
}
Console.WriteLine(JsonSerializer.Serialize(results));
return 0;
