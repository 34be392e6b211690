using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Hub.Modules.Catalog.Apis;
using SmartGov.Hub.Modules.Catalog.Search;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Catalog;

/// <summary>
/// /catalog: search (?q=…) and browse the resource catalog with facets by department, classification, sharing type and
/// format. The public sees the resources open to the public; signed-in staff see the whole internal catalog. A GET form
/// and plain links: no JavaScript needed.
/// </summary>
public sealed class CatalogIndexModel(ResourceSearchIndex index, IOrganizationDirectory organizations) : FormPageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? DepartmentId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Classification { get; set; }
    [BindProperty(SupportsGet = true)] public string? SharingType { get; set; }
    [BindProperty(SupportsGet = true)] public string? Format { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int? PageNumber { get; set; }

    public ResourceSearchResult? Result { get; private set; }
    public ResourceSearchQuery? Query { get; private set; }
    public IReadOnlyList<DepartmentInfo> Departments { get; private set; } = [];
    public bool Internal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Departments = (await organizations.ListDepartmentsAsync(ct)).Where(d => d.IsActive).ToList();
        Internal = CatalogAccess.SeesInternalCatalog(User);
        var errors = new FieldErrors();
        Query = CatalogApi.ParseQuery(errors, Q, DepartmentId, Classification, SharingType, Format, PageNumber, 20, Internal);
        if (errors.Any)
        {
            AddErrors(errors.All);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Result = await index.SearchAsync(Query!, ct);
        return Page();
    }

    public string DepartmentName(string id) =>
        Guid.TryParse(id, out var g) && Departments.FirstOrDefault(d => d.Id == g) is { } d ? (Problems.IsChinese ? d.Name : d.NameEn ?? d.Name) : id;

    /// <summary>The current filters with one changed (null keeps it, "" clears it), for facet and paging links.</summary>
    public string Link(int? page = null, string? departmentId = null, string? classification = null, string? sharingType = null, string? format = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }
        Add("q", Q);
        Add("departmentId", departmentId ?? DepartmentId?.ToString());
        Add("classification", classification ?? Classification);
        Add("sharingType", sharingType ?? SharingType);
        Add("format", format ?? Format);
        if (page is > 1)
        {
            Add("page", page.Value.ToString(CultureInfo.InvariantCulture));
        }
        return "/catalog" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }
}
