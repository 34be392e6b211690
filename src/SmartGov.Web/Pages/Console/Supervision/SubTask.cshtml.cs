using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Supervision;

namespace SmartGov.Web.Pages.Console.Supervision;

/// <summary>One sub-task: its state, milestones and reports; the buttons of the steps the caller may take; the report form.</summary>
public sealed class SupervisionSubTaskModel(SupervisionService supervision, IOrganizationDirectory directory) : SupervisionPageModel(directory)
{
    public SubTaskView SubTask { get; private set; } = null!;
    public IReadOnlyList<ProgressReportView> Reports { get; private set; } = [];

    [BindProperty] public string? Action { get; set; }
    [BindProperty] public int? Revision { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public int? Percent { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? AttachmentUrl { get; set; }

    public bool MayReport => SupervisionService.IsDepartmentStaff(User) && SubTask.Status is "SignedFor" or "InProgress";

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
        var result = await supervision.ReportAsync(User, id, new ProgressInput(Percent, Text, AttachmentUrl), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/supervision/subtasks/{id}", "sup.status.reported", $"{result.Value!.Percent}%");
        }
        return await LoadAsync(id, ct) ?? Refusal(result)!;
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
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
        return null;
    }
}
