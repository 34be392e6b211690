using System.Globalization;

namespace SmartGov.Notifications.Tests;

/// <summary>The hub with e-mail configured against a tiny SMTP server the test runs on loopback.</summary>
public sealed class SmtpFactory : NotificationsFactory
{
    public FakeSmtpServer Smtp { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> NotificationSettings() =>
        base.NotificationSettings().Concat([
            new("Notifications:Smtp:Host", "127.0.0.1"),
            new("Notifications:Smtp:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture)),
            new("Notifications:Smtp:From", "noreply@zwfw.example.gov.cn"),
            new("Notifications:Smtp:TimeoutSeconds", "20")]);

    protected override async Task DisposeExtrasAsync() => await Smtp.DisposeAsync();
}

/// <summary>The hub with e-mail configured against a port where no mail server listens.</summary>
public sealed class DeadSmtpFactory : NotificationsFactory
{
    private readonly int _port = FakeSmtpServer.ClosedPort();

    protected override IEnumerable<KeyValuePair<string, string>> NotificationSettings() =>
        base.NotificationSettings().Concat([
            new("Notifications:Smtp:Host", "127.0.0.1"),
            new("Notifications:Smtp:Port", _port.ToString(CultureInfo.InvariantCulture)),
            new("Notifications:Smtp:From", "noreply@zwfw.example.gov.cn"),
            new("Notifications:Smtp:TimeoutSeconds", "10")]);
}
