namespace SmartGov.Hub.Modules.Evaluation;

/// <summary>
/// A rule's value for one department and period: a 0..100 score and the raw figure behind it, or "not available" with
/// the reason (the data does not exist yet: a module not installed, no applications in the period).
/// </summary>
public sealed record IndicatorValue(double? Score, double? Raw, string? RawText, string? ReasonZh = null, string? ReasonEn = null)
{
    public bool Available => Score is not null;

    public static IndicatorValue Of(double score, double? raw, string? rawText) =>
        new(Math.Round(Math.Clamp(score, 0, 100), 2), raw, rawText);

    public static IndicatorValue NotAvailable(string reasonZh, string reasonEn) => new(null, null, null, reasonZh, reasonEn);
}

/// <summary>
/// A named rule that computes an automatic indicator from platform data. Rules are registered in DI
/// (<c>services.AddScoped&lt;IIndicatorRule, MyRule&gt;()</c>), so any module can add its own; names are stable because
/// indicator systems store them.
/// </summary>
public interface IIndicatorRule
{
    string Name { get; }

    string TitleZh { get; }

    string TitleEn { get; }

    /// <summary>The value over the days [<paramref name="from"/>, <paramref name="to"/>] (both inclusive, China time).</summary>
    Task<IndicatorValue> ComputeAsync(Guid departmentId, DateOnly from, DateOnly to, CancellationToken ct);
}

/// <summary>The registered rules, by name.</summary>
public sealed class IndicatorRuleRegistry(IEnumerable<IIndicatorRule> rules)
{
    private readonly Dictionary<string, IIndicatorRule> _rules = rules.GroupBy(r => r.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public IReadOnlyCollection<IIndicatorRule> All => _rules.Values;

    public IIndicatorRule? Find(string? name) => name is not null && _rules.TryGetValue(name, out var r) ? r : null;
}
