using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Modules.Services.Apis;

namespace SmartGov.Web.Pages.Services;

/// <summary>
/// /services: search the catalog (?q=…, a stable URL that other sites link to) and browse it by life event, business
/// stage, department and item type. Works without JavaScript: the filters are a GET form.
/// </summary>
public sealed class ServicesIndexModel(IServiceCatalog catalog, IOrganizationDirectory organizations) : FormPageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? DepartmentId { get; set; }
    [BindProperty(SupportsGet = true)] public string? LifeEvent { get; set; }
    [BindProperty(SupportsGet = true)] public string? BusinessStage { get; set; }
    [BindProperty(SupportsGet = true)] public string? ItemType { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public ServiceSearchResult? Result { get; private set; }
    public ServiceSearchQuery? Query { get; private set; }
    public IReadOnlyList<DepartmentInfo> Departments { get; private set; } = [];
    public bool IsBrowsingHome => Query is { Text: null or "", DepartmentId: null, LifeEvent: null, BusinessStage: null, ItemType: null };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Departments = (await organizations.ListDepartmentsAsync(ct)).Where(d => d.IsActive).ToList();
        var errors = new FieldErrors();
        Query = ServicesApi.ParseQuery(errors, Q, DepartmentId, LifeEvent, BusinessStage, ItemType, PageNumber, 20);
        if (errors.Any)
        {
            AddErrors(errors.All);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Result = await catalog.SearchAsync(Query!, ct);
        return Page();
    }

    public string DepartmentName(Guid id) => Departments.FirstOrDefault(d => d.Id == id) is { } d ? (Problems.IsChinese ? d.Name : d.NameEn ?? d.Name) : "";

    /// <summary>The current filters with one changed, for paging and facet links.</summary>
    public string Link(int? page = null, string? lifeEvent = null, string? businessStage = null, Guid? departmentId = null, bool keep = true)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }
        if (keep)
        {
            Add("q", Q);
            Add("departmentId", (departmentId ?? DepartmentId)?.ToString());
            Add("lifeEvent", lifeEvent ?? LifeEvent);
            Add("businessStage", businessStage ?? BusinessStage);
            Add("itemType", ItemType);
        }
        else
        {
            Add("departmentId", departmentId?.ToString());
            Add("lifeEvent", lifeEvent);
            Add("businessStage", businessStage);
        }
        if (page is > 1)
        {
            Add("page", page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return "/services" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }
}
