using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Applications;

/// <summary>
/// /applications/{number}: one application as its applicant sees it: status, deadline and light, materials with their
/// SM3 digests, the whole history, the supplement notice (一次性告知) with the upload form to supply everything at once,
/// withdrawal, and the signed result. Anyone else gets 404 (the service decides who may see it).
/// </summary>
[Authorize]
[RequestSizeLimit(Services.ApplyModel.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = Services.ApplyModel.MaxRequestBytes)]
public sealed class DetailModel(ApplicationService applications, MaterialFiles files, IOrganizationDirectory organizations,
    SmartGov.Hub.Modules.Ratings.RatingService ratings, IApplicationDirectory directory) : FormPageModel
{
    public ApplicationView App { get; private set; } = null!;

    public IReadOnlyList<ApplicationEventView> History { get; private set; } = [];

    public string? HallName { get; private set; }

    public bool HasResult { get; private set; }

    /// <summary>The 好差评 part: the given rating, or the form once the application is completed.</summary>
    public RatingPartialModel? Rating { get; private set; }

    /// <summary>Files staged for the supplement form (material id → file), kept when the form comes back with errors.</summary>
    public Dictionary<Guid, (Guid Id, string Name)> Staged { get; } = [];

    public string? Notice { get; private set; }

    [BindProperty(Name = "comment")]
    public string? Comment { get; set; }

    public static string SupplementField(Guid materialId) => "supply." + materialId.ToString("N");

    public static string SupplementFile(Guid materialId) => "file." + materialId.ToString("N");

    public static string SupplementStaged(Guid materialId) => "staged." + materialId.ToString("N");

    public async Task<IActionResult> OnGetAsync(string number, string? done, CancellationToken ct)
    {
        Notice = done is "supplied" or "withdrawn" ? "app.detail.done." + done : done == "shared" ? "lic.detail.done.shared" : null;
        return await LoadAsync(number, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostSupplementAsync(string number, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct))
        {
            return NotFound();
        }
        var userId = User.GetUserId()!.Value;
        var materials = new List<MaterialInput>();
        foreach (var m in App.Materials.Where(m => m.Missing))
        {
            Guid? fileId = null;
            string? fileName = null;
            if (Guid.TryParse(Request.Form[SupplementStaged(m.Id)], out var staged) && await files.GetAsync(staged, ct) is { } info && info.UploadedById == userId)
            {
                (fileId, fileName) = (info.Id, info.FileName);
            }
            if (Request.Form.Files.GetFile(SupplementFile(m.Id)) is { Length: > 0 } upload)
            {
                await using var stream = upload.OpenReadStream();
                var result = await files.StageAsync(User, upload.FileName, stream, ct);
                if (result.Succeeded)
                {
                    (fileId, fileName) = (result.File!.Id, result.File.FileName);
                }
                else
                {
                    Errors.AddRange(result.Errors.Select(e => e with { Field = SupplementField(m.Id) }));
                }
            }
            if (fileId is { } id)
            {
                Staged[m.Id] = (id, fileName ?? "");
                materials.Add(new MaterialInput(m.RequirementId, id, Name: m.Name));
            }
        }
        if (Errors.Count > 0)
        {
            return Unprocessable();
        }
        var outcome = await applications.ActAsync(User, App.Id, new ApplicationActionInput("Supplement", Materials: materials), ct);
        if (outcome.Succeeded)
        {
            return Redirect($"/applications/{Uri.EscapeDataString(number)}?done=supplied");
        }
        return Refused(outcome);
    }

    [BindProperty(Name = "shareConsent")]
    public bool ShareConsent { get; set; }

    /// <summary>信息跑路 again: materials still waiting to be fetched by data sharing are fetched now, with consent.</summary>
    public async Task<IActionResult> OnPostShareAsync(string number, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct))
        {
            return NotFound();
        }
        var outcome = await applications.FetchSharedMaterialsAsync(User, App.Id, ShareConsent, ct);
        if (outcome.Succeeded)
        {
            return Redirect($"/applications/{Uri.EscapeDataString(number)}?done=shared");
        }
        return Refused(outcome);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(string number, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct))
        {
            return NotFound();
        }
        var comment = string.IsNullOrWhiteSpace(Comment) ? null : Comment.Trim();
        var outcome = await applications.ActAsync(User, App.Id, new ApplicationActionInput("Withdraw", Comment: comment), ct);
        if (outcome.Succeeded)
        {
            return Redirect($"/applications/{Uri.EscapeDataString(number)}?done=withdrawn");
        }
        return Refused(outcome);
    }

    private IActionResult Refused(AppResult<ApplicationView> outcome) =>
        // "Still missing X" belongs beside X's file input.
        ShowRefusal(outcome.NotFound, outcome.Forbidden, outcome.Conflict, outcome.Errors?.Select(e =>
            App.Materials.FirstOrDefault(m => m.Missing && e.MessageZh.Contains($"“{m.Name}”", StringComparison.Ordinal)) is { } missing
                ? e with { Field = SupplementField(missing.Id) } : e).ToList()) ?? Page();

    private PageResult Unprocessable()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> LoadAsync(string number, CancellationToken ct)
    {
        var found = await applications.GetByNumberAsync(User, number, ct);
        if (!found.Succeeded)
        {
            return false;
        }
        App = found.Value!;
        History = (await applications.HistoryAsync(User, App.Id, ct)).Value ?? [];
        if (App.HallId is { } hallId)
        {
            HallName = (await organizations.ListServiceHallsAsync(ct)).FirstOrDefault(h => h.Id == hallId)?.Name;
        }
        if (App.Status is ApplicationStatus.Completed or ApplicationStatus.Decided)
        {
            HasResult = (await applications.ResultFileAsync(User, App.Id, ct)).Succeeded;
        }
        if (App.Status == ApplicationStatus.Completed)
        {
            Rating = await RatingPartialModel.LoadAsync(ratings, directory, User, number, ct);
        }
        return true;
    }
}
