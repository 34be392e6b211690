using System.Globalization;

namespace SmartGov.Bench;

/// <summary>The options every load benchmark takes. Each is bounded so that a run always ends by itself.</summary>
internal sealed record BenchArgs(
    TimeSpan Warmup,
    TimeSpan Duration,
    int MaxRequests,
    int Concurrency,
    int Rounds,
    int Citizens,
    int Businesses,
    IReadOnlyList<string> ExtraPaths)
{
    public const string Usage = """
        Options (all optional):
          --warmup SECONDS       warm-up per target, not measured (default 5, at most 60): the JIT needs
                                 a few seconds to finish optimizing the hub's code (tiered compilation)
          --duration SECONDS     measured time per target, all rounds together (default 10, at most 120)
          --requests N           measured requests per target; the target stops at N or at --duration,
                                 whichever comes first (default 1000000)
          --concurrency N        requests in flight at once (default 16, at most 256)
          --rounds N             split each target's measured time and requests into N slices, run in turn
                                 (A B C A B C ...) so that other load on the machine hits every target alike
                                 (default 5, at most 20)
          --citizens N           demo citizens seeded into the hub (default 50)
          --businesses N         demo businesses seeded into the hub (default 5)
          --paths /a,/b          more hub paths to measure after the standard targets (GET, anonymous,
                                 must answer 200), e.g. --paths /healthz,/halls,/api/v1/regions
        """;

    public static BenchArgs Parse(ReadOnlySpan<string> args)
    {
        var result = new BenchArgs(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), 1_000_000, 16, 5, 50, 5, []);
        for (var i = 0; i < args.Length; i++)
        {
            var (key, value) = Split(args, ref i);
            result = key switch
            {
                "warmup" => result with { Warmup = TimeSpan.FromSeconds(Number(key, value, 0, 60)) },
                "duration" => result with { Duration = TimeSpan.FromSeconds(Number(key, value, 1, 120)) },
                "requests" => result with { MaxRequests = (int)Number(key, value, 1, 10_000_000) },
                "concurrency" => result with { Concurrency = (int)Number(key, value, 1, 256) },
                "rounds" => result with { Rounds = (int)Number(key, value, 1, 20) },
                "citizens" => result with { Citizens = (int)Number(key, value, 1, 100_000) },
                "businesses" => result with { Businesses = (int)Number(key, value, 0, 10_000) },
                "paths" => result with { ExtraPaths = Paths(value) },
                _ => throw new ArgumentException($"unknown option --{key}"),
            };
        }
        return result;
    }

    private static (string Key, string Value) Split(ReadOnlySpan<string> args, ref int i)
    {
        var arg = args[i];
        if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
        {
            throw new ArgumentException($"expected an option such as --duration 10, got '{arg}'");
        }
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            return (arg[2..eq], arg[(eq + 1)..]);
        }
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"option {arg} needs a value");
        }
        i++;
        return (arg[2..], args[i]);
    }

    private static string[] Paths(string value)
    {
        var paths = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var path in paths)
        {
            // A path on the hub, never another host: Uri would otherwise take "//host/x" as an address.
            if (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal) || path.Contains("://", StringComparison.Ordinal) || paths.Length > 10)
            {
                throw new ArgumentException($"--paths takes up to 10 absolute paths on the hub such as /halls, got '{path}'");
            }
        }
        return paths;
    }

    private static double Number(string key, string value, double min, double max)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || double.IsNaN(n) || n < min || n > max)
        {
            throw new ArgumentException($"--{key} must be a number from {min} to {max}, got '{value}'");
        }
        return n;
    }
}
