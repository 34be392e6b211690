using SmartGov.Hub.Modules.Notifications;

namespace SmartGov.Notifications.Tests;

/// <summary>How long a failed message waits before its next attempt, and when the dispatcher gives up.</summary>
public sealed class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 240)]
    [InlineData(7, 1920)]
    public void The_wait_doubles_after_each_failure(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), NotificationBackoff.Delay(failures, Base, Max));

    [Theory]
    [InlineData(8)]
    [InlineData(40)]
    [InlineData(int.MaxValue)]
    public void The_wait_never_exceeds_the_cap(int failures) =>
        Assert.Equal(Max, NotificationBackoff.Delay(failures, Base, Max));

    [Fact]
    public void A_message_is_retried_until_its_last_attempt_then_failed()
    {
        var now = new DateTime(2026, 10, 1, 8, 0, 0, DateTimeKind.Utc);
        Assert.Equal((OutboxStatus.Pending, now.AddSeconds(30)), NotificationBackoff.AfterFailure(1, 3, now, Base, Max));
        Assert.Equal((OutboxStatus.Pending, now.AddSeconds(60)), NotificationBackoff.AfterFailure(2, 3, now, Base, Max));
        Assert.Equal(OutboxStatus.Failed, NotificationBackoff.AfterFailure(3, 3, now, Base, Max).Status);
    }

    [Fact]
    public void There_is_no_zeroth_failure() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NotificationBackoff.Delay(0, Base, Max));
}
