namespace SmartGov.Hub.Modules.Audit;

/// <summary>What happened, by whom, to what. Actor and request context are filled in by the sink.</summary>
public sealed record AuditEvent(
    string Action,
    string Outcome = AuditOutcomes.Success,
    string? SubjectType = null,
    string? SubjectId = null,
    string? PersonIndex = null,
    string? Purpose = null,
    string? Details = null,
    Guid? ActorId = null,
    string? ActorName = null,
    Guid? ActorDepartmentId = null);

/// <summary>
/// The audit sink. <see cref="Record"/> adds the entry to the caller's unit of work so that the action and its
/// entry commit in one transaction; <see cref="WriteAsync"/> saves at once (sign-in events, denials).
/// The audit-trail issue replaces the store behind this interface with the tamper-evident log.
/// </summary>
public interface IAuditSink
{
    void Record(AuditEvent auditEvent);

    Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}

public sealed record AuditEntryView(
    long Sequence, DateTime At, string Action, string Outcome, string? ActorName, Guid? ActorId, Guid? ActorDepartmentId,
    string? SubjectType, string? SubjectId, string? Purpose, string? SourceAddress, string? RequestId, string? TraceId, string? Details);

/// <summary>Read side for auditors.</summary>
public interface IAuditQuery
{
    Task<IReadOnlyList<AuditEntryView>> SearchAsync(string? action, Guid? actorId, int skip, int take, CancellationToken cancellationToken = default);

    Task<int> CountAsync(string? action, CancellationToken cancellationToken = default);
}
