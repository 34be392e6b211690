using System.Globalization;

namespace SmartGov.Bench.Audit;

/// <summary>Latency samples in microseconds, with percentiles.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public IReadOnlyList<double> Values => _values;

    public void Add(double microseconds) => _values.Add(microseconds);

    public void AddRange(IEnumerable<double> values) => _values.AddRange(values);

    public double Percentile(double p)
    {
        if (_values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = _values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public double P50 => Percentile(50);

    public double P99 => Percentile(99);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {Fmt(P50)}  p99 {Fmt(P99)}");

    public static string Fmt(double us) => us >= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{us / 1000:F2} ms") : string.Create(CultureInfo.InvariantCulture, $"{us:F1} µs");
}

/// <summary>
/// CPU time used by this process since <see cref="Start"/>. On a shared machine the wall clock also counts the time other
/// processes hold the cores; CPU-seconds do not (that is how `openssl speed` measures too), so both are printed.
/// </summary>
internal sealed class CpuClock
{
    private readonly TimeSpan _start = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

    public static CpuClock Start() => new();

    public double Seconds => (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _start).TotalSeconds;

    public static string LoadAverage()
    {
        try
        {
            return "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "load average n/a";
        }
    }
}
