using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Exchange.Model;

/// <summary>成员: one department on the exchange, id INSTANCE/CLASS/{credit code}.</summary>
public sealed class ExchangeMember
{
    public Guid Id { get; set; }
    public Guid DepartmentId { get; set; }
    public required string MemberId { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A member's subsystem (a department system that calls or provides services), e.g. "hub" or "licences".</summary>
public sealed class ExchangeSubsystem
{
    public Guid Id { get; set; }
    public Guid MemberRef { get; set; }
    public required string Code { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum GatewayStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
    Suspended = 3,
}

/// <summary>前置机: a member's gateway, its address and SM2 public key, and what the center last heard from it.</summary>
public sealed class ExchangeGateway
{
    public Guid Id { get; set; }
    public Guid MemberRef { get; set; }
    public required string Address { get; set; }
    public required string PublicKeyPem { get; set; }
    public GatewayStatus Status { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionNote { get; set; }
    public DateTime? LastSeenAt { get; set; }
    public long? ConfigVersionInUse { get; set; }

    /// <summary>The send time (ms) of the last report accepted: an older or replayed report is refused.</summary>
    public long LastReportSentAt { get; set; }

    /// <summary>The last head the center witnessed as consistent with the ones before it.</summary>
    public long WitnessedSize { get; set; }
    public string? WitnessedRoot { get; set; }
    public DateTime? WitnessedAt { get; set; }

    /// <summary>Set when a reported head is not an extension of the witnessed one: the log was rewritten.</summary>
    public bool Inconsistent { get; set; }
    public DateTime? InconsistentAt { get; set; }
    public string? InconsistencyDetail { get; set; }
}

/// <summary>A one-time registration code (注册码) for a member's gateway; only its SM3 hash is stored.</summary>
public sealed class ExchangeRegistrationCode
{
    public Guid Id { get; set; }
    public Guid MemberRef { get; set; }
    public required string CodeHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public string? CreatedBy { get; set; }

    /// <summary>Gateways registered with this code are approved at once (demo city only).</summary>
    public bool PreApproved { get; set; }
    public DateTime? UsedAt { get; set; }
    public Guid? GatewayRef { get; set; }
}

/// <summary>A service a member's subsystem provides: SUBSYSTEM/SERVICE, its description and catalog resource.</summary>
public sealed class ExchangeService
{
    public Guid Id { get; set; }
    public Guid MemberRef { get; set; }
    public required string Subsystem { get; set; }
    public required string Code { get; set; }
    public required string ServiceId { get; set; }
    public required string Name { get; set; }
    public string? OpenApiJson { get; set; }
    public string? CatalogResourceCode { get; set; }
    public bool PersonalData { get; set; }
    public string MessageLog { get; set; } = "Full";
    public DateTime CreatedAt { get; set; }
}

/// <summary>访问权限 entered by hand (the provider's data administrator or the center admin); lists are '\n'-joined.</summary>
public sealed class ExchangeAccessRight
{
    public Guid Id { get; set; }
    public required string Client { get; set; }
    public Guid ServiceRef { get; set; }
    public required string Methods { get; set; }
    public required string Paths { get; set; }
    public string Purposes { get; set; } = "";
    public DateTime ValidFrom { get; set; }
    public DateTime? ValidUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

/// <summary>A published global configuration version: the signed envelope as served.</summary>
public sealed class ExchangeConfigVersion
{
    public long Version { get; set; }
    public required string ContentHash { get; set; }
    public DateTime IssuedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public required string SignedJson { get; set; }
    public int Members { get; set; }
    public int Gateways { get; set; }
    public int Services { get; set; }
    public int AccessRights { get; set; }
}

/// <summary>Operational metadata a gateway reported for one client–service pair and one report period (never payloads).</summary>
public sealed class ExchangeTraffic
{
    public long Id { get; set; }
    public Guid GatewayRef { get; set; }
    public Guid DepartmentId { get; set; }
    public DateTime ReportedAt { get; set; }
    public DateOnly ReportedOn { get; set; }
    public required string Side { get; set; }
    public required string Client { get; set; }
    public required string Service { get; set; }
    public long Calls { get; set; }
    public long Errors { get; set; }
    public string? ErrorsByType { get; set; }
    public double P50Ms { get; set; }
    public double P95Ms { get; set; }
}

/// <summary>A message-log signed tree head the center witnessed, with the result of the consistency check.</summary>
public sealed class ExchangeWitnessedHead
{
    public long Id { get; set; }
    public Guid GatewayRef { get; set; }
    public long TreeSize { get; set; }
    public required string RootHash { get; set; }
    public long Timestamp { get; set; }
    public required string Signature { get; set; }
    public DateTime ReceivedAt { get; set; }
    public bool Consistent { get; set; }
    public string? Detail { get; set; }
}

internal sealed class ExchangeModelConfiguration :
    IEntityTypeConfiguration<ExchangeMember>, IEntityTypeConfiguration<ExchangeSubsystem>, IEntityTypeConfiguration<ExchangeGateway>,
    IEntityTypeConfiguration<ExchangeRegistrationCode>, IEntityTypeConfiguration<ExchangeService>, IEntityTypeConfiguration<ExchangeAccessRight>,
    IEntityTypeConfiguration<ExchangeConfigVersion>, IEntityTypeConfiguration<ExchangeTraffic>, IEntityTypeConfiguration<ExchangeWitnessedHead>
{
    public void Configure(EntityTypeBuilder<ExchangeMember> b)
    {
        b.ToTable("exchange_members");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.DepartmentId).IsUnique();
        b.HasIndex(x => x.MemberId).IsUnique();
        b.Property(x => x.MemberId).HasMaxLength(128);
        b.Property(x => x.Name).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<ExchangeSubsystem> b)
    {
        b.ToTable("exchange_subsystems");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.MemberRef, x.Code }).IsUnique();
        b.Property(x => x.Code).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<ExchangeGateway> b)
    {
        b.ToTable("exchange_gateways");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.MemberRef);
        b.Property(x => x.Address).HasMaxLength(512);
        b.Property(x => x.PublicKeyPem).HasMaxLength(1024);
        b.Property(x => x.DecidedBy).HasMaxLength(128);
        b.Property(x => x.DecisionNote).HasMaxLength(500);
        b.Property(x => x.WitnessedRoot).HasMaxLength(128);
        b.Property(x => x.InconsistencyDetail).HasMaxLength(1000);
    }

    public void Configure(EntityTypeBuilder<ExchangeRegistrationCode> b)
    {
        b.ToTable("exchange_registration_codes");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.CodeHash).IsUnique();
        b.Property(x => x.CodeHash).HasMaxLength(64);
        b.Property(x => x.CreatedBy).HasMaxLength(128);
    }

    public void Configure(EntityTypeBuilder<ExchangeService> b)
    {
        b.ToTable("exchange_services");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.ServiceId).IsUnique();
        b.Property(x => x.ServiceId).HasMaxLength(256);
        b.Property(x => x.Subsystem).HasMaxLength(64);
        b.Property(x => x.Code).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.CatalogResourceCode).HasMaxLength(64);
        b.Property(x => x.MessageLog).HasMaxLength(16);
    }

    public void Configure(EntityTypeBuilder<ExchangeAccessRight> b)
    {
        b.ToTable("exchange_access_rights");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.ServiceRef);
        b.Property(x => x.Client).HasMaxLength(256);
        b.Property(x => x.Methods).HasMaxLength(200);
        b.Property(x => x.Paths).HasMaxLength(2000);
        b.Property(x => x.Purposes).HasMaxLength(2000);
        b.Property(x => x.CreatedBy).HasMaxLength(128);
        b.Property(x => x.RevokedBy).HasMaxLength(128);
    }

    public void Configure(EntityTypeBuilder<ExchangeConfigVersion> b)
    {
        b.ToTable("exchange_config_versions");
        b.HasKey(x => x.Version);
        b.Property(x => x.Version).ValueGeneratedNever();
        b.Property(x => x.ContentHash).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<ExchangeTraffic> b)
    {
        b.ToTable("exchange_traffic");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.GatewayRef, x.ReportedAt });
        b.HasIndex(x => new { x.DepartmentId, x.ReportedOn });
        b.Property(x => x.Side).HasMaxLength(16);
        b.Property(x => x.Client).HasMaxLength(256);
        b.Property(x => x.Service).HasMaxLength(256);
        b.Property(x => x.ErrorsByType).HasMaxLength(2000);
    }

    public void Configure(EntityTypeBuilder<ExchangeWitnessedHead> b)
    {
        b.ToTable("exchange_witnessed_heads");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.GatewayRef, x.ReceivedAt });
        b.Property(x => x.RootHash).HasMaxLength(128);
        b.Property(x => x.Signature).HasMaxLength(256);
        b.Property(x => x.Detail).HasMaxLength(1000);
    }
}
