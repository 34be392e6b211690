using Microsoft.AspNetCore.Mvc;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Web.Pages.Console.Applications;

/// <summary>
/// 办件: one application as staff of a department with a step on it see it, with one form per action the caller may take
/// now. Every form posts the revision it was drawn from, so a decision on a page someone else has since changed is
/// refused (409) instead of overwriting theirs.
/// </summary>
public sealed class ApplicationDetailModel(
    ApplicationService applications, IServiceCatalog catalog, IPersonDirectory people, MaterialFiles files, IAuditSink audit) : ApplicationsPageModel
{
    public ApplicationView App { get; private set; } = null!;
    public ServiceItemView? Item { get; private set; }
    public IReadOnlyList<ApplicationEventView> History { get; private set; } = [];

    /// <summary>The open task the caller's actions apply to (their department, role and not someone else's).</summary>
    public WorkTaskView? MyTask { get; private set; }

    /// <summary>Staff who may take <see cref="MyTask"/> over (reassign/delegate).</summary>
    public IReadOnlyList<StaffInfo> Colleagues { get; private set; } = [];

    /// <summary>The actions with a form on this page, in the order of <see cref="ApplicationView.AllowedActions"/>.</summary>
    public IReadOnlyList<ApplicationAction> Actions { get; private set; } = [];

    /// <summary>The action whose form was posted (its errors are shown beside its fields).</summary>
    public string? PostedAction { get; private set; }

    [BindProperty(Name = "act")] public string? Act { get; set; }
    [BindProperty(Name = "revision")] public int? Revision { get; set; }
    [BindProperty(Name = "taskId")] public Guid? TaskId { get; set; }
    [BindProperty(Name = "comment")] public string? Comment { get; set; }
    [BindProperty(Name = "missing")] public List<string> Missing { get; set; } = [];
    [BindProperty(Name = "otherMissing")] public string? OtherMissing { get; set; }
    [BindProperty(Name = "targetStep")] public string? TargetStep { get; set; }
    [BindProperty(Name = "assigneeId")] public Guid? AssigneeId { get; set; }
    [BindProperty(Name = "procedure")] public string? Procedure { get; set; }
    [BindProperty(Name = "days")] public int? Days { get; set; }
    [BindProperty(Name = "extensionId")] public Guid? ExtensionId { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!MayHandle)
        {
            return Forbid();
        }
        return await LoadAsync(id, ct) ?? Page();
    }

    /// <summary>Streams one material's file, only to staff who may see the application (GetAsync decides); the download is audited.</summary>
    public async Task<IActionResult> OnGetMaterialAsync(Guid id, Guid materialId, CancellationToken ct)
    {
        if (!MayHandle)
        {
            return Forbid();
        }
        var result = await applications.GetAsync(User, id, ct);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        var material = result.Value!.Materials.FirstOrDefault(m => m.Id == materialId);
        if (material?.FileId is not { } fileId)
        {
            return NotFound();
        }
        var opened = await files.OpenAsync(fileId, ct);
        if (opened is null)
        {
            return NotFound();
        }
        await audit.WriteAsync(new AuditEvent(AuditActions.Export, SubjectType: ApplicationService.SubjectType, SubjectId: id.ToString(),
            Details: $"下载材料 {result.Value.Number} {material.Name} {opened.Info.FileName} SM3 {opened.Info.Sm3}"), ct);
        return File(opened.Content, opened.Info.ContentType, opened.Info.FileName);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!MayHandle)
        {
            return Forbid();
        }
        PostedAction = Act;
        var missing = Missing.Concat((OtherMissing ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var input = new ApplicationActionInput(Act, TaskId, Comment, missing, TargetStep, AssigneeId, Procedure, Days, ExtensionId, null,
            Revision ?? -1);
        var result = await applications.ActAsync(User, id, input, ct);
        if (result.Succeeded)
        {
            var name = Enum.TryParse<ApplicationAction>(Act, true, out var a) ? Bi(ApplicationStateMachine.Names(a)) : Act;
            return RedirectWithStatus($"/console/applications/{id}", "capp.status.done", name);
        }
        if (result.NotFound)
        {
            return NotFound();
        }
        // Show the refusal on the fresh state of the application: the forms then carry the current revision.
        var missingPage = await LoadAsync(id, ct);
        if (missingPage is not null)
        {
            return missingPage;
        }
        if (result.Errors is { } errors)
        {
            var prefix = (Act ?? "action") + "-";
            result = result with { Errors = errors.Select(e => e with { Field = prefix + e.Field }).ToList() };
        }
        return Refusal(result, Page)!;
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var result = await applications.GetAsync(User, id, ct);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        App = result.Value!;
        Item = await catalog.FindVersionAsync(App.ItemVersionId, ct);
        History = (await applications.HistoryAsync(User, id, ct)).Value ?? [];
        MyTask = App.Tasks.FirstOrDefault(MayWork);
        if (MyTask is not null)
        {
            var staff = (await people.ListStaffAsync(MyTask.DepartmentId, MyTask.Role, ct)).ToList();
            if (MyTask.Role != Roles.DepartmentLeader)
            {
                staff.AddRange(await people.ListStaffAsync(MyTask.DepartmentId, Roles.DepartmentLeader, ct));
            }
            Colleagues = staff.Where(s => s.Active).DistinctBy(s => s.Id).OrderBy(s => s.DisplayName, StringComparer.Ordinal).ToList();
        }
        Actions = App.AllowedActions.Where(Shows).ToList();
        return null;
    }

    private bool MayWork(WorkTaskView t) => ApplicationService.MayWork(User, t);

    private bool Shows(ApplicationAction action)
    {
        var leader = User.IsInRole(Roles.DepartmentLeader);
        return action switch
        {
            ApplicationAction.ApproveExtension or ApplicationAction.RejectExtension =>
                leader && PendingExtension is not null && (User.GetDepartmentId() == App.DepartmentId || App.Tasks.Any(t => t.Status == WorkTaskStatus.Open && t.DepartmentId == User.GetDepartmentId())),
            _ when MyTask is null => false,
            ApplicationAction.Accept or ApplicationAction.RefuseIntake => MyTask.Kind == StepKind.Intake,
            ApplicationAction.Approve or ApplicationAction.Deny => MyTask.Kind is StepKind.Review or StepKind.Decision,
            ApplicationAction.IssueResult => MyTask.Kind == StepKind.Issue,
            ApplicationAction.SendBack => MyTask.Kind is StepKind.Review or StepKind.Decision && SendBackTargets.Count > 0,
            ApplicationAction.Reassign => leader && Colleagues.Count > 0,
            ApplicationAction.Delegate => (MyTask.AssigneeId is null || MyTask.AssigneeId == User.GetUserId()) && Colleagues.Count > 0,
            ApplicationAction.RequestExtension => MyTask.Kind != StepKind.Intake && PendingExtension is null,
            ApplicationAction.RequestSupplement or ApplicationAction.StartSpecialProcedure or ApplicationAction.EndSpecialProcedure => true,
            _ => false,
        };
    }

    public ExtensionView? PendingExtension => App.Extensions.FirstOrDefault(e => e.Status == ExtensionStatusView.Pending);

    /// <summary>Earlier steps (after intake) the application may be sent back to: (key, name).</summary>
    public IReadOnlyList<(string Key, string Name)> SendBackTargets =>
        MyTask is null ? [] : App.Tasks.Where(t => t.Stage < MyTask.Stage && t.Kind != StepKind.Intake)
            .DistinctBy(t => t.StepKey).Select(t => (t.StepKey, t.StepName)).ToList();

    /// <summary>The label of a form field in the page's language.</summary>
    public string FormLabel(string key) =>
        Item?.FormFields.FirstOrDefault(f => f.Name == key) is { } f ? (Problems.IsChinese ? f.LabelZh : f.LabelEn) : key;

    /// <summary>Form values that are personal identifiers are shown masked; staff open the full value through 脱敏查看 elsewhere.</summary>
    public string FormValue(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "—";
        }
        var type = Item?.FormFields.FirstOrDefault(f => f.Name == key)?.Type;
        if (PersonNameFields.Contains(key) || (App.ApplicantKind == ApplicantKind.Person && value == App.ApplicantName))
        {
            return Masking.Name(value);
        }
        return type switch
        {
            FormFieldType.IdNumber when IdNumber.Validate(value).IsValid => IdNumber.Mask(value),
            FormFieldType.Mobile when MobileNumber.Validate(value).IsValid => MobileNumber.Mask(MobileNumber.Normalize(value)),
            _ => value,
        };
    }

    /// <summary>Form fields that hold a person's name: shown masked like the applicant.</summary>
    private static readonly HashSet<string> PersonNameFields = new(StringComparer.Ordinal) { "applicantName", "partnerName", "contactName", "babyName" };

    public string ApplicantDisplay => App.ApplicantKind == ApplicantKind.Business ? App.ApplicantName : Masking.Name(App.ApplicantName);

    public IEnumerable<FieldError> ErrorsOf(string action, string field) => ErrorsFor(action + "-" + field);

    public string? Posted(string action, string? value) => PostedAction == action ? value : null;
}
