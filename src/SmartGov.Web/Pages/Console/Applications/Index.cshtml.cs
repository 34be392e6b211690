using Microsoft.AspNetCore.Mvc;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Applications;

namespace SmartGov.Web.Pages.Console.Applications;

/// <summary>
/// 待办: the work queue of the signed-in officer's department (their roles only), overdue first, with filters as a GET
/// form and page links. The counts per light use the same filters.
/// </summary>
public sealed class ApplicationsQueueModel(ApplicationService applications) : ApplicationsPageModel
{
    public const int PageSize = 20;

    [FromQuery(Name = "mine")] public bool Mine { get; set; }
    [FromQuery(Name = "step")] public string? Step { get; set; }
    [FromQuery(Name = "item")] public string? ItemCode { get; set; }
    [FromQuery(Name = "light")] public string? Light { get; set; }
    [FromQuery(Name = "number")] public string? Number { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public WorkQueuePage Queue { get; private set; } = new([], 1, PageSize, false, 0);

    /// <summary>How many open tasks match the filters (light aside), per light.</summary>
    public IReadOnlyDictionary<TrafficLight, int> Counts { get; private set; } = new Dictionary<TrafficLight, int>();

    public int Pages => Queue.Total is { } t ? Math.Max(1, (t + PageSize - 1) / PageSize) : Queue.Page + (Queue.HasMore ? 1 : 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!MayHandle)
        {
            return Forbid();
        }
        Light = Light?.Trim().ToLowerInvariant() is "red" or "yellow" or "green" ? Light.Trim().ToLowerInvariant() : null;
        var query = new WorkQueueQuery(Mine, null, Blank(ItemCode), Blank(Step), Light, Blank(Number), Math.Max(1, PageNumber), PageSize);
        Queue = await applications.QueueAsync(User, query, ct);
        var counts = new Dictionary<TrafficLight, int>();
        foreach (var light in new[] { TrafficLight.Red, TrafficLight.Yellow, TrafficLight.Green })
        {
            var page = await applications.QueueAsync(User, query with { Light = light.ToString().ToLowerInvariant(), Page = 1, PageSize = 1 }, ct);
            counts[light] = page.Total ?? page.Items.Count;
        }
        Counts = counts;
        return Page();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The URL of another page of the same filtered list.</summary>
    public string PageUrl(int page)
    {
        var q = new List<string>();
        if (Mine)
        {
            q.Add("mine=true");
        }
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                q.Add(name + "=" + Uri.EscapeDataString(value.Trim()));
            }
        }
        Add("step", Step);
        Add("item", ItemCode);
        Add("light", Light);
        Add("number", Number);
        q.Add("page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/console/applications?" + string.Join("&", q);
    }
}
