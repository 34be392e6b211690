using SmartGov.Web.Tests.Infrastructure;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Supervision;

namespace SmartGov.Supervision.Tests;

/// <summary>The state machine and the traffic lights as pure functions.</summary>
public sealed class WorkflowTests
{
    [Fact]
    public void The_whole_process_runs_from_registration_to_closing()
    {
        var s = SubTaskStatus.Registered;
        foreach (var a in new[] { SubTaskAction.Assign, SubTaskAction.SignFor, SubTaskAction.Start, SubTaskAction.SubmitFeedback, SubTaskAction.Approve, SubTaskAction.Close })
        {
            s = SupervisionWorkflow.Next(s, a) ?? throw new InvalidOperationException($"{a} refused from {s}");
        }
        Assert.Equal(SubTaskStatus.Closed, s);
    }

    [Theory]
    [InlineData(SubTaskStatus.Registered, SubTaskAction.SignFor)]
    [InlineData(SubTaskStatus.Assigned, SubTaskAction.Approve)]
    [InlineData(SubTaskStatus.InProgress, SubTaskAction.Close)]
    [InlineData(SubTaskStatus.Closed, SubTaskAction.Reject)]
    [InlineData(SubTaskStatus.Closed, SubTaskAction.Suspend)]
    [InlineData(SubTaskStatus.Registered, SubTaskAction.Resume)]
    public void Steps_out_of_order_are_refused(SubTaskStatus from, SubTaskAction action) =>
        Assert.Null(SupervisionWorkflow.Next(from, action));

    [Fact]
    public void A_send_back_returns_the_work_to_the_department_and_resume_returns_to_where_it_was()
    {
        Assert.Equal(SubTaskStatus.InProgress, SupervisionWorkflow.Next(SubTaskStatus.Feedback, SubTaskAction.Reject));
        Assert.Equal(SubTaskStatus.Suspended, SupervisionWorkflow.Next(SubTaskStatus.SignedFor, SubTaskAction.Suspend));
        Assert.Equal(SubTaskStatus.SignedFor, SupervisionWorkflow.Next(SubTaskStatus.Suspended, SubTaskAction.Resume, SubTaskStatus.SignedFor));
    }

    // 2026-09-28 is a Monday; 10-01..10-07 is the National Day holiday, 2026-10-10 (Saturday) a make-up workday.
    private static readonly HolidayCalendar Calendar = new(
        Enumerable.Range(1, 7).Select(d => new CalendarDay(new DateOnly(2026, 10, d), DayKind.Holiday, "国庆节"))
            .Append(new CalendarDay(new DateOnly(2026, 10, 10), DayKind.Workday, "国庆调休")), [2026]);

    [Fact]
    public void Lights_count_working_days_so_the_holiday_week_keeps_a_task_green()
    {
        // Due 2026-10-12: from 09-28 there are 3 working days in September plus 10-08, 10-09, 10-10, 10-12.
        var due = new DateOnly(2026, 10, 12);
        Assert.Equal(SupervisionLight.Green, SupervisionLights.Compute(Calendar, new DateOnly(2026, 9, 28), SubTaskStatus.InProgress, due, null, 50, false));
        // On 09-30 only 10-08, 10-09, 10-10, 10-12 are left: 4 working days, still green; on 10-08, 3 left: blue.
        Assert.Equal(SupervisionLight.Green, SupervisionLights.Compute(Calendar, new DateOnly(2026, 9, 30), SubTaskStatus.InProgress, due, null, 50, false));
        Assert.Equal(SupervisionLight.Blue, SupervisionLights.Compute(Calendar, new DateOnly(2026, 10, 8), SubTaskStatus.InProgress, due, null, 50, false));
        Assert.Equal(SupervisionLight.Red, SupervisionLights.Compute(Calendar, new DateOnly(2026, 10, 13), SubTaskStatus.InProgress, due, null, 50, false));
        // The blue threshold is configurable.
        Assert.Equal(SupervisionLight.Blue, SupervisionLights.Compute(Calendar, new DateOnly(2026, 9, 30), SubTaskStatus.InProgress, due, null, 50, false, blueDays: 5));
    }

    [Fact]
    public void A_rejected_report_or_lagging_progress_turns_yellow_and_done_work_has_no_light()
    {
        var due = new DateOnly(2026, 12, 31);
        var today = new DateOnly(2026, 11, 2);
        Assert.Equal(SupervisionLight.Yellow, SupervisionLights.Compute(Calendar, today, SubTaskStatus.InProgress, due, null, 50, lastReportRejected: true));
        // Started 09-01: well over half the working time used, 10 % done.
        Assert.Equal(SupervisionLight.Yellow, SupervisionLights.Compute(Calendar, today, SubTaskStatus.InProgress, due, new DateOnly(2026, 9, 1), 10, false));
        Assert.Equal(SupervisionLight.Green, SupervisionLights.Compute(Calendar, today, SubTaskStatus.InProgress, due, new DateOnly(2026, 9, 1), 60, false));
        Assert.Equal(SupervisionLight.None, SupervisionLights.Compute(Calendar, new DateOnly(2027, 3, 1), SubTaskStatus.Completed, due, null, 100, false));
    }

    [Fact]
    public void Signing_for_late_is_flagged_and_progress_rolls_up_by_weight()
    {
        Assert.True(SupervisionLights.SignOverdue(new DateOnly(2026, 11, 5), SubTaskStatus.Assigned, new DateOnly(2026, 11, 4)));
        Assert.False(SupervisionLights.SignOverdue(new DateOnly(2026, 11, 5), SubTaskStatus.SignedFor, new DateOnly(2026, 11, 4)));
        Assert.Equal(70, SupervisionLights.RollUp([(3, 100), (1, 40), (1, 10)]));
    }
}
