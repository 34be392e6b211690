using Microsoft.AspNetCore.Http;
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

    /// <summary>The window clerk who took the application in may supply its supplement (补正材料) here, as the API allows.</summary>
    public bool MaySupply { get; private set; }

    /// <summary>The materials the supplement request listed and that are still missing: exactly what the form asks for.</summary>
    public IReadOnlyList<ApplicationMaterialView> SupplyMaterials => App.Materials.Where(m => m.Missing).ToList();

    /// <summary>Missing materials whose paper original the clerk checked at the window.</summary>
    [BindProperty(Name = "supplyPaper")] public List<Guid> SupplyPaper { get; set; } = [];

    public static string SupplyField(Guid materialId) => "supply-" + materialId;

    /// <summary>
    /// Scans uploaded by an earlier try of the supplement form that was refused: material id → staged file id. The page
    /// carries them in hidden fields, so a refusal never loses an upload and the clerk does not scan it again.
    /// </summary>
    [BindProperty(Name = "supplyStaged")] public Dictionary<string, Guid> SupplyStaged { get; set; } = [];

    /// <summary>File names of <see cref="SupplyStaged"/> (only the clerk's own staged files), to show what is already uploaded.</summary>
    public Dictionary<string, string> SupplyStagedNames { get; } = [];

    /// <summary>
    /// 补正材料 at the window: per missing material an upload (staged as the clerk, as 一窗受理 does) or the paper original
    /// checked; then <see cref="ApplicationService.ActAsync"/> with Supplement, so history, audit and the clock are the API's.
    /// </summary>
    public async Task<IActionResult> OnPostSupplyAsync(Guid id, CancellationToken ct)
    {
        if (!MayHandle)
        {
            return Forbid();
        }
        PostedAction = nameof(ApplicationAction.Supplement);
        if (await LoadAsync(id, ct) is { } missingPage)
        {
            return missingPage;
        }
        if (!MaySupply)
        {
            ShowRefusal(false, ("只有代申请人收件的窗口人员可以在此补正材料，且办件须处于待补正状态",
                "Only the window clerk who took the application in may supply its supplement here, while it awaits one."), null, null);
            return Page();
        }
        var materials = new List<MaterialInput>();
        var order = new List<Guid>();
        foreach (var m in SupplyMaterials)
        {
            var field = SupplyField(m.Id);
            var key = m.Id.ToString();
            var upload = Request.HasFormContentType ? Request.Form.Files.GetFile(field) : null;
            if (upload is { Length: > 0 })
            {
                await using var stream = upload.OpenReadStream();
                var staged = await files.StageAsync(User, upload.FileName, stream, ct);
                if (!staged.Succeeded)
                {
                    AddErrors(staged.Errors.Select(e => e with { Field = field }));
                    continue;
                }
                SupplyStaged[key] = staged.File!.Id;
                SupplyStagedNames[key] = staged.File.FileName;
                materials.Add(new MaterialInput(m.RequirementId, staged.File.Id, Name: m.Name));
                order.Add(m.Id);
            }
            else if (SupplyStaged.TryGetValue(key, out var stagedId))
            {
                // Attaching checks that the staged file is this clerk's own and still unattached.
                materials.Add(new MaterialInput(m.RequirementId, stagedId, Name: m.Name));
                order.Add(m.Id);
            }
            else if (SupplyPaper.Contains(m.Id))
            {
                materials.Add(new MaterialInput(m.RequirementId, null, Paper: true, Name: m.Name));
                order.Add(m.Id);
            }
            else
            {
                AddErrors([new FieldError(field, "material.required", "请上传文件，或勾选“已核验纸质原件”", "Upload a file, or tick \"paper original checked\".")]);
            }
        }
        await LoadSupplyStagedNamesAsync(ct);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var input = new ApplicationActionInput(nameof(ApplicationAction.Supplement), null, Comment, null, null, null, null, null, null, materials, Revision ?? -1);
        var result = await applications.ActAsync(User, id, input, ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/applications/{id}", "capp.status.done", Bi(ApplicationStateMachine.Names(ApplicationAction.Supplement)));
        }
        if (result.NotFound)
        {
            return NotFound();
        }
        await LoadAsync(id, ct);
        if (result.Errors is { } errors)
        {
            // "materials[i].fileId" names the i-th material of the request: show it beside that material.
            result = result with
            {
                Errors = errors.Select(e => e.Field.StartsWith("materials[", StringComparison.Ordinal)
                        && int.TryParse(e.Field.AsSpan(10, e.Field.IndexOf(']', StringComparison.Ordinal) - 10), out var i) && i < order.Count
                    ? e with { Field = SupplyField(order[i]) }
                    : e with { Field = "Supplement-" + e.Field }).ToList(),
            };
        }
        return Refusal(result, Page)!;
    }

    private async Task LoadSupplyStagedNamesAsync(CancellationToken ct)
    {
        foreach (var (key, name) in await files.OwnFileNamesAsync(User, SupplyStaged, ct))
        {
            SupplyStagedNames.TryAdd(key, name);
        }
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
        MaySupply = await applications.MaySupplyAtWindowAsync(User, id, ct);
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
