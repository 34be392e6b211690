using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Audit.Model;

/// <summary>
/// One audit entry. The row is written in the caller's transaction with <see cref="Sequence"/> and
/// <see cref="LeafHash"/> empty; the sequencer fills both once the transaction has committed. From then on
/// the row's canonical JSON (<see cref="AuditCanonicalJson"/>) is leaf <see cref="Sequence"/> of the Merkle tree.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    /// <summary>UTC, truncated to whole milliseconds so that the canonical form is exact on every provider.</summary>
    public DateTime At { get; set; }
    public required string Action { get; set; }
    public required string Outcome { get; set; }
    public string ActorType { get; set; } = AuditActorTypes.User;
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

    /// <summary>Position in the log (0, 1, 2, … without gaps); null until sequenced.</summary>
    public long? Sequence { get; set; }

    /// <summary>H(0x00 ‖ canonical JSON) (RFC 6962 §2.1); null until sequenced.</summary>
    public byte[]? LeafHash { get; set; }
}

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> b)
    {
        b.ToTable("audit_records");
        b.HasKey(x => x.Id);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.Outcome).HasMaxLength(32);
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
        b.Property(x => x.LeafHash).HasMaxLength(64);
        b.HasIndex(x => x.Sequence).IsUnique();
        // The sequencer's work queue: committed rows that have no position yet, oldest id first.
        b.HasIndex(x => x.Id).HasDatabaseName("IX_audit_records_unsequenced").HasFilter("\"Sequence\" IS NULL");
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.Action, x.At });
        b.HasIndex(x => new { x.PersonIndex, x.At });
        b.HasIndex(x => new { x.ActorId, x.At });
        b.HasIndex(x => new { x.ActorDepartmentId, x.At });
    }
}

/// <summary>
/// The hash of a complete subtree of the log: leaves [Index·2^Level, (Index+1)·2^Level). Levels 1 and up are
/// written by the sequencer as soon as they are complete and never change; level 0 rows exist only for
/// entries that were archived (their rows are gone, their leaf hashes stay so the tree still proves).
/// </summary>
public sealed class AuditTreeNode
{
    public int Level { get; set; }
    public long Index { get; set; }
    public required byte[] Hash { get; set; }
}

internal sealed class AuditTreeNodeConfiguration : IEntityTypeConfiguration<AuditTreeNode>
{
    public void Configure(EntityTypeBuilder<AuditTreeNode> b)
    {
        b.ToTable("audit_tree_nodes");
        b.HasKey(x => new { x.Level, x.Index });
        b.Property(x => x.Index).ValueGeneratedNever();
        b.Property(x => x.Hash).HasMaxLength(64);
    }
}

/// <summary>A signed tree head (签名树头): the root of the first <see cref="TreeSize"/> entries, signed with the platform key.</summary>
public sealed class AuditTreeHead
{
    public long TreeSize { get; set; }
    public required byte[] RootHash { get; set; }

    /// <summary>Milliseconds since the Unix epoch, UTC.</summary>
    public long Timestamp { get; set; }

    /// <summary>"gm" or "intl": which hash and signature algorithms this head uses.</summary>
    public required string Profile { get; set; }

    /// <summary>DER signature over <see cref="AuditTreeHeads.SigningInput"/>.</summary>
    public required byte[] Signature { get; set; }
}

internal sealed class AuditTreeHeadConfiguration : IEntityTypeConfiguration<AuditTreeHead>
{
    public void Configure(EntityTypeBuilder<AuditTreeHead> b)
    {
        b.ToTable("audit_tree_heads");
        b.HasKey(x => x.TreeSize);
        b.Property(x => x.TreeSize).ValueGeneratedNever();
        b.Property(x => x.RootHash).HasMaxLength(64);
        b.Property(x => x.Profile).HasMaxLength(8);
        b.Property(x => x.Signature).HasMaxLength(160);
    }
}

/// <summary>A lease row: only the holder may sequence until it expires, so that several hub nodes never sequence at once.</summary>
public sealed class AuditLease
{
    public required string Name { get; set; }
    public required string Holder { get; set; }

    /// <summary>Milliseconds since the Unix epoch, UTC.</summary>
    public long ExpiresAt { get; set; }
}

internal sealed class AuditLeaseConfiguration : IEntityTypeConfiguration<AuditLease>
{
    public void Configure(EntityTypeBuilder<AuditLease> b)
    {
        b.ToTable("audit_leases");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(32);
        b.Property(x => x.Holder).HasMaxLength(128);
    }
}

/// <summary>A segment of the log that was exported and removed: entries [FromSequence, ToSequence).</summary>
public sealed class AuditArchive
{
    public long Id { get; set; }
    public long FromSequence { get; set; }
    public long ToSequence { get; set; }

    /// <summary>Entries younger than this were kept (UTC).</summary>
    public DateTime Before { get; set; }
    public DateTime ArchivedAt { get; set; }

    /// <summary>The tree size of the signed head the bundle's proofs are against.</summary>
    public long HeadTreeSize { get; set; }

    /// <summary>SM3/SHA-256 (per profile) of the bundle's entries.jsonl, so the archive can be matched later.</summary>
    public required string EntriesHash { get; set; }
    public string? Location { get; set; }
}

internal sealed class AuditArchiveConfiguration : IEntityTypeConfiguration<AuditArchive>
{
    public void Configure(EntityTypeBuilder<AuditArchive> b)
    {
        b.ToTable("audit_archives");
        b.HasKey(x => x.Id);
        b.Property(x => x.EntriesHash).HasMaxLength(64);
        b.Property(x => x.Location).HasMaxLength(1024);
    }
}
