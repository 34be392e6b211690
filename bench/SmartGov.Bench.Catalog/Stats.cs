using System.Globalization;

namespace SmartGov.Bench.Catalog;

/// <summary>Latency samples in milliseconds, with percentiles.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(double milliseconds) => _values.Add(milliseconds);

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
    public double P95 => Percentile(95);
    public double P99 => Percentile(99);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50:F3} ms  p95 {P95:F3} ms  p99 {P99:F3} ms  (n={Count})");

    public Dictionary<string, object> ToJson() => new()
    {
        ["p50Ms"] = Math.Round(P50, 4),
        ["p95Ms"] = Math.Round(P95, 4),
        ["p99Ms"] = Math.Round(P99, 4),
        ["n"] = Count,
    };
}
