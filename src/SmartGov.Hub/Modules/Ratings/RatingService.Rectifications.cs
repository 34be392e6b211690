using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Notifications;
using SmartGov.Hub.Modules.Ratings.Model;

namespace SmartGov.Hub.Modules.Ratings;

/// <summary>整改: Open → Responded (the department explains its measures) → Closed by a supervisor, or sent back to Open.</summary>
public sealed partial class RatingService
{
    public const string Respond = "Respond";
    public const string Close = "Close";
    public const string SendBack = "SendBack";

    /// <summary>Joins the rating's unit of work: the task, its audit entry and the leaders' notifications.</summary>
    private async Task OpenRectificationAsync(Rating rating, CancellationToken ct)
    {
        var due = (await calendar.GetAsync(ct)).AddWorkingDays(rating.RatedOn, RectificationDays);
        var r = new Rectification
        {
            Id = Guid.CreateVersion7(),
            RatingId = rating.Id,
            ApplicationId = rating.ApplicationId,
            ApplicationNumber = rating.ApplicationNumber,
            ItemCode = rating.ItemCode,
            ItemName = rating.ItemName,
            DepartmentId = rating.DepartmentId,
            HallId = rating.HallId,
            Score = rating.Score,
            RatingComment = rating.Comment,
            Status = RectificationStatus.Open,
            OpenedAt = rating.RatedAt,
            OpenedOn = rating.RatedOn,
            DueOn = due,
        };
        db.Add(r);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: RectificationSubject, SubjectId: r.Id.ToString(),
            Details: $"application={r.ApplicationNumber}; score={r.Score}; due={due:yyyy-MM-dd}", ActorDepartmentId: null));
        foreach (var leader in await people.ListStaffAsync(r.DepartmentId, Roles.DepartmentLeader, ct))
        {
            notifier.Notify(new NotificationRequest(leader.Id, NotificationKind.RectificationAssigned,
                $"差评整改：{r.ItemName}", $"Rectification after a poor rating: {r.ItemName}",
                $"办件 {r.ApplicationNumber} 收到 {r.Score} 星评价，请于 {due:yyyy-MM-dd} 前反馈整改措施。",
                $"Application {r.ApplicationNumber} was rated {r.Score} star(s); report the measures taken by {due:yyyy-MM-dd}.",
                $"/console/rectifications/{r.Id}", RectificationSubject, r.Id.ToString()));
        }
    }

    /// <summary>Supervisors see every rectification, department officers and leaders their own department's.</summary>
    public async Task<RatingResult<IReadOnlyList<RectificationView>>> ListRectificationsAsync(ClaimsPrincipal user, RectificationStatus? status, bool overdueOnly,
        CancellationToken ct)
    {
        if (!MayUseRectifications(user))
        {
            return new(null, Forbidden: ("整改任务仅供督查人员和部门工作人员查看", "Rectifications are for supervisors and department staff."));
        }
        var q = Scoped(user);
        if (status is { } s)
        {
            q = q.Where(r => r.Status == s);
        }
        var today = Today;
        if (overdueOnly)
        {
            q = q.Where(r => r.Status == RectificationStatus.Open && r.DueOn < today);
        }
        var rows = await q.OrderBy(r => r.Status).ThenBy(r => r.DueOn).ThenBy(r => r.OpenedAt).Take(500).ToListAsync(ct);
        var names = await DepartmentNamesAsync(ct);
        return new(rows.Select(r => View(r, user, names)).ToList());
    }

    public async Task<RatingResult<RectificationView>> GetRectificationAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        if (!MayUseRectifications(user))
        {
            return new(null, Forbidden: ("整改任务仅供督查人员和部门工作人员查看", "Rectifications are for supervisors and department staff."));
        }
        var r = await Scoped(user).FirstOrDefaultAsync(x => x.Id == id, ct);
        return r is null ? new(null, NotFound: true) : new(View(r, user, await DepartmentNamesAsync(ct)));
    }

    /// <summary>Respond (department: the measures), Close (supervisor: an optional note) or SendBack (supervisor: why, required).</summary>
    public async Task<RatingResult<RectificationView>> ActAsync(ClaimsPrincipal user, Guid id, string action, RectificationInput input, CancellationToken ct)
    {
        if (!MayUseRectifications(user))
        {
            return new(null, Forbidden: ("整改任务仅供督查人员和部门工作人员处理", "Rectifications are handled by supervisors and department staff."));
        }
        var r = await Scoped(user).AsTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null)
        {
            return new(null, NotFound: true);
        }
        if (input.Revision is { } rev && rev != r.Revision)
        {
            return Stale();
        }
        var allowed = Allowed(r, user);
        if (!allowed.Contains(action, StringComparer.Ordinal))
        {
            if (action is not (Respond or Close or SendBack))
            {
                return new(null, [new FieldError("action", "rectification.action", "未知的操作", "Unknown action.")]);
            }
            var mayAtAll = action == Respond ? IsDepartmentStaff(user) && user.GetDepartmentId() == r.DepartmentId : IsSupervisor(user);
            if (!mayAtAll)
            {
                return new(null, Forbidden: action == Respond
                    ? ("只有责任部门的工作人员可以反馈整改措施", "Only the responsible department's staff report the measures.")
                    : ("只有督查人员可以办结或退回整改", "Only supervisors close or send back a rectification."));
            }
            var (sZh, sEn) = RatingLevels.Names(r.Status);
            return new(null, [new FieldError("action", "rectification.transition", $"整改任务当前为“{sZh}”，不能执行该操作", $"The rectification is {sEn.ToLowerInvariant()}; that step is not possible now.")]);
        }
        var text = input.Text?.Trim();
        if (text is { Length: > MaxText })
        {
            return new(null, [new FieldError("text", "rectification.text", $"内容不能超过 {MaxText} 字", $"At most {MaxText} characters.")]);
        }
        var from = r.Status;
        switch (action)
        {
            case Respond:
                if (string.IsNullOrEmpty(text))
                {
                    return new(null, [new FieldError("text", "rectification.measures", "请填写整改措施", "Describe the measures taken.")]);
                }
                r.Measures = text;
                r.RespondedAt = Now;
                r.RespondedBy = user.GetUserId();
                r.RespondedByName = user.Identity?.Name;
                r.Status = RectificationStatus.Responded;
                break;
            case Close:
                r.SupervisorNote = string.IsNullOrEmpty(text) ? r.SupervisorNote : text;
                r.ClosedAt = Now;
                r.ClosedOn = Today;
                r.ClosedBy = user.GetUserId();
                r.ClosedByName = user.Identity?.Name;
                r.Status = RectificationStatus.Closed;
                break;
            default:
                if (string.IsNullOrEmpty(text))
                {
                    return new(null, [new FieldError("text", "rectification.reason", "退回时请说明理由", "Say why it is sent back.")]);
                }
                r.SupervisorNote = text;
                r.SentBack++;
                r.Status = RectificationStatus.Open;
                foreach (var leader in await people.ListStaffAsync(r.DepartmentId, Roles.DepartmentLeader, ct))
                {
                    notifier.Notify(new NotificationRequest(leader.Id, NotificationKind.RectificationAssigned,
                        $"整改被退回：{r.ItemName}", $"Rectification sent back: {r.ItemName}",
                        $"办件 {r.ApplicationNumber} 的整改反馈被退回：{text}", $"The response on application {r.ApplicationNumber} was sent back: {text}",
                        $"/console/rectifications/{r.Id}", RectificationSubject, r.Id.ToString()));
                }
                break;
        }
        r.Revision++;
        audit.Record(new AuditEvent(action == Close ? AuditActions.Decide : AuditActions.Update, SubjectType: RectificationSubject, SubjectId: r.Id.ToString(),
            Details: $"{action}: {from} -> {r.Status}; application={r.ApplicationNumber}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Stale();
        }
        return new(View(r, user, await DepartmentNamesAsync(ct)));
    }

    private static RatingResult<RectificationView> Stale() =>
        new(null, Conflict: ("整改任务已被他人处理，请刷新后重试", "Someone else changed this rectification; reload and try again."));

    private IQueryable<Rectification> Scoped(ClaimsPrincipal user)
    {
        var q = db.Set<Rectification>().AsNoTracking();
        if (!IsSupervisor(user))
        {
            var dept = user.GetDepartmentId();
            q = q.Where(r => r.DepartmentId == dept);
        }
        return q;
    }

    private IReadOnlyList<string> Allowed(Rectification r, ClaimsPrincipal user)
    {
        var list = new List<string>();
        if (r.Status == RectificationStatus.Open && IsDepartmentStaff(user) && user.GetDepartmentId() == r.DepartmentId)
        {
            list.Add(Respond);
        }
        if (r.Status == RectificationStatus.Responded && IsSupervisor(user))
        {
            list.Add(Close);
            list.Add(SendBack);
        }
        return list;
    }

    private async Task<Dictionary<Guid, string>> DepartmentNamesAsync(CancellationToken ct) =>
        (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id, d => Problems.IsChinese ? d.Name : d.NameEn ?? d.Name);

    private RectificationView View(Rectification r, ClaimsPrincipal user, Dictionary<Guid, string> names)
    {
        var (zh, en) = RatingLevels.Names(r.Status);
        return new RectificationView(r.Id, r.RatingId, r.ApplicationId, r.ApplicationNumber, r.ItemCode, r.ItemName, r.DepartmentId,
            names.GetValueOrDefault(r.DepartmentId), r.Score, r.RatingComment, r.Status, Problems.IsChinese ? zh : en, r.OpenedAt, r.DueOn,
            r.Status == RectificationStatus.Open && Today > r.DueOn, r.Measures, r.RespondedAt, r.RespondedByName, r.SupervisorNote, r.ClosedAt,
            r.ClosedByName, r.SentBack, r.Revision, Allowed(r, user));
    }
}
