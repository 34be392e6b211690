using Microsoft.AspNetCore.Mvc;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Web.Pages.Console.Window;

/// <summary>
/// 一窗受理, steps 2 and 3: the applicant (looked up by ID number, or a walk-in without an account), the item's form and
/// its materials (a scan or upload, or the paper original checked at the window), then "accept now". A hidden form token
/// is the idempotency key: a double click or a resent form lands on the same receipt.
/// </summary>
[RequestSizeLimit(MaxBodyBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBodyBytes)]
public sealed class WindowIntakeModel(
    IOrganizationDirectory organizations, IServiceCatalog catalog, ApplicationService applications, PersonalDataAccess personalData, MaterialFiles files)
    : WindowPageModel(organizations)
{
    public const long MaxBodyBytes = 16 * 1024 * 1024;
    public const string LookupPurpose = "一窗受理";

    /// <summary>Form fields the page fills from the applicant section (the item's form asks for them too).</summary>
    private static readonly Dictionary<string, Func<WindowIntakeModel, string?>> FromApplicant = new(StringComparer.Ordinal)
    {
        ["applicantName"] = m => m.ApplicantName,
        ["idNumber"] = m => m.ApplicantIdNumber,
        ["mobile"] = m => m.Mobile,
        ["companyName"] = m => m.BusinessName,
        ["creditCode"] = m => m.BusinessCreditCode,
        ["contactName"] = m => m.ApplicantName,
        ["contactMobile"] = m => m.Mobile,
    };

    [FromQuery(Name = "code")] public string? Code { get; set; }

    [BindProperty(Name = "formToken")] public string? FormToken { get; set; }
    [BindProperty(Name = "applicantIdNumber")] public string? ApplicantIdNumber { get; set; }
    [BindProperty(Name = "applicantName")] public string? ApplicantName { get; set; }
    [BindProperty(Name = "mobile")] public string? Mobile { get; set; }
    [BindProperty(Name = "businessCreditCode")] public string? BusinessCreditCode { get; set; }
    [BindProperty(Name = "businessName")] public string? BusinessName { get; set; }
    [BindProperty(Name = "form")] public Dictionary<string, string?> Form { get; set; } = [];
    [BindProperty(Name = "paper")] public List<Guid> Paper { get; set; } = [];

    /// <summary>信息跑路: the clerk confirms the applicant agreed that their licences be fetched by data sharing.</summary>
    [BindProperty(Name = "shareConsent")] public bool ShareConsent { get; set; }

    /// <summary>Files staged by an earlier submission of this form that was refused: requirement id → file id.</summary>
    [BindProperty(Name = "staged")] public Dictionary<string, Guid> Staged { get; set; } = [];

    public ServiceItemView? Item { get; private set; }

    /// <summary>The citizen account found by the ID number (masked), after a look-up.</summary>
    public CitizenMasked? Found { get; private set; }

    public bool LookedUp { get; private set; }

    /// <summary>File names of <see cref="Staged"/>, to show what is already uploaded.</summary>
    public Dictionary<string, string> StagedNames { get; } = [];

    public bool AcceptsPersons => Item is not null && (Item.ApplicantTypes & ApplicantTypes.NaturalPerson) != 0;

    public bool AcceptsBusinesses => Item is not null && (Item.ApplicantTypes & (ApplicantTypes.LegalPerson | ApplicantTypes.OtherOrganization)) != 0;

    public static bool FilledFromApplicant(string formField) => FromApplicant.ContainsKey(formField);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var stop = await LoadAsync(ct);
        if (stop is not null)
        {
            return stop;
        }
        FormToken = "win-" + Guid.NewGuid().ToString("N");
        return Page();
    }

    /// <summary>Step 2: finds the citizen by ID number (audited, purpose 一窗受理) and shows the account's masked name.</summary>
    public async Task<IActionResult> OnPostLookupAsync(CancellationToken ct)
    {
        var stop = await LoadAsync(ct);
        if (stop is not null)
        {
            return stop;
        }
        FormToken ??= "win-" + Guid.NewGuid().ToString("N");
        var (citizen, errors) = await personalData.LookupAsync(ApplicantIdNumber, LookupPurpose, ct);
        if (errors.Any)
        {
            AddErrors(errors.All.Select(e => e.Field == "idNumber" ? e with { Field = "applicantIdNumber" } : e));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        LookedUp = true;
        Found = citizen is null ? null : citizen with { Name = Masking.Name(citizen.Name) };
        if (citizen is not null && string.IsNullOrWhiteSpace(ApplicantName))
        {
            ApplicantName = Found!.Name;
        }
        return Page();
    }

    /// <summary>Step 3: accept now. Stages the uploads as the clerk, then enters and accepts the application.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var stop = await LoadAsync(ct);
        if (stop is not null)
        {
            return stop;
        }
        var item = Item!;
        if (await applications.WindowNumberForKeyAsync(User, FormToken, ct) is { } done)
        {
            return Redirect(ReceiptUrl(done));
        }
        // A masked name prefilled by the look-up stands for the account's own name: use it (the use is audited again).
        if (ApplicantName?.Contains('*', StringComparison.Ordinal) == true && IdNumber.Validate(ApplicantIdNumber).IsValid)
        {
            var (citizen, _) = await personalData.LookupAsync(ApplicantIdNumber, LookupPurpose, ct);
            if (citizen is not null && Masking.Name(citizen.Name) == ApplicantName.Trim())
            {
                ApplicantName = citizen.Name;
            }
        }
        var materials = new List<MaterialInput>();
        var requirementOf = new List<Guid>();
        foreach (var m in item.Materials)
        {
            var key = m.Id.ToString();
            var upload = Request.HasFormContentType ? Request.Form.Files.GetFile("file-" + key) : null;
            if (upload is { Length: > 0 })
            {
                await using var stream = upload.OpenReadStream();
                var staged = await files.StageAsync(User, upload.FileName, stream, ct);
                if (!staged.Succeeded)
                {
                    AddErrors(staged.Errors.Select(e => e with { Field = "file-" + key }));
                    continue;
                }
                Staged[key] = staged.File!.Id;
                StagedNames[key] = staged.File.FileName;
                materials.Add(new MaterialInput(m.Id, staged.File.Id));
                requirementOf.Add(m.Id);
            }
            else if (Staged.TryGetValue(key, out var fileId))
            {
                materials.Add(new MaterialInput(m.Id, fileId));
                requirementOf.Add(m.Id);
            }
            else if (Paper.Contains(m.Id))
            {
                materials.Add(new MaterialInput(m.Id, null, Paper: true));
                requirementOf.Add(m.Id);
            }
        }
        await LoadStagedNamesAsync(ct);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var form = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in item.FormFields)
        {
            var value = Form.GetValueOrDefault(field.Name);
            if (string.IsNullOrWhiteSpace(value) && FromApplicant.TryGetValue(field.Name, out var from))
            {
                value = from(this);
            }
            if (!string.IsNullOrWhiteSpace(value))
            {
                form[field.Name] = value.Trim();
            }
        }
        var business = !string.IsNullOrWhiteSpace(BusinessCreditCode);
        var input = new WindowIntakeInput(item.ImplementationCode, Hall!.Id, ApplicantIdNumber, ApplicantName, Mobile, form, materials,
            business ? BusinessCreditCode : null, business ? BusinessName : null, AcceptNow: true, ShareConsent: ShareConsent);
        var result = await applications.WindowIntakeAsync(User, input, FormToken, ct);
        if (result.Succeeded)
        {
            return Redirect(ReceiptUrl(result.Value!.Number!));
        }
        if (result.Conflict is not null && await applications.WindowNumberForKeyAsync(User, FormToken, ct) is { } twin)
        {
            return Redirect(ReceiptUrl(twin));
        }
        if (result.Errors is { } errors)
        {
            result = result with
            {
                Errors = errors.Select(e => MaterialIndex(e.Field) is { } i && i < requirementOf.Count
                    ? e with { Field = "file-" + requirementOf[i] }
                    : e.Field.StartsWith("form.", StringComparison.Ordinal) && FromApplicant.ContainsKey(e.Field[5..]) ? e with { Field = ApplicantFieldOf(e.Field[5..]) }
                    : e.Field.StartsWith("form.", StringComparison.Ordinal) ? e with { Field = "form-" + e.Field[5..] }
                    : e).ToList(),
            };
        }
        return Refusal(result, Page)!;
    }

    public static string ReceiptUrl(string number) => $"/applications/{number}/receipt";

    private static string ApplicantFieldOf(string formField) => formField switch
    {
        "idNumber" => "applicantIdNumber",
        "mobile" or "contactMobile" => "mobile",
        "companyName" => "businessName",
        "creditCode" => "businessCreditCode",
        _ => "applicantName",
    };

    private static int? MaterialIndex(string field)
    {
        if (!field.StartsWith("materials[", StringComparison.Ordinal))
        {
            return null;
        }
        var end = field.IndexOf(']', StringComparison.Ordinal);
        return end > 10 && int.TryParse(field.AsSpan(10, end - 10), System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : null;
    }

    private async Task LoadStagedNamesAsync(CancellationToken ct)
    {
        foreach (var (key, name) in await files.OwnFileNamesAsync(User, Staged, ct))
        {
            StagedNames.TryAdd(key, name);
        }
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!IsClerk)
        {
            return Forbid();
        }
        await LoadHallAsync(ct);
        if (Hall is null)
        {
            return Redirect("/console/window");
        }
        Item = string.IsNullOrWhiteSpace(Code) ? null : await catalog.FindCurrentAsync(Code.Trim(), ct);
        if (Item is null)
        {
            return NotFound();
        }
        if (RefusalAt(Hall, Item) is { } refusal)
        {
            FormMessage = refusal;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            Refused = true;
            return Page();
        }
        return null;
    }

    /// <summary>The hall may not accept the item: the page shows why, and no form.</summary>
    public bool Refused { get; private set; }
}
