using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Hub.Modules.Applications;

public sealed partial class ApplicationService
{
    /// <summary>
    /// One action on an application. Concurrent decisions on the same step cannot both win: the application's revision
    /// is a concurrency token, so the second save fails; it is re-evaluated once against fresh data (a vote on another
    /// parallel step then goes through, a second decision on the same step is refused), or refused with 409 when the
    /// caller pinned the revision it read.
    /// </summary>
    public async Task<AppResult<ApplicationView>> ActAsync(ClaimsPrincipal user, Guid id, ApplicationActionInput input, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var refused = await ActOnceAsync(user, id, input, ct);
            if (refused is null)
            {
                return new(await ViewAsync(id, user, ct));
            }
            // Nothing of a refused action may ride along with a later save in the same request.
            db.ChangeTracker.Clear();
            if (refused.Conflict is null || input.Revision is not null || attempt >= 2)
            {
                return refused;
            }
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Null when the action was saved; otherwise why not.</summary>
    private async Task<AppResult<ApplicationView>?> ActOnceAsync(ClaimsPrincipal user, Guid id, ApplicationActionInput input, CancellationToken ct)
    {
        var app = await db.Set<Application>().Include(a => a.Materials).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || !await MaySeeAsync(user, app, ct))
        {
            return new(null, NotFound: true);
        }
        if (!Enum.TryParse<ApplicationAction>(input.Action, ignoreCase: true, out var action) || !Enum.IsDefined(action) || int.TryParse(input.Action, out _))
        {
            return new(null, [new FieldError("action", "action.unknown",
                "操作应为 " + string.Join("、", Enum.GetNames<ApplicationAction>()), "The action must be one of " + string.Join(", ", Enum.GetNames<ApplicationAction>()) + ".")]);
        }
        if (action == ApplicationAction.Submit)
        {
            return Forbid<ApplicationView>("请用保存草稿的接口提交草稿", "Submit a draft through the draft endpoint.");
        }
        // A stale page is told so first: what it shows may no longer allow the action.
        if (input.Revision is { } rev && rev != app.Revision)
        {
            return Stale();
        }
        if (!ApplicationStateMachine.Allows(app.Status, action))
        {
            return Invalid<ApplicationView>(app.Status, action);
        }
        var item = await catalog.FindVersionAsync(app.ItemVersionId, ct);
        var definition = await workflows.FindAsync(app.WorkflowId, ct);
        if (item is null || definition is null)
        {
            return new(null, NotFound: true);
        }
        var tasks = await db.Set<WorkTask>().Where(t => t.ApplicationId == app.Id && t.Status == WorkTaskStatus.Open).ToListAsync(ct);
        var from = app.Status;

        AppResult<ApplicationView>? refusal = action switch
        {
            ApplicationAction.Supplement => await SupplementAsync(user, app, item, tasks, definition, input, ct),
            ApplicationAction.Withdraw => Withdraw(user, app, tasks, input),
            _ => await OfficerActionAsync(user, app, item, tasks, definition, action, input, ct),
        };
        if (refusal is not null)
        {
            return refusal;
        }
        app.UpdatedAt = Now;
        app.Revision++;
        var (aZh, _) = ApplicationStateMachine.Names(action);
        audit.Record(new AuditEvent(AuditActions.Decide, SubjectType: SubjectType, SubjectId: app.Id.ToString(), PersonIndex: app.ApplicantIdIndex,
            Details: $"{app.Number} {aZh}: {from} → {app.Status}" + (string.IsNullOrWhiteSpace(input.Comment) ? "" : $"（{Trim(input.Comment, 200)}）")));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale();
        }
        return null;
    }

    private AppResult<ApplicationView>? Withdraw(ClaimsPrincipal user, Application app, List<WorkTask> tasks, ApplicationActionInput input)
    {
        if (!IsApplicant(user, app))
        {
            return Forbid<ApplicationView>("只有申请人可以撤回申请", "Only the applicant may withdraw the application.");
        }
        var from = app.Status;
        CloseAll(tasks, WorkTaskStatus.Cancelled, "申请人撤回");
        app.Status = ApplicationStatus.Withdrawn;
        app.CompletedAt = Now;
        History(app, ApplicationAction.Withdraw, from, null, user, input.Comment, app.DepartmentId);
        return null;
    }

    private async Task<AppResult<ApplicationView>?> SupplementAsync(ClaimsPrincipal user, Application app, ServiceItemView item, List<WorkTask> tasks,
        WorkflowDefinitionDocument definition, ApplicationActionInput input, CancellationToken ct)
    {
        var isClerk = app.Channel == ApplicationChannel.Window && user.IsInRole(Roles.WindowClerk) && user.GetUserId() == app.CreatedBy;
        if (!IsApplicant(user, app) && !isClerk)
        {
            return Forbid<ApplicationView>("只有申请人（或代其收件的窗口人员）可以补正材料", "Only the applicant (or the clerk who took it in) may supply the supplement.");
        }
        var errors = new List<FieldError>();
        var added = await BuildMaterialsAsync(user.GetUserId()!.Value, item, input.Materials, errors, strict: false, allowPaper: isClerk, ct);
        if (added.Count == 0)
        {
            errors.Add(new FieldError("materials", "material.required", "请上传补正的材料", "Upload the materials asked for."));
        }
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        foreach (var m in added)
        {
            m.ApplicationId = app.Id;
            m.Note = "补正";
            var stillMissing = app.Materials.Where(x => x.Missing && (x.RequirementId == m.RequirementId && m.RequirementId is not null || x.Name == m.Name)).ToList();
            foreach (var old in stillMissing)
            {
                old.Missing = false;
                old.Note = "已补正";
            }
            db.Add(m);
        }
        if (await AttachAsync(user.GetUserId()!.Value, added, app.Id, ct) is { Count: > 0 } attachErrors)
        {
            return new(null, attachErrors);
        }
        // Everything the supplement request listed must come in, not only the item's required materials.
        var missing = MissingRequired(item, app.Materials.Concat(added)).Select(r => r.Name)
            .Concat(app.Materials.Where(m => m.Missing).Select(m => m.Name)).Distinct().ToList();
        if (missing.Count > 0)
        {
            return new(null, missing.Select(n => new FieldError("materials", "material.missing", $"仍缺少材料“{n}”", $"The material \"{n}\" is still missing.")).ToList());
        }
        var from = app.Status;
        var pause = await db.Set<ClockPauseRecord>().Where(p => p.ApplicationId == app.Id && p.ResumedOn == null).ToListAsync(ct);
        foreach (var p in pause)
        {
            p.ResumedOn = Today;
        }
        app.Status = app.AcceptedOn is null ? ApplicationStatus.Submitted : ApplicationStatus.InReview;
        app.SupplementNote = null;
        if (app.AcceptedOn is not null)
        {
            await RecomputeDueAsync(app, ct);
        }
        DateOnly? intakeDue = app.AcceptedOn is null ? await IntakeDueAsync(ct) : null;
        foreach (var step in definition.StepsOf(app.Stage))
        {
            OpenTask(app, step, intakeDue);
        }
        if (app.Channel == ApplicationChannel.Window && app.AcceptedOn is null)
        {
            // Intake of a window application stays with the hall's clerks who took it in (their department).
            var windowDepartment = await db.Set<WorkTask>().AsNoTracking().Where(x => x.ApplicationId == app.Id && x.Kind == StepKind.Intake)
                .OrderBy(x => x.OpenedAt).Select(x => (Guid?)x.DepartmentId).FirstOrDefaultAsync(ct);
            foreach (var t in db.ChangeTracker.Entries<WorkTask>().Select(e => e.Entity)
                         .Where(t => t.ApplicationId == app.Id && t.Status == WorkTaskStatus.Open && t.Kind == StepKind.Intake))
            {
                t.DepartmentId = windowDepartment ?? t.DepartmentId;
                t.Role = Roles.WindowClerk;
            }
        }
        // The supplement answers the department that asked for it (at intake that may be the 行政审批服务局, not the item's).
        var askedBy = await db.Set<ApplicationEvent>().AsNoTracking()
            .Where(e => e.ApplicationId == app.Id && e.Action == ApplicationAction.RequestSupplement)
            .OrderByDescending(e => e.Id).Select(e => e.DepartmentId).FirstOrDefaultAsync(ct);
        History(app, ApplicationAction.Supplement, from, null, user,
            string.Join("、", added.Select(a => a.Name)) + (string.IsNullOrWhiteSpace(input.Comment) ? "" : "；" + input.Comment.Trim()),
            askedBy ?? app.DepartmentId);
        return null;
    }

    private async Task<AppResult<ApplicationView>?> OfficerActionAsync(ClaimsPrincipal user, Application app, ServiceItemView item, List<WorkTask> tasks,
        WorkflowDefinitionDocument definition, ApplicationAction action, ApplicationActionInput input, CancellationToken ct)
    {
        if (!IsStaff(user) || user.GetDepartmentId() is not { } dept)
        {
            return Forbid<ApplicationView>("只有承办部门的工作人员可以办理", "Only staff of the departments handling it may act on an application.");
        }
        // Extension decisions belong to the leader of the department whose step is running; everything else to a task holder.
        if (action is ApplicationAction.ApproveExtension or ApplicationAction.RejectExtension)
        {
            return await DecideExtensionAsync(user, app, tasks, action, input, ct);
        }
        var task = input.TaskId is { } tid ? tasks.FirstOrDefault(t => t.Id == tid) : tasks.FirstOrDefault(t => MayWork(user, t));
        if (task is null)
        {
            // Someone may have just finished this step: that is a conflict, not a lack of rights.
            var current = await db.Set<Application>().AsNoTracking().Where(a => a.Id == app.Id).Select(a => a.Revision).FirstAsync(ct);
            if (current != app.Revision)
            {
                return Stale();
            }
            return input.TaskId is null
                ? Forbid<ApplicationView>("您没有该办件当前环节的待办任务", "You have no open task on this application's current step.")
                : new(null, Conflict: ("该环节已办理或已不在当前环节", "This step has already been handled or is no longer current."));
        }
        if (!MayWork(user, task))
        {
            return Forbid<ApplicationView>("该环节不属于您：须为对应部门、角色，且未指派给他人", "This step is not yours: it belongs to another department, role or assignee.");
        }
        var step = definition.Find(task.StepKey);
        var stepName = task.StepName;
        var from = app.Status;
        switch (action)
        {
            case ApplicationAction.Accept:
            case ApplicationAction.RefuseIntake:
                if (task.Kind != StepKind.Intake)
                {
                    return Invalid<ApplicationView>(app.Status, action);
                }
                if (action == ApplicationAction.RefuseIntake)
                {
                    if (string.IsNullOrWhiteSpace(input.Comment))
                    {
                        return Required("comment", "不予受理须写明理由", "A refusal of intake needs its reason.");
                    }
                    CloseAll(tasks, WorkTaskStatus.Done, "不予受理");
                    app.Status = ApplicationStatus.IntakeRefused;
                    app.RefusalReason = Trim(input.Comment.Trim(), 2000);
                    app.CompletedAt = Now;
                    app.CompletedOn = Today;
                    History(app, action, from, stepName, user, input.Comment);
                    hooks.IntakeRefused(app);
                    return null;
                }
                var missing = MissingRequired(item, app.Materials);
                if (missing.Count > 0)
                {
                    return new(null, missing.Select(r => new FieldError("materials", "material.missing",
                        $"缺少材料“{r.Name}”，请一次性告知补正", $"The material \"{r.Name}\" is missing; request a supplement instead.")).ToList());
                }
                await AcceptCoreAsync(app, item, task, user, input.Comment, ct);
                return null;

            case ApplicationAction.RequestSupplement:
                {
                    var list = (input.Missing ?? []).Select(s => s?.Trim()).Where(s => !string.IsNullOrEmpty(s)).Distinct().ToList();
                    if (list.Count == 0)
                    {
                        return Required("missing", "请一次性列出所有需要补正的材料", "List everything that is missing, all at once.");
                    }
                    CloseAll(tasks, WorkTaskStatus.Cancelled, "补正");
                    task.Status = WorkTaskStatus.Done;
                    task.Outcome = "一次性告知补正";
                    task.ClosedAt = Now;
                    task.AssigneeId ??= user.GetUserId();
                    task.AssigneeName ??= user.Identity?.Name;
                    foreach (var name in list)
                    {
                        var requirement = item.Materials.FirstOrDefault(r => r.Name == name || r.Id.ToString() == name);
                        var existing = app.Materials.FirstOrDefault(m => requirement is not null ? m.RequirementId == requirement.Id : m.Name == name);
                        if (existing is not null)
                        {
                            existing.Missing = true;
                            existing.Note = "需补正";
                        }
                        else
                        {
                            db.Add(new ApplicationMaterial
                            {
                                Id = Guid.CreateVersion7(), ApplicationId = app.Id, RequirementId = requirement?.Id, Name = Trim(requirement?.Name ?? name!, 200),
                                Source = "applicant", Missing = true, Note = "需补正", AddedAt = Now,
                            });
                        }
                    }
                    app.SupplementNote = Trim(string.Join("；", list) + (string.IsNullOrWhiteSpace(input.Comment) ? "" : "。" + input.Comment.Trim()), 2000);
                    app.Status = ApplicationStatus.SupplementRequested;
                    if (app.AcceptedOn is not null)
                    {
                        // During review the clock stops until the applicant supplies (行政许可法 第三十二条, 补正 pauses the limit).
                        db.Add(new ClockPauseRecord { Id = Guid.CreateVersion7(), ApplicationId = app.Id, Supplement = true, PausedOn = Today, Reason = app.SupplementNote });
                        app.DueOn = null;
                    }
                    History(app, action, from, stepName, user, app.SupplementNote);
                    hooks.SupplementRequested(app);
                    return null;
                }

            case ApplicationAction.Approve:
            case ApplicationAction.Deny:
                if (task.Kind is StepKind.Intake or StepKind.Issue)
                {
                    return Invalid<ApplicationView>(app.Status, action);
                }
                if (action == ApplicationAction.Deny && string.IsNullOrWhiteSpace(input.Comment))
                {
                    return Required("comment", "不同意须写明理由", "A denial needs its reasons.");
                }
                return await VoteAsync(user, app, item, task, step, tasks, definition, action == ApplicationAction.Approve, input.Comment, ct);

            case ApplicationAction.SendBack:
                {
                    var target = definition.Find(input.TargetStep ?? "");
                    if (target is null || target.Stage >= app.Stage)
                    {
                        return Required("targetStep", "请选择要退回到的前一环节", "Choose an earlier step to send it back to.");
                    }
                    if (target.Kind == StepKind.Intake)
                    {
                        return Required("targetStep", "已受理的办件不能退回受理环节；需要材料请一次性告知补正", "An accepted application cannot go back to intake; request a supplement instead.");
                    }
                    if (string.IsNullOrWhiteSpace(input.Comment))
                    {
                        return Required("comment", "退回须写明理由", "Sending back needs a reason.");
                    }
                    CloseAll(tasks, WorkTaskStatus.Cancelled, "退回");
                    app.Stage = target.Stage;
                    app.Status = ApplicationStatus.InReview;
                    app.Decision = null;
                    foreach (var s in definition.StepsOf(target.Stage))
                    {
                        OpenTask(app, s);
                    }
                    History(app, action, from, stepName, user, $"退回至“{target.NameZh}”：{input.Comment}");
                    return null;
                }

            case ApplicationAction.Reassign:
            case ApplicationAction.Delegate:
                {
                    if (input.AssigneeId is not { } assigneeId)
                    {
                        return Required("assigneeId", "请选择接办人", "Choose who takes it over.");
                    }
                    if (action == ApplicationAction.Reassign && !user.IsInRole(Roles.DepartmentLeader) && !user.IsInRole(Roles.DepartmentSystem))
                    {
                        return Forbid<ApplicationView>("改派须由部门负责人操作；经办人可委托代办", "Only the department leader reassigns; the officer holding it may delegate.");
                    }
                    if (action == ApplicationAction.Delegate && task.AssigneeId is { } holder && holder != user.GetUserId())
                    {
                        return Forbid<ApplicationView>("只有当前经办人可以委托代办", "Only the officer holding the step may delegate it.");
                    }
                    var staff = await people.FindStaffAsync(assigneeId, ct);
                    if (staff is null || staff.DepartmentId != task.DepartmentId
                        || !(staff.Roles.Contains(task.Role) || staff.Roles.Contains(Roles.DepartmentLeader)))
                    {
                        return Required("assigneeId", "接办人须是本部门具有该环节角色的工作人员", "The new holder must be staff of the step's department with the step's role.");
                    }
                    var old = task.AssigneeName;
                    task.AssigneeId = staff.Id;
                    task.AssigneeName = staff.DisplayName;
                    History(app, action, from, stepName, user, $"{old ?? "（未指派）"} → {staff.DisplayName}" + (string.IsNullOrWhiteSpace(input.Comment) ? "" : "：" + input.Comment));
                    return null;
                }

            case ApplicationAction.StartSpecialProcedure:
                {
                    if (!Enum.TryParse<SpecialProcedureKind>(input.Procedure, true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(input.Procedure, out _))
                    {
                        return Required("procedure", "请选择特别程序：Hearing（听证）、Testing（检验检测）、ExpertReview（专家评审）或 Other", "Choose the procedure: Hearing, Testing, ExpertReview or Other.");
                    }
                    if (input.Days is not (>= 1 and <= 250))
                    {
                        return Required("days", "特别程序时限应为 1 到 250 个工作日", "The procedure's limit must be 1 to 250 working days.");
                    }
                    if (string.IsNullOrWhiteSpace(input.Comment))
                    {
                        return Required("comment", "请说明启动特别程序的理由", "State why the special procedure is needed.");
                    }
                    db.Add(new ClockPauseRecord
                    {
                        Id = Guid.CreateVersion7(), ApplicationId = app.Id, Procedure = kind, ProcedureLimitDays = input.Days, PausedOn = Today, Reason = Trim(input.Comment.Trim(), 1000),
                    });
                    app.Status = ApplicationStatus.SpecialProcedure;
                    app.DueOn = null;
                    // The decision's clock stops; the procedure has its own limit, and the queue orders the step by it.
                    var procedureDue = (await calendar.GetAsync(ct)).AddWorkingDays(Today, input.Days.Value);
                    foreach (var t in tasks)
                    {
                        t.DueOn = procedureDue;
                    }
                    var (kZh, _) = ApplicationStateMachine.Names(kind);
                    History(app, action, from, stepName, user, $"{kZh}，时限 {input.Days} 个工作日：{input.Comment}");
                    return null;
                }

            case ApplicationAction.EndSpecialProcedure:
                {
                    var open = await db.Set<ClockPauseRecord>().Where(p => p.ApplicationId == app.Id && p.ResumedOn == null && p.Procedure != null).ToListAsync(ct);
                    foreach (var p in open)
                    {
                        p.ResumedOn = Today;
                    }
                    app.Status = ApplicationStatus.InReview;
                    await RecomputeDueAsync(app, ct);
                    SetTaskDue(app, tasks);
                    History(app, action, from, stepName, user, input.Comment);
                    return null;
                }

            case ApplicationAction.RequestExtension:
                {
                    if (input.Days is not { } days || days < 1 || days > options.Value.MaxExtensionDays)
                    {
                        return Required("days", $"延期天数应为 1 到 {options.Value.MaxExtensionDays} 个工作日", $"An extension is 1 to {options.Value.MaxExtensionDays} working days.");
                    }
                    if (string.IsNullOrWhiteSpace(input.Comment))
                    {
                        return Required("comment", "请说明延期理由", "State the reason for the extension.");
                    }
                    if (await db.Set<ExtensionRequest>().AnyAsync(e => e.ApplicationId == app.Id && e.Status == ExtensionStatus.Pending, ct))
                    {
                        return new(null, Conflict: ("已有一份延期申请待负责人审批", "An extension request is already waiting for the leader."));
                    }
                    db.Add(new ExtensionRequest
                    {
                        Id = Guid.CreateVersion7(), ApplicationId = app.Id, Days = days, Reason = Trim(input.Comment.Trim(), 1000), RequestedBy = user.GetUserId()!.Value,
                        RequestedAt = Now, Status = ExtensionStatus.Pending,
                    });
                    History(app, action, from, stepName, user, $"申请延期 {days} 个工作日：{input.Comment}");
                    return null;
                }

            case ApplicationAction.IssueResult:
                if (task.Kind != StepKind.Issue)
                {
                    return Invalid<ApplicationView>(app.Status, action);
                }
                CloseAll(tasks, WorkTaskStatus.Done, "已送达");
                task.AssigneeId ??= user.GetUserId();
                task.AssigneeName ??= user.Identity?.Name;
                app.Status = ApplicationStatus.Completed;
                app.CompletedAt = Now;
                app.CompletedOn = Today;
                app.OnTime = app.DueOn is null || Today <= app.DueOn;
                History(app, action, from, stepName, user, input.Comment);
                await hooks.CompletedAsync(app, item, definition, ct);
                return null;
        }
        return Invalid<ApplicationView>(app.Status, action);
    }

    private async Task<AppResult<ApplicationView>?> VoteAsync(ClaimsPrincipal user, Application app, ServiceItemView item, WorkTask task, WorkflowStep? step,
        List<WorkTask> tasks, WorkflowDefinitionDocument definition, bool approve, string? comment, CancellationToken ct)
    {
        var from = app.Status;
        var userId = user.GetUserId()!.Value;
        step ??= new WorkflowStep { Key = task.StepKey, NameZh = task.StepName, Kind = task.Kind, Stage = task.Stage };
        if (step.Countersign != CountersignMode.Alone && task.Kind == StepKind.Review)
        {
            if (await db.Set<StepVote>().AnyAsync(v => v.TaskId == task.Id && v.UserId == userId, ct))
            {
                return new(null, Conflict: ("您已对该环节签署过意见", "You have already signed this step."));
            }
            db.Add(new StepVote { Id = Guid.CreateVersion7(), TaskId = task.Id, UserId = userId, UserName = user.Identity?.Name ?? "", Approve = approve, Comment = comment, At = Now });
            if (approve)
            {
                task.Approvals++;
            }
            else
            {
                task.Denials++;
            }
            History(app, approve ? ApplicationAction.Approve : ApplicationAction.Deny, from, task.StepName, user,
                $"会签 {task.Approvals}/{step.Required} 同意" + (string.IsNullOrWhiteSpace(comment) ? "" : "：" + comment));
            if (task.Approvals < step.Required && task.Denials < step.DenialsToFail)
            {
                return null;
            }
            approve = task.Approvals >= step.Required;
        }
        else
        {
            History(app, approve ? ApplicationAction.Approve : ApplicationAction.Deny, from, task.StepName, user, comment);
        }
        task.Status = WorkTaskStatus.Done;
        task.Outcome = approve ? "同意" : "不同意" + (string.IsNullOrWhiteSpace(comment) ? "" : "：" + Trim(comment, 400));
        task.ClosedAt = Now;
        task.AssigneeId ??= userId;
        task.AssigneeName ??= user.Identity?.Name;

        if (task.Kind == StepKind.Decision)
        {
            app.Decision = approve ? Decision.Approved : Decision.Denied;
            app.DecisionReason = comment is null ? null : Trim(comment.Trim(), 2000);
            app.DecidedAt = Now;
            app.Status = ApplicationStatus.Decided;
            AdvanceStage(app, definition);
            hooks.Decided(app);
            return null;
        }
        // A parallel stage moves on when its last step is done (并联审批).
        if (tasks.Any(t => t.Id != task.Id && t.Stage == task.Stage && t.Status == WorkTaskStatus.Open))
        {
            return null;
        }
        AdvanceStage(app, definition);
        return null;
    }

    private void AdvanceStage(Application app, WorkflowDefinitionDocument definition)
    {
        if (definition.NextStage(app.Stage) is not { } next)
        {
            return;
        }
        app.Stage = next;
        foreach (var s in definition.StepsOf(next))
        {
            OpenTask(app, s);
        }
    }

    /// <summary>Intake accepted: the clock starts (the day of acceptance does not count), review tasks open.</summary>
    private async Task AcceptCoreAsync(Application app, ServiceItemView item, WorkTask task, ClaimsPrincipal user, string? comment, CancellationToken ct)
    {
        var from = app.Status;
        task.Status = WorkTaskStatus.Done;
        task.Outcome = "受理";
        task.ClosedAt = Now;
        task.AssigneeId ??= user.GetUserId();
        task.AssigneeName ??= user.Identity?.Name;
        app.AcceptedOn = Today;
        app.Status = ApplicationStatus.InReview;
        await RecomputeDueAsync(app, ct);
        var definition = await workflows.FindAsync(app.WorkflowId, ct) ?? WorkflowDefinitionDocument.Default;
        History(app, ApplicationAction.Accept, from, task.StepName, user, comment);
        AdvanceStage(app, definition);
        hooks.Accepted(app);
    }

    private async Task<AppResult<ApplicationView>?> DecideExtensionAsync(ClaimsPrincipal user, Application app, List<WorkTask> tasks, ApplicationAction action,
        ApplicationActionInput input, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.DepartmentLeader) || !(user.GetDepartmentId() == app.DepartmentId || tasks.Any(t => t.DepartmentId == user.GetDepartmentId())))
        {
            return Forbid<ApplicationView>("延期须由承办部门负责人审批", "Only the leader of the handling department decides on an extension.");
        }
        var request = await db.Set<ExtensionRequest>().Where(e => e.ApplicationId == app.Id && e.Status == ExtensionStatus.Pending)
            .FirstOrDefaultAsync(e => input.ExtensionId == null || e.Id == input.ExtensionId, ct);
        if (request is null)
        {
            return new(null, Conflict: ("没有待审批的延期申请", "There is no extension request waiting."));
        }
        var from = app.Status;
        request.Status = action == ApplicationAction.ApproveExtension ? ExtensionStatus.Approved : ExtensionStatus.Rejected;
        request.DecidedBy = user.GetUserId();
        request.DecidedOn = Today;
        if (request.Status == ExtensionStatus.Approved)
        {
            app.ExtensionDays += request.Days;
            await RecomputeDueAsync(app, ct);
            SetTaskDue(app, tasks);
        }
        History(app, action, from, null, user, $"{request.Days} 个工作日" + (string.IsNullOrWhiteSpace(input.Comment) ? "" : "：" + input.Comment));
        return null;
    }

    /// <summary>The due date from acceptance, the limit, every pause and every approved extension, on the calendar in force.</summary>
    private async Task RecomputeDueAsync(Application app, CancellationToken ct)
    {
        if (app.AcceptedOn is not { } accepted)
        {
            return;
        }
        var pauses = await db.Set<ClockPauseRecord>().AsNoTracking().Where(p => p.ApplicationId == app.Id).ToListAsync(ct);
        pauses.AddRange(db.ChangeTracker.Entries<ClockPauseRecord>().Where(e => e.State == EntityState.Added || e.State == EntityState.Modified)
            .Select(e => e.Entity).Where(p => p.ApplicationId == app.Id));
        var clockPauses = pauses.GroupBy(p => p.Id).Select(g => g.Last()).Select(p => new ClockPause(p.PausedOn, p.ResumedOn)).ToList();
        var extensions = app.ExtensionDays > 0 ? new[] { new ClockExtension(app.ExtensionDays) } : [];
        app.DueOn = Deadlines.DueDate(await calendar.GetAsync(ct), accepted, app.LimitDays, clockPauses, extensions);
        SetTaskDue(app, db.ChangeTracker.Entries<WorkTask>().Select(e => e.Entity).Where(t => t.ApplicationId == app.Id && t.Status == WorkTaskStatus.Open).ToList());
    }

    private static void SetTaskDue(Application app, IEnumerable<WorkTask> tasks)
    {
        if (app.DueOn is null)
        {
            return;
        }
        foreach (var t in tasks.Where(t => t.Status == WorkTaskStatus.Open && t.Kind != StepKind.Intake))
        {
            t.DueOn = app.DueOn;
        }
    }

    private void CloseAll(IEnumerable<WorkTask> tasks, WorkTaskStatus status, string outcome)
    {
        foreach (var t in tasks.Where(t => t.Status == WorkTaskStatus.Open))
        {
            t.Status = status;
            t.Outcome ??= outcome;
            t.ClosedAt = Now;
        }
    }

    /// <summary>A task is the caller's: their department, their role (a leader may do an officer's work), and not assigned to someone else.</summary>
    public static bool MayWork(ClaimsPrincipal user, WorkTask task) =>
        MayWork(user, task.Status == WorkTaskStatus.Open, task.DepartmentId, task.Role, task.AssigneeId);

    /// <summary>The same rule on what a page shows of a step.</summary>
    public static bool MayWork(ClaimsPrincipal user, WorkTaskView task) =>
        MayWork(user, task.Status == WorkTaskStatus.Open, task.DepartmentId, task.Role, task.AssigneeId);

    private static bool MayWork(ClaimsPrincipal user, bool open, Guid departmentId, string role, Guid? assigneeId)
    {
        if (!open || user.GetDepartmentId() != departmentId)
        {
            return false;
        }
        if (user.IsInRole(Roles.DepartmentSystem))
        {
            return true;
        }
        var leader = user.IsInRole(Roles.DepartmentLeader);
        var hasRole = user.IsInRole(role) || (leader && role == Roles.Officer);
        return hasRole && (assigneeId is null || assigneeId == user.GetUserId() || leader);
    }

    private static bool IsApplicant(ClaimsPrincipal user, Application app) =>
        user.GetUserId() is { } uid && IsCitizen(user) && (app.ApplicantUserId == uid || app.CreatedBy == uid);

    /// <summary>The applicant, and staff of every department with a step on it (now or before); nobody else.</summary>
    private async Task<bool> MaySeeAsync(ClaimsPrincipal user, Application app, CancellationToken ct)
    {
        if (IsApplicant(user, app))
        {
            return true;
        }
        if (!IsStaff(user) || user.GetDepartmentId() is not { } dept)
        {
            return false;
        }
        return app.DepartmentId == dept || app.CreatedBy == user.GetUserId()
            || await db.Set<WorkTask>().AnyAsync(t => t.ApplicationId == app.Id && t.DepartmentId == dept, ct);
    }

    private static AppResult<ApplicationView> Required(string field, string zh, string en) => new(null, [new FieldError(field, field + ".required", zh, en)]);
}
