using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Audit.Model;

/// <summary>
/// One key in the history of the platform's audit signing keys (密钥更新). Key <see cref="Number"/> signs the heads of
/// size <see cref="FromTreeSize"/> and up, until the next key's <see cref="FromTreeSize"/>. Each row carries its
/// statement's signature by its own key (proof of possession, and the new key vouching for the old one's fingerprint)
/// and, from key 1 on, by the key before it (the old key handing over to the new). Either key of a verified chain is
/// therefore enough to trust all of them (<see cref="AuditKeyHistory"/>).
/// </summary>
public sealed class AuditSigningKey
{
    /// <summary>0 for the first key, then 1, 2, … without gaps.</summary>
    public int Number { get; set; }

    public required string Profile { get; set; }

    /// <summary>SubjectPublicKeyInfo PEM.</summary>
    public required string PublicKeyPem { get; set; }

    /// <summary>Lowercase hex of the profile's hash (SM3 in gm) of the SubjectPublicKeyInfo DER.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>The smallest tree size this key signs.</summary>
    public long FromTreeSize { get; set; }

    /// <summary>When the key took over, milliseconds since the Unix epoch (UTC).</summary>
    public long Timestamp { get; set; }

    /// <summary>This key's DER signature over <see cref="AuditKeyHistory.Statement"/>.</summary>
    public required byte[] Signature { get; set; }

    /// <summary>The previous key's DER signature over the same statement; null for key 0.</summary>
    public byte[]? PreviousSignature { get; set; }
}

internal sealed class AuditSigningKeyConfiguration : IEntityTypeConfiguration<AuditSigningKey>
{
    public void Configure(EntityTypeBuilder<AuditSigningKey> b)
    {
        b.ToTable("audit_signing_keys");
        b.HasKey(x => x.Number);
        b.Property(x => x.Number).ValueGeneratedNever();
        b.Property(x => x.Profile).HasMaxLength(8);
        b.Property(x => x.PublicKeyPem).HasMaxLength(1024);
        b.Property(x => x.Fingerprint).HasMaxLength(64);
        b.Property(x => x.Signature).HasMaxLength(160);
        b.Property(x => x.PreviousSignature).HasMaxLength(160);
        b.HasIndex(x => x.Fingerprint).IsUnique();
    }
}
