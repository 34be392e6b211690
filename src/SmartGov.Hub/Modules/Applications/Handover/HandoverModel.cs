using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Applications.Handover;

public enum HandoverDirection
{
    /// <summary>Accepted here, exported for another region to decide.</summary>
    Out = 1,

    /// <summary>Imported from another region; a local application was created.</summary>
    In = 2,
}

/// <summary>One cross-region handover (异地代收代办), in either direction, with the SM3 of the exact package file.</summary>
public sealed class ApplicationHandover
{
    public Guid Id { get; set; }
    public HandoverDirection Direction { get; set; }
    public Guid PackageId { get; set; }

    /// <summary>The local application: the exported one, or the one an import created.</summary>
    public Guid ApplicationId { get; set; }

    /// <summary>The origin's application number (for an export, the local number).</summary>
    public required string Number { get; set; }

    /// <summary>Out: the region that decides it. In: the region it came from.</summary>
    public required string RegionCode { get; set; }
    public required string PackageSm3 { get; set; }

    /// <summary>SM3 of the DER public key that verified an import (null for exports).</summary>
    public string? KeyFingerprint { get; set; }

    /// <summary>Unique: "in:{origin region}:{origin number}" refuses a second import; "out:{package id}" for exports.</summary>
    public required string DedupKey { get; set; }
    public DateTime At { get; set; }
    public Guid By { get; set; }
    public string? ByName { get; set; }
}

internal sealed class ApplicationHandoverConfiguration : IEntityTypeConfiguration<ApplicationHandover>
{
    public void Configure(EntityTypeBuilder<ApplicationHandover> b)
    {
        b.ToTable("application_handovers");
        b.HasKey(x => x.Id);
        b.Property(x => x.Number).HasMaxLength(32);
        b.Property(x => x.RegionCode).HasMaxLength(12);
        b.Property(x => x.PackageSm3).HasMaxLength(64);
        b.Property(x => x.KeyFingerprint).HasMaxLength(64);
        b.Property(x => x.DedupKey).HasMaxLength(64);
        b.Property(x => x.ByName).HasMaxLength(128);
        b.HasIndex(x => x.DedupKey).IsUnique();
        b.HasIndex(x => x.ApplicationId);
    }
}

/// <summary>Handover settings (section Handover).</summary>
public sealed class HandoverOptions
{
    public const string Section = "Handover";

    /// <summary>
    /// Trusted senders: origin region code → PEM public key (text, or a path to a .pem file). When the origin of a package
    /// is listed, the package must verify under that key and a key posted with the import is ignored.
    /// </summary>
    public Dictionary<string, string> TrustedKeys { get; set; } = [];

    /// <summary>
    /// The other regions' hubs reachable over the data exchange: region code → the exchange service id of that hub's
    /// handover inbox, e.g. <c>CN-DEMO/GOV/{member}/hub/handover</c>. Sending goes to the target's entry; receiving accepts
    /// only a caller (SmartGov-Client) that is the client of the origin region's entry (the service id without its last segment).
    /// </summary>
    public Dictionary<string, string> Peers { get; set; } = [];

    /// <summary>The purpose (用途) sent with a handover; the exchange's access right must allow it.</summary>
    public string Purpose { get; set; } = "异地代收代办";
}
