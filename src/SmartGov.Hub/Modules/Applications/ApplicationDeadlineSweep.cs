using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Notifications;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Hub.Modules.Applications;

public sealed record DeadlineSweepResult(int Reminders, int Escalations);

/// <summary>
/// Traffic-light follow-up on open steps: when a step turns yellow (≤ Services:YellowThresholdDays working days left)
/// its officer — the assignee, or everyone holding the step's role in its department — gets a reminder; when it turns
/// red (overdue) the department's leaders get an escalation. Each goes once per step. Run by
/// <see cref="ApplicationDeadlineSweepService"/> and on demand.
/// </summary>
public sealed class ApplicationDeadlineSweep(SmartGovDbContext db, IWorkingCalendar calendar, IPersonDirectory people, INotifier notifier, TimeProvider clock)
{
    private const int Batch = 500;

    public async Task<DeadlineSweepResult> RunAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var cal = await calendar.GetAsync(ct);
        var yellowUntil = cal.AddWorkingDays(today, calendar.YellowThreshold);
        var reminders = 0;
        var escalations = 0;
        var staffCache = new Dictionary<(Guid, string), IReadOnlyList<StaffInfo>>();
        async Task<IReadOnlyList<StaffInfo>> StaffAsync(Guid dept, string role)
        {
            if (!staffCache.TryGetValue((dept, role), out var list))
            {
                staffCache[(dept, role)] = list = await people.ListStaffAsync(dept, role, ct);
            }
            return list;
        }
        while (true)
        {
            var due = await db.Set<WorkTask>()
                .Where(t => t.Status == WorkTaskStatus.Open && t.DueOn != null && t.DueOn <= yellowUntil
                    && (t.RemindedOn == null || (t.DueOn < today && t.EscalatedOn == null)))
                .OrderBy(t => t.DueOn).Take(Batch).ToListAsync(ct);
            if (due.Count == 0)
            {
                break;
            }
            foreach (var t in due)
            {
                var link = $"/console/applications/{t.ApplicationId}";
                if (t.RemindedOn is null)
                {
                    var to = t.AssigneeId is { } a ? [a] : (await StaffAsync(t.DepartmentId, t.Role)).Select(s => s.Id).ToList();
                    foreach (var user in to)
                    {
                        notifier.Notify(new NotificationRequest(user, NotificationKind.DeadlineReminder,
                            $"【催办】{t.ItemName} {t.ApplicationNumber} 将于 {t.DueOn:yyyy-MM-dd} 到期", $"Reminder: {t.ApplicationNumber} is due on {t.DueOn:yyyy-MM-dd}",
                            $"“{t.StepName}”环节请按时办理。", $"Please finish the step \"{t.StepName}\" in time.", link, ApplicationService.SubjectType, t.ApplicationId.ToString()));
                        reminders++;
                    }
                    t.RemindedOn = today;
                }
                if (t.DueOn < today && t.EscalatedOn is null)
                {
                    foreach (var leader in await StaffAsync(t.DepartmentId, Roles.DepartmentLeader))
                    {
                        notifier.Notify(new NotificationRequest(leader.Id, NotificationKind.DeadlineEscalation,
                            $"【超期督办】{t.ItemName} {t.ApplicationNumber} 已超过办理期限", $"Overdue: {t.ApplicationNumber} passed its due date",
                            $"“{t.StepName}”环节已于 {t.DueOn:yyyy-MM-dd} 到期未办结，请督促办理。", $"The step \"{t.StepName}\" was due on {t.DueOn:yyyy-MM-dd}; please see to it.",
                            link, ApplicationService.SubjectType, t.ApplicationId.ToString()));
                        escalations++;
                    }
                    t.EscalatedOn = today;
                }
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return new(reminders, escalations);
    }
}

internal sealed partial class ApplicationDeadlineSweepService(IServiceScopeFactory scopes, IOptions<ApplicationsOptions> options, ILogger<ApplicationDeadlineSweepService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = options.Value.SweepMinutes;
        if (minutes <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<ApplicationDeadlineSweep>().RunAsync(stoppingToken);
                LogSwept(result.Reminders, result.Escalations);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline sweep sent {Reminders} reminders and {Escalations} escalations")]
    private partial void LogSwept(int reminders, int escalations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline sweep failed")]
    private partial void LogFailed(Exception ex);
}
