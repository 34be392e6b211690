using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;
using SmartGov.Web.Pages.Console.Applications;

namespace SmartGov.Web.Pages.Console.Workflows;

/// <summary>
/// 办理流程: an item's workflow versions and an editor (a table of steps; "add row" and "remove" work without
/// JavaScript). Publishing saves the next version; applications in flight keep theirs. For the item department's data
/// administrators and leaders.
/// </summary>
public sealed class WorkflowEditModel(IServiceCatalog catalog, WorkflowStore workflows, IOrganizationDirectory organizations) : ApplicationsPageModel
{
    /// <summary>One row of the table, as typed (numbers are parsed here so a typo becomes a field error, not a lost value).</summary>
    public sealed class StepRow
    {
        public string? Key { get; set; }
        public string? NameZh { get; set; }
        public string? NameEn { get; set; }
        public string? Kind { get; set; }
        public string? Stage { get; set; }
        public Guid? DepartmentId { get; set; }
        public string? Role { get; set; }
        public string? Countersign { get; set; }
        public string? Approvers { get; set; }
        public string? Share { get; set; }
        public bool Remove { get; set; }

        public static StepRow From(WorkflowStep s) => new()
        {
            Key = s.Key, NameZh = s.NameZh, NameEn = s.NameEn, Kind = s.Kind.ToString(), Stage = s.Stage.ToString(CultureInfo.InvariantCulture),
            DepartmentId = s.DepartmentId, Role = s.Role, Countersign = s.Countersign.ToString(),
            Approvers = s.Approvers.ToString(CultureInfo.InvariantCulture), Share = s.Share.ToString(CultureInfo.InvariantCulture),
        };
    }

    public static readonly IReadOnlyList<string> StepRoles = [Roles.Officer, Roles.DepartmentLeader, Roles.WindowClerk];

    public ServiceItemView Item { get; private set; } = null!;
    public IReadOnlyList<WorkflowVersionView> Versions { get; private set; } = [];
    public IReadOnlyList<DepartmentInfo> Departments { get; private set; } = [];

    [BindProperty(Name = "steps")] public List<StepRow> Steps { get; set; } = [];
    [BindProperty(Name = "resultLicenceTypeCode")] public string? ResultLicenceTypeCode { get; set; }
    [BindProperty(Name = "resultValidYears")] public string? ResultValidYears { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var stop = await LoadAsync(code, ct);
        if (stop is not null)
        {
            return stop;
        }
        var (_, current) = await workflows.CurrentAsync(Item.ImplementationCode, ct);
        Steps = current.Steps.Select(StepRow.From).ToList();
        ResultLicenceTypeCode = current.ResultLicenceTypeCode;
        ResultValidYears = current.ResultValidYears?.ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    /// <summary>Adds an empty row (and drops the rows marked for removal) without publishing.</summary>
    public async Task<IActionResult> OnPostAddRowAsync(string code, CancellationToken ct)
    {
        var stop = await LoadAsync(code, ct);
        if (stop is not null)
        {
            return stop;
        }
        Steps = Steps.Where(s => !s.Remove).ToList();
        var stage = Steps.Select(s => int.TryParse(s.Stage, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
        Steps.Add(new StepRow { Kind = nameof(StepKind.Review), Stage = stage.ToString(CultureInfo.InvariantCulture), Role = Roles.Officer, Countersign = nameof(CountersignMode.Alone), Approvers = "1", Share = "0.5" });
        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        var stop = await LoadAsync(code, ct);
        if (stop is not null)
        {
            return stop;
        }
        Steps = Steps.Where(s => !s.Remove).ToList();
        ModelState.Clear();
        var steps = new List<WorkflowStep>();
        for (var i = 0; i < Steps.Count; i++)
        {
            var row = Steps[i];
            var f = $"steps[{i}]";
            var kind = ParseEnum<StepKind>(row.Kind, f + ".kind", "环节类型", "step kind");
            var countersign = ParseEnum<CountersignMode>(row.Countersign, f + ".countersign", "会签方式", "countersign mode");
            var stage = ParseInt(row.Stage, f + ".stage", "阶段", "stage");
            var approvers = ParseInt(row.Approvers, f + ".approvers", "会签人数", "approvers");
            var share = 0.5;
            if (!string.IsNullOrWhiteSpace(row.Share) && !double.TryParse(row.Share, NumberStyles.Float, CultureInfo.InvariantCulture, out share))
            {
                Errors.Add(new FieldError(f + ".share", "workflow.number", "会签比例应为 0 到 1 之间的小数，如 0.5", "The share must be a decimal between 0 and 1, e.g. 0.5."));
            }
            steps.Add(new WorkflowStep
            {
                Key = row.Key?.Trim() ?? "",
                NameZh = row.NameZh?.Trim() ?? "",
                NameEn = string.IsNullOrWhiteSpace(row.NameEn) ? null : row.NameEn.Trim(),
                Kind = kind ?? StepKind.Review,
                Stage = stage ?? 0,
                DepartmentId = row.DepartmentId,
                Role = string.IsNullOrWhiteSpace(row.Role) ? Roles.Officer : row.Role.Trim(),
                Countersign = countersign ?? CountersignMode.Alone,
                Approvers = approvers ?? 1,
                Share = share,
            });
        }
        int? validYears = null;
        if (!string.IsNullOrWhiteSpace(ResultValidYears))
        {
            validYears = ParseInt(ResultValidYears, "resultValidYears", "证照有效期", "licence validity");
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var definition = new WorkflowDefinitionDocument(steps)
        {
            ResultLicenceTypeCode = string.IsNullOrWhiteSpace(ResultLicenceTypeCode) ? null : ResultLicenceTypeCode.Trim(),
            ResultValidYears = validYears,
        };
        var result = await workflows.PublishAsync(User, Item.ImplementationCode, definition, ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/workflows/{Uri.EscapeDataString(Item.ImplementationCode)}", "cwf.status.published",
                result.Value!.Version.ToString(CultureInfo.InvariantCulture));
        }
        return Refusal(result, Page)!;
    }

    private async Task<IActionResult?> LoadAsync(string code, CancellationToken ct)
    {
        var item = await catalog.FindCurrentAsync(code, ct);
        if (item is null)
        {
            return NotFound();
        }
        if (!ServiceItemAccess.CanEdit(User, item.DepartmentId))
        {
            return Forbid();
        }
        Item = item;
        Versions = await workflows.VersionsAsync(item.ImplementationCode, ct);
        Departments = (await organizations.ListDepartmentsAsync(ct)).Where(d => d.IsActive).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        return null;
    }

    private T? ParseEnum<T>(string? value, string field, string zh, string en) where T : struct, Enum
    {
        if (Enum.TryParse<T>(value, true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }
        Errors.Add(new FieldError(field, "workflow.choice", $"请选择{zh}", $"Choose the {en}."));
        return null;
    }

    private int? ParseInt(string? value, string field, string zh, string en)
    {
        if (int.TryParse(value?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        Errors.Add(new FieldError(field, "workflow.number", $"{zh}应为整数", $"The {en} must be a whole number."));
        return null;
    }

    public IEnumerable<FieldError> RowErrors(int i, string name) => ErrorsFor($"steps[{i}].{name}");

    /// <summary>Errors about the whole workflow (not one cell).</summary>
    public IEnumerable<FieldError> GeneralErrors => Errors.Where(e => !e.Field.StartsWith("steps[", StringComparison.Ordinal) && e.Field is not ("resultLicenceTypeCode" or "resultValidYears"));

    public string DepartmentName(DepartmentInfo d) => Problems.IsChinese ? d.Name : d.NameEn ?? d.Name;
}
