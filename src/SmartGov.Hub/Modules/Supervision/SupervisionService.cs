using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Modules.Supervision.Model;

namespace SmartGov.Hub.Modules.Supervision;

/// <summary>
/// Key tasks, their decomposition, the process and progress. Supervisors create, assign, review and close; a
/// department's officers and leader see and act only on sub-tasks their department leads or is co-assigned to. The
/// system administrator (and any other role) sees none of it.
/// </summary>
public sealed partial class SupervisionService(SmartGovDbContext db, IAuditSink audit, IWorkingCalendar calendar, TimeProvider clock,
    IOptions<SupervisionOptions> options, IOrganizationDirectory organizations, MaterialFiles files)
{
    public const string SubjectType = "supervision-subtask";

    /// <summary>The subject of the hub's stored files that are attached to a progress report.</summary>
    public const string ReportFileSubject = "supervision-report";

    /// <summary>
    /// In department scores a sub-task counts fully for its lead department and at this weight for each co-department
    /// (配合单位): the lead answers for the result, the co-departments share in it.
    /// </summary>
    public const double CoDepartmentWeight = 0.5;

    public static bool IsSupervisor(ClaimsPrincipal user) => user.IsInRole(Roles.Supervisor);

    public static bool IsDepartmentStaff(ClaimsPrincipal user) =>
        (user.IsInRole(Roles.Officer) || user.IsInRole(Roles.DepartmentLeader)) && user.GetDepartmentId() is not null;

    /// <summary>Supervisors, and department officers and leaders; nobody else sees supervision data.</summary>
    public static bool MayUse(ClaimsPrincipal user) => IsSupervisor(user) || IsDepartmentStaff(user);

    public static bool Involves(SubTask s, Guid departmentId) =>
        s.LeadDepartmentId == departmentId || s.CoDepartments.Any(c => c.DepartmentId == departmentId);

    public static bool MaySee(ClaimsPrincipal user, SubTask s) =>
        IsSupervisor(user) || (IsDepartmentStaff(user) && Involves(s, user.GetDepartmentId()!.Value));

    private DateOnly Today => ChinaTime.Today(clock);

    // ---- key tasks ----

    public async Task<SupResult<KeyTaskView>> CreateKeyTaskAsync(ClaimsPrincipal user, KeyTaskInput input, CancellationToken ct)
    {
        if (!IsSupervisor(user))
        {
            return Forbid<KeyTaskView>("只有督查人员可以立项", "Only supervisors may register key tasks.");
        }
        var errors = new FieldErrors();
        errors.Required("title", input.Title, "事项名称", "Title");
        if (input.Description is { Length: > 4000 })
        {
            errors.Add("description", "too-long", "说明不能超过 4000 个字符", "The description must be at most 4000 characters.");
        }
        if (!SupervisionParsing.TrySource(input.Source, out var source))
        {
            errors.Add("source", "source.unknown", "来源应为 WorkReport（政府工作报告）、LeaderInstruction（领导批示）、MeetingDecision（会议决定）或 Proposal（建议提案）",
                "The source must be WorkReport, LeaderInstruction, MeetingDecision or Proposal.");
        }
        var priority = TaskPriority.Normal;
        if (input.Priority is not null && !SupervisionParsing.TryPriority(input.Priority, out priority))
        {
            errors.Add("priority", "priority.unknown", "优先级应为 Normal、High 或 Urgent", "The priority must be Normal, High or Urgent.");
        }
        if (input.DueOn is null)
        {
            errors.Add("dueOn", "required", "请填写办结期限", "The deadline is required.");
        }
        else if (input.DueOn < Today)
        {
            errors.Add("dueOn", "dueOn.past", "办结期限不能早于今天", "The deadline cannot be in the past.");
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var task = new KeyTask
        {
            Title = input.Title!.Trim(), Description = input.Description?.Trim(), Source = source, Priority = priority,
            DueOn = input.DueOn!.Value, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedById = user.GetUserId(),
        };
        db.Add(task);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "supervision-task", SubjectId: task.Id.ToString(),
            Details: $"立项 {source} {task.Title}"));
        await db.SaveChangesAsync(ct);
        return new(await BuildKeyTaskAsync(task, user, ct));
    }

    public async Task<IReadOnlyList<KeyTaskView>> ListKeyTasksAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var tasks = await db.Set<KeyTask>().AsNoTracking().OrderBy(t => t.DueOn).ThenBy(t => t.Title).ToListAsync(ct);
        var result = new List<KeyTaskView>();
        var subs = await LoadSubTasksAsync(null, ct);
        var cal = await calendar.GetAsync(ct);
        foreach (var t in tasks)
        {
            var view = Build(t, subs.Where(s => s.KeyTaskId == t.Id).ToList(), cal, user);
            if (IsSupervisor(user) || view.SubTasks.Count > 0)
            {
                result.Add(view);
            }
        }
        return result;
    }

    public async Task<SupResult<KeyTaskView>> GetKeyTaskAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var task = await db.Set<KeyTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return new(null, NotFound: true);
        }
        var view = await BuildKeyTaskAsync(task, user, ct);
        if (!IsSupervisor(user) && view.SubTasks.Count == 0)
        {
            return Forbid<KeyTaskView>("该督查事项未交办给本部门", "This key task is not assigned to your department.");
        }
        return new(view);
    }

    // ---- decomposition ----

    public async Task<SupResult<SubTaskView>> AddSubTaskAsync(ClaimsPrincipal user, Guid keyTaskId, SubTaskInput input, CancellationToken ct)
    {
        if (!IsSupervisor(user))
        {
            return Forbid<SubTaskView>("只有督查人员可以分解任务", "Only supervisors may decompose key tasks.");
        }
        var task = await db.Set<KeyTask>().SingleOrDefaultAsync(t => t.Id == keyTaskId, ct);
        if (task is null)
        {
            return new(null, NotFound: true);
        }
        var errors = new FieldErrors();
        errors.Required("title", input.Title, "任务名称", "Title");
        // Through the Organizations module's public directory, never its tables; only active departments take work.
        var deptIds = (await organizations.ListDepartmentsAsync(ct)).Where(d => d.IsActive).Select(d => d.Id).ToHashSet();
        if (input.LeadDepartmentId is not { } lead || !deptIds.Contains(lead))
        {
            errors.Add("leadDepartmentId", "department.unknown", "请选择存在的牵头部门", "Choose an existing lead department.");
        }
        var co = (input.CoDepartmentIds ?? []).Distinct().ToList();
        if (co.Any(c => !deptIds.Contains(c)))
        {
            errors.Add("coDepartmentIds", "department.unknown", "配合部门不存在", "A co-department does not exist.");
        }
        if (input.LeadDepartmentId is { } l2 && co.Contains(l2))
        {
            errors.Add("coDepartmentIds", "department.lead", "牵头部门不能同时是配合部门", "The lead department cannot also be a co-department.");
        }
        if (input.DueOn is not { } due)
        {
            errors.Add("dueOn", "required", "请填写完成期限", "The deadline is required.");
        }
        else if (due > task.DueOn)
        {
            errors.Add("dueOn", "dueOn.after-parent", $"完成期限不能晚于督查事项的期限 {task.DueOn:yyyy-MM-dd}", $"The deadline cannot be after the key task's deadline {task.DueOn:yyyy-MM-dd}.");
        }
        if (input.Weight is < 1 or > 100)
        {
            errors.Add("weight", "weight.range", "权重应在 1 到 100 之间", "The weight must be between 1 and 100.");
        }
        SubTask? parent = null;
        if (input.ParentId is { } pid)
        {
            parent = await db.Set<SubTask>().SingleOrDefaultAsync(s => s.Id == pid && s.KeyTaskId == keyTaskId, ct);
            if (parent is null)
            {
                errors.Add("parentId", "parent.unknown", "上级任务不存在", "The parent sub-task does not exist in this key task.");
            }
            else if (input.DueOn is { } d2 && d2 > parent.DueOn)
            {
                errors.Add("dueOn", "dueOn.after-parent", $"完成期限不能晚于上级任务的期限 {parent.DueOn:yyyy-MM-dd}", $"The deadline cannot be after the parent's deadline {parent.DueOn:yyyy-MM-dd}.");
            }
        }
        var milestones = input.Milestones ?? [];
        for (var i = 0; i < milestones.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(milestones[i].Title) || milestones[i].DueOn is null)
            {
                errors.Add($"milestones[{i}]", "required", $"第 {i + 1} 个节点需要名称和日期", $"Milestone {i + 1} needs a title and a date.");
            }
            else if (input.DueOn is { } d3 && milestones[i].DueOn > d3)
            {
                errors.Add($"milestones[{i}].dueOn", "dueOn.after-parent", $"第 {i + 1} 个节点晚于任务期限", $"Milestone {i + 1} is after the sub-task's deadline.");
            }
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var sub = new SubTask
        {
            KeyTaskId = keyTaskId, ParentId = parent?.Id, Title = input.Title!.Trim(), LeadDepartmentId = input.LeadDepartmentId!.Value,
            DueOn = input.DueOn!.Value, SignDueOn = input.SignDueOn, Weight = input.Weight ?? 1,
            CoDepartments = co.Select(c => new SubTaskCoDepartment { DepartmentId = c }).ToList(),
            Milestones = milestones.Select(m => new Milestone { Title = m.Title!.Trim(), DueOn = m.DueOn!.Value }).ToList(),
        };
        db.Add(sub);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: SubjectType, SubjectId: sub.Id.ToString(),
            Details: $"分解 {task.Title} / {sub.Title}"));
        await db.SaveChangesAsync(ct);
        return new(await ViewAsync(user, sub.Id, ct));
    }

    // ---- sub-tasks ----

    public async Task<IReadOnlyList<SubTaskView>> ListSubTasksAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var subs = await LoadSubTasksAsync(null, ct);
        var cal = await calendar.GetAsync(ct);
        var tasks = await db.Set<KeyTask>().AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        return subs.Where(s => MaySee(user, s)).Select(s => View(s, subs, tasks[s.KeyTaskId], cal, user))
            .OrderBy(v => v.DueOn).ToList();
    }

    public async Task<SupResult<SubTaskView>> GetSubTaskAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var sub = await db.Set<SubTask>().AsNoTracking().Include(s => s.CoDepartments).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sub is null)
        {
            return new(null, NotFound: true);
        }
        return MaySee(user, sub) ? new(await ViewAsync(user, id, ct)) : NotYours();
    }

    public async Task<SupResult<SubTaskView>> TransitionAsync(ClaimsPrincipal user, Guid id, TransitionInput input, CancellationToken ct)
    {
        var sub = await db.Set<SubTask>().Include(s => s.CoDepartments).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sub is null)
        {
            return new(null, NotFound: true);
        }
        if (!MaySee(user, sub))
        {
            return NotYours();
        }
        if (!SupervisionParsing.TryAction(input.Action, out var action))
        {
            return new(null, [new FieldError("action", "action.unknown",
                "操作应为 Assign、SignFor、Start、SubmitFeedback、Approve、Reject、Close、Suspend 或 Resume",
                "The action must be Assign, SignFor, Start, SubmitFeedback, Approve, Reject, Close, Suspend or Resume.")]);
        }
        var (actionZh, actionEn) = SupervisionWorkflow.Names(action);
        if (SupervisionWorkflow.ByDepartment(action))
        {
            if (!(IsDepartmentStaff(user) && user.GetDepartmentId() == sub.LeadDepartmentId))
            {
                return Forbid<SubTaskView>($"只有牵头部门可以{actionZh}", $"Only the lead department may {actionEn}.");
            }
        }
        else if (!IsSupervisor(user))
        {
            return Forbid<SubTaskView>($"只有督查人员可以{actionZh}", $"Only supervisors may {actionEn}.");
        }
        if (input.Revision is { } rev && rev != sub.Revision)
        {
            return Stale();
        }
        var next = SupervisionWorkflow.Next(sub.Status, action, sub.SuspendedFrom);
        if (next is null)
        {
            var (fromZh, fromEn) = SupervisionWorkflow.Names(sub.Status);
            return new(null, [new FieldError("action", "transition.invalid",
                $"当前状态为“{fromZh}”，不能{actionZh}", $"The sub-task is {fromEn.ToLowerInvariant()}; it cannot {actionEn} now.")]);
        }
        var today = Today;
        var from = sub.Status;
        switch (action)
        {
            case SubTaskAction.Assign:
                sub.AssignedOn = today;
                sub.SignDueOn ??= (await calendar.GetAsync(ct)).AddWorkingDays(today, options.Value.SignForDays);
                break;
            case SubTaskAction.SignFor:
                sub.SignedOn = today;
                break;
            case SubTaskAction.SubmitFeedback:
                break;
            case SubTaskAction.Approve:
                sub.CompletedOn = today;
                sub.Percent = 100;
                sub.LastReportRejected = false;
                break;
            case SubTaskAction.Reject:
                sub.Rejections++;
                sub.LastReportRejected = true;
                break;
            case SubTaskAction.Suspend:
                sub.SuspendedFrom = sub.Status;
                break;
            case SubTaskAction.Resume:
                sub.SuspendedFrom = null;
                break;
        }
        sub.Status = next.Value;
        sub.Revision++;
        audit.Record(new AuditEvent(AuditActions.Decide, SubjectType: SubjectType, SubjectId: sub.Id.ToString(),
            Details: $"{action}: {from} → {next} {sub.Title}" + (string.IsNullOrWhiteSpace(input.Comment) ? "" : $"（{Trim(input.Comment, 200)}）")));
        return await SaveAndViewAsync(user, id, ct);
    }

    public async Task<SupResult<ProgressReportView>> ReportAsync(ClaimsPrincipal user, Guid id, ProgressInput input, CancellationToken ct)
    {
        var sub = await db.Set<SubTask>().Include(s => s.CoDepartments).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sub is null)
        {
            return new(null, NotFound: true);
        }
        if (!MaySee(user, sub))
        {
            return new(null, Forbidden: ("该任务不属于本部门", "This sub-task is not your department's."));
        }
        if (!IsDepartmentStaff(user))
        {
            return new(null, Forbidden: ("只有承办部门可以报送进展", "Only the departments doing the work may report progress."));
        }
        var errors = new FieldErrors();
        errors.Required("text", input.Text, "进展情况", "The progress text", 4000);
        if (input.Percent is not (>= 0 and <= 100))
        {
            errors.Add("percent", "percent.range", "完成百分比应在 0 到 100 之间", "The percent complete must be between 0 and 100.");
        }
        if (input.AttachmentUrl is { Length: > 0 } url && (url.Length > 500 || !(url.StartsWith('/') || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))))
        {
            errors.Add("attachmentUrl", "url.invalid", "附件地址应以 / 或 https:// 开头，且不超过 500 个字符", "The attachment must be a path starting with / or an https:// address of at most 500 characters.");
        }
        if (sub.Status is not (SubTaskStatus.SignedFor or SubTaskStatus.InProgress))
        {
            var (zh, en) = SupervisionWorkflow.Names(sub.Status);
            errors.Add("status", "transition.invalid", $"当前状态为“{zh}”，不能报送进展（签收后办理中方可报送）", $"The sub-task is {en.ToLowerInvariant()}; progress can be reported only once signed for and in progress.");
        }
        var fileIds = (input.FileIds ?? []).Distinct().ToList();
        if (fileIds.Count > 10)
        {
            errors.Add("fileIds", "files.too-many", "每次报送最多附 10 个文件", "A report may carry at most 10 files.");
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var report = new ProgressReport
        {
            SubTaskId = id, Percent = input.Percent!.Value, Text = input.Text!.Trim(), AttachmentUrl = string.IsNullOrWhiteSpace(input.AttachmentUrl) ? null : input.AttachmentUrl,
            At = clock.GetUtcNow().UtcDateTime, ById = user.GetUserId(), ByName = user.Identity?.Name, DepartmentId = user.GetDepartmentId(),
            ByLead = user.GetDepartmentId() == sub.LeadDepartmentId,
        };
        if (fileIds.Count > 0)
        {
            // The uploader's own staged files only; they are attached in this unit of work, with the report.
            var attachErrors = await files.AttachAsync(user.GetUserId()!.Value, fileIds, ReportFileSubject, report.Id.ToString(), ct);
            if (attachErrors.Count > 0)
            {
                return new(null, attachErrors.Select(e => e with { Field = "fileIds" }).ToList());
            }
            db.AddRange(fileIds.Select(f => new ProgressReportFile { FileId = f, ReportId = report.Id, SubTaskId = id }));
        }
        db.Add(report);
        if (report.ByLead)
        {
            sub.Percent = report.Percent;
            if (sub.Status == SubTaskStatus.SignedFor)
            {
                sub.Status = SubTaskStatus.InProgress;
            }
            sub.Revision++;
        }
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: SubjectType, SubjectId: sub.Id.ToString(),
            Details: $"进展 {report.Percent}% {sub.Title}" + (fileIds.Count > 0 ? $"（附件 {fileIds.Count} 个）" : "")));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(null, Conflict: ("任务已被他人更新，请刷新后重试", "Someone else changed the sub-task; reload and try again."));
        }
        return new(ToView(report, await AttachmentsAsync(id, ct)));
    }

    /// <summary>The lead department marks a milestone reached (节点完成); audited.</summary>
    public async Task<SupResult<SubTaskView>> CompleteMilestoneAsync(ClaimsPrincipal user, Guid id, Guid milestoneId, CancellationToken ct) =>
        await CompleteMilestoneAsync(user, id, milestoneId, new MilestoneDoneInput(), ct);

    /// <summary>The lead department marks a milestone reached on a day (not in the future) with a note; audited.</summary>
    public async Task<SupResult<SubTaskView>> CompleteMilestoneAsync(ClaimsPrincipal user, Guid id, Guid milestoneId, MilestoneDoneInput input, CancellationToken ct)
    {
        var sub = await FindSubTaskForEditAsync(id, ct);
        var milestone = sub?.Milestones.SingleOrDefault(m => m.Id == milestoneId);
        if (sub is null || milestone is null)
        {
            return new(null, NotFound: true);
        }
        if (!MaySee(user, sub))
        {
            return NotYours();
        }
        if (!(IsDepartmentStaff(user) && user.GetDepartmentId() == sub.LeadDepartmentId))
        {
            return Forbid<SubTaskView>("只有牵头部门可以确认节点完成", "Only the lead department may mark a milestone reached.");
        }
        if (sub.Status is not (SubTaskStatus.SignedFor or SubTaskStatus.InProgress))
        {
            var (zh, en) = SupervisionWorkflow.Names(sub.Status);
            return new(null, [new FieldError("status", "transition.invalid", $"当前状态为“{zh}”，不能确认节点", $"The sub-task is {en.ToLowerInvariant()}; milestones cannot be marked now.")]);
        }
        if (input.Revision is { } rev && rev != sub.Revision)
        {
            return Stale();
        }
        if (milestone.DoneOn is not null)
        {
            return new(null, Conflict: ("该节点已确认完成", "This milestone is already marked reached."));
        }
        var doneOn = input.DoneOn ?? Today;
        var errors = new FieldErrors();
        if (doneOn > Today)
        {
            errors.Add("doneOn", "doneOn.future", "完成日期不能晚于今天", "The day reached cannot be in the future.");
        }
        else if (sub.AssignedOn is { } assigned && doneOn < assigned)
        {
            errors.Add("doneOn", "doneOn.before-assigned", $"完成日期不能早于交办日期 {assigned:yyyy-MM-dd}", $"The day reached cannot be before the day of assignment {assigned:yyyy-MM-dd}.");
        }
        if (input.Note is { Length: > 500 })
        {
            errors.Add("note", "too-long", "说明不能超过 500 个字符", "The note must be at most 500 characters.");
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        milestone.DoneOn = doneOn;
        milestone.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        sub.Revision++;
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: SubjectType, SubjectId: sub.Id.ToString(),
            Details: $"节点完成 {milestone.Title} {doneOn:yyyy-MM-dd}" + (milestone.Note is null ? "" : $"（{Trim(milestone.Note, 200)}）")));
        return await SaveAndViewAsync(user, id, ct);
    }

    public async Task<SupResult<IReadOnlyList<ProgressReportView>>> ReportsAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var sub = await db.Set<SubTask>().AsNoTracking().Include(s => s.CoDepartments).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sub is null)
        {
            return new(null, NotFound: true);
        }
        if (!MaySee(user, sub))
        {
            return new(null, Forbidden: ("该任务不属于本部门", "This sub-task is not your department's."));
        }
        var list = await db.Set<ProgressReport>().AsNoTracking().Where(r => r.SubTaskId == id).ToListAsync(ct);
        var attachments = await AttachmentsAsync(id, ct);
        // A lead report includes the co-departments' feedback sent since the lead's previous report.
        var views = new List<ProgressReportView>();
        var pending = new List<ProgressReportView>();
        foreach (var r in list.OrderBy(r => r.At).ThenBy(r => r.Id))
        {
            var view = ToView(r, attachments);
            if (view.ByLead)
            {
                view = view with { Feedback = pending };
                pending = [];
            }
            else
            {
                pending.Add(view);
            }
            views.Add(view);
        }
        views.Reverse();
        return new(views);
    }

    // ---- notices, board, scores ----

    public async Task<IReadOnlyList<NoticeView>> NoticesAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var query = db.Set<SupervisionNotice>().AsNoTracking();
        if (!IsSupervisor(user))
        {
            var dept = user.GetDepartmentId();
            query = query.Where(n => n.DepartmentId == dept);
        }
        var notices = await query.ToListAsync(ct);
        var titles = await db.Set<SubTask>().AsNoTracking().Select(s => new { s.Id, s.Title }).ToDictionaryAsync(s => s.Id, s => s.Title, ct);
        return notices.OrderByDescending(n => n.IssuedOn).ThenByDescending(n => n.Colour)
            .Select(n => new NoticeView(n.Id, n.SubTaskId, titles.GetValueOrDefault(n.SubTaskId) ?? "", n.DepartmentId, n.Colour.ToString(),
                n.IssuedOn, n.EscalatedToLeader, n.SignOverdue, n.Text)).ToList();
    }

    public async Task<BoardView> BoardAsync(ClaimsPrincipal user, string? source, Guid? departmentId, string? light, CancellationToken ct)
    {
        var all = await ListSubTasksAsync(user, ct);
        static BoardCount Count(string key, IEnumerable<SubTaskView> items)
        {
            var l = items.ToList();
            return new BoardCount(key, l.Count(i => i.Light == "Green"), l.Count(i => i.Light == "Blue"), l.Count(i => i.Light == "Yellow"),
                l.Count(i => i.Light == "Red"), l.Count(i => i.Light == "None"));
        }
        var bySource = all.GroupBy(s => s.Source).OrderBy(g => g.Key).Select(g => Count(g.Key, g)).ToList();
        var byDept = all.GroupBy(s => s.LeadDepartmentId).Select(g => Count(g.Key.ToString(), g)).OrderByDescending(c => c.Red).ThenByDescending(c => c.Yellow).ToList();
        var items = all.Where(s => (source is null || string.Equals(s.Source, source, StringComparison.OrdinalIgnoreCase))
            && (departmentId is null || s.LeadDepartmentId == departmentId || s.CoDepartmentIds.Contains(departmentId.Value))
            && (light is null || string.Equals(s.Light, light, StringComparison.OrdinalIgnoreCase))).ToList();
        return new BoardView(bySource, byDept, Count("all", all), items);
    }

    /// <summary>Per lead department: timeliness (done on time, and signed for on time), quality (few send-backs), completion.</summary>
    public Task<IReadOnlyList<DepartmentScore>> ScoresAsync(CancellationToken ct) => ScoresAsync(null, null, ct);

    /// <summary>
    /// The scores over the sub-tasks due in [<paramref name="from"/>, <paramref name="to"/>] (both inclusive; null = open),
    /// as an evaluation round of that period sees them: a sub-task counts as late when it was not done by its due date,
    /// judged on the earlier of today and the period's end.
    /// </summary>
    public async Task<IReadOnlyList<DepartmentScore>> ScoresAsync(DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var q = db.Set<SubTask>().AsNoTracking().Include(s => s.CoDepartments).Where(s => s.Status != SubTaskStatus.Registered);
        if (from is { } f)
        {
            q = q.Where(s => s.DueOn >= f);
        }
        if (to is { } t)
        {
            q = q.Where(s => s.DueOn <= t);
        }
        var subs = await q.ToListAsync(ct);
        var today = to is { } end && end < Today ? end.AddDays(1) : Today;
        // Each sub-task counts with weight 1 for its lead department and CoDepartmentWeight for each co-department.
        var shares = subs.Select(s => (Dept: s.LeadDepartmentId, Weight: 1.0, Sub: s))
            .Concat(subs.SelectMany(s => s.CoDepartments.Select(c => (Dept: c.DepartmentId, Weight: CoDepartmentWeight, Sub: s))));
        return shares.GroupBy(x => x.Dept).Select(g =>
        {
            var list = g.ToList();
            var led = list.Where(x => x.Weight == 1.0).Select(x => x.Sub).ToList();
            static bool Done(SubTask s) => SupervisionWorkflow.IsDone(s.Status);
            var all = list.Sum(x => x.Weight);
            var due = list.Where(x => Done(x.Sub) || x.Sub.DueOn < today).ToList();
            var onTime = due.Where(x => x.Sub.CompletedOn is { } c && c <= x.Sub.DueOn).Sum(x => x.Weight);
            var dueWeight = due.Sum(x => x.Weight);
            var timeliness = dueWeight == 0 ? 100.0 : Math.Round(100.0 * onTime / dueWeight, 1);
            // 20 points per send-back, on the (weighted) average sub-task.
            var quality = Math.Round(Math.Max(0, 100.0 - 20.0 * list.Sum(x => x.Weight * x.Sub.Rejections) / all), 1);
            var completion = Math.Round(100.0 * list.Where(x => Done(x.Sub)).Sum(x => x.Weight) / all, 1);
            return new DepartmentScore(g.Key, led.Count, led.Count(Done), timeliness, quality, completion,
                Math.Round(0.4 * timeliness + 0.3 * quality + 0.3 * completion, 1), list.Count - led.Count);
        }).OrderByDescending(s => s.Total).ToList();
    }

    // ---- helpers ----

    private async Task<List<SubTask>> LoadSubTasksAsync(Guid? keyTaskId, CancellationToken ct)
    {
        var q = db.Set<SubTask>().AsNoTracking().Include(s => s.CoDepartments).Include(s => s.Milestones).AsSplitQuery();
        if (keyTaskId is { } k)
        {
            q = q.Where(s => s.KeyTaskId == k);
        }
        return await q.ToListAsync(ct);
    }

    private async Task<SubTaskView> ViewAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var sub = await db.Set<SubTask>().AsNoTracking().SingleAsync(s => s.Id == id, ct);
        var siblings = await LoadSubTasksAsync(sub.KeyTaskId, ct);
        var task = await db.Set<KeyTask>().AsNoTracking().SingleAsync(t => t.Id == sub.KeyTaskId, ct);
        return View(siblings.Single(s => s.Id == id), siblings, task, await calendar.GetAsync(ct), user);
    }

    private async Task<KeyTaskView> BuildKeyTaskAsync(KeyTask task, ClaimsPrincipal user, CancellationToken ct) =>
        Build(task, await LoadSubTasksAsync(task.Id, ct), await calendar.GetAsync(ct), user);

    private KeyTaskView Build(KeyTask task, List<SubTask> subs, HolidayCalendar cal, ClaimsPrincipal user)
    {
        var views = subs.Select(s => View(s, subs, task, cal, user)).ToList();
        var roots = views.Where(v => v.ParentId is null).ToList();
        var percent = SupervisionLights.RollUp(roots.Select(r => (r.Weight, r.Percent)).ToList());
        var light = views.Count == 0 ? SupervisionLight.Green : views.Max(v => Enum.Parse<SupervisionLight>(v.Light));
        var byId = subs.ToDictionary(s => s.Id);
        var visible = views.Where(v => MaySee(user, byId[v.Id])).OrderBy(v => v.DueOn).ToList();
        var closed = IsClosed(subs);
        return new KeyTaskView(task.Id, task.Title, task.Description, task.Source.ToString(), task.Priority.ToString(), task.DueOn, percent,
            light.ToString(), visible, task.Revision, closed, IsSupervisor(user) && !closed, IsSupervisor(user) && MayDeleteTask(subs));
    }

    private SubTaskView View(SubTask s, IReadOnlyList<SubTask> all, KeyTask task, HolidayCalendar cal, ClaimsPrincipal user)
    {
        var today = Today;
        var percent = PercentOf(s, all, 0);
        var light = SupervisionLights.Compute(cal, today, s.Status, s.DueOn, s.AssignedOn, percent, s.LastReportRejected, options.Value.BlueDays);
        var signOverdue = SupervisionLights.SignOverdue(today, s.Status, s.SignDueOn);
        var milestoneOverdue = SupervisionLights.MilestoneOverdue(today, s.Status, s.Milestones.Select(m => (m.DueOn, m.DoneOn)));
        light = SupervisionLights.WithFlags(light, signOverdue, milestoneOverdue);
        var allowed = SupervisionWorkflow.Allowed(s.Status)
            .Where(a => SupervisionWorkflow.ByDepartment(a)
                ? IsDepartmentStaff(user) && user.GetDepartmentId() == s.LeadDepartmentId
                : IsSupervisor(user))
            .Select(a => a.ToString()).ToList();
        var (zh, en) = SupervisionWorkflow.Names(s.Status);
        return new SubTaskView(s.Id, s.KeyTaskId, s.ParentId, s.Title, s.LeadDepartmentId, s.CoDepartments.Select(c => c.DepartmentId).ToList(),
            s.DueOn, s.SignDueOn, s.Status.ToString(), Problems.IsChinese ? zh : en, s.Weight, percent, light.ToString(), signOverdue, s.Revision,
            allowed, s.Milestones.OrderBy(m => m.DueOn).ThenBy(m => m.Title, StringComparer.Ordinal)
                .Select(m => new MilestoneView(m.Id, m.Title, m.DueOn, m.DoneOn, m.Note, m.DoneOn is null && m.DueOn < today && SupervisionLights.IsOpen(s.Status))).ToList(),
            task.Title, task.Source.ToString(), milestoneOverdue, IsSupervisor(user) && !SupervisionWorkflow.IsDone(s.Status),
            IsSupervisor(user) && s.Status == SubTaskStatus.Registered && all.All(c => c.ParentId != s.Id));
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<SubTask>, ILookup<Guid, SubTask>> ChildrenOf = new();

    /// <summary>A leaf's own percent; a parent's, rolled up from its children by weight.</summary>
    internal static int PercentOf(SubTask s, IReadOnlyList<SubTask> all, int depth)
    {
        // One lookup per list, not a scan per sub-task: listing 10,000 sub-tasks was quadratic.
        var byParent = ChildrenOf.GetValue(all, list => list.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value));
        var children = byParent[s.Id].ToList();
        if (children.Count == 0 || depth > 20)
        {
            return s.Percent;
        }
        return SupervisionLights.RollUp(children.Select(c => (c.Weight, PercentOf(c, all, depth + 1))).ToList());
    }

    private static ProgressReportView ToView(ProgressReport r, ILookup<Guid, AttachmentView> attachments) =>
        new(r.Id, r.Percent, r.Text, r.AttachmentUrl, r.At, r.ByName, r.DepartmentId, r.ByLead, attachments[r.Id].ToList());

    private static string Trim(string s, int max) => s.Length <= max ? s : s[..max];

    private static SupResult<SubTaskView> NotYours() =>
        new(null, Forbidden: ("该任务不属于本部门（仅牵头或配合部门可查看）", "This sub-task is not your department's (only its lead and co-departments may see it)."));

    /// <summary>Saves the sub-task's change (409 when someone else changed it first) and answers with its view.</summary>
    private async Task<SupResult<SubTaskView>> SaveAndViewAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale();
        }
        return new(await ViewAsync(user, id, ct));
    }

    private static SupResult<SubTaskView> Stale() =>
        new(null, Conflict: ("任务已被他人处理，请刷新后重试", "Someone else acted on this sub-task first; reload and try again."));

    private static SupResult<T> Forbid<T>(string zh, string en) => new(default, Forbidden: (zh, en));
}
