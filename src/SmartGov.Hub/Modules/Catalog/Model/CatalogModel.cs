using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Catalog.Model;

/// <summary>
/// An information resource's identity (信息资源): its code (classification code + "-" + sequence) and provider.
/// Everything else lives in <see cref="DataResourceVersion"/>s, which are only ever added.
/// </summary>
public sealed class DataResource
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string ClassificationCode { get; set; }
    public int Sequence { get; set; }
    public Guid ProviderDepartmentId { get; set; }
    public int LatestVersion { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One published version of a resource's metadata. Immutable once saved: an edit publishes the next version.</summary>
public sealed class DataResourceVersion
{
    public Guid Id { get; set; }
    public Guid ResourceId { get; set; }
    public int Version { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public required string ClassificationCode { get; set; }
    public Guid ProviderDepartmentId { get; set; }
    public required string ProviderCode { get; set; }
    public required string Abstract { get; set; }
    public ResourceFormat Format { get; set; }

    /// <summary>The data items (信息项), a JSON array of <see cref="DataItem"/>.</summary>
    public string DataItemsJson { get; set; } = "[]";

    public SharingType SharingType { get; set; }
    public string? SharingConditions { get; set; }
    public SharingMethods SharingMethods { get; set; }
    public bool OpenToPublic { get; set; }
    public string? OpenConditions { get; set; }
    public UpdateCycle UpdateCycle { get; set; }
    public DateOnly ReleaseDate { get; set; }
    public List<string> RelatedCodes { get; set; } = [];
    public bool PersonalData { get; set; }
    public string? ChangeNote { get; set; }
    public DateTime PublishedAt { get; set; }
    public Guid? PublishedBy { get; set; }
    public string? PublishedByName { get; set; }
}

/// <summary>信息项: one field of the resource.</summary>
public sealed record DataItem(string Name, DataItemType Type, int? Length, string? Description, bool PersonalData);

/// <summary>共享申请: a department asks for another department's resource.</summary>
public sealed class SharingRequest
{
    public Guid Id { get; set; }
    public Guid ResourceId { get; set; }
    public required string ResourceCode { get; set; }
    public int ResourceVersion { get; set; }
    public Guid ProviderDepartmentId { get; set; }
    public Guid ConsumerDepartmentId { get; set; }
    public List<string> Purposes { get; set; } = [];
    public List<string> DataItems { get; set; } = [];
    public required string Scope { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidUntil { get; set; }
    public SharingRequestStatus Status { get; set; }
    public DateTime RequestedAt { get; set; }
    public Guid? RequestedBy { get; set; }
    public string? RequestedByName { get; set; }
    public DateTime? DecidedAt { get; set; }
    public Guid? DecidedBy { get; set; }
    public string? DecidedByName { get; set; }
    public string? DecisionReason { get; set; }
    public DateTime? RevokedAt { get; set; }
    public Guid? RevokedBy { get; set; }
    public string? RevokedByName { get; set; }
    public string? RevokeReason { get; set; }

    /// <summary>Guards against two decisions (or a decision and a revocation) at once.</summary>
    public int Revision { get; set; }
}

internal sealed class DataResourceConfiguration : IEntityTypeConfiguration<DataResource>
{
    public void Configure(EntityTypeBuilder<DataResource> b)
    {
        b.ToTable("catalog_resources");
        b.HasKey(x => x.Id);
        b.Property(x => x.Code).HasMaxLength(14);
        b.HasIndex(x => x.Code).IsUnique();
        b.Property(x => x.ClassificationCode).HasMaxLength(7);
        b.HasIndex(x => new { x.ClassificationCode, x.Sequence }).IsUnique();
        b.HasIndex(x => x.ProviderDepartmentId);
        // Two editors publishing at once both compute LatestVersion + 1: the token makes the second one fail.
        b.Property(x => x.LatestVersion).IsConcurrencyToken();
    }
}

internal sealed class DataResourceVersionConfiguration : IEntityTypeConfiguration<DataResourceVersion>
{
    public void Configure(EntityTypeBuilder<DataResourceVersion> b)
    {
        b.ToTable("catalog_resource_versions");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.ResourceId, x.Version }).IsUnique();
        b.HasIndex(x => x.PublishedAt);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.NameEn).HasMaxLength(300);
        b.Property(x => x.ClassificationCode).HasMaxLength(7);
        b.Property(x => x.ProviderCode).HasMaxLength(18);
        b.Property(x => x.Abstract).HasMaxLength(2000);
        b.Property(x => x.DataItemsJson).HasMaxLength(100_000);
        b.Property(x => x.SharingConditions).HasMaxLength(1000);
        b.Property(x => x.OpenConditions).HasMaxLength(1000);
        b.Property(x => x.ChangeNote).HasMaxLength(500);
        b.Property(x => x.PublishedByName).HasMaxLength(128);
        b.HasOne<DataResource>().WithMany().HasForeignKey(x => x.ResourceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SharingRequestConfiguration : IEntityTypeConfiguration<SharingRequest>
{
    public void Configure(EntityTypeBuilder<SharingRequest> b)
    {
        b.ToTable("catalog_sharing_requests");
        b.HasKey(x => x.Id);
        b.Property(x => x.ResourceCode).HasMaxLength(14);
        b.Property(x => x.Scope).HasMaxLength(500);
        b.Property(x => x.DecisionReason).HasMaxLength(1000);
        b.Property(x => x.RevokeReason).HasMaxLength(1000);
        b.Property(x => x.RequestedByName).HasMaxLength(128);
        b.Property(x => x.DecidedByName).HasMaxLength(128);
        b.Property(x => x.RevokedByName).HasMaxLength(128);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => new { x.ProviderDepartmentId, x.Status });
        b.HasIndex(x => new { x.ConsumerDepartmentId, x.Status });
        b.HasIndex(x => x.Status);
        b.HasOne<DataResource>().WithMany().HasForeignKey(x => x.ResourceId).OnDelete(DeleteBehavior.Restrict);
    }
}
