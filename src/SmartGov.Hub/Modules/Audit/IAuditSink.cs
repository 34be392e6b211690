namespace SmartGov.Hub.Modules.Audit;

/// <summary>
/// What happened, by whom, to what. Actor, time and request context are filled in by the sink unless given.
/// <see cref="PersonIndex"/> is the blind index (IPersonalDataCipher.BlindIndex) of the person whose data this
/// concerns, never the plain ID number. Reading personal data (<see cref="AuditActions.PersonalDataAccess"/>)
/// requires <see cref="PersonIndex"/> and a <see cref="Purpose"/> (用途).
/// </summary>
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
    Guid? ActorDepartmentId = null,
    string? ActorType = null);

/// <summary>
/// The audit sink. <see cref="Record"/> adds the entry to the caller's unit of work (the scoped SmartGovDbContext)
/// so that the action and its entry commit in one transaction, or neither does; <see cref="WriteAsync"/> saves at
/// once (sign-in events, denials). A sequencer later adds committed entries to the tamper-evident Merkle log.
/// </summary>
public interface IAuditSink
{
    /// <exception cref="ArgumentException">The event is invalid, e.g. personal data was read without a purpose.</exception>
    void Record(AuditEvent auditEvent);

    /// <exception cref="ArgumentException">The event is invalid, e.g. personal data was read without a purpose.</exception>
    Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}

/// <summary>One entry as auditors see it. <see cref="Sequence"/> is null for the moment between commit and sequencing.</summary>
public sealed record AuditEntryView(
    long? Sequence, DateTime At, string Action, string Outcome, string? ActorName, Guid? ActorId, Guid? ActorDepartmentId,
    string? SubjectType, string? SubjectId, string? Purpose, string? SourceAddress, string? RequestId, string? TraceId, string? Details,
    string ActorType = AuditActorTypes.User, string? PersonIndex = null, long Id = 0);

/// <summary>
/// Auditors' filters; every one is optional and they combine with AND. <see cref="Actor"/> is an actor id (GUID) or a
/// part of the actor's name; <see cref="PersonIndex"/> is a blind index (the API and page turn an ID number into one);
/// <see cref="Purpose"/> matches a part of the stated purpose; the time range is [From, To).
/// </summary>
public sealed record AuditFilter(
    string? Action = null,
    string? Actor = null,
    Guid? DepartmentId = null,
    string? PersonIndex = null,
    string? Purpose = null,
    DateTime? From = null,
    DateTime? To = null,
    string? Outcome = null,
    string? ActorType = null);

/// <summary>One use of a citizen's personal data, for the citizen's own "who used my data" page.</summary>
public sealed record DataUseItem(
    long? Sequence, DateTime At, string Action, string Outcome, string ActorType, Guid? ActorId, string? ActorName,
    Guid? ActorDepartmentId, string? SubjectType, string? Purpose);

/// <summary>Read side: auditors' searches and citizens' data-use lists.</summary>
public interface IAuditQuery
{
    Task<IReadOnlyList<AuditEntryView>> SearchAsync(string? action, Guid? actorId, int skip, int take, CancellationToken cancellationToken = default);

    Task<int> CountAsync(string? action, CancellationToken cancellationToken = default);

    /// <summary>Entries matching <paramref name="filter"/>, newest first.</summary>
    Task<IReadOnlyList<AuditEntryView>> FindEntriesAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken = default);

    Task<int> CountEntriesAsync(AuditFilter filter, CancellationToken cancellationToken = default);

    /// <summary>The entry at a position in the log, or null.</summary>
    Task<AuditEntryView?> FindAsync(long sequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Entries about the person with blind index <paramref name="personIndex"/>, newest first. The caller must have
    /// established that the index is the signed-in citizen's own (the Web layer reads it from the account).
    /// </summary>
    Task<IReadOnlyList<DataUseItem>> DataUseAsync(string personIndex, int skip, int take, CancellationToken cancellationToken = default);

    Task<int> CountDataUseAsync(string personIndex, CancellationToken cancellationToken = default);
}
