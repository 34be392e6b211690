using System.Text.Json;
using System.Text.Json.Serialization;
using SmartGov.Core;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>What a step does: intake (受理), review (审查), decision (决定) or result issuance (制证/送达).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepKind>))]
public enum StepKind
{
    Intake = 1,
    Review = 2,
    Decision = 3,
    Issue = 4,
}

/// <summary>会签: how many of a step's approvers must agree.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CountersignMode>))]
public enum CountersignMode
{
    /// <summary>One officer decides the step alone (the default).</summary>
    Alone = 0,

    /// <summary>Every one of <see cref="WorkflowStep.Approvers"/> distinct officers must approve.</summary>
    All = 1,

    /// <summary>The first approval carries the step.</summary>
    Any = 2,

    /// <summary>At least <see cref="WorkflowStep.Share"/> of the approvers (rounded up) must approve.</summary>
    Share = 3,
}

/// <summary>
/// One step. Steps in the same <see cref="Stage"/> run at once (并联审批); stages run in order. A null
/// <see cref="DepartmentId"/> means the item's implementing department.
/// </summary>
public sealed record WorkflowStep
{
    public required string Key { get; init; }
    public required string NameZh { get; init; }
    public string? NameEn { get; init; }
    public StepKind Kind { get; init; } = StepKind.Review;
    public int Stage { get; init; }
    public Guid? DepartmentId { get; init; }
    public string Role { get; init; } = Roles.Officer;
    public CountersignMode Countersign { get; init; } = CountersignMode.Alone;
    public int Approvers { get; init; } = 1;
    public double Share { get; init; } = 0.5;

    /// <summary>Approvals needed for the step to pass.</summary>
    [JsonIgnore]
    public int Required => Countersign switch
    {
        CountersignMode.All => Approvers,
        CountersignMode.Share => Math.Max(1, (int)Math.Ceiling(Approvers * Share - 1e-9)),
        _ => 1,
    };

    /// <summary>Denials that make the step fail: once this many said no, the approvals can no longer be reached.</summary>
    [JsonIgnore]
    public int DenialsToFail => Countersign switch
    {
        CountersignMode.All => 1,
        CountersignMode.Any => Approvers,
        CountersignMode.Share => Approvers - Required + 1,
        _ => 1,
    };
}

/// <summary>
/// A workflow definition (办理流程): data, versioned per item. Stage 0 is intake; the last stages are the decision and
/// the issuance. Validated by <see cref="Validate"/> before it is saved.
/// </summary>
public sealed record WorkflowDefinitionDocument(IReadOnlyList<WorkflowStep> Steps)
{
    /// <summary>When the result of an approval is a licence (电子证照), its type code, e.g. <c>zrzy.construction-planning-permit</c>.</summary>
    public string? ResultLicenceTypeCode { get; init; }

    /// <summary>How many years the licence is valid for; null for no end.</summary>
    public int? ResultValidYears { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public IReadOnlyList<int> Stages => Steps.Select(s => s.Stage).Distinct().Order().ToList();

    public IReadOnlyList<WorkflowStep> StepsOf(int stage) => Steps.Where(s => s.Stage == stage).ToList();

    public WorkflowStep? Find(string key) => Steps.FirstOrDefault(s => s.Key == key);

    public int? NextStage(int stage) => Stages.Where(s => s > stage).Select(s => (int?)s).FirstOrDefault();

    public int IntakeStage => Steps.Where(s => s.Kind == StepKind.Intake).Select(s => s.Stage).DefaultIfEmpty(0).Min();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static WorkflowDefinitionDocument FromJson(string json) =>
        JsonSerializer.Deserialize<WorkflowDefinitionDocument>(json, Json) ?? throw new JsonException("empty workflow definition");

    /// <summary>The plain workflow every item gets until its department defines one: intake → review → decision → issuance.</summary>
    public static WorkflowDefinitionDocument Default { get; } = new([
        new WorkflowStep { Key = "intake", NameZh = "受理", NameEn = "Intake", Kind = StepKind.Intake, Stage = 0 },
        new WorkflowStep { Key = "review", NameZh = "审查", NameEn = "Review", Kind = StepKind.Review, Stage = 1 },
        new WorkflowStep { Key = "decision", NameZh = "决定", NameEn = "Decision", Kind = StepKind.Decision, Stage = 2, Role = Roles.DepartmentLeader },
        new WorkflowStep { Key = "issue", NameZh = "制证送达", NameEn = "Issue the result", Kind = StepKind.Issue, Stage = 3 },
    ]);

    /// <summary>Every rule a definition must keep, with bilingual errors naming the step.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        void Add(string field, string code, string zh, string en) => errors.Add(new FieldError(field, code, zh, en));
        if (Steps is null || Steps.Count == 0)
        {
            Add("steps", "workflow.empty", "流程至少需要一个环节", "A workflow needs at least one step.");
            return errors;
        }
        foreach (var dup in Steps.GroupBy(s => s.Key).Where(g => g.Count() > 1))
        {
            Add("steps", "workflow.duplicateKey", $"环节标识“{dup.Key}”重复", $"The step key \"{dup.Key}\" is used twice.");
        }
        for (var i = 0; i < Steps.Count; i++)
        {
            var s = Steps[i];
            var f = $"steps[{i}]";
            if (string.IsNullOrWhiteSpace(s.Key) || s.Key.Length > 40)
            {
                Add(f + ".key", "workflow.key", "环节标识必填，且不超过 40 个字符", "The step key is required and at most 40 characters.");
            }
            if (string.IsNullOrWhiteSpace(s.NameZh) || s.NameZh.Length > 60)
            {
                Add(f + ".nameZh", "workflow.name", "环节名称必填，且不超过 60 个字符", "The step name is required and at most 60 characters.");
            }
            if (!Roles.IsStaffRole(s.Role) || Roles.ThreeAdministrators.Contains(s.Role))
            {
                Add(f + ".role", "workflow.role", $"环节角色“{s.Role}”不能办理业务", $"The role \"{s.Role}\" cannot handle applications.");
            }
            if (s.Approvers is < 1 or > 20)
            {
                Add(f + ".approvers", "workflow.approvers", "会签人数应在 1 到 20 之间", "Approvers must be between 1 and 20.");
            }
            if (s.Countersign == CountersignMode.Share && s.Share is <= 0 or > 1)
            {
                Add(f + ".share", "workflow.share", "会签比例应大于 0 且不超过 1", "The countersign share must be above 0 and at most 1.");
            }
            if (s.Stage < 0)
            {
                Add(f + ".stage", "workflow.stage", "阶段序号不能为负数", "The stage must not be negative.");
            }
        }
        var stages = Stages;
        var intake = Steps.Where(s => s.Kind == StepKind.Intake).ToList();
        if (intake.Count != 1 || intake[0].Stage != stages[0])
        {
            Add("steps", "workflow.intake", "流程须以唯一的受理环节开始", "The workflow must start with exactly one intake step.");
        }
        var decision = Steps.Where(s => s.Kind == StepKind.Decision).ToList();
        var issue = Steps.Where(s => s.Kind == StepKind.Issue).ToList();
        if (decision.Count != 1)
        {
            Add("steps", "workflow.decision", "流程须有且只有一个决定环节", "The workflow needs exactly one decision step.");
        }
        if (issue.Count != 1 || issue[0].Stage != stages[^1])
        {
            Add("steps", "workflow.issue", "流程须以唯一的制证送达环节结束", "The workflow must end with exactly one result-issuance step.");
        }
        if (decision.Count == 1 && issue.Count == 1)
        {
            var decisionStage = decision[0].Stage;
            if (StepsOf(decisionStage).Count != 1 || NextStage(decisionStage) != issue[0].Stage)
            {
                Add("steps", "workflow.order", "决定环节须单独成阶段，且紧接制证送达环节之前",
                    "The decision step must be alone in its stage, right before result issuance.");
            }
        }
        if (ResultLicenceTypeCode is { } lt && (lt.Length > 64 || !lt.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
        {
            Add("resultLicenceTypeCode", "workflow.licenceType", "证照类型代码只能含字母、数字和 . - _，且不超过 64 个字符",
                "The licence type code may contain letters, digits and . - _ only, at most 64 characters.");
        }
        if (ResultValidYears is < 1 or > 100)
        {
            Add("resultValidYears", "workflow.validYears", "证照有效期应为 1 到 100 年", "The licence validity must be 1 to 100 years.");
        }
        if (Steps.Any(s => s.Kind is StepKind.Intake or StepKind.Decision or StepKind.Issue && s.Countersign != CountersignMode.Alone))
        {
            Add("steps", "workflow.countersign", "只有审查环节可以会签", "Only review steps can be countersigned.");
        }
        return errors;
    }
}
