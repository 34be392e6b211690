using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Identity.Model;

public enum UserKind
{
    Citizen = 1,
    Staff = 2,
}

/// <summary>
/// One account: a citizen (who may also act as agent for businesses) or a staff member.
/// ID and mobile numbers are never stored in plain text: SM4-GCM ciphertext, an HMAC-SM3 blind index for lookup,
/// and a masked form for display.
/// </summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public UserKind Kind { get; set; }
    public string DisplayName { get; set; } = "";
    public Guid? DepartmentId { get; set; }
    public byte[]? IdNumberCipher { get; set; }
    public string? IdNumberIndex { get; set; }
    public string? IdNumberMasked { get; set; }
    public byte[]? MobileCipher { get; set; }
    public string? MobileIndex { get; set; }
    public string? MobileMasked { get; set; }
    public bool ElderlyMode { get; set; }
    public string? PreferredCulture { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class AppRole : IdentityRole<Guid>
{
    public AppRole()
    {
    }

    public AppRole(string name) : base(name)
    {
        Id = Guid.CreateVersion7();
        NormalizedName = name.ToUpperInvariant();
    }
}

/// <summary>A business (legal person) registered under its unified social credit code.</summary>
public sealed class Business
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string CreditCode { get; set; }
    public string? RegionCode { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<BusinessAgent> Agents { get; set; } = [];
}

public enum AgentRole
{
    LegalRepresentative = 1,
    Agent = 2,
}

/// <summary>A user who acts for a business (法定代表人 or 经办人).</summary>
public sealed class BusinessAgent
{
    public Guid BusinessId { get; set; }
    public Guid UserId { get; set; }
    public AgentRole Role { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>An API token for a department's own systems. Only its SM3 hash is stored.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }
    public Guid DepartmentId { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(100);
        b.Property(x => x.IdNumberIndex).HasMaxLength(64);
        b.Property(x => x.IdNumberMasked).HasMaxLength(32);
        b.Property(x => x.MobileIndex).HasMaxLength(64);
        b.Property(x => x.MobileMasked).HasMaxLength(32);
        b.Property(x => x.PreferredCulture).HasMaxLength(10);
        b.HasIndex(x => x.IdNumberIndex).IsUnique();
        b.HasIndex(x => x.MobileIndex);
        b.HasIndex(x => x.DepartmentId);
    }
}

internal sealed class BusinessConfiguration : IEntityTypeConfiguration<Business>
{
    public void Configure(EntityTypeBuilder<Business> b)
    {
        b.ToTable("businesses");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.CreditCode).HasMaxLength(18);
        b.Property(x => x.RegionCode).HasMaxLength(12);
        b.HasIndex(x => x.CreditCode).IsUnique();
        b.HasMany(x => x.Agents).WithOne().HasForeignKey(a => a.BusinessId);
    }
}

internal sealed class BusinessAgentConfiguration : IEntityTypeConfiguration<BusinessAgent>
{
    public void Configure(EntityTypeBuilder<BusinessAgent> b)
    {
        b.ToTable("business_agents");
        b.HasKey(x => new { x.BusinessId, x.UserId });
        b.HasIndex(x => x.UserId);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Prefix).HasMaxLength(16);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasIndex(x => x.Hash).IsUnique();
        b.HasIndex(x => x.DepartmentId);
    }
}
