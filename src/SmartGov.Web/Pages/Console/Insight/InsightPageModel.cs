using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Insight;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console.Insight;

/// <summary>
/// Shared by the dashboard pages: the period and department from the GET form, scoping refusals with the status the API
/// would give, query strings for drill-down links, and Excel export (?export=xlsx&amp;table=...).
/// </summary>
public abstract class InsightPageModel(IOrganizationDirectory directory) : ConsoleFormPageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? DepartmentId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Export { get; set; }
    [BindProperty(SupportsGet = true)] public string? Table { get; set; }

    public IReadOnlyList<DepartmentInfo> Departments { get; private set; } = [];

    public InsightScopeView? Scope { get; protected set; }

    public bool CityWide => InsightAccess.IsCityWide(User);

    protected async Task LoadDepartmentsAsync(CancellationToken ct) =>
        Departments = (await directory.ListDepartmentsAsync(ct)).Where(d => d.IsActive).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

    public static string DeptName(DepartmentInfo d) => Hub.Common.Problems.IsChinese ? d.Name : d.NameEn ?? d.Name;

    public string Iso(DateOnly d) => InsightService.Iso(d);

    public static string Percent(double? rate) => rate is { } r ? (100 * r).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>Null when the read succeeded; otherwise a 403, or the page with the field errors and 422.</summary>
    protected IActionResult? Refusal<T>(InsightResult<T> result)
    {
        if (result.Succeeded)
        {
            return null;
        }
        if (result.Forbidden is not null)
        {
            return Forbid();
        }
        AddErrors(result.Errors!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>A URL on the dashboard with the current period and department, plus the given parameters.</summary>
    public string Link(string path, params (string Key, object? Value)[] extra)
    {
        var sb = new StringBuilder(path);
        var first = true;
        void Add(string k, object? v)
        {
            if (v is null || (v is string s && s.Length == 0))
            {
                return;
            }
            var text = v switch
            {
                DateOnly d => InsightService.Iso(d),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString(),
            };
            sb.Append(first ? '?' : '&').Append(Uri.EscapeDataString(k)).Append('=').Append(Uri.EscapeDataString(text ?? ""));
            first = false;
        }
        var keys = extra.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        if (Scope is not null)
        {
            if (!keys.Contains("from"))
            {
                Add("from", Scope.From);
            }
            if (!keys.Contains("to"))
            {
                Add("to", Scope.To);
            }
            if (!keys.Contains("departmentId") && CityWide)
            {
                Add("departmentId", Scope.DepartmentId);
            }
        }
        foreach (var (k, v) in extra)
        {
            Add(k, v);
        }
        return sb.ToString();
    }

    protected FileContentResult Excel(string table, List<Dictionary<string, object?>> rows) =>
        File(InsightExport.Workbook(table, rows), InsightExport.ContentType, InsightExport.FileName(table, Scope!));

    public bool WantsExcel => string.Equals(Export, "xlsx", StringComparison.OrdinalIgnoreCase);

    public static string Json(object value) => JsonSerializer.Serialize(value, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>One chart for insight.js: categories on the axis, one or more series, and the drill-down URL of each category.</summary>
public sealed record ChartSpec(string Id, string Kind, string Title, IReadOnlyList<string> Categories, IReadOnlyList<SeriesSpec> Series, IReadOnlyList<string?> Links);

public sealed record SeriesSpec(string Name, IReadOnlyList<double?> Data, string? Color = null);

public sealed record FigureTableModel(string Id, string Caption, string KeyHeader, IReadOnlyList<SmartGov.Hub.Modules.Insight.FigureRow> Rows,
    IReadOnlyList<string?> Links, string ExportUrl);
