using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Supervision;

namespace SmartGov.Web.Pages.Console.Supervision;

/// <summary>The board (by source, department and colour, with the list behind a filter), notices, and 立项 for supervisors.</summary>
public sealed class SupervisionIndexModel(SupervisionService supervision, IOrganizationDirectory directory) : SupervisionPageModel(directory)
{
    [BindProperty(SupportsGet = true)] public string? Source { get; set; }
    [BindProperty(SupportsGet = true)] public string? Light { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Department { get; set; }

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? TaskSource { get; set; }
    [BindProperty] public string? Priority { get; set; }
    [BindProperty] public DateOnly? DueOn { get; set; }

    public BoardView Board { get; private set; } = null!;
    public IReadOnlyList<NoticeView> Notices { get; private set; } = [];
    public IReadOnlyList<KeyTaskView> Tasks { get; private set; } = [];
    public IReadOnlyList<DepartmentScore> Scores { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!SupervisionService.MayUse(User))
        {
            return Forbid();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!SupervisionService.MayUse(User))
        {
            return Forbid();
        }
        var result = await supervision.CreateKeyTaskAsync(User, new KeyTaskInput(Title, Description, TaskSource, Priority, DueOn), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/supervision/tasks/{result.Value!.Id}", "sup.status.created", result.Value.Title);
        }
        await LoadAsync(ct);
        return Refusal(result)!;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadDepartmentsAsync(ct);
        Board = await supervision.BoardAsync(User, string.IsNullOrEmpty(Source) ? null : Source, Department, string.IsNullOrEmpty(Light) ? null : Light, ct);
        Notices = await supervision.NoticesAsync(User, ct);
        Tasks = IsSupervisor ? await supervision.ListKeyTasksAsync(User, ct) : [];
        Scores = IsSupervisor ? await supervision.ScoresAsync(ct) : [];
    }
}
