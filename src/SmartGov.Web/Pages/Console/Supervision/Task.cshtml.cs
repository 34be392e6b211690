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
