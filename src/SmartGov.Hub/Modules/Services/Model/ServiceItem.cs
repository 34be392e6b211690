using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Services.Model;

/// <summary>
/// A service item's identity: its implementation code (the stable key of its public URL) and its department.
/// Everything else lives in <see cref="ServiceItemVersion"/>s, which are only ever added.
/// </summary>
public sealed class ServiceItem
{
    public Guid Id { get; set; }
    public required string ImplementationCode { get; set; }
    public Guid DepartmentId { get; set; }
    public int LatestVersion { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<ServiceItemVersion> Versions { get; set; } = [];
}

/// <summary>One published version of an item. Immutable once saved: an edit publishes the next version.</summary>
public sealed class ServiceItemVersion
{
    public Guid Id { get; set; }
    public Guid ItemId { get; set; }
    public int Version { get; set; }
    public required string BasicCode { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public ItemType ItemType { get; set; }
    public Guid DepartmentId { get; set; }
    public required string LegalBasis { get; set; }
    public required string AcceptanceConditions { get; set; }
    public ApplicantTypes ApplicantTypes { get; set; }
    public int StatutoryDays { get; set; }
    public int PromisedDays { get; set; }
    public required string Fees { get; set; }
    public string? FeeBasis { get; set; }
    public HandlingForm HandlingForm { get; set; }
    public int MaxVisits { get; set; }
    public List<Guid> HallIds { get; set; } = [];
    public bool CityWide { get; set; }
    public List<LifeEvent> LifeEvents { get; set; } = [];
    public List<BusinessStage> BusinessStages { get; set; } = [];
    public List<string> Keywords { get; set; } = [];

    /// <summary>The application form's fields, a JSON array of <see cref="FormFieldDefinition"/>.</summary>
    public string FormSchema { get; set; } = "[]";

    public DateOnly EffectiveFrom { get; set; }
    public DateOnly? WithdrawnOn { get; set; }
    public string? ChangeNote { get; set; }
    public DateTime PublishedAt { get; set; }
    public Guid? PublishedBy { get; set; }
    public string? PublishedByName { get; set; }

    /// <summary>SM3 of the version's content, so an import can leave unchanged items alone.</summary>
    public required string ContentHash { get; set; }

    public List<MaterialRequirement> Materials { get; set; } = [];
}

/// <summary>申请材料: one document the applicant provides (or that sharing or the department provides).</summary>
public sealed class MaterialRequirement
{
    public Guid Id { get; set; }
    public Guid VersionId { get; set; }
    public int Order { get; set; }
    public required string Name { get; set; }
    public MaterialNecessity Necessity { get; set; }
    public string? Condition { get; set; }
    public MaterialForm Forms { get; set; }
    public int Copies { get; set; } = 1;
    public MaterialSource Source { get; set; }
    public string? LicenseTypeCode { get; set; }
    public string? BlankFormUrl { get; set; }
    public string? SampleUrl { get; set; }
    public string? AcceptanceStandard { get; set; }
}

internal sealed class ServiceItemConfiguration : IEntityTypeConfiguration<ServiceItem>
{
    public void Configure(EntityTypeBuilder<ServiceItem> b)
    {
        b.ToTable("service_items");
        b.HasKey(x => x.Id);
        b.Property(x => x.ImplementationCode).HasMaxLength(40);
        b.HasIndex(x => x.ImplementationCode).IsUnique();
        b.HasIndex(x => x.DepartmentId);
        // Two editors publishing at once both compute LatestVersion + 1: the token makes the second one fail.
        b.Property(x => x.LatestVersion).IsConcurrencyToken();
        b.HasMany(x => x.Versions).WithOne().HasForeignKey(v => v.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServiceItemVersionConfiguration : IEntityTypeConfiguration<ServiceItemVersion>
{
    public void Configure(EntityTypeBuilder<ServiceItemVersion> b)
    {
        b.ToTable("service_item_versions");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.ItemId, x.Version }).IsUnique();
        b.HasIndex(x => x.PublishedAt);
        b.Property(x => x.BasicCode).HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.NameEn).HasMaxLength(300);
        b.Property(x => x.LegalBasis).HasMaxLength(4000);
        b.Property(x => x.AcceptanceConditions).HasMaxLength(4000);
        b.Property(x => x.Fees).HasMaxLength(500);
        b.Property(x => x.FeeBasis).HasMaxLength(1000);
        b.Property(x => x.FormSchema).HasMaxLength(20_000);
        b.Property(x => x.ChangeNote).HasMaxLength(500);
        b.Property(x => x.PublishedByName).HasMaxLength(128);
        b.Property(x => x.ContentHash).HasMaxLength(64);
        b.HasMany(x => x.Materials).WithOne().HasForeignKey(m => m.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MaterialRequirementConfiguration : IEntityTypeConfiguration<MaterialRequirement>
{
    public void Configure(EntityTypeBuilder<MaterialRequirement> b)
    {
        b.ToTable("service_item_materials");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.VersionId, x.Order });
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Condition).HasMaxLength(500);
        b.Property(x => x.LicenseTypeCode).HasMaxLength(64);
        b.Property(x => x.BlankFormUrl).HasMaxLength(500);
        b.Property(x => x.SampleUrl).HasMaxLength(500);
        b.Property(x => x.AcceptanceStandard).HasMaxLength(1000);
    }
}
