using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartGov.Hub.Modules.Insight;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console.Insight;

/// <summary>The leaders' dashboard (决策研判): key figures, charts with a table for each, drill-down and Excel export.</summary>
public class InsightIndexModel(InsightService insight, IOrganizationDirectory directory, IStringLocalizer localizer) : InsightPageModel(directory)
{
    public InsightDashboard Dashboard { get; private set; } = null!;

    public IReadOnlyList<ChartSpec> Charts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!InsightAccess.MayUse(User))
        {
            return Forbid();
        }
        await LoadDepartmentsAsync(ct);
        var result = await insight.DashboardAsync(User, new InsightQuery(From, To, DepartmentId), ct);
        if (Refusal(result) is { } refused)
        {
            return refused;
        }
        Dashboard = result.Value!;
        Scope = Dashboard.Scope;
        if (WantsExcel)
        {
            if (!InsightExport.IsDashboardTable(Table))
            {
                return NotFound();
            }
            return Excel(Table!, InsightExport.Rows(Table!, Dashboard));
        }
        Charts = BuildCharts();
        return Page();
    }

    private string L(string key) => localizer[key].Value;

    private IReadOnlyList<ChartSpec> BuildCharts()
    {
        var d = Dashboard;
        var online = L("insight.channel.Online");
        var window = L("insight.channel.Window");
        const string app = "/console/insight/applications";
        var charts = new List<ChartSpec>
        {
            new("daily", "bar-stack", L("insight.daily"), d.Daily.Select(p => Iso(p.Start)).ToList(),
                [new(online, d.Daily.Select(p => (double?)p.Online).ToList()), new(window, d.Daily.Select(p => (double?)p.Window).ToList())],
                d.Daily.Select(p => (string?)Link(app, ("day", p.Start))).ToList()),
            new("weekly", "bar-stack", L("insight.weekly"), d.Weekly.Select(p => Iso(p.Start)).ToList(),
                [new(online, d.Weekly.Select(p => (double?)p.Online).ToList()), new(window, d.Weekly.Select(p => (double?)p.Window).ToList())],
                d.Weekly.Select(p => (string?)Link(app, ("week", p.Start))).ToList()),
            Figures("departments", L("insight.byDepartment"), d.ByDepartment, r => Link(app, ("departmentId", r.Key))),
            Figures("items", L("insight.byItem"), d.ByItem, r => Link(app, ("item", r.Key))),
            Figures("halls", L("insight.byHall"), d.ByHall, r => Link(app, ("hall", r.Key))),
            new("overdue", "bar", L("insight.overdue"), d.Overdue.Select(o => o.DepartmentName).ToList(),
                [new(L("insight.col.overdueApplications"), d.Overdue.Select(o => (double?)o.Applications).ToList(), "#a8141b")],
                d.Overdue.Select(o => (string?)Link(app, ("overdue", "true"), ("departmentId", o.DepartmentId))).ToList()),
            new("satisfaction", "line", L("insight.satisfaction"), d.Satisfaction.Select(w => Iso(w.WeekStart)).ToList(),
                [new(L("insight.col.average"), d.Satisfaction.Select(w => (double?)w.Average).ToList())],
                d.Satisfaction.Select(w => (string?)Link("/console/insight/ratings", ("week", w.WeekStart))).ToList()),
            new("worst-items", "bar-h", L("insight.worstItems"), d.WorstItems.Select(i => i.ItemName).ToList(),
                [new(L("insight.col.average"), d.WorstItems.Select(i => (double?)i.Average).ToList(), "#b35c00")],
                d.WorstItems.Select(i => (string?)Link("/console/insight/ratings", ("item", i.ItemCode))).ToList()),
            new("lights", "pie", L("insight.lights"),
                [L("insight.light.Red"), L("insight.light.Yellow"), L("insight.light.Blue"), L("insight.light.Green"), L("insight.light.None")],
                [new(L("insight.lights"), [d.Lights.Red, d.Lights.Yellow, d.Lights.Blue, d.Lights.Green, d.Lights.Done])],
                new[] { "Red", "Yellow", "Blue", "Green", "None" }.Select(l => (string?)Link("/console/insight/subtasks", ("light", l))).ToList()),
        };
        if (d.Ranking is { } r)
        {
            charts.Add(new("ranking", "bar-h", L("insight.ranking"), r.Rows.Select(x => x.DepartmentName).ToList(),
                [new(L("insight.col.total"), r.Rows.Select(x => (double?)x.Total).ToList())],
                r.Rows.Select(x => (string?)Link("/console/insight", ("departmentId", x.DepartmentId))).ToList()));
        }
        // Department pairs as a bar chart (a sankey cannot draw two departments calling each other); the table is the fallback.
        var x = d.Exchange;
        charts.Add(new("exchange", "bar-h", L("insight.exchange"), x.Flows.Select(f => f.ClientName + " → " + f.ProviderName).ToList(),
            [new(L("insight.col.calls"), x.Flows.Select(f => (double?)f.Calls).ToList()), new(L("insight.col.errors"), x.Flows.Select(f => (double?)f.Errors).ToList(), "#a8141b")],
            x.Flows.Select(f => (string?)(CityWide ? Link("/console/insight", ("departmentId", f.ProviderDepartmentId)) : null)).ToList()));
        charts.Add(new("exchange-daily", "line", L("insight.exchange.daily"), x.Daily.Select(p => Iso(p.Day)).ToList(),
            [new(L("insight.col.calls"), x.Daily.Select(p => (double?)p.Calls).ToList()), new(L("insight.col.errors"), x.Daily.Select(p => (double?)p.Errors).ToList(), "#a8141b")],
            x.Daily.Select(_ => (string?)null).ToList()));
        return charts;
    }

    private ChartSpec Figures(string id, string title, IReadOnlyList<FigureRow> rows, Func<FigureRow, string> link) =>
        new(id, "bar-stack", title, rows.Select(r => r.Name).ToList(),
            [new(L("insight.channel.Online"), rows.Select(r => (double?)r.Online).ToList()), new(L("insight.channel.Window"), rows.Select(r => (double?)r.Window).ToList())],
            rows.Select(r => (string?)link(r)).ToList());
}
