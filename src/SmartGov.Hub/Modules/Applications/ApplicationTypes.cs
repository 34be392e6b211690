using SmartGov.Core;
using SmartGov.Core.Calendar;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>One material in an application request: the requirement it answers and the uploaded file (see POST /api/v1/files).</summary>
public sealed record MaterialInput(Guid? RequirementId, Guid? FileId, bool Paper = false, string? Name = null);

/// <summary>
/// An application as a citizen, a business agent or a department system submits it. <see cref="BusinessCreditCode"/>
/// makes it a business application; the caller must be that business's representative or agent. <see cref="ShareConsent"/>:
/// the applicant agrees that the licences the item's shared materials name be fetched from their issuing departments.
/// </summary>
public sealed record ApplicationInput(
    string? ItemCode,
    Dictionary<string, string?>? Form = null,
    IReadOnlyList<MaterialInput>? Materials = null,
    string? BusinessCreditCode = null,
    bool Draft = false,
    bool ShareConsent = false);

/// <summary>
/// A walk-in application entered by a window clerk (一窗受理) at <see cref="HallId"/>. <see cref="ShareConsent"/>: the clerk
/// confirms the applicant agreed that their licences be fetched by data sharing.
/// </summary>
public sealed record WindowIntakeInput(
    string? ItemCode,
    Guid? HallId,
    string? ApplicantIdNumber,
    string? ApplicantName,
    string? Mobile,
    Dictionary<string, string?>? Form = null,
    IReadOnlyList<MaterialInput>? Materials = null,
    string? BusinessCreditCode = null,
    string? BusinessName = null,
    bool AcceptNow = true,
    bool ShareConsent = false);

/// <summary>
/// An officer's (or the applicant's) action. Which fields matter depends on <see cref="Action"/>: a reason for refusals,
/// denials and extensions; <see cref="Missing"/> for a supplement request; <see cref="TargetStep"/> for sending back;
/// <see cref="AssigneeId"/> for reassigning; <see cref="Procedure"/> and <see cref="Days"/> for special procedures.
/// <see cref="Revision"/> (from the last read) makes a decision on stale data fail with 409.
/// </summary>
public sealed record ApplicationActionInput(
    string? Action,
    Guid? TaskId = null,
    string? Comment = null,
    IReadOnlyList<string>? Missing = null,
    string? TargetStep = null,
    Guid? AssigneeId = null,
    string? Procedure = null,
    int? Days = null,
    Guid? ExtensionId = null,
    IReadOnlyList<MaterialInput>? Materials = null,
    int? Revision = null);

public sealed record ApplicationMaterialView(Guid Id, Guid? RequirementId, string Name, string Source, Guid? FileId, string? FileName, string? Sm3, long? Size, bool Missing, string? Note,
    SharedMaterialView? Shared = null);

/// <summary>
/// Where a material fetched by data sharing came from: trust level A, the licence, the issuing department, when, and what
/// was verified. <see cref="Pending"/> while the fetch failed (<see cref="ApplicationMaterialView.Note"/> says why).
/// </summary>
public sealed record SharedMaterialView(string? TrustLevel, string? LicenceTypeCode, string? LicenceNumber, Guid? IssuerDepartmentId, string? IssuerName,
    DateTime? FetchedAt, bool? Verified, string? Verification, string? ExchangeMessageId, bool Pending);

public sealed record WorkTaskView(Guid Id, string StepKey, string StepName, StepKind Kind, int Stage, Guid DepartmentId, string? DepartmentName,
    string Role, Guid? AssigneeId, string? AssigneeName, WorkTaskStatus Status, int Approvals, int Denials, int Required, string? Outcome, DateTime OpenedAt, DateTime? ClosedAt);

/// <summary>One line of the history. <see cref="ActorName"/> is null when the city's policy hides officers' names from applicants.</summary>
public sealed record ApplicationEventView(DateTime At, ApplicationAction Action, string ActionName, string? StepName, Guid? DepartmentId,
    string? DepartmentName, string? ActorName, ApplicationStatus FromStatus, ApplicationStatus ToStatus, string? Comment);

public sealed record ExtensionView(Guid Id, int Days, string Reason, ExtensionStatusView Status, DateTime RequestedAt);

public enum ExtensionStatusView
{
    Pending = 1,
    Approved = 2,
    Rejected = 3,
}

public sealed record PauseView(bool Supplement, SpecialProcedureKind? Procedure, int? ProcedureLimitDays, DateOnly PausedOn, DateOnly? ResumedOn, string? Reason);

public sealed record ApplicationView(
    Guid Id,
    string? Number,
    string ImplementationCode,
    string ItemName,
    Guid ItemVersionId,
    Guid DepartmentId,
    string? DepartmentName,
    ApplicationChannel Channel,
    Guid? HallId,
    ApplicantKind ApplicantKind,
    string ApplicantName,
    string? ApplicantIdMasked,
    string? BusinessName,
    string? BusinessCreditCode,
    ApplicationStatus Status,
    string StatusName,
    IReadOnlyDictionary<string, string?> Form,
    IReadOnlyList<ApplicationMaterialView> Materials,
    DateTime CreatedAt,
    DateTime? SubmittedAt,
    DateOnly? AcceptedOn,
    DateOnly? DueOn,
    int LimitDays,
    TrafficLight? Light,
    int? RemainingDays,
    Decision? Decision,
    string? DecisionReason,
    string? SupplementNote,
    string? RefusalReason,
    DateTime? CompletedAt,
    bool? OnTime,
    IReadOnlyList<WorkTaskView> Tasks,
    IReadOnlyList<PauseView> Pauses,
    IReadOnlyList<ExtensionView> Extensions,
    IReadOnlyList<ApplicationAction> AllowedActions,
    int Revision,
    bool Replayed = false);

/// <summary>A line in a citizen's list of their applications.</summary>
public sealed record ApplicationSummary(Guid Id, string? Number, string ItemName, string ImplementationCode, ApplicationStatus Status, string StatusName,
    DateTime CreatedAt, DateTime? SubmittedAt, DateOnly? DueOn, Decision? Decision);

/// <summary>What public tracking shows: no names, no personal data.</summary>
public sealed record TrackingView(string Number, string ItemName, string? DepartmentName, ApplicationStatus Status, string StatusName,
    DateTime? SubmittedAt, DateOnly? AcceptedOn, DateOnly? DueOn, DateTime? CompletedAt, IReadOnlyList<ApplicationEventView> History);

/// <summary>Work-queue filters. <see cref="Mine"/> keeps tasks assigned to the caller (and unassigned ones of the caller's roles).</summary>
public sealed record WorkQueueQuery(
    bool Mine = false,
    string? Role = null,
    string? ItemCode = null,
    string? Step = null,
    string? Light = null,
    string? Number = null,
    int Page = 1,
    int PageSize = 20);

public sealed record WorkQueueItem(Guid TaskId, Guid ApplicationId, string ApplicationNumber, string ItemName, string ApplicantName, string StepName,
    StepKind Kind, string Role, Guid? AssigneeId, string? AssigneeName, DateOnly? DueOn, TrafficLight? Light, DateTime OpenedAt);

public sealed record WorkQueuePage(IReadOnlyList<WorkQueueItem> Items, int Page, int PageSize, bool HasMore, int? Total);

/// <summary>The outcome of a service call: a value, or why not (field errors, conflict, forbidden, not found).</summary>
public sealed record AppResult<T>(T? Value, IReadOnlyList<FieldError>? Errors = null, (string Zh, string En)? Conflict = null,
    (string Zh, string En)? Forbidden = null, bool NotFound = false)
{
    public bool Succeeded => Errors is null && Conflict is null && Forbidden is null && !NotFound;
}
