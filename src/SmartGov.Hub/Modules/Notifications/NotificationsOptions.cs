using System.ComponentModel.DataAnnotations;

namespace SmartGov.Hub.Modules.Notifications;

/// <summary>Configuration section "Notifications" (see docs/notifications.md).</summary>
public sealed class NotificationsOptions : IValidatableObject
{
    public const string Section = "Notifications";

    /// <summary>How often (seconds) each node looks for due outbox messages; 0 turns the background dispatcher off.</summary>
    [Range(0, 86_400)]
    public int DispatchIntervalSeconds { get; set; } = 10;

    /// <summary>Most messages one pass sends.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>Attempts before a message is marked Failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait after the first failed attempt (seconds); it doubles after each further failure.</summary>
    [Range(1, 86_400)]
    public int BackoffBaseSeconds { get; set; } = 30;

    /// <summary>The longest wait between two attempts (seconds).</summary>
    [Range(1, 604_800)]
    public int BackoffMaxSeconds { get; set; } = 3600;

    /// <summary>
    /// How long (seconds) a node holds a message it is sending before another node may take it (a node that stops
    /// mid-send leaves it to the others after this).
    /// </summary>
    [Range(10, 86_400)]
    public int LeaseSeconds { get; set; } = 300;

    /// <summary>The portal's public address (https://…), put before relative links in e-mails. Optional.</summary>
    public string? PublicBaseUrl { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BackoffMaxSeconds < BackoffBaseSeconds)
        {
            yield return new ValidationResult("Notifications:BackoffMaxSeconds must be at least BackoffBaseSeconds.", [nameof(BackoffMaxSeconds)]);
        }
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl) && !Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("Notifications:PublicBaseUrl must be an absolute URL.", [nameof(PublicBaseUrl)]);
        }
        if (Smtp.Enabled)
        {
            if (Smtp.Port is < 1 or > 65_535)
            {
                yield return new ValidationResult("Notifications:Smtp:Port must be 1-65535.", ["Smtp.Port"]);
            }
            if (string.IsNullOrWhiteSpace(Smtp.From) || !System.Net.Mail.MailAddress.TryCreate(Smtp.From, out _))
            {
                yield return new ValidationResult("Notifications:Smtp:From must be an e-mail address when Notifications:Smtp:Host is set.", ["Smtp.From"]);
            }
            if (Smtp.TimeoutSeconds is < 1 or > 600)
            {
                yield return new ValidationResult("Notifications:Smtp:TimeoutSeconds must be 1-600.", ["Smtp.TimeoutSeconds"]);
            }
        }
    }
}

/// <summary>The e-mail channel. Off while <see cref="Host"/> is empty.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>Sender address, e.g. "SmartGov &lt;noreply@example.gov.cn&gt;".</summary>
    public string? From { get; set; }

    public string? UserName { get; set; }

    /// <summary>A secret: set it by environment variable or a secret store, never in appsettings.json.</summary>
    public string? Password { get; set; }

    /// <summary>STARTTLS.</summary>
    public bool EnableSsl { get; set; }

    public int TimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
