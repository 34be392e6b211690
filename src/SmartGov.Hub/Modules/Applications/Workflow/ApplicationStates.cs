namespace SmartGov.Hub.Modules.Applications;

/// <summary>Where an application (办件) stands.</summary>
public enum ApplicationStatus
{
    Draft = 1,
    /// <summary>Submitted, waiting for intake (待受理).</summary>
    Submitted = 2,
    /// <summary>补正: the applicant was told everything missing at once; waiting for them.</summary>
    SupplementRequested = 3,
    /// <summary>Accepted and under review (受理、审查中).</summary>
    InReview = 4,
    /// <summary>特别程序 (hearing, testing, expert review): the clock stands still.</summary>
    SpecialProcedure = 5,
    /// <summary>Decided; the result is being issued.</summary>
    Decided = 6,
    /// <summary>办结: decision made and result issued.</summary>
    Completed = 7,
    /// <summary>不予受理.</summary>
    IntakeRefused = 8,
    /// <summary>Withdrawn by the applicant (撤回).</summary>
    Withdrawn = 9,
}

/// <summary>What someone does to an application.</summary>
public enum ApplicationAction
{
    Submit = 1,
    Accept = 2,
    RefuseIntake = 3,
    RequestSupplement = 4,
    Supplement = 5,
    Approve = 6,
    Deny = 7,
    SendBack = 8,
    Reassign = 9,
    Delegate = 10,
    StartSpecialProcedure = 11,
    EndSpecialProcedure = 12,
    RequestExtension = 13,
    ApproveExtension = 14,
    RejectExtension = 15,
    IssueResult = 16,
    Withdraw = 17,

    /// <summary>Handed over to another region's SmartGov (异地代收代办).</summary>
    Handover = 18,
}

public enum Decision
{
    Approved = 1,
    Denied = 2,
}

public enum ApplicationChannel
{
    Online = 1,
    Window = 2,
}

public enum ApplicantKind
{
    Person = 1,
    Business = 2,
}

public enum WorkTaskStatus
{
    Open = 1,
    Done = 2,
    Cancelled = 3,
}

public enum SpecialProcedureKind
{
    Hearing = 1,
    Testing = 2,
    ExpertReview = 3,
    Other = 9,
}

/// <summary>The state machine as a pure function of (status, action): which actions may happen in which state.</summary>
public static class ApplicationStateMachine
{
    public static bool Allows(ApplicationStatus status, ApplicationAction action) => (status, action) switch
    {
        (ApplicationStatus.Draft, ApplicationAction.Submit) => true,
        (ApplicationStatus.Draft, ApplicationAction.Withdraw) => true,
        (ApplicationStatus.Submitted, ApplicationAction.Accept or ApplicationAction.RefuseIntake or ApplicationAction.RequestSupplement
            or ApplicationAction.Withdraw or ApplicationAction.Reassign or ApplicationAction.Delegate) => true,
        (ApplicationStatus.SupplementRequested, ApplicationAction.Supplement or ApplicationAction.Withdraw) => true,
        (ApplicationStatus.InReview, ApplicationAction.Approve or ApplicationAction.Deny or ApplicationAction.SendBack
            or ApplicationAction.Reassign or ApplicationAction.Delegate or ApplicationAction.StartSpecialProcedure
            or ApplicationAction.RequestExtension or ApplicationAction.ApproveExtension or ApplicationAction.RejectExtension
            or ApplicationAction.RequestSupplement or ApplicationAction.Withdraw) => true,
        (ApplicationStatus.SpecialProcedure, ApplicationAction.EndSpecialProcedure or ApplicationAction.ApproveExtension
            or ApplicationAction.RejectExtension) => true,
        (ApplicationStatus.Decided, ApplicationAction.IssueResult or ApplicationAction.Reassign or ApplicationAction.Delegate) => true,
        _ => false,
    };

    public static IReadOnlyList<ApplicationAction> Allowed(ApplicationStatus status) =>
        Enum.GetValues<ApplicationAction>().Where(a => Allows(status, a)).ToList();

    public static bool IsFinal(ApplicationStatus s) => s is ApplicationStatus.Completed or ApplicationStatus.IntakeRefused or ApplicationStatus.Withdrawn;

    /// <summary>The clock runs only between acceptance and decision, outside pauses.</summary>
    public static bool ClockRuns(ApplicationStatus s) => s is ApplicationStatus.InReview;

    public static (string Zh, string En) Names(ApplicationStatus s) => s switch
    {
        ApplicationStatus.Draft => ("草稿", "Draft"),
        ApplicationStatus.Submitted => ("待受理", "Awaiting intake"),
        ApplicationStatus.SupplementRequested => ("待补正", "Supplement requested"),
        ApplicationStatus.InReview => ("审查中", "Under review"),
        ApplicationStatus.SpecialProcedure => ("特别程序中", "Special procedure"),
        ApplicationStatus.Decided => ("已决定，待送达", "Decided, result being issued"),
        ApplicationStatus.Completed => ("已办结", "Completed"),
        ApplicationStatus.IntakeRefused => ("不予受理", "Intake refused"),
        ApplicationStatus.Withdrawn => ("已撤回", "Withdrawn"),
        _ => (s.ToString(), s.ToString()),
    };

    public static (string Zh, string En) Names(ApplicationAction a) => a switch
    {
        ApplicationAction.Submit => ("提交", "submit"),
        ApplicationAction.Accept => ("受理", "accept"),
        ApplicationAction.RefuseIntake => ("不予受理", "refuse intake"),
        ApplicationAction.RequestSupplement => ("一次性告知补正", "request a supplement"),
        ApplicationAction.Supplement => ("补正材料", "supply the supplement"),
        ApplicationAction.Approve => ("同意", "approve"),
        ApplicationAction.Deny => ("不同意", "deny"),
        ApplicationAction.SendBack => ("退回", "send back"),
        ApplicationAction.Reassign => ("改派", "reassign"),
        ApplicationAction.Delegate => ("委托代办", "delegate"),
        ApplicationAction.StartSpecialProcedure => ("启动特别程序", "start a special procedure"),
        ApplicationAction.EndSpecialProcedure => ("结束特别程序", "end the special procedure"),
        ApplicationAction.RequestExtension => ("申请延期", "request an extension"),
        ApplicationAction.ApproveExtension => ("批准延期", "approve the extension"),
        ApplicationAction.RejectExtension => ("驳回延期", "reject the extension"),
        ApplicationAction.IssueResult => ("制证送达", "issue the result"),
        ApplicationAction.Withdraw => ("撤回", "withdraw"),
        ApplicationAction.Handover => ("移交异地办理", "hand over to another region"),
        _ => (a.ToString(), a.ToString()),
    };

    public static (string Zh, string En) Names(SpecialProcedureKind k) => k switch
    {
        SpecialProcedureKind.Hearing => ("听证", "hearing"),
        SpecialProcedureKind.Testing => ("检验检测", "testing"),
        SpecialProcedureKind.ExpertReview => ("专家评审", "expert review"),
        _ => ("其他特别程序", "other special procedure"),
    };
}
