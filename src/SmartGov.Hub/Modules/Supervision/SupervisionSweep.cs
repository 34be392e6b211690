using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Modules.Supervision.Model;

namespace SmartGov.Hub.Modules.Supervision;

/// <summary>
/// Issues reminders (催办, blue) and supervision notices (督办单, yellow and red) for every open sub-task, at most one
/// per colour and day; yellow and red are escalated to the lead department's leader, every day, until the sub-task is
/// completed. Run by <see cref="SupervisionSweepService"/> and on demand (POST /api/v1/supervision/sweep).
/// </summary>
public sealed class SupervisionSweep(SmartGovDbContext db, IWorkingCalendar calendar, TimeProvider clock, IOptions<SupervisionOptions> options, IAuditSink audit)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var cal = await calendar.GetAsync(ct);
        var open = await db.Set<SubTask>().AsNoTracking()
            .Where(s => s.Status != SubTaskStatus.Registered && s.Status != SubTaskStatus.Completed && s.Status != SubTaskStatus.Closed && s.Status != SubTaskStatus.Suspended)
            .ToListAsync(ct);
        var all = await db.Set<SubTask>().AsNoTracking().Select(s => new SubTask { Id = s.Id, ParentId = s.ParentId, Title = s.Title, Percent = s.Percent, Weight = s.Weight }).ToListAsync(ct);
        var issuedToday = (await db.Set<SupervisionNotice>().AsNoTracking().Where(n => n.IssuedOn == today)
            .Select(n => new { n.SubTaskId, n.Colour }).ToListAsync(ct)).Select(n => (n.SubTaskId, n.Colour)).ToHashSet();
        var lateMilestones = (await db.Set<Milestone>().AsNoTracking().Where(m => m.DoneOn == null && m.DueOn < today)
            .Select(m => m.SubTaskId).Distinct().ToListAsync(ct)).ToHashSet();
        var count = 0;
        foreach (var s in open)
        {
            var percent = SupervisionService.PercentOf(s, all, 0);
            var light = SupervisionLights.Compute(cal, today, s.Status, s.DueOn, s.AssignedOn, percent, s.LastReportRejected, options.Value.BlueDays);
            var signOverdue = SupervisionLights.SignOverdue(today, s.Status, s.SignDueOn);
            var milestoneOverdue = lateMilestones.Contains(s.Id);
            light = SupervisionLights.WithFlags(light, signOverdue, milestoneOverdue);
            NoticeColour? colour = light switch
            {
                SupervisionLight.Red => NoticeColour.Red,
                SupervisionLight.Yellow => NoticeColour.Yellow,
                SupervisionLight.Blue => NoticeColour.Blue,
                _ => null,
            };
            if (colour is not { } c || issuedToday.Contains((s.Id, c)))
            {
                continue;
            }
            var text = c switch
            {
                NoticeColour.Red => $"【红色督办单】“{s.Title}”已超过办结期限 {s.DueOn:yyyy-MM-dd}，请部门负责人督促办理并说明原因。",
                NoticeColour.Yellow when signOverdue => $"【黄色督办单】“{s.Title}”未在 {s.SignDueOn:yyyy-MM-dd} 前签收，请立即签收。",
                NoticeColour.Yellow when milestoneOverdue => $"【黄色督办单】“{s.Title}”有节点已过期未完成，请加快办理并确认节点（期限 {s.DueOn:yyyy-MM-dd}）。",
                NoticeColour.Yellow => $"【黄色督办单】“{s.Title}”进度滞后或反馈被驳回，请加快办理（期限 {s.DueOn:yyyy-MM-dd}）。",
                _ => $"【催办】“{s.Title}”将于 {s.DueOn:yyyy-MM-dd} 到期，请按时办结。",
            };
            db.Add(new SupervisionNotice
            {
                SubTaskId = s.Id, DepartmentId = s.LeadDepartmentId, Colour = c, IssuedOn = today, Text = text,
                EscalatedToLeader = c != NoticeColour.Blue, SignOverdue = signOverdue,
            });
            audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "supervision-notice", SubjectId: s.Id.ToString(),
                Details: $"{c} {s.Title}", ActorName: "supervision-sweep", ActorType: AuditActorTypes.System));
            count++;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node issued the same notices a moment ago (unique per sub-task, colour and day).
            db.ChangeTracker.Clear();
            return 0;
        }
        return count;
    }
}

internal sealed partial class SupervisionSweepService(IServiceScopeFactory scopes, IOptions<SupervisionOptions> options, ILogger<SupervisionSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = options.Value.SweepMinutes;
        if (minutes <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var issued = await scope.ServiceProvider.GetRequiredService<SupervisionSweep>().RunAsync(stoppingToken);
                LogSwept(issued);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Supervision sweep issued {Count} notices")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Supervision sweep failed")]
    private partial void LogFailed(Exception ex);
}
