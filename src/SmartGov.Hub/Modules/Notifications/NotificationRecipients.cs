using SmartGov.Hub.Modules.Identity;

namespace SmartGov.Hub.Modules.Notifications;

/// <summary>Where to reach a user on the external channels; asked by the dispatcher at sending time, never by Notify.</summary>
public interface INotificationRecipients
{
    /// <summary>The account's e-mail address, or null when it has none.</summary>
    Task<string?> EmailAsync(Guid userId, CancellationToken cancellationToken = default);
}

/// <summary>Asks the Identity module's public directory, never its tables.</summary>
internal sealed class IdentityNotificationRecipients(IPersonDirectory people) : INotificationRecipients
{
    public Task<string?> EmailAsync(Guid userId, CancellationToken cancellationToken = default) => people.EmailAsync(userId, cancellationToken);
}
