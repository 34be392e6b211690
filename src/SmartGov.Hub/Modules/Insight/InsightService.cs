using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Hub.Modules.Evaluation;
using SmartGov.Hub.Modules.Exchange;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Ratings;
using SmartGov.Hub.Modules.Supervision;

namespace SmartGov.Hub.Modules.Insight;

/// <summary>
/// The leaders' dashboard (决策研判). Application figures are sums of the daily rollups, overdue counts come from the
/// work-queue index, satisfaction from the ratings' indexes; supervision and evaluation through their public services.
/// Nothing here scans the applications table, except the paged drill-down lists.
/// </summary>
public sealed class InsightService(IApplicationRollups rollups, IRatingFigures ratings, SupervisionService supervision, RoundService rounds,
    IExchangeFigures exchange, ICatalogFigures catalog, IOrganizationDirectory directory, TimeProvider clock, IMemoryCache cache, IOptions<InsightOptions> options)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;
    public const int TopItems = 10;

    private static string Pick(string zh, string? en) => Problems.IsChinese ? zh : en ?? zh;

    /// <summary>Checks the period and the scope; fills in the default period (the last 30 days, today included).</summary>
    private async Task<InsightResult<InsightScopeView>> ScopeAsync(ClaimsPrincipal user, DateOnly? from, DateOnly? to, Guid? departmentId, CancellationToken ct)
    {
        var resolved = InsightAccess.Resolve(user, departmentId);
        if (!resolved.Succeeded)
        {
            return new(null, Forbidden: resolved.Forbidden);
        }
        var today = ChinaTime.Today(clock);
        var t = to ?? today;
        var f = from ?? t.AddDays(-(DefaultDays - 1));
        var errors = new List<FieldError>();
        if (f > t)
        {
            errors.Add(new FieldError("from", "range", "开始日期不能晚于结束日期", "The start date must not be after the end date."));
        }
        else if (t.DayNumber - f.DayNumber >= MaxDays)
        {
            errors.Add(new FieldError("to", "range", $"查询区间最长 {MaxDays} 天", $"The period may be at most {MaxDays} days."));
        }
        if (errors.Count > 0)
        {
            return new(null, Errors: errors);
        }
        string? name = null;
        if (resolved.Value is { } d)
        {
            var dept = await directory.FindDepartmentAsync(d, ct);
            if (dept is null)
            {
                return new(null, Errors: [new FieldError("departmentId", "unknown", "部门不存在", "No such department.")]);
            }
            name = Pick(dept.Name, dept.NameEn);
        }
        return new(new InsightScopeView(f, t, InsightAccess.IsCityWide(user), resolved.Value, name));
    }

    public async Task<InsightResult<InsightDashboard>> DashboardAsync(ClaimsPrincipal user, InsightQuery query, CancellationToken ct)
    {
        var scoped = await ScopeAsync(user, query.From, query.To, query.DepartmentId, ct);
        if (!scoped.Succeeded)
        {
            return new(null, scoped.Errors, scoped.Forbidden);
        }
        var scope = scoped.Value!;
        var dept = scope.DepartmentId;
        var departments = await DepartmentNamesAsync(ct);
        var halls = (await directory.ListServiceHallsAsync(ct)).ToDictionary(h => h.Id, h => h.Name);

        var overview = await rollups.OverviewAsync(dept, scope.From, scope.To, ct);
        var days = overview.Days;
        var daily = days.GroupBy(s => s.Day!.Value).OrderBy(g => g.Key)
            .Select(g => new ChannelPoint(g.Key, g.Sum(s => s.Online), g.Sum(s => s.Window), g.Sum(s => s.Submitted))).ToList();
        var weekly = daily.GroupBy(p => WeekStart(p.Start)).OrderBy(g => g.Key)
            .Select(g => new ChannelPoint(g.Key, g.Sum(p => p.Online), g.Sum(p => p.Window), g.Sum(p => p.Total))).ToList();
        var byDept = overview.Departments
            .Select(s => Row(s, departments.GetValueOrDefault(Guid.Parse(s.Key), s.Key))).ToList();
        var byItem = overview.Items.Take(TopItems)
            .Select(s => Row(s, s.Name ?? s.Key)).ToList();
        var onlineName = Problems.IsChinese ? "网上办理" : "Online";
        var byHall = overview.Halls
            .Select(s => Row(s, Guid.Parse(s.Key) is var h && h == Guid.Empty ? onlineName : halls.GetValueOrDefault(h, s.Key))).ToList();
        var overdue = (await rollups.OverdueAsync(dept, ct))
            .Select(o => new OverdueRow(o.DepartmentId, departments.GetValueOrDefault(o.DepartmentId, o.DepartmentId.ToString()), o.Applications, o.Steps)).ToList();
        var weeks = (await ratings.WeeklyAsync(dept, scope.From, scope.To, ct))
            .Select(w => new SatisfactionPoint(w.WeekStart, w.Ratings, w.Average, w.Poor)).ToList();
        var worst = (await ratings.WorstItemsAsync(dept, scope.From, scope.To, TopItems, ct))
            .Select(i => new WorstItem(i.ItemCode, i.ItemName, i.Ratings, i.Average, i.Poor)).ToList();
        var (lights, lightRows) = await LightsAsync(dept, departments, ct);
        var ranking = await RankingAsync(dept, ct);
        var exchangePanel = await ExchangeAsync(scope, departments, ct);

        var submitted = daily.Sum(p => p.Total);
        var online = daily.Sum(p => p.Online);
        var completed = days.Sum(s => s.Completed);
        var onTime = days.Sum(s => s.CompletedOnTime);
        var rated = weeks.Sum(w => w.Ratings);
        var figures = new KeyFigures(submitted, online, daily.Sum(p => p.Window), days.Sum(s => s.Accepted), completed, onTime,
            completed == 0 ? null : Math.Round((double)onTime / completed, 4),
            submitted == 0 ? null : Math.Round((double)online / submitted, 4),
            overdue.Sum(o => o.Applications), rated,
            rated == 0 ? null : Math.Round(weeks.Sum(w => w.Average * w.Ratings) / rated, 2),
            lights.Red);
        return new(new InsightDashboard(scope, figures, daily, weekly, byDept, byItem, byHall, overdue, weeks, worst, lights, lightRows, ranking,
            exchangePanel, clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>Calls between departments from the exchange center's gateway reports, and the catalog's sharing figures.</summary>
    private async Task<ExchangePanel> ExchangeAsync(InsightScopeView scope, Dictionary<Guid, string> names, CancellationToken ct)
    {
        var figures = await exchange.FlowsAsync(scope.From, scope.To, scope.DepartmentId, ct);
        var c = await catalog.FiguresAsync(scope.From, scope.To, scope.DepartmentId, ct);
        var sharing = new SharingFigures(c.ResourcesCatalogued, c.ResourcesAdded, c.RequestsReceived, c.RequestsGranted, c.RequestsRejected,
            c.RequestsPending, c.RequestsSent, c.AverageTurnaroundDays);
        string Name(Guid id) => names.GetValueOrDefault(id, id.ToString());
        var flows = figures.Flows.Select(f => new ExchangeFlow(f.ClientDepartmentId, Name(f.ClientDepartmentId), f.ProviderDepartmentId,
            Name(f.ProviderDepartmentId), f.Calls, f.Errors)).ToList();
        var daily = figures.Daily.Select(p => new ExchangeDayPoint(p.Day, p.Calls, p.Errors)).ToList();
        return new ExchangePanel(figures.Reported, flows, daily, flows.Sum(f => f.Calls), flows.Sum(f => f.Errors), sharing);
    }

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static FigureRow Row(RollupSlice s, string name) =>
        new(s.Key, name, s.Submitted, s.Online, s.Window, s.Completed, s.CompletedOnTime,
            s.Completed == 0 ? null : Math.Round((double)s.CompletedOnTime / s.Completed, 4));

    private async Task<Dictionary<Guid, string>> DepartmentNamesAsync(CancellationToken ct) =>
        (await directory.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id, d => Pick(d.Name, d.NameEn));

    private const string BoardCacheKey = "insight:supervision-board";

    /// <summary>
    /// The city's sub-tasks with their lights (one read of the supervision module, shared by every scope for a few
    /// seconds), narrowed like the board narrows them: the department leads or co-works the sub-task.
    /// </summary>
    private async Task<IReadOnlyList<SubTaskView>> SubTasksAsync(Guid? dept, string? light, CancellationToken ct)
    {
        IReadOnlyList<SubTaskView> all;
        var seconds = options.Value.SupervisionCacheSeconds;
        if (seconds > 0 && cache.TryGetValue(BoardCacheKey, out IReadOnlyList<SubTaskView>? cached) && cached is not null)
        {
            all = cached;
        }
        else
        {
            all = (await supervision.BoardAsync(InsightAccess.CityReader, null, null, null, ct)).Items;
            if (seconds > 0)
            {
                cache.Set(BoardCacheKey, all, TimeSpan.FromSeconds(seconds));
            }
        }
        return all.Where(s => (dept is null || s.LeadDepartmentId == dept || s.CoDepartmentIds.Contains(dept.Value))
            && (light is null || string.Equals(s.Light, light, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    private async Task<(LightCounts, IReadOnlyList<LightRow>)> LightsAsync(Guid? dept, Dictionary<Guid, string> names, CancellationToken ct)
    {
        var items = await SubTasksAsync(dept, null, ct);
        static int N(IEnumerable<SubTaskView> l, string light) => l.Count(i => i.Light == light);
        var counts = new LightCounts(N(items, "Red"), N(items, "Yellow"), N(items, "Blue"), N(items, "Green"), N(items, "None"));
        var rows = items.Where(i => dept is null || i.LeadDepartmentId == dept).GroupBy(i => i.LeadDepartmentId)
            .Select(g => new LightRow(g.Key, names.GetValueOrDefault(g.Key, g.Key.ToString()), N(g, "Red"), N(g, "Yellow"), N(g, "Blue"), N(g, "Green"), N(g, "None")))
            .OrderByDescending(r => r.Red).ThenByDescending(r => r.Yellow).ThenBy(r => r.DepartmentName, StringComparer.Ordinal).ToList();
        return (counts, rows);
    }

    private async Task<RankingPanel?> RankingAsync(Guid? dept, CancellationToken ct)
    {
        var latest = (await rounds.ListAsync(InsightAccess.CityReader, ct))
            .Where(r => r.Status == "Published").OrderByDescending(r => r.PublishedAt).FirstOrDefault();
        if (latest is null)
        {
            return null;
        }
        var ranking = await rounds.RankingAsync(InsightAccess.CityReader, latest.Id, ct);
        if (!ranking.Succeeded)
        {
            return null;
        }
        var r = ranking.Value!;
        var rows = r.Rows.Where(x => dept is null || x.DepartmentId == dept)
            .Select(x => new RankingEntry(x.Rank, x.DepartmentId, x.DepartmentName, x.Total)).ToList();
        return new RankingPanel(r.RoundId, r.RoundName, r.PeriodFrom, r.PeriodTo, r.Rows.Count, rows);
    }

    // ---- drill-down ----

    public async Task<InsightResult<InsightApplicationsPage>> ApplicationsAsync(ClaimsPrincipal user, InsightApplicationsQuery q, CancellationToken ct)
    {
        var scoped = await ScopeAsync(user, q.Day ?? q.Week ?? q.From, q.Day ?? q.Week?.AddDays(6) ?? q.To, q.DepartmentId, ct);
        if (!scoped.Succeeded)
        {
            return new(null, scoped.Errors, scoped.Forbidden);
        }
        ApplicationChannel? channel = null;
        if (!string.IsNullOrEmpty(q.Channel))
        {
            if (!Enum.TryParse<ApplicationChannel>(q.Channel, true, out var c) || !Enum.IsDefined(c) || int.TryParse(q.Channel, out _))
            {
                return new(null, Errors: [new FieldError("channel", "unknown", "渠道只能是 Online 或 Window", "The channel is Online or Window.")]);
            }
            channel = c;
        }
        var scope = scoped.Value!;
        var page = await rollups.ListAsync(new ApplicationSliceQuery(scope.From, scope.To, scope.DepartmentId, channel, q.Item, q.Hall, q.Overdue, q.Page), ct);
        var names = await DepartmentNamesAsync(ct);
        var halls = (await directory.ListServiceHallsAsync(ct)).ToDictionary(h => h.Id, h => h.Name);
        var rows = page.Items.Select(a => new InsightApplicationRow(a.Id, a.Number, a.ItemName, a.ImplementationCode, a.DepartmentId,
            names.GetValueOrDefault(a.DepartmentId, a.DepartmentId.ToString()), a.Channel.ToString(),
            a.HallId is { } h ? halls.GetValueOrDefault(h) : null, a.Status.ToString(), a.SubmittedAt, a.DueOn, a.CompletedAt, a.OnTime)).ToList();
        return new(new InsightApplicationsPage(scope, rows, page.Page, page.PageSize, page.HasMore));
    }

    public async Task<InsightResult<InsightRatingsPage>> RatingsAsync(ClaimsPrincipal user, DateOnly? from, DateOnly? to, Guid? departmentId, DateOnly? week,
        string? item, int? maxScore, int page, CancellationToken ct)
    {
        var scoped = await ScopeAsync(user, week ?? from, week?.AddDays(6) ?? to, departmentId, ct);
        if (!scoped.Succeeded)
        {
            return new(null, scoped.Errors, scoped.Forbidden);
        }
        var scope = scoped.Value!;
        var result = await ratings.ListAsync(scope.DepartmentId, scope.From, scope.To, item, maxScore, page, 50, ct);
        var names = await DepartmentNamesAsync(ct);
        var rows = result.Items.Select(r => new InsightRatingRow(r.ApplicationNumber, r.ItemCode, r.ItemName, r.DepartmentId,
            names.GetValueOrDefault(r.DepartmentId, r.DepartmentId.ToString()), r.Score, r.Comment, r.RatedOn)).ToList();
        return new(new InsightRatingsPage(scope, rows, result.Page, result.PageSize, result.HasMore));
    }

    public async Task<InsightResult<IReadOnlyList<InsightSubTaskRow>>> SubTasksAsync(ClaimsPrincipal user, Guid? departmentId, string? light, CancellationToken ct)
    {
        var resolved = InsightAccess.Resolve(user, departmentId);
        if (!resolved.Succeeded)
        {
            return new(null, Forbidden: resolved.Forbidden);
        }
        if (light is not null && light is not ("Red" or "Yellow" or "Blue" or "Green" or "None"))
        {
            return new(null, Errors: [new FieldError("light", "unknown", "颜色只能是 Red、Yellow、Blue、Green 或 None", "The light is Red, Yellow, Blue, Green or None.")]);
        }
        var names = await DepartmentNamesAsync(ct);
        var items = await SubTasksAsync(resolved.Value, light, ct);
        return new(items.Select(s => new InsightSubTaskRow(s.Id, s.Title, s.KeyTaskTitle, s.Source, s.LeadDepartmentId,
                names.GetValueOrDefault(s.LeadDepartmentId, s.LeadDepartmentId.ToString()), s.Light, StatusName(s.Status), s.Percent, s.DueOn))
            .OrderBy(s => s.DueOn).ToList());
    }

    // The cached views carry the status name of whoever read them first; name it in the caller's language instead.
    private static string StatusName(string status) =>
        Enum.TryParse<Supervision.SubTaskStatus>(status, out var st) ? Pick(SupervisionWorkflow.Names(st).Zh, SupervisionWorkflow.Names(st).En) : status;

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
