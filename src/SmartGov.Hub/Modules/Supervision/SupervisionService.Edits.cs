using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Supervision.Model;

namespace SmartGov.Hub.Modules.Supervision;

/// <summary>
/// The supervisor's corrections: editing key tasks and sub-tasks while they are not done (办结 / 销号 work is
/// immutable, 409), deleting only what nobody has been assigned yet (立项), reopening a milestone; and the downloads of
/// report attachments, each audited.
/// </summary>
public sealed partial class SupervisionService
{
    public const string TaskSubjectType = "supervision-task";
    public const string AttachmentSubjectType = "supervision-attachment";

    /// <summary>A key task is closed once it has sub-tasks and every one is completed (办结) or closed (销号).</summary>
    internal static bool IsClosed(IReadOnlyCollection<SubTask> subs) => subs.Count > 0 && subs.All(s => SupervisionWorkflow.IsDone(s.Status));

    /// <summary>Nothing of the task has left 立项: no department has been given (or signed for) any of it.</summary>
    internal static bool MayDeleteTask(IReadOnlyCollection<SubTask> subs) => subs.All(s => s.Status == SubTaskStatus.Registered);

    public async Task<SupResult<KeyTaskView>> UpdateKeyTaskAsync(ClaimsPrincipal user, Guid id, KeyTaskUpdateInput input, CancellationToken ct)
    {
        if (!IsSupervisor(user))
        {
            return Forbid<KeyTaskView>("只有督查人员可以修改督查事项", "Only supervisors may edit key tasks.");
        }
        var task = await db.Set<KeyTask>().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return new(null, NotFound: true);
        }
        var subs = await db.Set<SubTask>().AsNoTracking().Where(s => s.KeyTaskId == id).ToListAsync(ct);
        if (IsClosed(subs))
        {
            return new(null, Conflict: ClosedTask);
        }
        if (input.Revision is { } rev && rev != task.Revision)
        {
            return new(null, Conflict: StaleTask);
        }
        var errors = new FieldErrors();
        errors.Required("title", input.Title, "事项名称", "Title", 200);
        if (input.Description is { Length: > 4000 })
        {
            errors.Add("description", "too-long", "说明不能超过 4000 个字符", "The description must be at most 4000 characters.");
        }
        var source = task.Source;
        if (input.Source is not null && !SupervisionParsing.TrySource(input.Source, out source))
        {
            errors.Add("source", "source.unknown", "来源应为 WorkReport（政府工作报告）、LeaderInstruction（领导批示）、MeetingDecision（会议决定）或 Proposal（建议提案）",
                "The source must be WorkReport, LeaderInstruction, MeetingDecision or Proposal.");
        }
        var priority = task.Priority;
        if (input.Priority is not null && !SupervisionParsing.TryPriority(input.Priority, out priority))
        {
            errors.Add("priority", "priority.unknown", "优先级应为 Normal、High 或 Urgent", "The priority must be Normal, High or Urgent.");
        }
        if (input.DueOn is not { } due)
        {
            errors.Add("dueOn", "required", "请填写办结期限", "The deadline is required.");
        }
        else if (subs.Count > 0 && due < subs.Max(s => s.DueOn))
        {
            var latest = subs.Max(s => s.DueOn);
            errors.Add("dueOn", "dueOn.before-children", $"办结期限不能早于子任务的最晚期限 {latest:yyyy-MM-dd}", $"The deadline cannot be before the latest sub-task's deadline {latest:yyyy-MM-dd}.");
        }
        else if (due < Today && due != task.DueOn)
        {
            errors.Add("dueOn", "dueOn.past", "办结期限不能早于今天", "The deadline cannot be in the past.");
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var changes = new ChangeList();
        var title = input.Title!.Trim();
        var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        changes.Compare("title", task.Title, title);
        changes.Compare("description", task.Description is null ? "" : "…", description is null ? "" : "…");
        changes.Compare("source", task.Source, source);
        changes.Compare("priority", task.Priority, priority);
        changes.Compare("dueOn", task.DueOn, input.DueOn!.Value);
        task.Title = title;
        task.Description = description;
        task.Source = source;
        task.Priority = priority;
        task.DueOn = input.DueOn!.Value;
        task.Revision++;
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: TaskSubjectType, SubjectId: task.Id.ToString(),
            Details: Trim($"修改督查事项 {task.Title}: " + changes, 1000)));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(null, Conflict: StaleTask);
        }
        return new(await BuildKeyTaskAsync(task, user, ct));
    }

    /// <summary>Deletes a key task and its sub-tasks while none has been assigned; afterwards the supervisor suspends instead.</summary>
    public async Task<SupResult<bool>> DeleteKeyTaskAsync(ClaimsPrincipal user, Guid id, int? revision, CancellationToken ct)
    {
        if (!IsSupervisor(user))
        {
            return new(false, Forbidden: ("只有督查人员可以删除督查事项", "Only supervisors may delete key tasks."));
        }
        var task = await db.Set<KeyTask>().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return new(false, NotFound: true);
        }
        if (revision is { } rev && rev != task.Revision)
        {
            return new(false, Conflict: StaleTask);
        }
        var subs = await db.Set<SubTask>().Include(s => s.CoDepartments).Include(s => s.Milestones).AsSplitQuery()
            .Where(s => s.KeyTaskId == id).ToListAsync(ct);
        if (!MayDeleteTask(subs))
        {
            return new(false, Conflict: ("督查事项已交办，不能删除；如需停止请挂起相关任务", "The key task has been assigned and cannot be deleted; suspend its sub-tasks instead."));
        }
        db.RemoveRange(subs);
        // The delete is conditional on the revision read (concurrency token): a concurrent edit makes it fail as stale.
        db.Remove(task);
        audit.Record(new AuditEvent(AuditActions.Delete, SubjectType: TaskSubjectType, SubjectId: task.Id.ToString(),
            Details: $"删除督查事项 {task.Title}（子任务 {subs.Count} 个）"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(false, Conflict: StaleTask);
        }
        return new(true);
    }

    public async Task<SupResult<SubTaskView>> UpdateSubTaskAsync(ClaimsPrincipal user, Guid id, SubTaskUpdateInput input, CancellationToken ct)
    {
        if (!IsSupervisor(user))
        {
            return Forbid<SubTaskView>("只有督查人员可以修改任务", "Only supervisors may edit sub-tasks.");
        }
        var sub = await FindSubTaskForEditAsync(id, ct);
        if (sub is null)
        {
            return new(null, NotFound: true);
        }
        if (SupervisionWorkflow.IsDone(sub.Status))
        {
            var (zh, en) = SupervisionWorkflow.Names(sub.Status);
            return new(null, Conflict: ($"任务{zh}，不能再修改", $"The sub-task is {en.ToLowerInvariant()}; it can no longer be edited."));
        }
        if (input.Revision is { } rev && rev != sub.Revision)
        {
            return Stale();
        }
        var task = await db.Set<KeyTask>().AsNoTracking().SingleAsync(t => t.Id == sub.KeyTaskId, ct);
        var errors = new FieldErrors();
        errors.Required("title", input.Title, "任务名称", "Title", 200);
        var deptIds = (await organizations.ListDepartmentsAsync(ct)).Where(d => d.IsActive).Select(d => d.Id).ToHashSet();
        if (input.LeadDepartmentId is not { } lead || !deptIds.Contains(lead))
        {
            errors.Add("leadDepartmentId", "department.unknown", "请选择存在的牵头部门", "Choose an existing lead department.");
        }
        var co = (input.CoDepartmentIds ?? []).Distinct().ToList();
        // A co-department that stopped being active keeps its place; only new ones must be active.
        if (co.Any(c => !deptIds.Contains(c) && sub.CoDepartments.All(x => x.DepartmentId != c)))
        {
            errors.Add("coDepartmentIds", "department.unknown", "配合部门不存在", "A co-department does not exist.");
        }
        if (input.LeadDepartmentId is { } l2 && co.Contains(l2))
        {
            errors.Add("coDepartmentIds", "department.lead", "牵头部门不能同时是配合部门", "The lead department cannot also be a co-department.");
        }
        var parentDue = task.DueOn;
        if (sub.ParentId is { } pid)
        {
            parentDue = await db.Set<SubTask>().Where(s => s.Id == pid).Select(s => s.DueOn).SingleAsync(ct);
        }
        var childDue = await db.Set<SubTask>().Where(s => s.ParentId == id).Select(s => (DateOnly?)s.DueOn).MaxAsync(ct);
        if (input.DueOn is not { } due)
        {
            errors.Add("dueOn", "required", "请填写完成期限", "The deadline is required.");
        }
        else if (due > parentDue)
        {
            errors.Add("dueOn", "dueOn.after-parent", $"完成期限不能晚于上级的期限 {parentDue:yyyy-MM-dd}", $"The deadline cannot be after the parent's deadline {parentDue:yyyy-MM-dd}.");
        }
        else if (childDue is { } cd && due < cd)
        {
            errors.Add("dueOn", "dueOn.before-children", $"完成期限不能早于下级任务的最晚期限 {cd:yyyy-MM-dd}", $"The deadline cannot be before the latest child's deadline {cd:yyyy-MM-dd}.");
        }
        if (input.SignDueOn is { } sd && input.DueOn is { } d2 && sd > d2)
        {
            errors.Add("signDueOn", "signDueOn.after-due", "签收时限不能晚于完成期限", "The signing-for deadline cannot be after the deadline.");
        }
        if (input.Weight is not (>= 1 and <= 100))
        {
            errors.Add("weight", "weight.range", "权重应在 1 到 100 之间", "The weight must be between 1 and 100.");
        }
        var milestones = input.Milestones;
        for (var i = 0; i < (milestones?.Count ?? 0); i++)
        {
            var m = milestones![i];
            if (string.IsNullOrWhiteSpace(m.Title) || m.DueOn is null)
            {
                errors.Add($"milestones[{i}]", "required", $"第 {i + 1} 个节点需要名称和日期", $"Milestone {i + 1} needs a title and a date.");
            }
            else if (m.Title.Trim().Length > 200)
            {
                errors.Add($"milestones[{i}]", "too-long", $"第 {i + 1} 个节点名称不能超过 200 个字符", $"The title of milestone {i + 1} must be at most 200 characters.");
            }
            else if (input.DueOn is { } d3 && m.DueOn > d3)
            {
                errors.Add($"milestones[{i}].dueOn", "dueOn.after-parent", $"第 {i + 1} 个节点晚于任务期限", $"Milestone {i + 1} is after the sub-task's deadline.");
            }
            if (m.Id is { } mid && sub.Milestones.All(x => x.Id != mid))
            {
                errors.Add($"milestones[{i}]", "milestone.unknown", $"第 {i + 1} 个节点不属于该任务", $"Milestone {i + 1} does not belong to this sub-task.");
            }
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var changes = new ChangeList();
        var title = input.Title!.Trim();
        changes.Compare("title", sub.Title, title);
        changes.Compare("lead", sub.LeadDepartmentId, input.LeadDepartmentId!.Value);
        var coBefore = sub.CoDepartments.Select(c => c.DepartmentId).Order().ToList();
        var coAfter = co.Order().ToList();
        if (!coBefore.SequenceEqual(coAfter))
        {
            changes.Add($"co: {string.Join(",", coBefore)} → {string.Join(",", coAfter)}");
        }
        changes.Compare("dueOn", sub.DueOn, input.DueOn!.Value);
        changes.Compare("signDueOn", sub.SignDueOn, input.SignDueOn ?? sub.SignDueOn);
        changes.Compare("weight", sub.Weight, input.Weight!.Value);
        sub.Title = title;
        sub.LeadDepartmentId = input.LeadDepartmentId!.Value;
        foreach (var removed in sub.CoDepartments.Where(c => !co.Contains(c.DepartmentId)).ToList())
        {
            sub.CoDepartments.Remove(removed);
            db.Remove(removed);
        }
        foreach (var added in co.Where(c => sub.CoDepartments.All(x => x.DepartmentId != c)).ToList())
        {
            var row = new SubTaskCoDepartment { SubTaskId = sub.Id, DepartmentId = added };
            sub.CoDepartments.Add(row);
            db.Add(row);
        }
        sub.DueOn = input.DueOn!.Value;
        sub.SignDueOn = input.SignDueOn ?? sub.SignDueOn;
        sub.Weight = input.Weight!.Value;
        if (milestones is not null)
        {
            var keep = milestones.Where(m => m.Id is not null).Select(m => m.Id!.Value).ToHashSet();
            foreach (var gone in sub.Milestones.Where(m => !keep.Contains(m.Id)).ToList())
            {
                sub.Milestones.Remove(gone);
                db.Remove(gone);
                changes.Add($"milestone removed: {gone.Title}");
            }
            foreach (var m in milestones)
            {
                if (m.Id is { } mid)
                {
                    var existing = sub.Milestones.Single(x => x.Id == mid);
                    changes.Compare("milestone " + existing.Title, $"{existing.Title} {existing.DueOn:yyyy-MM-dd}", $"{m.Title!.Trim()} {m.DueOn:yyyy-MM-dd}");
                    existing.Title = m.Title!.Trim();
                    existing.DueOn = m.DueOn!.Value;
                }
                else
                {
                    // Added explicitly: a new row with its key already set would otherwise be taken for an existing one.
                    var row = new Milestone { SubTaskId = sub.Id, Title = m.Title!.Trim(), DueOn = m.DueOn!.Value };
                    sub.Milestones.Add(row);
                    db.Add(row);
                    changes.Add($"milestone added: {m.Title!.Trim()} {m.DueOn:yyyy-MM-dd}");
                }
            }
        }
        sub.Revision++;
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: SubjectType, SubjectId: sub.Id.ToString(),
            Details: Trim($"修改任务 {sub.Title}: " + changes, 1000)));
        return await SaveAndViewAsync(user, id, ct);
    }

    /// <summary>Deletes a sub-task still in 立项 with no sub-tasks under it; once assigned the supervisor suspends it instead.</summary>
    public async Task<SupResult<bool>> DeleteSubTaskAsync(ClaimsPrincipal user, Guid id, int? revision, CancellationToken ct)
    {
        if (!IsSupervisor(user))
        {
            return new(false, Forbidden: ("只有督查人员可以删除任务", "Only supervisors may delete sub-tasks."));
        }
        var sub = await FindSubTaskForEditAsync(id, ct);
        if (sub is null)
        {
            return new(false, NotFound: true);
        }
        if (revision is { } rev && rev != sub.Revision)
        {
            return new(false, Conflict: Stale().Conflict);
        }
        if (sub.Status != SubTaskStatus.Registered)
        {
            var (zh, en) = SupervisionWorkflow.Names(sub.Status);
            return new(false, Conflict: ($"任务{zh}，不能删除；如需停止请挂起", $"The sub-task is {en.ToLowerInvariant()} and cannot be deleted; suspend it instead."));
        }
        if (await db.Set<SubTask>().AnyAsync(s => s.ParentId == id, ct))
        {
            return new(false, Conflict: ("该任务下还有子任务，请先删除子任务", "The sub-task has sub-tasks of its own; delete them first."));
        }
        db.Remove(sub);
        audit.Record(new AuditEvent(AuditActions.Delete, SubjectType: SubjectType, SubjectId: sub.Id.ToString(), Details: $"删除任务 {sub.Title}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(false, Conflict: Stale().Conflict);
        }
        return new(true);
    }

    /// <summary>The supervisor reopens a milestone marked reached (e.g. not really reached); audited.</summary>
    public async Task<SupResult<SubTaskView>> ReopenMilestoneAsync(ClaimsPrincipal user, Guid id, Guid milestoneId, string? comment, int? revision, CancellationToken ct)
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
        if (!IsSupervisor(user))
        {
            return Forbid<SubTaskView>("只有督查人员可以退回节点", "Only supervisors may reopen a milestone.");
        }
        if (SupervisionWorkflow.IsDone(sub.Status))
        {
            var (zh, en) = SupervisionWorkflow.Names(sub.Status);
            return new(null, Conflict: ($"任务{zh}，不能再修改", $"The sub-task is {en.ToLowerInvariant()}; it can no longer be edited."));
        }
        if (revision is { } rev && rev != sub.Revision)
        {
            return Stale();
        }
        if (milestone.DoneOn is null)
        {
            return new(null, [new FieldError("milestone", "transition.invalid", "该节点尚未确认完成，无需退回", "This milestone is not marked reached; there is nothing to reopen.")]);
        }
        var was = milestone.DoneOn;
        milestone.DoneOn = null;
        milestone.Note = null;
        sub.Revision++;
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: SubjectType, SubjectId: sub.Id.ToString(),
            Details: $"节点退回 {milestone.Title}（原完成 {was:yyyy-MM-dd}）" + (string.IsNullOrWhiteSpace(comment) ? "" : $"（{Trim(comment, 200)}）")));
        return await SaveAndViewAsync(user, id, ct);
    }

    /// <summary>
    /// A report's attachment, for the supervisors and the lead and co-departments of the sub-task (others 403); a file
    /// not attached to this sub-task is 404. Every download is audited.
    /// </summary>
    public async Task<SupResult<OpenedFile>> OpenAttachmentAsync(ClaimsPrincipal user, Guid id, Guid fileId, CancellationToken ct)
    {
        var sub = await db.Set<SubTask>().AsNoTracking().Include(s => s.CoDepartments).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sub is null)
        {
            return new(null, NotFound: true);
        }
        if (!MaySee(user, sub))
        {
            return new(null, Forbidden: ("该任务不属于本部门（仅牵头或配合部门可查看）", "This sub-task is not your department's (only its lead and co-departments may see it)."));
        }
        if (!await db.Set<ProgressReportFile>().AnyAsync(f => f.FileId == fileId && f.SubTaskId == id, ct))
        {
            return new(null, NotFound: true);
        }
        var opened = await files.OpenAsync(fileId, ct);
        if (opened is null)
        {
            return new(null, NotFound: true);
        }
        await audit.WriteAsync(new AuditEvent(AuditActions.Export, SubjectType: AttachmentSubjectType, SubjectId: fileId.ToString(),
            Details: $"下载进展附件 {opened.Info.FileName}（任务 {sub.Id}）"), ct);
        return new(opened);
    }

    private async Task<ILookup<Guid, AttachmentView>> AttachmentsAsync(Guid subTaskId, CancellationToken ct)
    {
        var links = await db.Set<ProgressReportFile>().AsNoTracking().Where(f => f.SubTaskId == subTaskId).ToListAsync(ct);
        if (links.Count == 0)
        {
            return Array.Empty<(Guid, AttachmentView)>().ToLookup(x => x.Item1, x => x.Item2);
        }
        var infos = (await files.FindManyAsync(links.Select(l => l.FileId).ToList(), ct)).ToDictionary(f => f.Id);
        return links.Where(l => infos.ContainsKey(l.FileId))
            .Select(l => (l.ReportId, View: new AttachmentView(l.FileId, infos[l.FileId].FileName, infos[l.FileId].ContentType, infos[l.FileId].Size,
                $"/api/v1/supervision/subtasks/{subTaskId}/attachments/{l.FileId}")))
            .OrderBy(x => x.View.FileName, StringComparer.Ordinal)
            .ToLookup(x => x.ReportId, x => x.View);
    }

    private static readonly (string Zh, string En) ClosedTask =
        ("督查事项已办结或销号，不能再修改", "The key task is completed or closed; it can no longer be edited.");

    private static readonly (string Zh, string En) StaleTask =
        ("督查事项已被他人修改，请刷新后重试", "Someone else changed the key task first; reload and try again.");

    /// <summary>A sub-task tracked for a change, with the co-departments and milestones every change checks.</summary>
    private Task<SubTask?> FindSubTaskForEditAsync(Guid id, CancellationToken ct) =>
        db.Set<SubTask>().Include(s => s.CoDepartments).Include(s => s.Milestones).AsSplitQuery().SingleOrDefaultAsync(s => s.Id == id, ct);

    /// <summary>What an edit changed, field by field, for its audit entry ("无变化" when nothing did).</summary>
    private sealed class ChangeList
    {
        private readonly List<string> _lines = [];

        public void Add(string line) => _lines.Add(line);

        public void Compare(string name, object? before, object? after)
        {
            if (!Equals(before, after))
            {
                _lines.Add($"{name}: {before} → {after}");
            }
        }

        public override string ToString() => _lines.Count == 0 ? "无变化" : string.Join("; ", _lines);
    }
}
