using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Applications.Storage;

/// <summary>One uploaded material file: the bytes are in the <see cref="IFileStore"/> under <see cref="StoreKey"/>.</summary>
public sealed class StoredFile
{
    public Guid Id { get; set; }

    public string StoreKey { get; set; } = "";

    /// <summary>The user's file name, sanitized (<see cref="UploadInspector.SanitizeFileName"/>); shown and sent on download, never a path.</summary>
    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    /// <summary>SM3 digest of the bytes, 64 lowercase hex digits (GB/T 32905).</summary>
    public string Sm3 { get; set; } = "";

    public Guid UploadedById { get; set; }

    public DateTime UploadedAt { get; set; }

    public StoredFileState State { get; set; }

    /// <summary>What the file belongs to once attached, e.g. "application".</summary>
    public string? SubjectType { get; set; }

    public string? SubjectId { get; set; }

    public DateTime? AttachedAt { get; set; }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> b)
    {
        b.ToTable("stored_files");
        b.HasKey(x => x.Id);
        b.Property(x => x.StoreKey).HasMaxLength(64);
        b.HasIndex(x => x.StoreKey).IsUnique();
        b.Property(x => x.FileName).HasMaxLength(255);
        b.Property(x => x.ContentType).HasMaxLength(128);
        b.Property(x => x.Sm3).HasMaxLength(64);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.SubjectType).HasMaxLength(64);
        b.Property(x => x.SubjectId).HasMaxLength(128);
        b.HasIndex(x => new { x.UploadedById, x.State });
        b.HasIndex(x => new { x.State, x.UploadedAt });
        b.HasIndex(x => new { x.SubjectType, x.SubjectId });
    }
}
