using SmartGov.Core.Calendar;

namespace SmartGov.Hub.Modules.Supervision;

/// <summary>立项 → 交办 → 签收 → 办理 → 反馈 (awaiting 审核) → 办结 → 销号, plus 挂起 (suspended).</summary>
public enum SubTaskStatus
{
    Registered = 1,
    Assigned = 2,
    SignedFor = 3,
    InProgress = 4,
    Feedback = 5,
    Completed = 6,
    Closed = 7,
    Suspended = 8,
}

/// <summary>What someone does to a sub-task. Who may do it is <see cref="SupervisionWorkflow.ByDepartment"/>.</summary>
public enum SubTaskAction
{
    Assign = 1,       // 交办 (supervisor)
    SignFor = 2,      // 签收 (department)
    Start = 3,        // 办理 (department)
    SubmitFeedback = 4, // 反馈 (department)
    Approve = 5,      // 审核通过 → 办结 (supervisor)
    Reject = 6,       // 驳回重办 (supervisor)
    Close = 7,        // 销号 (supervisor)
    Suspend = 8,      // 挂起 (supervisor)
    Resume = 9,       // 恢复 (supervisor)
}

/// <summary>The state machine, as a pure function: the next state, or null when the action is not allowed.</summary>
public static class SupervisionWorkflow
{
    public static bool ByDepartment(SubTaskAction action) =>
        action is SubTaskAction.SignFor or SubTaskAction.Start or SubTaskAction.SubmitFeedback;

    public static SubTaskStatus? Next(SubTaskStatus from, SubTaskAction action, SubTaskStatus? suspendedFrom = null) => (from, action) switch
    {
        (SubTaskStatus.Registered, SubTaskAction.Assign) => SubTaskStatus.Assigned,
        (SubTaskStatus.Assigned, SubTaskAction.SignFor) => SubTaskStatus.SignedFor,
        (SubTaskStatus.SignedFor, SubTaskAction.Start) => SubTaskStatus.InProgress,
        (SubTaskStatus.InProgress, SubTaskAction.SubmitFeedback) => SubTaskStatus.Feedback,
        (SubTaskStatus.Feedback, SubTaskAction.Approve) => SubTaskStatus.Completed,
        (SubTaskStatus.Feedback, SubTaskAction.Reject) => SubTaskStatus.InProgress,
        (SubTaskStatus.Completed, SubTaskAction.Close) => SubTaskStatus.Closed,
        (SubTaskStatus.Assigned or SubTaskStatus.SignedFor or SubTaskStatus.InProgress or SubTaskStatus.Feedback, SubTaskAction.Suspend) => SubTaskStatus.Suspended,
        (SubTaskStatus.Suspended, SubTaskAction.Resume) => suspendedFrom ?? SubTaskStatus.InProgress,
        _ => null,
    };

    public static IReadOnlyList<SubTaskAction> Allowed(SubTaskStatus from) =>
        Enum.GetValues<SubTaskAction>().Where(a => Next(from, a) is not null).ToList();

    public static bool IsDone(SubTaskStatus s) => s is SubTaskStatus.Completed or SubTaskStatus.Closed;

    public static (string Zh, string En) Names(SubTaskStatus s) => s switch
    {
        SubTaskStatus.Registered => ("立项", "Registered"),
        SubTaskStatus.Assigned => ("已交办", "Assigned"),
        SubTaskStatus.SignedFor => ("已签收", "Signed for"),
        SubTaskStatus.InProgress => ("办理中", "In progress"),
        SubTaskStatus.Feedback => ("已反馈待审核", "Feedback awaiting review"),
        SubTaskStatus.Completed => ("已办结", "Completed"),
        SubTaskStatus.Closed => ("已销号", "Closed"),
        SubTaskStatus.Suspended => ("已挂起", "Suspended"),
        _ => (s.ToString(), s.ToString()),
    };

    public static (string Zh, string En) Names(SubTaskAction a) => a switch
    {
        SubTaskAction.Assign => ("交办", "assign"),
        SubTaskAction.SignFor => ("签收", "sign for"),
        SubTaskAction.Start => ("办理", "start"),
        SubTaskAction.SubmitFeedback => ("反馈", "submit feedback"),
        SubTaskAction.Approve => ("审核通过", "approve"),
        SubTaskAction.Reject => ("驳回重办", "send back"),
        SubTaskAction.Close => ("销号", "close"),
        SubTaskAction.Suspend => ("挂起", "suspend"),
        SubTaskAction.Resume => ("恢复", "resume"),
        _ => (a.ToString(), a.ToString()),
    };
}

/// <summary>Green (on track), blue (near the deadline), yellow (behind schedule or report rejected), red (overdue); None once done.</summary>
public enum SupervisionLight
{
    None = 0,
    Green = 1,
    Blue = 2,
    Yellow = 3,
    Red = 4,
}

/// <summary>Traffic lights in working days, as pure functions of the calendar.</summary>
public static class SupervisionLights
{
    public const int DefaultBlueDays = 3;

    /// <summary>Progress may lag the share of working time used by this many points before the light turns yellow.</summary>
    public const int BehindTolerance = 20;

    public static SupervisionLight Compute(HolidayCalendar calendar, DateOnly today, SubTaskStatus status, DateOnly dueOn,
        DateOnly? startedOn, int percent, bool lastReportRejected, int blueDays = DefaultBlueDays)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (SupervisionWorkflow.IsDone(status) || status == SubTaskStatus.Suspended)
        {
            return SupervisionLight.None;
        }
        if (today > dueOn)
        {
            return SupervisionLight.Red;
        }
        if (lastReportRejected || IsBehind(calendar, today, dueOn, startedOn, percent))
        {
            return SupervisionLight.Yellow;
        }
        return calendar.CountWorkingDays(today, dueOn) <= blueDays ? SupervisionLight.Blue : SupervisionLight.Green;
    }

    /// <summary>Percent complete lags the share of working days used by more than <see cref="BehindTolerance"/> points.</summary>
    public static bool IsBehind(HolidayCalendar calendar, DateOnly today, DateOnly dueOn, DateOnly? startedOn, int percent)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (startedOn is not { } start || today <= start)
        {
            return false;
        }
        var total = calendar.CountWorkingDays(start, dueOn);
        if (total <= 0)
        {
            return false;
        }
        var used = Math.Min(total, calendar.CountWorkingDays(start, today));
        var expected = used * 100 / total;
        return percent + BehindTolerance < expected;
    }

    /// <summary>Signing-for is overdue: assigned, not yet signed for, and the signing deadline has passed.</summary>
    public static bool SignOverdue(DateOnly today, SubTaskStatus status, DateOnly? signDueOn) =>
        status == SubTaskStatus.Assigned && signDueOn is { } d && today > d;

    /// <summary>Work that still has a light: not completed, closed or suspended.</summary>
    public static bool IsOpen(SubTaskStatus status) => !SupervisionWorkflow.IsDone(status) && status != SubTaskStatus.Suspended;

    /// <summary>An open sub-task has a milestone whose date has passed and that is not marked reached.</summary>
    public static bool MilestoneOverdue(DateOnly today, SubTaskStatus status, IEnumerable<(DateOnly DueOn, DateOnly? DoneOn)> milestones) =>
        IsOpen(status) && milestones.Any(m => m.DoneOn is null && m.DueOn < today);

    /// <summary>Late signing-for and an overdue unreached milestone each make an otherwise green or blue light yellow.</summary>
    public static SupervisionLight WithFlags(SupervisionLight light, bool signOverdue, bool milestoneOverdue) =>
        (signOverdue || milestoneOverdue) && light is SupervisionLight.Green or SupervisionLight.Blue ? SupervisionLight.Yellow : light;

    /// <summary>A parent's percent from its children, weighted; a leaf keeps its own.</summary>
    public static int RollUp(IReadOnlyList<(int Weight, int Percent)> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var total = children.Sum(c => Math.Max(0, c.Weight));
        if (total == 0)
        {
            return 0;
        }
        return (int)Math.Round(children.Sum(c => (double)Math.Max(0, c.Weight) * c.Percent) / total, MidpointRounding.AwayFromZero);
    }
}
