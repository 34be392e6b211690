using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Supervision;

namespace SmartGov.Web.Pages.Console.Supervision;

/// <summary>
/// One sub-task: its state, milestones and reports with their attachments and the co-departments' feedback; the
/// buttons of the steps the caller may take; the report form (with files); the supervisor's edit and delete forms.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class SupervisionSubTaskModel(SupervisionService supervision, MaterialFiles files, IOrganizationDirectory directory) : SupervisionPageModel(directory)
{
    /// <summary>Room for a few files of the upload limit each; every file is still checked against that limit.</summary>
    public const long MaxRequestBytes = 64L * 1024 * 1024;

    public SubTaskView SubTask { get; private set; } = null!;
    public IReadOnlyList<ProgressReportView> Reports { get; private set; } = [];

    [BindProperty] public string? Action { get; set; }
    [BindProperty] public int? Revision { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public int? Percent { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? AttachmentUrl { get; set; }
    [BindProperty] public List<IFormFile> Files { get; set; } = [];
    [BindProperty] public Guid? MilestoneId { get; set; }
    [BindProperty] public DateOnly? DoneOn { get; set; }
    [BindProperty] public string? Note { get; set; }

    // The supervisor's edit form.
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public Guid? LeadDepartmentId { get; set; }
    [BindProperty] public List<Guid> CoDepartmentIds { get; set; } = [];
    [BindProperty] public DateOnly? DueOn { get; set; }
    [BindProperty] public DateOnly? SignDueOn { get; set; }
    [BindProperty] public int? Weight { get; set; }
    [BindProperty] public List<Guid?> MilestoneIds { get; set; } = [];
    [BindProperty] public List<string?> MilestoneTitles { get; set; } = [];
    [BindProperty] public List<DateOnly?> MilestoneDueOns { get; set; } = [];

    public bool MayReport => SupervisionService.IsDepartmentStaff(User) && SubTask.Status is "SignedFor" or "InProgress";

    public bool IsLead => SupervisionService.IsDepartmentStaff(User) && User.GetDepartmentId() == SubTask.LeadDepartmentId;

    public bool MayMarkMilestones => IsLead && SubTask.Status is "SignedFor" or "InProgress";

    public string Accept => UploadInspector.AcceptAttribute;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        !SupervisionService.MayUse(User) ? Forbid() : await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostTransitionAsync(Guid id, CancellationToken ct)
    {
        if (!SupervisionService.MayUse(User))
        {
            return Forbid();
        }
        var result = await supervision.TransitionAsync(User, id, new TransitionInput(Action, Revision, Comment), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/supervision/subtasks/{id}", "sup.status.moved", result.Value!.StatusName);
        }
        return await LoadAsync(id, ct) ?? Refusal(result)!;
    }

    public async Task<IActionResult> OnPostReportAsync(Guid id, CancellationToken ct)
    {
        if (!SupervisionService.MayUse(User))
        {
            return Forbid();
        }
        // Files are staged in the hub's file store (checked by content and size) and attached with the report.
        var fileIds = new List<Guid>();
        foreach (var upload in Files.Where(f => f.Length > 0))
        {
            await using var stream = upload.OpenReadStream();
            var staged = await files.StageAsync(User, upload.FileName, stream, ct);
            if (!staged.Succeeded)
            {
                if (await LoadAsync(id, ct) is { } missing)
                {
                    return missing;
                }
                AddErrors(staged.Errors.Select(e => e with { Field = "files" }));
                Response.StatusCode = staged.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status422UnprocessableEntity;
                return Page();
            }
            fileIds.Add(staged.File!.Id);
        }
        var result = await supervision.ReportAsync(User, id, new ProgressInput(Percent, Text, AttachmentUrl, fileIds), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/supervision/subtasks/{id}", "sup.status.reported", $"{result.Value!.Percent}%");
        }
        return await LoadAsync(id, ct) ?? Refusal(result)!;
    }

    public async Task<IActionResult> OnPostMilestoneAsync(Guid id, CancellationToken ct)
    {
        if (!SupervisionService.MayUse(User))
        {
            return Forbid();
        }
        var result = await supervision.CompleteMilestoneAsync(User, id, MilestoneId ?? Guid.Empty, new MilestoneDoneInput(DoneOn, Note, Revision), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/supervision/subtasks/{id}", "sup.status.milestoneDone", result.Value!.Milestones.FirstOrDefault(m => m.Id == MilestoneId)?.Title);
        }
        return await LoadAsync(id, ct) ?? Refusal(result)!;
    }

    public async Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken ct)
    {
        if (!SupervisionService.MayUse(User))
        {
            return Forbid();
        }
        var result = await supervision.ReopenMilestoneAsync(User, id, MilestoneId ?? Guid.Empty, Comment, Revision, ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/supervision/subtasks/{id}", "sup.status.milestoneReopened", result.Value!.Milestones.FirstOrDefault(m => m.Id == MilestoneId)?.Title);
        }
        return await LoadAsync(id, ct) ?? Refusal(result)!;
    }

    public async Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken ct)
    {
        if (!SupervisionService.MayUse(User))
        {
            return Forbid();
        }
        var milestones = new List<MilestoneEditInput>();
        for (var i = 0; i < MilestoneTitles.Count; i++)
        {
            var mid = i < MilestoneIds.Count ? MilestoneIds[i] : null;
            var due = i < MilestoneDueOns.Count ? MilestoneDueOns[i] : null;
            // An empty new row is no milestone; an existing row emptied removes it.
            if (string.IsNullOrWhiteSpace(MilestoneTitles[i]) && due is null)
            {
                continue;
            }
            milestones.Add(new MilestoneEditInput(mid, MilestoneTitles[i], due));
        }
        var result = await supervision.UpdateSubTaskAsync(User, id,
            new SubTaskUpdateInput(Title, LeadDepartmentId, CoDepartmentIds, DueOn, SignDueOn, Weight, milestones, Revision), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/supervision/subtasks/{id}", "sup.status.edited", result.Value!.Title);
        }
        return await LoadAsync(id, ct, keepForm: true) ?? Refusal(result)!;
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!SupervisionService.MayUse(User))
        {
            return Forbid();
        }
        var before = await supervision.GetSubTaskAsync(User, id, ct);
        var result = await supervision.DeleteSubTaskAsync(User, id, Revision, ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/supervision/tasks/{before.Value!.KeyTaskId}", "sup.status.deleted", before.Value.Title);
        }
        return await LoadAsync(id, ct) ?? Refusal(result)!;
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct, bool keepForm = false)
    {
        var result = await supervision.GetSubTaskAsync(User, id, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Forbidden is not null)
        {
            return Forbid();
        }
        SubTask = result.Value!;
        Reports = (await supervision.ReportsAsync(User, id, ct)).Value ?? [];
        await LoadDepartmentsAsync(ct);
        if (!keepForm)
        {
            Title = SubTask.Title;
            LeadDepartmentId = SubTask.LeadDepartmentId;
            CoDepartmentIds = [.. SubTask.CoDepartmentIds];
            DueOn = SubTask.DueOn;
            SignDueOn = SubTask.SignDueOn;
            Weight = SubTask.Weight;
            MilestoneIds = [.. SubTask.Milestones.Select(m => (Guid?)m.Id), null];
            MilestoneTitles = [.. SubTask.Milestones.Select(m => (string?)m.Title), null];
            MilestoneDueOns = [.. SubTask.Milestones.Select(m => (DateOnly?)m.DueOn), null];
        }
        else if (MilestoneIds.Count == MilestoneTitles.Count && MilestoneIds.LastOrDefault() is not null)
        {
            MilestoneIds.Add(null);
            MilestoneTitles.Add(null);
            MilestoneDueOns.Add(null);
        }
        return null;
    }
}
