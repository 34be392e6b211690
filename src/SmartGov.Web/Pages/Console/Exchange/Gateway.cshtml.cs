using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartGov.Hub.Modules.Exchange;
using SmartGov.Web.Pages.Console.Insight;

namespace SmartGov.Web.Pages.Console.Exchange;

/// <summary>One gateway: status, last seen, configuration in use, throughput and errors (ECharts with a table beneath), witnessed heads.</summary>
public sealed class ExchangeGatewayModel(ExchangeRegistry registry, IStringLocalizer localizer) : ExchangePageModel
{
    [BindProperty(SupportsGet = true)] public int Days { get; set; } = 7;

    public GatewayDetail Detail { get; private set; } = null!;

    /// <summary>Per report time: calls and errors (all pairs together).</summary>
    public IReadOnlyList<(string At, long Calls, long Errors, double P95)> Timeline { get; private set; } = [];

    /// <summary>Per side, client and service: the period's totals.</summary>
    public IReadOnlyList<(string Side, string Client, string Service, long Calls, long Errors, double P50, double P95)> Pairs { get; private set; } = [];

    public string ChartsJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await registry.GetGatewayAsync(User, id, Days, ct);
        if (!result.Succeeded)
        {
            return result.NotFound ? NotFound() : StatusCode(StatusCodes.Status403Forbidden);
        }
        Detail = result.Value!;
        Timeline = [.. Detail.Traffic.GroupBy(t => t.ReportedAt.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture))
            .Select(g => (g.Key, g.Sum(t => t.Calls), g.Sum(t => t.Errors), g.Max(t => t.P95Ms)))];
        Pairs = [.. Detail.Traffic.GroupBy(t => (t.Side, t.Client, t.Service))
            .Select(g => (g.Key.Side, g.Key.Client, g.Key.Service, g.Sum(t => t.Calls), g.Sum(t => t.Errors),
                g.Sum(t => t.Calls) == 0 ? 0 : g.Sum(t => t.P50Ms * t.Calls) / g.Sum(t => t.Calls), g.Max(t => t.P95Ms)))
            .OrderByDescending(p => p.Item4)];
        var charts = new List<ChartSpec>
        {
            new("throughput", "line", "calls", [.. Timeline.Select(t => t.At)],
                [new SeriesSpec(Text("exchange.chart.calls"), [.. Timeline.Select(t => (double?)t.Calls)]),
                 new SeriesSpec(Text("exchange.chart.errors"), [.. Timeline.Select(t => (double?)t.Errors)], "#a8141b")], []),
            new("latency", "line", "p95", [.. Timeline.Select(t => t.At)],
                [new SeriesSpec(Text("exchange.chart.p95"), [.. Timeline.Select(t => (double?)t.P95)])], []),
        };
        ChartsJson = InsightPageModel.Json(new { charts, empty = Text("exchange.traffic.none") });
        return Page();
    }

    private string Text(string key) => localizer[key].Value;
}
