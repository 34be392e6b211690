using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Notifications.Model;

namespace SmartGov.Hub.Modules.Notifications.Admin;

/// <summary>The operator's view of the outbox (system administrator): messages by status, and "retry now" for failed ones.</summary>
public sealed class OutboxAdmin(SmartGovDbContext db, TimeProvider clock, IAuditSink audit)
{
    public async Task<OutboxPage> ListAsync(OutboxStatus? status, int page, int pageSize, CancellationToken ct = default)
    {
        var size = Math.Clamp(pageSize, 1, 200);
        var number = Math.Max(page, 1);
        var q = db.Set<OutboxMessage>().AsNoTracking();
        if (status is { } s)
        {
            q = q.Where(m => m.Status == s);
        }
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((int)Math.Min((number - 1L) * size, int.MaxValue)).Take(size)
            .Select(m => new OutboxMessageView(m.Id, m.NotificationId, m.Channel, m.RecipientUserId, m.RecipientAddress, m.Subject, m.Body,
                m.Status, m.Attempts, m.CreatedAt, m.NextAttemptAt, m.LastError, m.SentAt))
            .ToListAsync(ct);
        return new OutboxPage(items, number, size, total);
    }

    public async Task<IReadOnlyDictionary<OutboxStatus, int>> CountsAsync(CancellationToken ct = default)
    {
        var counts = await db.Set<OutboxMessage>().AsNoTracking().GroupBy(m => m.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<OutboxStatus>().ToDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
    }

    /// <summary>
    /// Puts a Failed message back to Pending, due now, with a fresh set of attempts; audited. Null when there is no such
    /// message; false when it is not Failed (only failed messages are retried by hand).
    /// </summary>
    public async Task<bool?> RetryAsync(Guid id, CancellationToken ct = default)
    {
        var message = await db.Set<OutboxMessage>().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null)
        {
            return null;
        }
        if (message.Status != OutboxStatus.Failed)
        {
            return false;
        }
        message.Status = OutboxStatus.Pending;
        message.Attempts = 0;
        message.NextAttemptAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: "notification-outbox", SubjectId: id.ToString(),
            Details: $"retry {message.Channel} message; last error: {Truncate(message.LastError, 200)}"));
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
