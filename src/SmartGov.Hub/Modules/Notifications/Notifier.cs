using System.Text;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Notifications.Model;

namespace SmartGov.Hub.Modules.Notifications;

/// <summary>
/// Adds the inbox entry and its outbox messages to the caller's unit of work. Only memory work happens here, so the
/// caller's request never waits on a mail server: the dispatcher sends after the caller's transaction committed.
/// </summary>
internal sealed class Notifier(SmartGovDbContext db, TimeProvider clock, IEnumerable<INotificationSender> senders, IOptions<NotificationsOptions> options) : INotifier
{
    public void Notify(NotificationRequest request)
    {
        Validate(request);
        var now = clock.GetUtcNow().UtcDateTime;
        var notification = new Notification
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            RecipientUserId = request.RecipientUserId,
            Kind = request.Kind,
            TitleZh = request.TitleZh.Trim(),
            TitleEn = request.TitleEn.Trim(),
            BodyZh = request.BodyZh,
            BodyEn = request.BodyEn,
            Link = request.Link,
            SubjectType = request.SubjectType,
            SubjectId = request.SubjectId,
            CreatedAt = now,
        };
        db.Add(notification);
        foreach (var channel in NotificationChannels.Enabled(senders))
        {
            db.Add(new OutboxMessage
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                NotificationId = notification.Id,
                Channel = channel.Channel,
                RecipientUserId = request.RecipientUserId,
                Subject = Subject(notification),
                Body = Body(notification, options.Value.PublicBaseUrl),
                Status = OutboxStatus.Pending,
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }
    }

    private static void Validate(NotificationRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.RecipientUserId == Guid.Empty)
        {
            throw new ArgumentException("A notification needs a recipient.", nameof(r));
        }
        if (string.IsNullOrWhiteSpace(r.TitleZh) || string.IsNullOrWhiteSpace(r.TitleEn))
        {
            throw new ArgumentException("A notification needs a title in both languages.", nameof(r));
        }
        if (r.TitleZh.Length > NotificationConfiguration.TitleMax || r.TitleEn.Length > NotificationConfiguration.TitleMax
            || (r.BodyZh?.Length ?? 0) > NotificationConfiguration.BodyMax || (r.BodyEn?.Length ?? 0) > NotificationConfiguration.BodyMax
            || r.Link?.Length > 500 || r.SubjectType?.Length > 64 || r.SubjectId?.Length > 128)
        {
            throw new ArgumentException("The notification's text is too long (titles 200, bodies 4000 characters).", nameof(r));
        }
        if (r.BodyZh is null || r.BodyEn is null)
        {
            throw new ArgumentException("A notification needs a body in both languages (it may be empty).", nameof(r));
        }
    }

    /// <summary>Both languages: the hub does not know which language the mail reader prefers.</summary>
    internal static string Subject(Notification n) =>
        string.Equals(n.TitleZh, n.TitleEn, StringComparison.Ordinal) ? n.TitleZh : $"{n.TitleZh} / {n.TitleEn}";

    internal static string Body(Notification n, string? publicBaseUrl)
    {
        var link = n.Link is { Length: > 0 } l && !string.IsNullOrWhiteSpace(publicBaseUrl) && l.StartsWith('/')
            ? publicBaseUrl.TrimEnd('/') + l
            : n.Link;
        var sb = new StringBuilder();
        sb.AppendLine(n.TitleZh).AppendLine().AppendLine(n.BodyZh);
        if (link is not null)
        {
            sb.AppendLine().Append("详情：").AppendLine(link);
        }
        sb.AppendLine().AppendLine("----").AppendLine(n.TitleEn).AppendLine().AppendLine(n.BodyEn);
        if (link is not null)
        {
            sb.AppendLine().Append("Details: ").AppendLine(link);
        }
        return sb.ToString();
    }
}

internal static class NotificationChannels
{
    /// <summary>
    /// The enabled external channels; when none is, the default "outbox" channel, whose messages an operator reads in
    /// the outbox itself.
    /// </summary>
    public static IEnumerable<INotificationSender> Enabled(IEnumerable<INotificationSender> senders)
    {
        var list = senders.ToList();
        var external = list.Where(s => s.Enabled && s.Channel != OutboxSender.ChannelName).ToList();
        return external.Count > 0 ? external : list.Where(s => s.Channel == OutboxSender.ChannelName);
    }
}
