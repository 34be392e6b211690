namespace SmartGov.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/SmartGov.Bench -- NAME [options]</c>: one command per benchmark.
/// Every benchmark prints a readable table and, as its last line, one JSON object with its figures.
/// </summary>
internal static class BenchMain
{
    private sealed record Benchmark(string Name, string Description, Func<BenchArgs, CancellationToken, Task<int>> RunAsync);

    private static readonly Benchmark[] Benchmarks =
    [
        new("portal", "GET / and GET /account/login of the real hub vs. a bare Kestrel page of the same size (p50, p99, req/s)",
            PortalBenchmark.RunAsync),
    ];

    /// <summary>No benchmark may run longer than this, whatever its options say: the process always ends by itself.</summary>
    private static readonly TimeSpan HardLimit = TimeSpan.FromMinutes(10);

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "list" or "--list" or "-h" or "--help" or "help")
        {
            PrintList();
            return args.Length == 0 ? 2 : 0;
        }
        var bench = Benchmarks.FirstOrDefault(b => b.Name == args[0]);
        if (bench is null)
        {
            Console.Error.WriteLine($"unknown benchmark '{args[0]}'");
            PrintList();
            return 2;
        }
        BenchArgs options;
        try
        {
            options = BenchArgs.Parse(args.AsSpan(1));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(BenchArgs.Usage);
            return 2;
        }
        using var cts = new CancellationTokenSource(HardLimit);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        try
        {
            return await bench.RunAsync(options, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine($"benchmark '{bench.Name}' cancelled (Ctrl+C or the {HardLimit.TotalMinutes:0}-minute limit)");
            return 3;
        }
    }

    private static void PrintList()
    {
        Console.WriteLine("SmartGov benchmarks (bench/README.md):");
        foreach (var b in Benchmarks)
        {
            Console.WriteLine($"  {b.Name,-10} {b.Description}");
        }
        Console.WriteLine();
        Console.WriteLine("Run one:  bench/run.sh NAME [options]   or   dotnet run -c Release --project bench/SmartGov.Bench -- NAME [options]");
        Console.WriteLine(BenchArgs.Usage);
    }
}
