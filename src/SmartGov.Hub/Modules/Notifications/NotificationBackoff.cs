namespace SmartGov.Hub.Modules.Notifications;

/// <summary>Exponential backoff between delivery attempts: base, 2·base, 4·base, … capped at max.</summary>
public static class NotificationBackoff
{
    /// <summary>The wait after <paramref name="failedAttempts"/> failed attempts (1 = after the first failure).</summary>
    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        if (maxDelay < baseDelay)
        {
            maxDelay = baseDelay;
        }
        // Doubling past 2^30 overflows long before any sane cap; stop doubling once the cap is reached.
        var exponent = Math.Min(failedAttempts - 1, 30);
        var ticks = baseDelay.Ticks * (double)(1L << exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>What happens after a failed attempt: Failed when no attempts are left, else the time of the next one.</summary>
    public static (OutboxStatus Status, DateTime NextAttemptAt) AfterFailure(int failedAttempts, int maxAttempts, DateTime now, TimeSpan baseDelay, TimeSpan maxDelay) =>
        failedAttempts >= maxAttempts
            ? (OutboxStatus.Failed, now)
            : (OutboxStatus.Pending, now + Delay(failedAttempts, baseDelay, maxDelay));
}
