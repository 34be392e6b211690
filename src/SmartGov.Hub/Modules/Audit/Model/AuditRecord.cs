using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Audit.Model;

public sealed class AuditRecord
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Action { get; set; }
    public required string Outcome { get; set; }
    public string ActorType { get; set; } = "user";
    public Guid? ActorId { get; set; }
    public string? ActorName { get; set; }
    public Guid? ActorDepartmentId { get; set; }
    public string? SubjectType { get; set; }
    public string? SubjectId { get; set; }
    public string? PersonIndex { get; set; }
    public string? Purpose { get; set; }
    public string? SourceAddress { get; set; }
    public string? RequestId { get; set; }
    public string? TraceId { get; set; }
    public string? Details { get; set; }
}

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> b)
    {
        b.ToTable("audit_records");
        b.HasKey(x => x.Id);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.Outcome).HasMaxLength(16);
        b.Property(x => x.ActorType).HasMaxLength(16);
        b.Property(x => x.ActorName).HasMaxLength(128);
        b.Property(x => x.SubjectType).HasMaxLength(64);
        b.Property(x => x.SubjectId).HasMaxLength(128);
        b.Property(x => x.PersonIndex).HasMaxLength(64);
        b.Property(x => x.Purpose).HasMaxLength(256);
        b.Property(x => x.SourceAddress).HasMaxLength(64);
        b.Property(x => x.RequestId).HasMaxLength(64);
        b.Property(x => x.TraceId).HasMaxLength(64);
        b.Property(x => x.Details).HasMaxLength(4000);
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.Action, x.At });
        b.HasIndex(x => x.PersonIndex);
    }
}
