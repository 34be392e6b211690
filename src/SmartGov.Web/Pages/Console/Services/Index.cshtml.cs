using Microsoft.AspNetCore.Mvc;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Modules.Services.Admin;
using SmartGov.Hub.Modules.Services.Excel;

namespace SmartGov.Web.Pages.Console.Services;

/// <summary>The department's own items, for its data administrator and leader: edit, add, import, export.</summary>
public sealed class ServicesConsoleModel(ServiceItemAdmin admin, CatalogSpreadsheet spreadsheet, IOrganizationDirectory organizations, TimeProvider clock) : ConsoleFormPageModel
{
    public IReadOnlyList<ItemListEntry> Items { get; private set; } = [];
    public DepartmentInfo? Department { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ServiceItemAccess.IsEditor(User) || User.GetDepartmentId() is not { } departmentId)
        {
            return Forbid();
        }
        Department = await organizations.FindDepartmentAsync(departmentId, ct);
        Items = await admin.ListForDepartmentAsync(departmentId, ct);
        return Page();
    }

    /// <summary>The department's catalog as an xlsx workbook, the template for an import.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (!ServiceItemAccess.IsEditor(User) || User.GetDepartmentId() is not { } departmentId)
        {
            return Forbid();
        }
        var bytes = await spreadsheet.ExportAsync(departmentId, ct);
        return File(bytes, CatalogSpreadsheet.ContentType, $"service-items-{ChinaTime.Today(clock):yyyyMMdd}.xlsx");
    }
}
