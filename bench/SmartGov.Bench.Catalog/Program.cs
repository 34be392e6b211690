using System.Globalization;
using System.Text.Json;

namespace SmartGov.Bench.Catalog;

/// <summary>dotnet run -c Release --project bench/SmartGov.Bench.Catalog -- [--resources 100000] [--queries 3000] [--no-http]</summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        int Option(string option, int fallback)
        {
            var i = Array.IndexOf(args, option);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
        }
        var count = Option("--resources", 100_000);
        var queries = Option("--queries", 3_000);
        Console.WriteLine($"SmartGov resource catalog search benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"Target: p95 < 20 ms for a Chinese query over {count} resources (CKAN's Solr on data.gov: 200–300 ms per search call).");
        var resources = Generator.Build(count);
        var results = new Dictionary<string, object> { ["bench"] = "catalog-search", ["targetP95Ms"] = 20 };

        Console.WriteLine("Engine (in process):");
        var engine = EngineBench.Run(resources, queries);
        results["engine"] = engine;
        if (!args.Contains("--no-http"))
        {
            Console.WriteLine($"HTTP (GET /api/v1/catalog/resources?q=… on Kestrel, SQLite, {count} resources in the database):");
            results["http"] = await HttpBench.RunAsync(resources, Math.Min(queries, 2000));
        }
        var p95 = results.TryGetValue("http", out var http) ? (double)((Dictionary<string, object>)((Dictionary<string, object>)http)["search"])["p95Ms"]
            : (double)((Dictionary<string, object>)engine["lucene"])["p95Ms"];
        results["p95Ms"] = p95;
        results["meetsTarget"] = p95 < 20;
        Console.WriteLine(JsonSerializer.Serialize(results));
        return 0;
    }
}
