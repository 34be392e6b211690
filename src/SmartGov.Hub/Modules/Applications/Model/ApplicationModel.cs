using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Applications.Model;

/// <summary>
/// 办件: one application for one pinned version of one item. The applicant's ID number is kept encrypted (SM4-GCM) with a
/// blind index for lookups; screens show only the masked form.
/// </summary>
public sealed class Application
{
    public Guid Id { get; set; }

    /// <summary>办件编号, null while a draft: region code + date + node + daily sequence.</summary>
    public string? Number { get; set; }
    public Guid ItemId { get; set; }
    public Guid ItemVersionId { get; set; }
    public required string ImplementationCode { get; set; }
    public required string ItemName { get; set; }
    public Guid DepartmentId { get; set; }
    public Guid WorkflowId { get; set; }
    public ApplicationChannel Channel { get; set; }
    public Guid? HallId { get; set; }
    public required string RegionCode { get; set; }

    public ApplicantKind ApplicantKind { get; set; }
    public Guid? ApplicantUserId { get; set; }
    public required string ApplicantName { get; set; }
    public byte[]? ApplicantIdCipher { get; set; }
    public string? ApplicantIdIndex { get; set; }
    public string? ApplicantIdMasked { get; set; }

    /// <summary>Last four characters of the ID number or credit code, what public tracking asks for.</summary>
    public string? TrackingCheck { get; set; }
    public string? BusinessName { get; set; }
    public string? BusinessCreditCode { get; set; }
    public byte[]? MobileCipher { get; set; }
    public string? MobileMasked { get; set; }

    /// <summary>Who entered it: the applicant online, or the clerk at a window.</summary>
    public Guid CreatedBy { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }

    /// <summary>The item's form, filled in: a JSON object of field name → value.</summary>
    public string FormData { get; set; } = "{}";

    public ApplicationStatus Status { get; set; }
    public int Stage { get; set; }
    public int LimitDays { get; set; }
    public DateOnly? AcceptedOn { get; set; }
    public DateOnly? DueOn { get; set; }
    public int ExtensionDays { get; set; }
    public Decision? Decision { get; set; }
    public string? DecisionReason { get; set; }
    public string? SupplementNote { get; set; }
    public string? RefusalReason { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateOnly? CompletedOn { get; set; }

    /// <summary>Finished on or before the due date; null until finished.</summary>
    public bool? OnTime { get; set; }

    /// <summary>Visits the applicant had to make in person (到现场次数).</summary>
    public int Visits { get; set; }

    /// <summary>Came from another region's SmartGov by handover; the origin's number.</summary>
    public string? OriginNumber { get; set; }
    public string? OriginRegionCode { get; set; }

    /// <summary>Optimistic concurrency: two officers deciding at once cannot both win.</summary>
    public int Revision { get; set; }

    /// <summary>
    /// When the applicant agreed (online: themselves; at a window: confirmed by the clerk) that the licences the item's
    /// shared materials name may be fetched from their issuing departments (信息跑路). Null: no consent, nothing fetched.
    /// </summary>
    public DateTime? ShareConsentAt { get; set; }
    public Guid? ShareConsentBy { get; set; }

    public List<ApplicationMaterial> Materials { get; set; } = [];
}

/// <summary>One material the application carries, against the item version's requirement.</summary>
public sealed class ApplicationMaterial
{
    public Guid Id { get; set; }
    public Guid ApplicationId { get; set; }
    public Guid? RequirementId { get; set; }
    public required string Name { get; set; }
    public Guid? FileId { get; set; }
    public string? FileName { get; set; }
    public string? Sm3 { get; set; }
    public long? Size { get; set; }

    /// <summary>applicant, shared (fetched from a licence), department, paper (checked at the window).</summary>
    public required string Source { get; set; }
    public bool Missing { get; set; }
    public string? Note { get; set; }
    public DateTime AddedAt { get; set; }

    // A material fetched by data sharing (Source "shared"): where it came from and what the hub checked. While the
    // fetch has failed it stays Missing with the reason in Note, and the applicant may upload the material instead.

    /// <summary>信任等级: A issued by the authority (fetched), B checked by staff, C uploaded, D the applicant's promise.</summary>
    public string? TrustLevel { get; set; }
    public string? LicenceTypeCode { get; set; }
    public string? LicenceNumber { get; set; }
    public Guid? IssuerDepartmentId { get; set; }
    public string? IssuerName { get; set; }
    public DateTime? FetchedAt { get; set; }

    /// <summary>The verification result (issuer, holder, validity), in Chinese; the English one is derived on display.</summary>
    public string? Verification { get; set; }
    public bool? Verified { get; set; }

    /// <summary>The exchange's message id of the fetch, found in both gateways' message logs.</summary>
    public string? ExchangeMessageId { get; set; }
}

/// <summary>One open or finished piece of work on an application: what fills the work queues.</summary>
public sealed class WorkTask
{
    public Guid Id { get; set; }
    public Guid ApplicationId { get; set; }
    public required string StepKey { get; set; }
    public required string StepName { get; set; }
    public StepKind Kind { get; set; }
    public int Stage { get; set; }
    public Guid DepartmentId { get; set; }
    public required string Role { get; set; }
    public Guid? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }
    public WorkTaskStatus Status { get; set; }
    public int Approvals { get; set; }
    public int Denials { get; set; }
    public string? Outcome { get; set; }

    // Copied from the application so that a queue page is one indexed read, not a join over a million rows.
    public required string ApplicationNumber { get; set; }
    public string? ImplementationCode { get; set; }
    public required string ItemName { get; set; }
    public required string ApplicantName { get; set; }
    public DateOnly? DueOn { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>When the yellow reminder went to the officer(s); once per task.</summary>
    public DateOnly? RemindedOn { get; set; }

    /// <summary>When the red escalation went to the department leader(s); once per task.</summary>
    public DateOnly? EscalatedOn { get; set; }
}

/// <summary>One officer's vote on a countersigned step (会签); one per officer and task.</summary>
public sealed class StepVote
{
    public Guid Id { get; set; }
    public Guid TaskId { get; set; }
    public Guid UserId { get; set; }
    public required string UserName { get; set; }
    public bool Approve { get; set; }
    public string? Comment { get; set; }
    public DateTime At { get; set; }
}

/// <summary>The application's history: what happened, where, when and with what outcome.</summary>
public sealed class ApplicationEvent
{
    public long Id { get; set; }
    public Guid ApplicationId { get; set; }
    public DateTime At { get; set; }
    public ApplicationAction Action { get; set; }
    public string? StepName { get; set; }
    public Guid? DepartmentId { get; set; }
    public Guid? ActorId { get; set; }
    public string? ActorName { get; set; }
    public ApplicationStatus FromStatus { get; set; }
    public ApplicationStatus ToStatus { get; set; }
    public string? Comment { get; set; }
}

/// <summary>A stretch with the clock stopped: a supplement request during review, or a special procedure.</summary>
public sealed class ClockPauseRecord
{
    public Guid Id { get; set; }
    public Guid ApplicationId { get; set; }
    public bool Supplement { get; set; }
    public SpecialProcedureKind? Procedure { get; set; }
    public int? ProcedureLimitDays { get; set; }
    public DateOnly PausedOn { get; set; }
    public DateOnly? ResumedOn { get; set; }
    public string? Reason { get; set; }
}

public enum ExtensionStatus
{
    Pending = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>An extension request, approved or rejected by the department's leader.</summary>
public sealed class ExtensionRequest
{
    public Guid Id { get; set; }
    public Guid ApplicationId { get; set; }
    public int Days { get; set; }
    public required string Reason { get; set; }
    public Guid RequestedBy { get; set; }
    public DateTime RequestedAt { get; set; }
    public ExtensionStatus Status { get; set; }
    public Guid? DecidedBy { get; set; }
    public DateOnly? DecidedOn { get; set; }
}

/// <summary>One version of an item's workflow; an application keeps the version it started with.</summary>
public sealed class WorkflowDefinition
{
    public Guid Id { get; set; }
    public required string ImplementationCode { get; set; }
    public int Version { get; set; }
    public required string Json { get; set; }
    public DateTime PublishedAt { get; set; }
    public Guid? PublishedBy { get; set; }
}

/// <summary>Per scope (region + day + node), the next application sequence number; handed out in blocks.</summary>
public sealed class ApplicationSequence
{
    public required string Scope { get; set; }
    public long Next { get; set; }
}

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> b)
    {
        b.ToTable("applications");
        b.HasKey(x => x.Id);
        b.Property(x => x.Number).HasMaxLength(32);
        b.HasIndex(x => x.Number).IsUnique();
        b.Property(x => x.ImplementationCode).HasMaxLength(40);
        b.Property(x => x.ItemName).HasMaxLength(200);
        b.Property(x => x.RegionCode).HasMaxLength(12);
        b.Property(x => x.ApplicantName).HasMaxLength(200);
        b.Property(x => x.ApplicantIdIndex).HasMaxLength(64);
        b.Property(x => x.ApplicantIdMasked).HasMaxLength(32);
        b.Property(x => x.TrackingCheck).HasMaxLength(4);
        b.Property(x => x.BusinessName).HasMaxLength(200);
        b.Property(x => x.BusinessCreditCode).HasMaxLength(18);
        b.Property(x => x.MobileMasked).HasMaxLength(20);
        b.Property(x => x.IdempotencyKey).HasMaxLength(100);
        b.Property(x => x.RequestHash).HasMaxLength(64);
        b.Property(x => x.FormData).HasMaxLength(20_000);
        b.Property(x => x.DecisionReason).HasMaxLength(2000);
        b.Property(x => x.SupplementNote).HasMaxLength(2000);
        b.Property(x => x.RefusalReason).HasMaxLength(2000);
        b.Property(x => x.OriginNumber).HasMaxLength(32);
        b.Property(x => x.OriginRegionCode).HasMaxLength(12);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => new { x.CreatedBy, x.IdempotencyKey }).IsUnique();
        b.HasIndex(x => new { x.ApplicantUserId, x.CreatedAt });
        b.HasIndex(x => new { x.DepartmentId, x.Status, x.DueOn });
        b.HasIndex(x => x.ApplicantIdIndex);
        b.HasIndex(x => x.SubmittedAt);
        b.HasMany(x => x.Materials).WithOne().HasForeignKey(m => m.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApplicationMaterialConfiguration : IEntityTypeConfiguration<ApplicationMaterial>
{
    public void Configure(EntityTypeBuilder<ApplicationMaterial> b)
    {
        b.ToTable("application_materials");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.ApplicationId);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.Sm3).HasMaxLength(64);
        b.Property(x => x.Source).HasMaxLength(20);
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.TrustLevel).HasMaxLength(1);
        b.Property(x => x.LicenceTypeCode).HasMaxLength(64);
        b.Property(x => x.LicenceNumber).HasMaxLength(80);
        b.Property(x => x.IssuerName).HasMaxLength(200);
        b.Property(x => x.Verification).HasMaxLength(500);
        b.Property(x => x.ExchangeMessageId).HasMaxLength(64);
    }
}

internal sealed class WorkTaskConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> b)
    {
        b.ToTable("application_tasks");
        b.HasKey(x => x.Id);
        b.Property(x => x.StepKey).HasMaxLength(40);
        b.Property(x => x.StepName).HasMaxLength(60);
        b.Property(x => x.Role).HasMaxLength(40);
        b.Property(x => x.AssigneeName).HasMaxLength(128);
        b.Property(x => x.Outcome).HasMaxLength(500);
        b.Property(x => x.ApplicationNumber).HasMaxLength(32);
        b.Property(x => x.ImplementationCode).HasMaxLength(40);
        b.Property(x => x.ItemName).HasMaxLength(200);
        b.Property(x => x.ApplicantName).HasMaxLength(200);
        b.HasIndex(x => x.ApplicationId);
        // The work queue: a department's open tasks, overdue (earliest due) first.
        b.HasIndex(x => new { x.DepartmentId, x.Status, x.DueOn, x.OpenedAt });
        b.HasIndex(x => new { x.AssigneeId, x.Status, x.DueOn });
        // The deadline sweep: open tasks due soon, across departments.
        b.HasIndex(x => new { x.Status, x.DueOn });
    }
}

internal sealed class StepVoteConfiguration : IEntityTypeConfiguration<StepVote>
{
    public void Configure(EntityTypeBuilder<StepVote> b)
    {
        b.ToTable("application_step_votes");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.TaskId, x.UserId }).IsUnique();
        b.Property(x => x.UserName).HasMaxLength(128);
        b.Property(x => x.Comment).HasMaxLength(1000);
    }
}

internal sealed class ApplicationEventConfiguration : IEntityTypeConfiguration<ApplicationEvent>
{
    public void Configure(EntityTypeBuilder<ApplicationEvent> b)
    {
        b.ToTable("application_events");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.ApplicationId, x.Id });
        b.Property(x => x.StepName).HasMaxLength(60);
        b.Property(x => x.ActorName).HasMaxLength(128);
        b.Property(x => x.Comment).HasMaxLength(2000);
    }
}

internal sealed class ClockPauseRecordConfiguration : IEntityTypeConfiguration<ClockPauseRecord>
{
    public void Configure(EntityTypeBuilder<ClockPauseRecord> b)
    {
        b.ToTable("application_pauses");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.ApplicationId);
        b.Property(x => x.Reason).HasMaxLength(1000);
    }
}

internal sealed class ExtensionRequestConfiguration : IEntityTypeConfiguration<ExtensionRequest>
{
    public void Configure(EntityTypeBuilder<ExtensionRequest> b)
    {
        b.ToTable("application_extensions");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.ApplicationId);
        b.Property(x => x.Reason).HasMaxLength(1000);
    }
}

internal sealed class WorkflowDefinitionConfiguration : IEntityTypeConfiguration<WorkflowDefinition>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinition> b)
    {
        b.ToTable("workflow_definitions");
        b.HasKey(x => x.Id);
        b.Property(x => x.ImplementationCode).HasMaxLength(40);
        b.HasIndex(x => new { x.ImplementationCode, x.Version }).IsUnique();
        b.Property(x => x.Json).HasMaxLength(20_000);
    }
}

internal sealed class ApplicationSequenceConfiguration : IEntityTypeConfiguration<ApplicationSequence>
{
    public void Configure(EntityTypeBuilder<ApplicationSequence> b)
    {
        b.ToTable("application_sequences");
        b.HasKey(x => x.Scope);
        b.Property(x => x.Scope).HasMaxLength(40);
    }
}

/// <summary>
/// The signed result document (结果文书) of a completed application, and the licence it records when the result is
/// one (read by the licences module). The file is the exact signed bytes handed to the applicant.
/// </summary>
public sealed class ApplicationResult
{
    public Guid Id { get; set; }
    public Guid ApplicationId { get; set; }
    public required string FileName { get; set; }
    public required byte[] Content { get; set; }
    public Decision Decision { get; set; }
    public string? LicenceTypeCode { get; set; }
    public string? LicenceNumber { get; set; }
    public string? HolderIndex { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public DateTime IssuedAt { get; set; }

    /// <summary>
    /// A licence result on its way to the issuing department's library (outbox): the licence document, SM4-encrypted
    /// because it names the holder; sent by the sweep until the department has it (<see cref="LibrarySentAt"/>).
    /// </summary>
    public byte[]? LicencePayload { get; set; }
    public DateTime? LibrarySentAt { get; set; }
    public int LibraryAttempts { get; set; }
    public string? LibraryError { get; set; }
    public DateTime? LibraryNextAttemptAt { get; set; }
}

internal sealed class ApplicationResultConfiguration : IEntityTypeConfiguration<ApplicationResult>
{
    public void Configure(EntityTypeBuilder<ApplicationResult> b)
    {
        b.ToTable("application_results");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.ApplicationId).IsUnique();
        b.Property(x => x.FileName).HasMaxLength(100);
        b.Property(x => x.LicenceTypeCode).HasMaxLength(64);
        b.Property(x => x.LicenceNumber).HasMaxLength(80);
        b.Property(x => x.HolderIndex).HasMaxLength(64);
        b.HasIndex(x => new { x.HolderIndex, x.LicenceTypeCode });
        b.Property(x => x.LibraryError).HasMaxLength(500);
        // The issue sweep: licences not yet in their department's library.
        b.HasIndex(x => new { x.LibrarySentAt, x.LibraryNextAttemptAt });
    }
}
