using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;

namespace SmartGov.Hub.Modules.Notifications;

/// <summary>
/// The default channel: delivers nothing outside the hub. The outbox table is the delivery; an operator reads it at
/// /console/notifications/outbox. Used when no external channel is configured.
/// </summary>
public sealed class OutboxSender : INotificationSender
{
    public const string ChannelName = "outbox";

    public string Channel => ChannelName;

    public bool Enabled => true;

    public bool NeedsEmailAddress => false;

    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// E-mail through an SMTP relay (System.Net.Mail, no extra package: the relay is a government mail server that speaks
/// plain SMTP with optional STARTTLS and login). Enabled when Notifications:Smtp:Host is set.
/// </summary>
public sealed class SmtpSender(IOptions<NotificationsOptions> options) : INotificationSender
{
    public const string ChannelName = "smtp";

    private SmtpOptions Smtp => options.Value.Smtp;

    public string Channel => ChannelName;

    public bool Enabled => Smtp.Enabled;

    public bool NeedsEmailAddress => true;

    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var smtp = Smtp;
        if (!smtp.Enabled || string.IsNullOrWhiteSpace(smtp.From))
        {
            throw new InvalidOperationException("SMTP is not configured (Notifications:Smtp:Host and From).");
        }
        if (string.IsNullOrWhiteSpace(message.RecipientAddress))
        {
            throw new InvalidOperationException("The message has no recipient address.");
        }
        using var mail = new MailMessage(new MailAddress(smtp.From), new MailAddress(message.RecipientAddress))
        {
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = message.Body,
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = TransferEncoding.Base64,
            IsBodyHtml = false,
        };
        // Lets the receiving side (and a retry after a lost reply) recognise the same message.
        mail.Headers.Add("Message-ID", $"<{message.Id:N}@smartgov>");
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = smtp.TimeoutSeconds * 1000,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(smtp.TimeoutSeconds));
        await client.SendMailAsync(mail, timeout.Token);
    }
}
