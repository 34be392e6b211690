using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Insight;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console.Insight;

/// <summary>The applications behind a figure: paged, scoped like the dashboard, exportable.</summary>
public sealed class InsightApplicationsModel(InsightService insight, IOrganizationDirectory directory) : InsightPageModel(directory)
{
    [BindProperty(SupportsGet = true)] public DateOnly? Day { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Week { get; set; }
    [BindProperty(SupportsGet = true)] public string? Channel { get; set; }
    [BindProperty(SupportsGet = true)] public string? Item { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Hall { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public InsightApplicationsPage? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!InsightAccess.MayUse(User))
        {
            return Forbid();
        }
        var result = await insight.ApplicationsAsync(User, new InsightApplicationsQuery(From, To, DepartmentId, Day, Week, Channel, Item, Hall, Overdue, PageNumber), ct);
        if (Refusal(result) is { } refused)
        {
            return refused;
        }
        Result = result.Value!;
        Scope = Result.Scope;
        return WantsExcel ? Excel("applications", InsightExport.Rows(Result)) : Page();
    }

    /// <summary>This list's URL with other parameters (page, export), keeping its filters.</summary>
    public string Self(params (string Key, object? Value)[] extra) =>
        Link("/console/insight/applications", [("channel", Channel), ("item", Item), ("hall", Hall), ("overdue", Overdue ? "true" : null), .. extra]);
}

/// <summary>The ratings behind a satisfaction figure, worst first.</summary>
public sealed class InsightRatingsModel(InsightService insight, IOrganizationDirectory directory) : InsightPageModel(directory)
{
    [BindProperty(SupportsGet = true)] public DateOnly? Week { get; set; }
    [BindProperty(SupportsGet = true)] public string? Item { get; set; }
    [BindProperty(SupportsGet = true)] public int? MaxScore { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public InsightRatingsPage? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!InsightAccess.MayUse(User))
        {
            return Forbid();
        }
        var result = await insight.RatingsAsync(User, From, To, DepartmentId, Week, Item, MaxScore, PageNumber, ct);
        if (Refusal(result) is { } refused)
        {
            return refused;
        }
        Result = result.Value!;
        Scope = Result.Scope;
        return WantsExcel ? Excel("ratings", InsightExport.Rows(Result)) : Page();
    }

    public string Self(params (string Key, object? Value)[] extra) =>
        Link("/console/insight/ratings", [("item", Item), ("maxScore", MaxScore), .. extra]);
}

/// <summary>The supervision sub-tasks behind a light.</summary>
public sealed class InsightSubTasksModel(InsightService insight, IOrganizationDirectory directory) : InsightPageModel(directory)
{
    [BindProperty(SupportsGet = true)] public string? Light { get; set; }

    public IReadOnlyList<InsightSubTaskRow> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!InsightAccess.MayUse(User))
        {
            return Forbid();
        }
        var result = await insight.SubTasksAsync(User, DepartmentId, string.IsNullOrEmpty(Light) ? null : Light, ct);
        if (Refusal(result) is { } refused)
        {
            return refused;
        }
        Items = result.Value!;
        if (WantsExcel)
        {
            Scope = new InsightScopeView(DateOnly.FromDateTime(DateTime.UtcNow), DateOnly.FromDateTime(DateTime.UtcNow), CityWide, DepartmentId, null);
            return Excel("subtasks", InsightExport.Rows(Items));
        }
        return Page();
    }
}
