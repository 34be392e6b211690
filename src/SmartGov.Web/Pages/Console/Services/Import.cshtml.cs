using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Modules.Services.Excel;

namespace SmartGov.Web.Pages.Console.Services;

/// <summary>
/// Upload a workbook; the answer is a result page: what was imported, or every problem by sheet, row and column in
/// both languages (and then nothing was imported). A plain form post: no JavaScript, no polling.
/// </summary>
public sealed class ServicesImportModel(CatalogSpreadsheet spreadsheet) : ConsoleFormPageModel
{
    public ImportReport? Report { get; private set; }
    public bool DryRun { get; private set; }

    public IActionResult OnGet() => ServiceItemAccess.IsEditor(User) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool dryRun, CancellationToken ct)
    {
        if (!ServiceItemAccess.IsEditor(User))
        {
            return Forbid();
        }
        DryRun = dryRun;
        if (file is null || file.Length == 0)
        {
            Errors.Add(new Core.FieldError("file", "required", "请选择要导入的 Excel 文件（.xlsx）", "Choose the Excel file (.xlsx) to import."));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await using var stream = file.OpenReadStream();
        Report = await spreadsheet.ImportAsync(User, stream, file.Length, dryRun, ct);
        if (!Report.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }
}
