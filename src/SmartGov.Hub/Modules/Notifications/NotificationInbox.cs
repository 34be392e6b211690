using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Notifications.Model;

namespace SmartGov.Hub.Modules.Notifications;

internal sealed class NotificationInbox(SmartGovDbContext db, TimeProvider clock) : INotificationInbox
{
    public async Task<NotificationPage> ListAsync(Guid userId, int page, int pageSize, bool unreadOnly = false, CancellationToken cancellationToken = default)
    {
        var size = Math.Clamp(pageSize, 1, 200);
        var number = Math.Max(page, 1);
        var mine = db.Set<Notification>().AsNoTracking().Where(n => n.RecipientUserId == userId);
        var listed = unreadOnly ? mine.Where(n => n.ReadAt == null) : mine;
        var total = await listed.CountAsync(cancellationToken);
        var unread = unreadOnly ? total : await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
        var rows = await listed.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((int)Math.Min((number - 1L) * size, int.MaxValue)).Take(size)
            .ToListAsync(cancellationToken);
        var zh = Problems.IsChinese;
        var items = rows.Select(n => new NotificationView(n.Id, n.Kind, zh ? n.TitleZh : n.TitleEn, zh ? n.BodyZh : n.BodyEn,
            n.TitleZh, n.TitleEn, n.BodyZh, n.BodyEn, n.Link, n.SubjectType, n.SubjectId, n.CreatedAt, n.ReadAt)).ToList();
        return new NotificationPage(items, number, size, total, unread);
    }

    public Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken = default) =>
        db.Set<Notification>().AsNoTracking().CountAsync(n => n.RecipientUserId == userId && n.ReadAt == null, cancellationToken);

    public async Task<bool> MarkReadAsync(Guid userId, Guid notificationId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Reading twice keeps the first time it was read.
        var mine = db.Set<Notification>().Where(n => n.Id == notificationId && n.RecipientUserId == userId);
        await mine.Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        return await mine.AnyAsync(cancellationToken);
    }

    public Task<int> MarkAllReadAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<Notification>().Where(n => n.RecipientUserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
    }
}
