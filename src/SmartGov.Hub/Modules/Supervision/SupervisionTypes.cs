using System.ComponentModel.DataAnnotations;
using SmartGov.Hub.Modules.Supervision.Model;

namespace SmartGov.Hub.Modules.Supervision;

public sealed class SupervisionOptions
{
    public const string Section = "Supervision";

    /// <summary>Working days before the deadline at which the light turns blue.</summary>
    [Range(0, 30)]
    public int BlueDays { get; set; } = SupervisionLights.DefaultBlueDays;

    /// <summary>Working days after assignment within which a department signs for a sub-task.</summary>
    [Range(0, 30)]
    public int SignForDays { get; set; } = 2;

    /// <summary>Minutes between sweeps of the background reminder job (0 turns it off).</summary>
    [Range(0, 1440)]
    public int SweepMinutes { get; set; } = 30;
}

public sealed record KeyTaskInput(string? Title, string? Description, string? Source, string? Priority, DateOnly? DueOn);

public sealed record MilestoneInput(string? Title, DateOnly? DueOn);

public sealed record SubTaskInput(string? Title, Guid? ParentId, Guid? LeadDepartmentId, IReadOnlyList<Guid>? CoDepartmentIds,
    DateOnly? DueOn, DateOnly? SignDueOn, int? Weight, IReadOnlyList<MilestoneInput>? Milestones);

public sealed record TransitionInput(string? Action, int? Revision, string? Comment);

/// <param name="FileIds">Files staged with <c>POST /api/v1/files</c> by the same user, attached to the report.</param>
public sealed record ProgressInput(int? Percent, string? Text, string? AttachmentUrl, IReadOnlyList<Guid>? FileIds = null);

/// <summary>The supervisor's edit of a key task; <paramref name="Revision"/> is the one read (stale: 409).</summary>
public sealed record KeyTaskUpdateInput(string? Title, string? Description, string? Source, string? Priority, DateOnly? DueOn, int? Revision);

/// <summary>A milestone in an edit: with the id of an existing one (kept, with its reached date), or without (new).</summary>
public sealed record MilestoneEditInput(Guid? Id, string? Title, DateOnly? DueOn);

/// <summary>
/// The supervisor's edit of a sub-task. <paramref name="Milestones"/> null leaves them as they are; a list replaces
/// them (existing ones not listed are removed).
/// </summary>
public sealed record SubTaskUpdateInput(string? Title, Guid? LeadDepartmentId, IReadOnlyList<Guid>? CoDepartmentIds, DateOnly? DueOn,
    DateOnly? SignDueOn, int? Weight, IReadOnlyList<MilestoneEditInput>? Milestones, int? Revision);

/// <summary>The lead department marks a milestone reached: on which day (default today; not in the future) and a note.</summary>
public sealed record MilestoneDoneInput(DateOnly? DoneOn = null, string? Note = null, int? Revision = null);

public sealed record MilestoneView(Guid Id, string Title, DateOnly DueOn, DateOnly? DoneOn, string? Note = null, bool Overdue = false);

/// <summary>A file attached to a progress report; <paramref name="Url"/> downloads it (supervisors, lead and co-departments).</summary>
public sealed record AttachmentView(Guid FileId, string FileName, string ContentType, long Size, string Url);

public sealed record SubTaskView(
    Guid Id, Guid KeyTaskId, Guid? ParentId, string Title, Guid LeadDepartmentId, IReadOnlyList<Guid> CoDepartmentIds,
    DateOnly DueOn, DateOnly? SignDueOn, string Status, string StatusName, int Weight, int Percent, string Light,
    bool SignOverdue, int Revision, IReadOnlyList<string> AllowedActions, IReadOnlyList<MilestoneView> Milestones,
    string KeyTaskTitle, string Source, bool MilestoneOverdue = false, bool MayEdit = false, bool MayDelete = false);

/// <param name="Closed">Every sub-task is completed (办结) or closed (销号): the task can no longer be edited.</param>
/// <param name="MayDelete">Nothing has been assigned yet (all sub-tasks 立项): the supervisor may delete the task.</param>
public sealed record KeyTaskView(Guid Id, string Title, string? Description, string Source, string Priority, DateOnly DueOn,
    int Percent, string Light, IReadOnlyList<SubTaskView> SubTasks, int Revision = 0, bool Closed = false, bool MayEdit = false, bool MayDelete = false);

/// <param name="ByLead">Reported by the lead department (sets the percent); otherwise a co-department's feedback (配合单位反馈).</param>
/// <param name="Feedback">On a lead report: the co-departments' feedback since the lead's previous report, which this report includes.</param>
public sealed record ProgressReportView(Guid Id, int Percent, string Text, string? AttachmentUrl, DateTime At, string? ByName, Guid? DepartmentId,
    bool ByLead = true, IReadOnlyList<AttachmentView>? Attachments = null, IReadOnlyList<ProgressReportView>? Feedback = null);

public sealed record NoticeView(Guid Id, Guid SubTaskId, string SubTaskTitle, Guid DepartmentId, string Colour, DateOnly IssuedOn,
    bool EscalatedToLeader, bool SignOverdue, string Text);

public sealed record BoardCount(string Key, int Green, int Blue, int Yellow, int Red, int Done);

public sealed record BoardView(IReadOnlyList<BoardCount> BySource, IReadOnlyList<BoardCount> ByDepartment, BoardCount Total, IReadOnlyList<SubTaskView> Items);

/// <param name="SubTasks">Sub-tasks the department leads (assigned or later); <paramref name="Done"/> of them done.</param>
/// <param name="CoSubTasks">Sub-tasks it works on as a co-department, counted at <see cref="SupervisionService.CoDepartmentWeight"/>.</param>
public sealed record DepartmentScore(Guid DepartmentId, int SubTasks, int Done, double Timeliness, double Quality, double Completion, double Total,
    int CoSubTasks = 0);

/// <summary>The outcome of a command: a value, field errors (422), a conflict (409), forbidden (403) or not found (404).</summary>
public sealed record SupResult<T>(T? Value, IReadOnlyList<SmartGov.Core.FieldError>? Errors = null, (string Zh, string En)? Conflict = null,
    (string Zh, string En)? Forbidden = null, bool NotFound = false)
{
    public bool Succeeded => Errors is null && Conflict is null && Forbidden is null && !NotFound;
}

internal static class SupervisionParsing
{
    public static bool TrySource(string? s, out TaskSource source) => Enum.TryParse(s, true, out source) && Enum.IsDefined(source);

    public static bool TryPriority(string? s, out TaskPriority p) => Enum.TryParse(s, true, out p) && Enum.IsDefined(p);

    public static bool TryAction(string? s, out SubTaskAction a) => Enum.TryParse(s, true, out a) && Enum.IsDefined(a) && !int.TryParse(s, out _);

    public static bool TryLight(string? s, out SupervisionLight l) => Enum.TryParse(s, true, out l) && Enum.IsDefined(l);
}
