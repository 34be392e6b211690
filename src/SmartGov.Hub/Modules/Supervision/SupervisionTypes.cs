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

public sealed record ProgressInput(int? Percent, string? Text, string? AttachmentUrl);

public sealed record MilestoneView(Guid Id, string Title, DateOnly DueOn, DateOnly? DoneOn);

public sealed record SubTaskView(
    Guid Id, Guid KeyTaskId, Guid? ParentId, string Title, Guid LeadDepartmentId, IReadOnlyList<Guid> CoDepartmentIds,
    DateOnly DueOn, DateOnly? SignDueOn, string Status, string StatusName, int Weight, int Percent, string Light,
    bool SignOverdue, int Revision, IReadOnlyList<string> AllowedActions, IReadOnlyList<MilestoneView> Milestones,
    string KeyTaskTitle, string Source);

public sealed record KeyTaskView(Guid Id, string Title, string? Description, string Source, string Priority, DateOnly DueOn,
    int Percent, string Light, IReadOnlyList<SubTaskView> SubTasks);

public sealed record ProgressReportView(Guid Id, int Percent, string Text, string? AttachmentUrl, DateTime At, string? ByName, Guid? DepartmentId);

public sealed record NoticeView(Guid Id, Guid SubTaskId, string SubTaskTitle, Guid DepartmentId, string Colour, DateOnly IssuedOn,
    bool EscalatedToLeader, bool SignOverdue, string Text);

public sealed record BoardCount(string Key, int Green, int Blue, int Yellow, int Red, int Done);

public sealed record BoardView(IReadOnlyList<BoardCount> BySource, IReadOnlyList<BoardCount> ByDepartment, BoardCount Total, IReadOnlyList<SubTaskView> Items);

public sealed record DepartmentScore(Guid DepartmentId, int SubTasks, int Done, double Timeliness, double Quality, double Completion, double Total);

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
