using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Web.Pages.Console.Organizations;

namespace SmartGov.Web.Pages.Console.Catalog;

/// <summary>
/// Register a resource (/console/catalog/new) or publish its next version (/console/catalog/{code}/edit). Only the
/// provider department's data administrator, or the system administrator, may; others get 403. "More rows" only
/// redraws the form with more blank data item rows (no JavaScript).
/// </summary>
public sealed class ResourceEditModel(ResourceCatalog catalog, IOrganizationDirectory organizations) : ConsoleFormPageModel
{
    [BindProperty] public ResourceForm Form { get; set; } = new();

    public string? Code { get; private set; }
    public ResourceView? Latest { get; private set; }
    public IReadOnlyList<DepartmentInfo> Departments { get; private set; } = [];
    public bool IsNew => Code is null;
    public bool ChoosesProvider => IsNew && CatalogAccess.IsSystemAdmin(User);

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken ct)
    {
        if (await LoadAsync(code, ct) is { } denied)
        {
            return denied;
        }
        Form = Latest is null
            ? new ResourceForm { Format = nameof(ResourceFormat.Database), SharingType = nameof(SharingType.Conditional), UpdateCycle = nameof(UpdateCycle.Daily), SharingMethods = [nameof(SharingMethods.Interface)] }
            : ResourceForm.From(ResourceCatalog.ToInput(Latest));
        Form.Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, CancellationToken ct)
    {
        if (await LoadAsync(code, ct) is { } denied)
        {
            return denied;
        }
        var errors = new FieldErrors();
        var input = Form.ToInput(errors);
        if (!ChoosesProvider)
        {
            input = input with { ProviderDepartmentId = Latest?.ProviderDepartmentId ?? User.GetDepartmentId() };
        }
        if (errors.Any)
        {
            AddErrors(errors.All);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Form.Pad();
            return Page();
        }
        var result = await catalog.PublishAsync(User, Code, input, ct);
        if (result.Succeeded)
        {
            var r = result.Value!.Resource;
            return RedirectWithStatus("/console/catalog", result.Value.Created ? "cat.status.created" : "cat.status.published", $"{r.Name}（{r.Code}，v{r.Version}）");
        }
        if (ShowRefusal(result.NotFound, result.Forbidden, result.Conflict, result.Errors.Select(e => e with { Field = Form.FieldOf(e.Field) }).ToList()) is { } notFound)
        {
            return notFound;
        }
        Form.Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAddRowsAsync(string? code, CancellationToken ct)
    {
        if (await LoadAsync(code, ct) is { } denied)
        {
            return denied;
        }
        Form.Pad(extra: 3);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string? code, CancellationToken ct)
    {
        Departments = (await organizations.ListDepartmentsAsync(ct)).Where(d => d.IsActive).ToList();
        if (code is null)
        {
            return CatalogAccess.IsEditor(User) ? null : Forbid();
        }
        Latest = await catalog.FindCurrentAsync(code, ct);
        if (Latest is null)
        {
            return NotFound();
        }
        Code = Latest.Code;
        return CatalogAccess.CanEdit(User, Latest.ProviderDepartmentId) ? null : Forbid();
    }
}
