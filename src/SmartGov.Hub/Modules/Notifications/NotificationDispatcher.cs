using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Notifications.Model;

namespace SmartGov.Hub.Modules.Notifications;

/// <summary>What one dispatch pass did.</summary>
public sealed record DispatchResult(int Sent, int Retrying, int Failed, int Skipped)
{
    public int Total => Sent + Retrying + Failed + Skipped;
}

/// <summary>
/// Sends due outbox messages in the background, never in a request: each pass takes a batch of Pending messages whose
/// time has come, claims each one (so that two hub nodes never send the same message at once), sends it on its channel
/// and records Sent, or schedules the next attempt with exponential backoff, or Failed after the last attempt.
/// </summary>
public sealed partial class NotificationDispatcher(
    IServiceScopeFactory scopes,
    IEnumerable<INotificationSender> senders,
    TimeProvider clock,
    IOptions<NotificationsOptions> options,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private const int ErrorMax = 1000;
    private readonly SemaphoreSlim _pass = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.DispatchIntervalSeconds;
        if (seconds <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        do
        {
            try
            {
                DispatchResult result;
                do
                {
                    result = await DispatchOnceAsync(stoppingToken);
                    if (result.Total > 0)
                    {
                        LogPass(result.Sent, result.Retrying, result.Failed, result.Skipped);
                    }
                }
                // A full batch means there may be more due right now.
                while (result.Total >= options.Value.BatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: sends up to BatchSize due messages. Tests and operators' tools call this directly.</summary>
    public async Task<DispatchResult> DispatchOnceAsync(CancellationToken ct = default)
    {
        await _pass.WaitAsync(ct);
        try
        {
            return await PassAsync(ct);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<DispatchResult> PassAsync(CancellationToken ct)
    {
        var o = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
        var recipients = scope.ServiceProvider.GetRequiredService<INotificationRecipients>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Take(o.BatchSize)
            .ToListAsync(ct);
        int sent = 0, retrying = 0, failed = 0, skipped = 0;
        foreach (var message in due)
        {
            // The claim: only the node whose update finds the message still due may send it; the lease makes it due
            // again for the others if this node stops half-way.
            var leaseEnd = now.AddSeconds(o.LeaseSeconds);
            var claimed = await db.Set<OutboxMessage>()
                .Where(m => m.Id == message.Id && m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, leaseEnd), ct);
            if (claimed == 0)
            {
                continue;
            }
            var attempt = message.Attempts + 1;
            var sender = senders.FirstOrDefault(s => s.Channel == message.Channel);
            string? address = message.RecipientAddress;
            string? error = null;
            var status = OutboxStatus.Sent;
            if (sender is null)
            {
                error = $"No sender is registered for channel \"{message.Channel}\".";
            }
            else
            {
                if (sender.NeedsEmailAddress && string.IsNullOrWhiteSpace(address))
                {
                    address = await recipients.EmailAsync(message.RecipientUserId, ct);
                }
                if (sender.NeedsEmailAddress && address is null)
                {
                    status = OutboxStatus.Skipped;
                    error = "The recipient has no e-mail address. / 收件人未登记电子邮箱。";
                }
                else
                {
                    try
                    {
                        await sender.SendAsync(new OutgoingMessage(message.Id, message.Channel, message.RecipientUserId, address,
                            message.Subject, message.Body, attempt), ct);
                    }
                    catch (Exception ex) when (!ct.IsCancellationRequested)
                    {
                        error = Describe(ex);
                    }
                }
            }
            var finishedAt = clock.GetUtcNow().UtcDateTime;
            DateTime next = finishedAt;
            if (error is not null && status != OutboxStatus.Skipped)
            {
                (status, next) = NotificationBackoff.AfterFailure(attempt, o.MaxAttempts, finishedAt,
                    TimeSpan.FromSeconds(o.BackoffBaseSeconds), TimeSpan.FromSeconds(o.BackoffMaxSeconds));
                LogAttemptFailed(message.Id, message.Channel, attempt, error);
            }
            DateTime? sentAt = status == OutboxStatus.Sent ? finishedAt : null;
            var attempts = status == OutboxStatus.Skipped ? message.Attempts : attempt;
            var lastError = error is null ? null : error.Length > ErrorMax ? error[..ErrorMax] : error;
            // CancellationToken.None: the message was sent (or not); the record of it must not be lost to a shutdown.
            await db.Set<OutboxMessage>().Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, status)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LastError, lastError)
                .SetProperty(m => m.SentAt, sentAt)
                .SetProperty(m => m.RecipientAddress, address), CancellationToken.None);
            switch (status)
            {
                case OutboxStatus.Sent: sent++; break;
                case OutboxStatus.Pending: retrying++; break;
                case OutboxStatus.Failed: failed++; break;
                default: skipped++; break;
            }
        }
        return new DispatchResult(sent, retrying, failed, skipped);
    }

    private static string Describe(Exception ex)
    {
        var text = ex.GetType().Name + ": " + ex.Message;
        return ex.InnerException is { } inner ? text + " → " + inner.GetType().Name + ": " + inner.Message : text;
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification dispatch: {Sent} sent, {Retrying} to retry, {Failed} failed, {Skipped} skipped")]
    private partial void LogPass(int sent, int retrying, int failed, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {MessageId} on {Channel}, attempt {Attempt}, failed: {Error}")]
    private partial void LogAttemptFailed(Guid messageId, string channel, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification dispatch pass failed")]
    private partial void LogPassFailed(Exception ex);
}
