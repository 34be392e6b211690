using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartGov.Core;

namespace SmartGov.Hub.Modules.Organizations.Model;

/// <summary>An administrative division: 市, 区县, 乡镇街道 or 村社区, keyed by its division code.</summary>
public sealed class Region
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public RegionLevel Level { get; set; }
    public string? ParentCode { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A government department (委办局), identified by its unified social credit code.</summary>
public sealed class Department
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public required string CreditCode { get; set; }
    public required string RegionCode { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum HallLevel
{
    City = 1,
    District = 2,
    Street = 3,
    Community = 4,
}

/// <summary>政务服务中心 / 便民服务中心.</summary>
public sealed class ServiceHall
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public HallLevel Level { get; set; }
    public required string Address { get; set; }
    public required string OpeningHours { get; set; }
    public required string RegionCode { get; set; }
    public string? Phone { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.ToTable("regions");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(12);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.ParentCode).HasMaxLength(12);
        b.HasIndex(x => x.ParentCode);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.ToTable("departments");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.NameEn).HasMaxLength(200);
        b.Property(x => x.CreditCode).HasMaxLength(18);
        b.Property(x => x.RegionCode).HasMaxLength(12);
        b.HasIndex(x => x.CreditCode).IsUnique();
        b.HasIndex(x => x.Name);
    }
}

internal sealed class ServiceHallConfiguration : IEntityTypeConfiguration<ServiceHall>
{
    public void Configure(EntityTypeBuilder<ServiceHall> b)
    {
        b.ToTable("service_halls");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Address).HasMaxLength(300);
        b.Property(x => x.OpeningHours).HasMaxLength(200);
        b.Property(x => x.RegionCode).HasMaxLength(12);
        b.Property(x => x.Phone).HasMaxLength(32);
        b.HasIndex(x => x.RegionCode);
    }
}
