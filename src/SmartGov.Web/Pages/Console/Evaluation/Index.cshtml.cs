using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Evaluation;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console.Evaluation;

/// <summary>Rounds the user may see, the indicator systems, and (for the evaluation lead) the form that starts a round.</summary>
public sealed class EvaluationIndexModel(RoundService rounds, IndicatorSystemService systems, IOrganizationDirectory directory, IPersonDirectory people) : EvaluationPageModel
{
    public IReadOnlyList<RoundView> Rounds { get; private set; } = [];
    public IReadOnlyList<IndicatorSystemSummary> Systems { get; private set; } = [];
    public IReadOnlyList<DepartmentInfo> Departments { get; private set; } = [];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public DateOnly? PeriodFrom { get; set; }
    [BindProperty] public DateOnly? PeriodTo { get; set; }
    [BindProperty] public Guid? SystemId { get; set; }
    [BindProperty] public List<Guid> DepartmentIds { get; set; } = [];
    [BindProperty] public List<Guid> EvaluatorIds { get; set; } = [];
    public IReadOnlyList<StaffInfo> Evaluators { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await rounds.CreateAsync(User, new RoundInput(Name, Kind, PeriodFrom, PeriodTo, SystemId, DepartmentIds, EvaluatorIds), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/evaluation/rounds/{result.Value!.Id}", "ev.status.created", result.Value.Name);
        }
        await LoadAsync(ct);
        return Refusal(result)!;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rounds = await rounds.ListAsync(User, ct);
        Systems = await systems.ListAsync(ct);
        Departments = (await directory.ListDepartmentsAsync(ct)).Where(d => d.IsActive).ToList();
        if (IsLead)
        {
            var list = new List<StaffInfo>();
            foreach (var d in Departments)
            {
                list.AddRange((await people.ListStaffAsync(d.Id, Roles.Evaluator, ct)).Where(s => s.Active));
            }
            Evaluators = list;
        }
    }
}
