using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Notifications.Model;

/// <summary>One entry in a user's in-app inbox (站内消息).</summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid RecipientUserId { get; set; }
    public NotificationKind Kind { get; set; }
    public required string TitleZh { get; set; }
    public required string TitleEn { get; set; }
    public required string BodyZh { get; set; }
    public required string BodyEn { get; set; }
    public string? Link { get; set; }
    public string? SubjectType { get; set; }
    public string? SubjectId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

/// <summary>One delivery of a notification on one external channel; the dispatcher sends it and records the outcome.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public Guid NotificationId { get; set; }
    public required string Channel { get; set; }
    public Guid RecipientUserId { get; set; }

    /// <summary>Filled in by the dispatcher when the channel needs an address (the e-mail at the time of sending).</summary>
    public string? RecipientAddress { get; set; }

    public required string Subject { get; set; }
    public required string Body { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When the message is next due; while a node is sending it, the end of that node's lease.</summary>
    public DateTime NextAttemptAt { get; set; }

    public string? LastError { get; set; }
    public DateTime? SentAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public const int TitleMax = 200;
    public const int BodyMax = 4000;

    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.HasKey(n => n.Id);
        b.Property(n => n.TitleZh).HasMaxLength(TitleMax);
        b.Property(n => n.TitleEn).HasMaxLength(TitleMax);
        b.Property(n => n.BodyZh).HasMaxLength(BodyMax);
        b.Property(n => n.BodyEn).HasMaxLength(BodyMax);
        b.Property(n => n.Link).HasMaxLength(500);
        b.Property(n => n.SubjectType).HasMaxLength(64);
        b.Property(n => n.SubjectId).HasMaxLength(128);
        // The inbox page (newest first) and the unread badge, per recipient.
        b.HasIndex(n => new { n.RecipientUserId, n.CreatedAt });
        b.HasIndex(n => new { n.RecipientUserId, n.ReadAt });
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("notification_outbox");
        b.HasKey(m => m.Id);
        b.Property(m => m.Channel).HasMaxLength(32);
        b.Property(m => m.RecipientAddress).HasMaxLength(320);
        b.Property(m => m.Subject).HasMaxLength(500);
        b.Property(m => m.Body).HasMaxLength(9000);
        b.Property(m => m.LastError).HasMaxLength(1000);
        // The dispatcher's query: due pending messages, oldest due first.
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        b.HasIndex(m => m.NotificationId);
    }
}
