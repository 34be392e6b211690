using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Supervision;

namespace SmartGov.Web.Pages.Console.Supervision;

/// <summary>A key task with its sub-task tree; supervisors decompose it here.</summary>
public sealed class SupervisionTaskModel(SupervisionService supervision, IOrganizationDirectory directory) : SupervisionPageModel(directory)
{
    public KeyTaskView KeyTask { get; private set; } = null!;

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public Guid? ParentId { get; set; }
    [BindProperty] public Guid? LeadDepartmentId { get; set; }
    [BindProperty] public List<Guid> CoDepartmentIds { get; set; } = [];
    [BindProperty] public DateOnly? DueOn { get; set; }
    [BindProperty] public int? Weight { get; set; }
    [BindProperty] public string? MilestoneTitle { get; set; }
    [BindProperty] public DateOnly? MilestoneDueOn { get; set; }

    // The supervisor's edit of the key task (names apart from the decomposition form's).
    [BindProperty] public string? TaskTitle { get; set; }
    [BindProperty] public string? TaskDescription { get; set; }
    [BindProperty] public string? TaskSource { get; set; }
    [BindProperty] public string? TaskPriority { get; set; }
    [BindProperty] public DateOnly? TaskDueOn { get; set; }
    [BindProperty] public int? Revision { get; set; }

    private bool _keepEditForm;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!SupervisionService.MayUse(User))
        {
            return Forbid();
        }
        return await LoadAsync(id, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!SupervisionService.MayUse(User))
        {
            return Forbid();
        }
        IReadOnlyList<MilestoneInput> milestones = string.IsNullOrWhiteSpace(MilestoneTitle) && MilestoneDueOn is null ? [] : [new MilestoneInput(MilestoneTitle, MilestoneDueOn)];
        var result = await supervision.AddSubTaskAsync(User, id, new SubTaskInput(Title, ParentId, LeadDepartmentId, CoDepartmentIds, DueOn, null, Weight ?? 1, milestones), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/supervision/tasks/{id}", "sup.status.decomposed", result.Value!.Title);
        }
        var missing = await LoadAsync(id, ct);
        return missing ?? Refusal(result)!;
    }

    public async Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken ct)
    {
        if (!SupervisionService.MayUse(User))
        {
            return Forbid();
        }
        var result = await supervision.UpdateKeyTaskAsync(User, id, new KeyTaskUpdateInput(TaskTitle, TaskDescription, TaskSource, TaskPriority, TaskDueOn, Revision), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/supervision/tasks/{id}", "sup.status.edited", result.Value!.Title);
        }
        _keepEditForm = true;
        var missing = await LoadAsync(id, ct);
        // The edit form's fields are named apart from the decomposition form's.
        return missing ?? Refusal(result with { Errors = result.Errors?.Select(e => e with { Field = "task" + char.ToUpperInvariant(e.Field[0]) + e.Field[1..] }).ToList() })!;
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!SupervisionService.MayUse(User))
        {
            return Forbid();
        }
        var before = await supervision.GetKeyTaskAsync(User, id, ct);
        var result = await supervision.DeleteKeyTaskAsync(User, id, Revision, ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus("/console/supervision", "sup.status.deleted", before.Value?.Title);
        }
        return await LoadAsync(id, ct) ?? Refusal(result)!;
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var result = await supervision.GetKeyTaskAsync(User, id, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Forbidden is not null)
        {
            return Forbid();
        }
        KeyTask = result.Value!;
        await LoadDepartmentsAsync(ct);
        if (!_keepEditForm)
        {
            TaskTitle = KeyTask.Title;
            TaskDescription = KeyTask.Description;
            TaskSource = KeyTask.Source;
            TaskPriority = KeyTask.Priority;
            TaskDueOn = KeyTask.DueOn;
        }
        return null;
    }

    public int Depth(SubTaskView s)
    {
        var depth = 0;
        var parent = s.ParentId;
        while (parent is { } p && depth < 20)
        {
            depth++;
            parent = KeyTask.SubTasks.FirstOrDefault(x => x.Id == p)?.ParentId;
        }
        return depth;
    }

    /// <summary>Depth-first order, so the list reads as a tree.</summary>
    public IEnumerable<SubTaskView> Tree(Guid? parent = null)
    {
        foreach (var s in KeyTask.SubTasks.Where(x => x.ParentId == parent || (parent is null && x.ParentId is { } p && KeyTask.SubTasks.All(y => y.Id != p))))
        {
            yield return s;
            foreach (var c in Tree(s.Id))
            {
                yield return c;
            }
        }
    }
}
