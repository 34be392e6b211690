using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Evaluation;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Console.Evaluation;

/// <summary>E-government projects: the list with overlap and idle flags, registration (one system per form), and evaluation.</summary>
public sealed class EvaluationProjectsModel(ProjectService projects, IOrganizationDirectory directory) : EvaluationPageModel
{
    public IReadOnlyList<ProjectView> Projects { get; private set; } = [];
    public IReadOnlyList<DepartmentInfo> Departments { get; private set; } = [];
    public bool MayEvaluate => ProjectService.MaySeeAll(User);
    public bool MayRegister => IsLead || User.IsInRole(Hub.Common.Roles.DepartmentLeader) || User.IsInRole(Hub.Common.Roles.DataAdministrator);

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public Guid? DepartmentId { get; set; }
    [BindProperty] public int? Year { get; set; }
    [BindProperty] public double? Budget { get; set; }
    [BindProperty] public double? Spend { get; set; }
    [BindProperty] public string? Goals { get; set; }
    [BindProperty] public string? SystemName { get; set; }
    [BindProperty] public string? Keywords { get; set; }
    [BindProperty] public string? SystemStatus { get; set; }
    [BindProperty] public DateOnly? LastUsedOn { get; set; }
    [BindProperty] public int? MonthlyUsers { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var systems = string.IsNullOrWhiteSpace(SystemName) && string.IsNullOrWhiteSpace(Keywords)
            ? []
            : new List<ProjectSystemInput> { new(SystemName, Keywords, SystemStatus, LastUsedOn, MonthlyUsers) };
        var result = await projects.CreateAsync(User, new ProjectInput(Name, DepartmentId, Year, Budget, Spend, Goals, systems), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus("/console/evaluation/projects", "ev.status.projectCreated", result.Value!.Name);
        }
        await LoadAsync(ct);
        // Field names of the system are flattened on this form.
        var mapped = result.Errors?.Select(e => e with { Field = e.Field.Replace("systems[0].name", "systemName", StringComparison.Ordinal).Replace("systems[0].", "", StringComparison.Ordinal) }).ToList();
        return Refusal(mapped is null ? result : result with { Errors = mapped })!;
    }

    public async Task<IActionResult> OnPostEvaluateAsync(Guid projectId, CancellationToken ct)
    {
        double? D(string key) => double.TryParse(Request.Form[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        var result = await projects.EvaluateAsync(User, projectId, new ProjectEvaluationInput(D("costBenefit"), D("applicationEffect"), D("collaboration"),
            D("security"), D("innovation"), Request.Form["comment"]), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus("/console/evaluation/projects", "ev.status.projectEvaluated", result.Value!.Name);
        }
        await LoadAsync(ct);
        return Refusal(result)!;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Projects = await projects.ListAsync(User, ct);
        Departments = (await directory.ListDepartmentsAsync(ct)).Where(d => d.IsActive).ToList();
    }
}
