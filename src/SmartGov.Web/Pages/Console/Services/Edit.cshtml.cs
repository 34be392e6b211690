using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Modules.Services.Admin;

namespace SmartGov.Web.Pages.Console.Services;

/// <summary>
/// Create an item (/console/services/new) or publish its next version (/console/services/{code}/edit). Only the data
/// administrator or leader of the item's department may; everyone else gets 403. Saving always publishes a new version;
/// "add material rows" only redraws the form (no JavaScript needed).
/// </summary>
public sealed class ItemEditModel(IServiceCatalog catalog, ServiceItemAdmin admin, IOrganizationDirectory organizations) : ConsoleFormPageModel
{
    [BindProperty] public ItemForm Form { get; set; } = new();

    public string? Code { get; private set; }
    public ServiceItemView? Latest { get; private set; }
    public IReadOnlyList<ServiceHallInfo> Halls { get; private set; } = [];
    public bool IsNew => Code is null;

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken ct)
    {
        var denied = await LoadAsync(code, ct);
        if (denied is not null)
        {
            return denied;
        }
        Form = Latest is null ? NewForm() : ItemForm.From(CatalogMapping.ToInput(Latest));
        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, CancellationToken ct)
    {
        var denied = await LoadAsync(code, ct);
        if (denied is not null)
        {
            return denied;
        }
        var errors = new FieldErrors();
        var input = Form.ToInput(Latest?.DepartmentId ?? User.GetDepartmentId(), errors);
        if (errors.Any)
        {
            AddErrors(errors.All);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Pad();
            return Page();
        }
        var result = await admin.PublishAsync(User, Code, IsNew ? input : input with { ImplementationCode = null }, ct);
        if (result.Succeeded)
        {
            var outcome = result.Value!;
            return RedirectWithStatus("/console/services", outcome.Published ? "svc.status.published" : "svc.status.unchanged",
                $"{outcome.Item.Name}（v{outcome.Item.Version}）");
        }
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Forbidden is not null)
        {
            return Forbid();
        }
        if (result.Conflict is { } conflict)
        {
            FormMessage = conflict;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        else
        {
            AddErrors(result.Errors.Select(e => e with { Field = Form.MaterialField(e.Field) }));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        Pad();
        return Page();
    }

    /// <summary>Redraws the form with three more empty material rows.</summary>
    public async Task<IActionResult> OnPostAddRowAsync(string? code, CancellationToken ct)
    {
        var denied = await LoadAsync(code, ct);
        if (denied is not null)
        {
            return denied;
        }
        Pad(extra: 3);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string? code, CancellationToken ct)
    {
        Halls = await organizations.ListServiceHallsAsync(ct);
        if (code is null)
        {
            return ServiceItemAccess.IsEditor(User) ? null : Forbid();
        }
        var versions = await catalog.ListVersionsAsync(code, ct);
        if (versions.Count == 0)
        {
            return NotFound();
        }
        Latest = await catalog.FindVersionAsync(code, versions[0].Version, ct);
        if (Latest is null)
        {
            return NotFound();
        }
        Code = Latest.ImplementationCode;
        return ServiceItemAccess.CanEdit(User, Latest.DepartmentId) ? null : Forbid();
    }

    private static ItemForm NewForm() => new()
    {
        ApplicantTypes = [nameof(ApplicantTypes.NaturalPerson)],
        HandlingForm = nameof(HandlingForm.OnlineOrWindow),
        MaxVisits = "0",
        Fees = "不收费",
        CityWide = true,
    };

    private void Pad(int extra = 0)
    {
        var blanks = Form.Materials.Count(m => m.IsEmpty && !m.Remove);
        for (var i = blanks; i < 2 + extra; i++)
        {
            Form.Materials.Add(new MaterialRow());
        }
    }
}
