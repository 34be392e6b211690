namespace SmartGov.Hub.Modules.Notifications;

/// <summary>What a notification is about. The values are stored, so they are never renumbered; add new ones.</summary>
public enum NotificationKind
{
    Accepted = 1,
    SupplementRequested = 2,
    Decided = 3,
    ResultReady = 4,
    RatingReminder = 5,
    DeadlineReminder = 6,
    DeadlineEscalation = 7,
    RectificationAssigned = 8,
    General = 99,
}

/// <summary>
/// One notification for one user, in both languages. <see cref="Link"/> is a path in the hub (e.g. /applications/…);
/// <see cref="SubjectType"/> and <see cref="SubjectId"/> name what it is about (e.g. "application", its number).
/// </summary>
public sealed record NotificationRequest(
    Guid RecipientUserId,
    NotificationKind Kind,
    string TitleZh,
    string TitleEn,
    string BodyZh,
    string BodyEn,
    string? Link = null,
    string? SubjectType = null,
    string? SubjectId = null);

/// <summary>What other modules call to tell a user something.</summary>
public interface INotifier
{
    /// <summary>
    /// Adds the inbox entry and one outbox message per enabled channel to the caller's scoped SmartGovDbContext
    /// WITHOUT saving: they commit with the caller's action (like IAuditSink.Record), or not at all. Never does I/O and
    /// never blocks; the background dispatcher sends later.
    /// </summary>
    /// <exception cref="ArgumentException">The request is invalid (empty recipient or title, overlong text).</exception>
    void Notify(NotificationRequest request);
}

/// <summary>One notification as its recipient sees it. <see cref="Title"/> and <see cref="Body"/> are in the request's language.</summary>
public sealed record NotificationView(
    Guid Id,
    NotificationKind Kind,
    string Title,
    string Body,
    string TitleZh,
    string TitleEn,
    string BodyZh,
    string BodyEn,
    string? Link,
    string? SubjectType,
    string? SubjectId,
    DateTime CreatedAt,
    DateTime? ReadAt)
{
    public bool IsRead => ReadAt is not null;
}

/// <summary>A page of the inbox, newest first, with the number of unread notifications in the whole inbox.</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int Page, int PageSize, int Total, int Unread);

/// <summary>The signed-in user's inbox. Every method is scoped to <c>userId</c>: nobody reads another user's notifications.</summary>
public interface INotificationInbox
{
    Task<NotificationPage> ListAsync(Guid userId, int page, int pageSize, bool unreadOnly = false, CancellationToken cancellationToken = default);

    /// <summary>How many unread notifications the user has (for a badge in the layout).</summary>
    Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Marks one of the user's notifications read; false when it does not exist or is someone else's.</summary>
    Task<bool> MarkReadAsync(Guid userId, Guid notificationId, CancellationToken cancellationToken = default);

    /// <summary>Marks all the user's notifications read; returns how many were unread.</summary>
    Task<int> MarkAllReadAsync(Guid userId, CancellationToken cancellationToken = default);
}

/// <summary>Delivery state of one outbox message.</summary>
public enum OutboxStatus
{
    Pending = 1,
    Sent = 2,
    Failed = 3,

    /// <summary>Not sendable on its channel (e.g. e-mail for a user without an e-mail address); never retried.</summary>
    Skipped = 4,
}

/// <summary>What a sender gets: one message for one recipient on its channel. <see cref="Attempt"/> starts at 1.</summary>
public sealed record OutgoingMessage(
    Guid Id,
    string Channel,
    Guid RecipientUserId,
    string? RecipientAddress,
    string Subject,
    string Body,
    int Attempt);

/// <summary>
/// A delivery channel. Implementations are registered as singletons (<c>services.AddSingleton&lt;INotificationSender, …&gt;()</c>).
/// <see cref="SendAsync"/> throws on failure; the dispatcher retries with exponential backoff.
/// </summary>
public interface INotificationSender
{
    /// <summary>The channel name stored on outbox messages (e.g. "outbox", "smtp").</summary>
    string Channel { get; }

    /// <summary>Whether <see cref="INotifier.Notify"/> queues messages for this channel.</summary>
    bool Enabled { get; }

    /// <summary>Whether the message needs the recipient's e-mail address (looked up at dispatch time).</summary>
    bool NeedsEmailAddress { get; }

    Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>One outbox message as an operator sees it.</summary>
public sealed record OutboxMessageView(
    Guid Id,
    Guid NotificationId,
    string Channel,
    Guid RecipientUserId,
    string? RecipientAddress,
    string Subject,
    string Body,
    OutboxStatus Status,
    int Attempts,
    DateTime CreatedAt,
    DateTime NextAttemptAt,
    string? LastError,
    DateTime? SentAt);

public sealed record OutboxPage(IReadOnlyList<OutboxMessageView> Items, int Page, int PageSize, int Total);
