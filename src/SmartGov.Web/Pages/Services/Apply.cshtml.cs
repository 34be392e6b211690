using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Web.Pages.Services;

/// <summary>
/// /services/{code}/apply: a citizen (or a business's representative or agent) fills in the item's form, uploads the
/// materials the applicant brings, and saves a draft or submits. A plain multipart form: it works without JavaScript.
/// <list type="bullet">
/// <item>Each upload is staged first (checked by content); a refused one is an error on its own material, and every
/// file already staged stays staged and is carried in the redisplayed form, so nothing is lost.</item>
/// <item>The hidden form token, made on GET, is the idempotency key: a double click or a refreshed POST never makes a
/// second application; it lands on the first one.</item>
/// </list>
/// </summary>
[Authorize]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class ApplyModel(IServiceCatalog catalog, ApplicationService applications, MaterialFiles files, AccountService accounts, TimeProvider clock) : FormPageModel
{
    /// <summary>All of one form's uploads together (each file is also held to the upload limit on its own).</summary>
    public const long MaxRequestBytes = 64L * 1024 * 1024;

    public const string BusinessField = "businessCreditCode";

    public static string FormField(string name) => "form." + name;

    public static string MaterialField(Guid requirementId) => "material." + requirementId.ToString("N");

    public static string FileInput(Guid requirementId) => "file." + requirementId.ToString("N");

    public static string StagedInput(Guid requirementId) => "staged." + requirementId.ToString("N");

    public sealed record MaterialSlot(MaterialView Requirement, Guid? FileId, string? FileName);

    public sealed record BusinessChoice(string CreditCode, string Name);

    public ServiceItemView Item { get; private set; } = null!;

    /// <summary>The draft being edited (its id is carried in the query and the form).</summary>
    [BindProperty(SupportsGet = true, Name = "draft")]
    public Guid? DraftId { get; set; }

    /// <summary>The idempotency key of this form, generated on GET.</summary>
    /// <summary>信息跑路: the applicant agreed that the item's shared materials be fetched from their issuing departments.</summary>
    public bool ShareConsent { get; private set; }

    /// <summary>The item's materials fetched by data sharing with consent, not uploaded.</summary>
    public IReadOnlyList<MaterialView> SharedMaterials => Item.Materials
        .Where(m => m.Source == MaterialSource.Sharing && m.LicenseTypeCode is not null && m.Necessity != MaterialNecessity.Optional).ToList();

    [BindProperty(Name = "formToken")]
    public string? FormToken { get; set; }

    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    public string? BusinessCreditCode { get; private set; }

    public List<BusinessChoice> Businesses { get; } = [];

    public List<MaterialSlot> Materials { get; } = [];

    public bool NotCitizen { get; private set; }

    public bool Saved { get; private set; }

    /// <summary>The item takes persons: the business selector offers "as myself".</summary>
    public bool AcceptsPersons => Item.ApplicantTypes == ApplicantTypes.None || Item.ApplicantTypes.HasFlag(ApplicantTypes.NaturalPerson);

    /// <summary>The item takes businesses: the selector is shown.</summary>
    public bool AcceptsBusinesses => Item.ApplicantTypes == ApplicantTypes.None
        || Item.ApplicantTypes.HasFlag(ApplicantTypes.LegalPerson) || Item.ApplicantTypes.HasFlag(ApplicantTypes.OtherOrganization);

    public async Task<IActionResult> OnGetAsync(string code, bool saved, CancellationToken ct)
    {
        Saved = saved;
        if (!ApplicationService.IsCitizen(User))
        {
            return await NotCitizenAsync(code, ct);
        }
        ApplicationView? draft = null;
        if (DraftId is { } id)
        {
            var found = await applications.GetAsync(User, id, ct);
            if (!found.Succeeded || found.Value!.ImplementationCode != code)
            {
                return NotFound();
            }
            draft = found.Value;
            if (draft.Status != ApplicationStatus.Draft)
            {
                return Redirect(DetailUrl(draft.Number, draft.Id));
            }
        }
        var item = draft is not null ? await catalog.FindVersionAsync(draft.ItemVersionId, ct) : await catalog.FindCurrentAsync(code, ct);
        if (item is null || (draft is null && item.IsWithdrawnOn(ChinaTime.Today(clock))))
        {
            return NotFound();
        }
        Item = item;
        FormToken = Guid.NewGuid().ToString("N");
        if (draft is not null)
        {
            foreach (var (k, v) in draft.Form)
            {
                Values[k] = v;
            }
            BusinessCreditCode = draft.BusinessCreditCode;
        }
        await LoadBusinessesAsync(ct);
        foreach (var r in ApplicantMaterials(Item))
        {
            var m = draft?.Materials.FirstOrDefault(x => x.RequirementId == r.Id && x.FileId is not null && !x.Missing);
            Materials.Add(new MaterialSlot(r, m?.FileId, m?.FileName));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        if (!ApplicationService.IsCitizen(User))
        {
            return await NotCitizenAsync(code, ct);
        }
        var submit = !string.Equals(Request.Form["intent"], "draft", StringComparison.Ordinal);
        var key = FormToken is { Length: >= 8 and <= 64 } t && t.All(char.IsAsciiLetterOrDigit) ? "form-" + t : null;
        if (key is null)
        {
            // A form without its token did not come from this page: show a fresh one.
            return Redirect(Request.Path + (DraftId is { } d0 ? "?draft=" + d0 : ""));
        }

        // The same form posted again (a double click, a refresh, the back button): go where the first one went.
        if (DraftId is null && await applications.FindByIdempotencyKeyAsync(User, key, ct) is { } earlier)
        {
            if (earlier.Status != ApplicationStatus.Draft)
            {
                return Redirect(ReceiptOrDetail(earlier.Number, earlier.Id));
            }
            DraftId = earlier.Id;
        }
        ApplicationView? draft = null;
        if (DraftId is { } id)
        {
            var found = await applications.GetAsync(User, id, ct);
            if (!found.Succeeded || found.Value!.ImplementationCode != code)
            {
                return NotFound();
            }
            draft = found.Value;
            if (draft.Status != ApplicationStatus.Draft)
            {
                return Redirect(ReceiptOrDetail(draft.Number, draft.Id));
            }
        }
        var item = draft is not null ? await catalog.FindVersionAsync(draft.ItemVersionId, ct) : await catalog.FindCurrentAsync(code, ct);
        if (item is null)
        {
            return NotFound();
        }
        Item = item;

        // Typed values, exactly as typed: they come back in the form whatever happens.
        foreach (var f in Item.FormFields)
        {
            var value = Request.Form[FormField(f.Name)].ToString();
            Values[f.Name] = value.Length == 0 ? null : value;
        }
        BusinessCreditCode = Request.Form[BusinessField].ToString() is { Length: > 0 } b ? b : null;
        await LoadBusinessesAsync(ct);

        // Uploads: stage each new file; a refused one is an error on its material and the earlier file (if any) stays.
        var userId = User.GetUserId()!.Value;
        foreach (var r in ApplicantMaterials(Item))
        {
            Guid? fileId = null;
            string? fileName = null;
            if (Guid.TryParse(Request.Form[StagedInput(r.Id)], out var staged) && await files.GetAsync(staged, ct) is { } info && info.UploadedById == userId)
            {
                fileId = info.Id;
                fileName = info.FileName;
            }
            var upload = Request.Form.Files.GetFile(FileInput(r.Id));
            if (upload is { Length: > 0 })
            {
                await using var stream = upload.OpenReadStream();
                var result = await files.StageAsync(User, upload.FileName, stream, ct);
                if (result.Succeeded)
                {
                    fileId = result.File!.Id;
                    fileName = result.File.FileName;
                }
                else
                {
                    Errors.AddRange(result.Errors.Select(e => e with { Field = MaterialField(r.Id) }));
                }
            }
            Materials.Add(new MaterialSlot(r, fileId, fileName));
        }
        if (Errors.Count > 0)
        {
            // Nothing is submitted with a refused upload: the applicant meant to send that file.
            return Unprocessable();
        }

        var input = new ApplicationInput(
            code,
            Values.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value),
            Materials.Where(m => m.FileId is not null).Select(m => new MaterialInput(m.Requirement.Id, m.FileId)).ToList(),
            BusinessCreditCode,
            Draft: !submit,
            ShareConsent: ShareConsent = string.Equals(Request.Form["shareConsent"], "true", StringComparison.Ordinal));
        var outcome = draft is null
            ? await applications.ApplyAsync(User, input, key, ct)
            : await applications.UpdateDraftAsync(User, draft.Id, input, ct);
        if (outcome.Succeeded)
        {
            var view = outcome.Value!;
            return view.Status == ApplicationStatus.Draft
                ? Redirect($"/services/{Uri.EscapeDataString(code)}/apply?draft={view.Id}&saved=true")
                : Redirect(ReceiptOrDetail(view.Number, view.Id));
        }
        if (outcome.Conflict is not null && await applications.FindByIdempotencyKeyAsync(User, key, ct) is { } twin && twin.Status != ApplicationStatus.Draft)
        {
            // A twin of this POST won the race: its application is the one.
            return Redirect(ReceiptOrDetail(twin.Number, twin.Id));
        }
        return ShowRefusal(outcome.NotFound, outcome.Forbidden, outcome.Conflict, outcome.Errors?.Select(e => Place(e, input)).ToList()) ?? Page();
    }

    /// <summary>Moves a service error onto the field the page shows: a material's file input, the business selector.</summary>
    private FieldError Place(FieldError e, ApplicationInput input)
    {
        if (e.Field.StartsWith("materials[", StringComparison.Ordinal)
            && int.TryParse(e.Field.AsSpan(10, e.Field.IndexOf(']', StringComparison.Ordinal) - 10), NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && i < (input.Materials?.Count ?? 0) && input.Materials![i].RequirementId is { } rid)
        {
            return e with { Field = MaterialField(rid) };
        }
        if (e.Field == "materials" && Item.Materials.FirstOrDefault(m => e.MessageZh.Contains($"“{m.Name}”", StringComparison.Ordinal)) is { } named)
        {
            return e with { Field = MaterialField(named.Id) };
        }
        return e;
    }

    private PageResult Unprocessable()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult> NotCitizenAsync(string code, CancellationToken ct)
    {
        var item = await catalog.FindCurrentAsync(code, ct);
        if (item is null)
        {
            return NotFound();
        }
        Item = item;
        NotCitizen = true;
        FormMessage = ("只有公众和企业账户可以在线申请；窗口人员请使用一窗受理", "Only citizen and business accounts apply online; window clerks use window intake.");
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    private async Task LoadBusinessesAsync(CancellationToken ct)
    {
        if (User.GetUserId() is { } uid)
        {
            foreach (var (business, _) in await accounts.BusinessesOfAsync(uid, ct))
            {
                Businesses.Add(new BusinessChoice(business.CreditCode, business.Name));
            }
        }
    }

    /// <summary>The materials the applicant uploads: shared ones are fetched and department-made ones are produced by the department.</summary>
    public static IEnumerable<MaterialView> ApplicantMaterials(ServiceItemView item) =>
        item.Materials.Where(m => m.Source == MaterialSource.Applicant).OrderBy(m => m.Order);

    public static string DetailUrl(string? number, Guid id) => number is null ? "/applications" : "/applications/" + Uri.EscapeDataString(number);

    private static string ReceiptOrDetail(string? number, Guid id) => number is null ? DetailUrl(number, id) : $"/applications/{Uri.EscapeDataString(number)}/receipt";
}
