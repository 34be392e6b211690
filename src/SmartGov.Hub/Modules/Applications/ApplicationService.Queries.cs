using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Audit;

namespace SmartGov.Hub.Modules.Applications;

public sealed partial class ApplicationService
{
    /// <summary>
    /// One application for its applicant or for staff of a department with a step on it. Staff reading it read the
    /// applicant's personal data, so that read is audited with its purpose (办件审查).
    /// </summary>
    public async Task<AppResult<ApplicationView>> GetAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var app = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || !await MaySeeAsync(user, app, ct))
        {
            return new(null, NotFound: true);
        }
        if (!IsApplicant(user, app) && app.ApplicantIdIndex is not null)
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.ViewPersonalData, SubjectType: SubjectType, SubjectId: app.Id.ToString(),
                PersonIndex: app.ApplicantIdIndex, Purpose: "办件审查 " + app.Number), ct);
        }
        return new(await ViewAsync(id, user, ct));
    }

    public async Task<AppResult<ApplicationView>> GetByNumberAsync(ClaimsPrincipal user, string number, CancellationToken ct)
    {
        var id = await db.Set<Application>().AsNoTracking().Where(a => a.Number == number).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        return id is null ? new(null, NotFound: true) : await GetAsync(user, id.Value, ct);
    }

    /// <summary>The signed result file (.sgr.json) for the applicant or staff who may see the application.</summary>
    public async Task<AppResult<(string FileName, byte[] Content)>> ResultFileAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var app = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || !await MaySeeAsync(user, app, ct))
        {
            return new(default, NotFound: true);
        }
        var result = await db.Set<ApplicationResult>().AsNoTracking().Where(r => r.ApplicationId == id)
            .Select(r => new { r.FileName, r.Content }).FirstOrDefaultAsync(ct);
        return result is null ? new(default, NotFound: true) : new((result.FileName, result.Content));
    }

    /// <summary>The signed-in citizen's applications (their own, and those a clerk entered for them), newest first.</summary>
    public async Task<IReadOnlyList<ApplicationSummary>> ListMineAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.GetUserId() is not { } uid || !IsCitizen(user))
        {
            return [];
        }
        var rows = await db.Set<Application>().AsNoTracking()
            .Where(a => a.ApplicantUserId == uid || a.CreatedBy == uid)
            .OrderByDescending(a => a.CreatedAt).Take(200)
            .Select(a => new { a.Id, a.Number, a.ItemName, a.ImplementationCode, a.Status, a.CreatedAt, a.SubmittedAt, a.DueOn, a.Decision })
            .ToListAsync(ct);
        return rows.Select(a => new ApplicationSummary(a.Id, a.Number, a.ItemName, a.ImplementationCode, a.Status, StatusName(a.Status),
            a.CreatedAt, a.SubmittedAt, a.DueOn, a.Decision)).ToList();
    }

    /// <summary>
    /// 办件历史 for the applicant or staff. Officers' names appear to applicants only when the city's policy says so
    /// (Applications:ShowOfficerNames).
    /// </summary>
    public async Task<AppResult<IReadOnlyList<ApplicationEventView>>> HistoryAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var app = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || !await MaySeeAsync(user, app, ct))
        {
            return new(null, NotFound: true);
        }
        var showNames = !IsApplicant(user, app) || options.Value.ShowOfficerNames;
        return new(await EventsAsync(app, showNames, ct));
    }

    /// <summary>
    /// Public tracking (办件查询) by number plus the last four characters of the applicant's ID number or credit code.
    /// No names and no personal data; a wrong pair is indistinguishable from an unknown number. Rate limited by the API.
    /// </summary>
    public async Task<TrackingView?> TrackAsync(string? number, string? check, CancellationToken ct)
    {
        number = number?.Trim();
        check = check?.Trim().ToUpperInvariant();
        if (!ApplicationNumbers.IsWellFormed(number) || check is not { Length: 4 })
        {
            return null;
        }
        var app = await db.Set<Application>().AsNoTracking().SingleOrDefaultAsync(a => a.Number == number, ct);
        if (app is null || app.TrackingCheck is null
            || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(app.TrackingCheck.ToUpperInvariant()), System.Text.Encoding.ASCII.GetBytes(check)))
        {
            return null;
        }
        var dept = await organizations.FindDepartmentAsync(app.DepartmentId, ct);
        return new TrackingView(app.Number!, app.ItemName, dept?.Name, app.Status, StatusName(app.Status), app.SubmittedAt, app.AcceptedOn, app.DueOn,
            app.CompletedAt, await EventsAsync(app, showNames: false, ct));
    }

    /// <summary>
    /// The work queue: open steps of the caller's department that the caller's roles may handle, earliest due first
    /// (overdue on top). One indexed range read on application_tasks (DepartmentId, Status, DueOn, OpenedAt).
    /// </summary>
    public async Task<WorkQueuePage> QueueAsync(ClaimsPrincipal user, WorkQueueQuery query, CancellationToken ct)
    {
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 100);
        if (!IsStaff(user) || user.GetDepartmentId() is not { } dept)
        {
            return new([], page, size, false, 0);
        }
        var q = db.Set<WorkTask>().AsNoTracking().Where(t => t.DepartmentId == dept && t.Status == WorkTaskStatus.Open);
        if (!user.IsInRole(Roles.DepartmentSystem))
        {
            var roles = RolesOf(user);
            q = q.Where(t => roles.Contains(t.Role));
        }
        if (!string.IsNullOrWhiteSpace(query.Role))
        {
            q = q.Where(t => t.Role == query.Role);
        }
        if (query.Mine && user.GetUserId() is { } me)
        {
            q = q.Where(t => t.AssigneeId == me || t.AssigneeId == null);
        }
        if (!string.IsNullOrWhiteSpace(query.Step))
        {
            q = q.Where(t => t.StepKey == query.Step);
        }
        if (!string.IsNullOrWhiteSpace(query.Number))
        {
            var n = query.Number.Trim();
            q = q.Where(t => t.ApplicationNumber == n);
        }
        if (!string.IsNullOrWhiteSpace(query.ItemCode))
        {
            var code = query.ItemCode.Trim();
            q = q.Where(t => t.ImplementationCode == code);
        }
        var cal = await calendar.GetAsync(ct);
        var today = Today;
        var yellowUntil = cal.AddWorkingDays(today, calendar.YellowThreshold);
        switch (query.Light?.Trim().ToLowerInvariant())
        {
            case "red":
                q = q.Where(t => t.DueOn < today);
                break;
            case "yellow":
                q = q.Where(t => t.DueOn >= today && t.DueOn <= yellowUntil);
                break;
            case "green":
                q = q.Where(t => t.DueOn == null || t.DueOn > yellowUntil);
                break;
        }
        var rows = await q.OrderBy(t => t.DueOn).ThenBy(t => t.OpenedAt).Skip((page - 1) * size).Take(size + 1).ToListAsync(ct);
        var total = await q.CountAsync(ct);
        var items = rows.Take(size).Select(t => new WorkQueueItem(t.Id, t.ApplicationId, t.ApplicationNumber, t.ItemName, t.ApplicantName, t.StepName, t.Kind,
            t.Role, t.AssigneeId, t.AssigneeName, t.DueOn, t.DueOn is { } d ? Deadlines.LightOn(cal, d, today, calendar.YellowThreshold) : null, t.OpenedAt)).ToList();
        return new(items, page, size, rows.Count > size, total);
    }

    private static List<string> RolesOf(ClaimsPrincipal user)
    {
        var roles = new List<string>();
        foreach (var r in new[] { Roles.Officer, Roles.DepartmentLeader, Roles.WindowClerk })
        {
            if (user.IsInRole(r))
            {
                roles.Add(r);
            }
        }
        if (user.IsInRole(Roles.DepartmentLeader) && !roles.Contains(Roles.Officer))
        {
            roles.Add(Roles.Officer);
        }
        return roles;
    }

    internal async Task<ApplicationView?> ViewAsync(Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var app = await db.Set<Application>().AsNoTracking().Include(a => a.Materials).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null)
        {
            return null;
        }
        var tasks = await db.Set<WorkTask>().AsNoTracking().Where(t => t.ApplicationId == id).ToListAsync(ct);
        var pauses = await db.Set<ClockPauseRecord>().AsNoTracking().Where(p => p.ApplicationId == id).ToListAsync(ct);
        var extensions = await db.Set<ExtensionRequest>().AsNoTracking().Where(e => e.ApplicationId == id).ToListAsync(ct);
        return await BuildViewAsync(app, tasks, pauses, extensions, user, ct);
    }

    /// <summary>
    /// The view of a just-created application from what is in memory: nothing to read back, so a submission costs no
    /// queries after its save (a new application has no pauses and no extensions).
    /// </summary>
    private Task<ApplicationView> NewViewAsync(Application app, ClaimsPrincipal user, CancellationToken ct) =>
        BuildViewAsync(app, db.ChangeTracker.Entries<WorkTask>().Select(e => e.Entity).Where(t => t.ApplicationId == app.Id).ToList(), [], [], user, ct);

    private async Task<ApplicationView> BuildViewAsync(Application app, List<WorkTask> tasks, List<ClockPauseRecord> pauses, List<ExtensionRequest> extensions,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var departments = (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id, d => d.Name);
        var definition = await workflows.FindAsync(app.WorkflowId, ct);
        var cal = await calendar.GetAsync(ct);
        TrafficLight? light = null;
        int? remaining = null;
        if (app.DueOn is { } due && ApplicationStateMachine.ClockRuns(app.Status))
        {
            light = Deadlines.LightOn(cal, due, Today, calendar.YellowThreshold);
            remaining = Today > due ? -cal.CountWorkingDays(due, Today) : cal.CountWorkingDays(Today, due);
        }
        var applicantView = IsApplicant(user, app);
        var showNames = !applicantView || options.Value.ShowOfficerNames;
        var form = JsonSerializer.Deserialize<Dictionary<string, string?>>(app.FormData, FormJson) ?? [];
        var allowed = ApplicationStateMachine.Allowed(app.Status).Where(a => applicantView
            ? a is ApplicationAction.Supplement or ApplicationAction.Withdraw
            : a is not (ApplicationAction.Supplement or ApplicationAction.Withdraw or ApplicationAction.Submit)).ToList();
        return new ApplicationView(
            app.Id, app.Number, app.ImplementationCode, app.ItemName, app.ItemVersionId, app.DepartmentId, departments.GetValueOrDefault(app.DepartmentId),
            app.Channel, app.HallId, app.ApplicantKind, app.ApplicantName, app.ApplicantIdMasked, app.BusinessName, app.BusinessCreditCode,
            app.Status, StatusName(app.Status), form,
            app.Materials.OrderBy(m => m.AddedAt).Select(MaterialView).ToList(),
            app.CreatedAt, app.SubmittedAt, app.AcceptedOn, app.DueOn, app.LimitDays + app.ExtensionDays, light, remaining,
            app.Decision, app.DecisionReason, app.SupplementNote, app.RefusalReason, app.CompletedAt, app.OnTime,
            tasks.OrderBy(t => t.Stage).ThenBy(t => t.OpenedAt).Select(t => new WorkTaskView(t.Id, t.StepKey, t.StepName, t.Kind, t.Stage, t.DepartmentId,
                departments.GetValueOrDefault(t.DepartmentId), t.Role, showNames ? t.AssigneeId : null, showNames ? t.AssigneeName : null, t.Status, t.Approvals,
                t.Denials, definition?.Find(t.StepKey)?.Required ?? 1, t.Outcome, t.OpenedAt, t.ClosedAt)).ToList(),
            pauses.OrderBy(p => p.PausedOn).Select(p => new PauseView(p.Supplement, p.Procedure, p.ProcedureLimitDays, p.PausedOn, p.ResumedOn, p.Reason)).ToList(),
            extensions.OrderBy(e => e.RequestedAt).Select(e => new ExtensionView(e.Id, e.Days, e.Reason, (ExtensionStatusView)e.Status, e.RequestedAt)).ToList(),
            allowed, app.Revision);
    }

    private async Task<IReadOnlyList<ApplicationEventView>> EventsAsync(Application app, bool showNames, CancellationToken ct)
    {
        var events = await db.Set<ApplicationEvent>().AsNoTracking().Where(e => e.ApplicationId == app.Id).OrderBy(e => e.Id).ToListAsync(ct);
        var departments = (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id, d => d.Name);
        return events.Select(e => new ApplicationEventView(e.At, e.Action, Problems.IsChinese ? ApplicationStateMachine.Names(e.Action).Zh : ApplicationStateMachine.Names(e.Action).En, e.StepName, e.DepartmentId,
            e.DepartmentId is { } d ? departments.GetValueOrDefault(d) : null, showNames ? e.ActorName : null, e.FromStatus, e.ToStatus,
            showNames || e.Action is ApplicationAction.RequestSupplement or ApplicationAction.RefuseIntake or ApplicationAction.Deny ? e.Comment : null)).ToList();
    }

    private static string StatusName(ApplicationStatus s) =>
        Problems.IsChinese ? ApplicationStateMachine.Names(s).Zh : ApplicationStateMachine.Names(s).En;
}
