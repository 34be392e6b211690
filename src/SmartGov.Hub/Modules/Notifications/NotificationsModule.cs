using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartGov.Hub.Modules.Notifications.Admin;

namespace SmartGov.Hub.Modules.Notifications;

public static class NotificationsModule
{
    /// <summary>The inbox, the notifier other modules call, the outbox with its senders, and the background dispatcher.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<INotifier, Notifier>();
        services.AddScoped<INotificationInbox, NotificationInbox>();
        services.TryAddScoped<INotificationRecipients, IdentityNotificationRecipients>();
        services.AddScoped<OutboxAdmin>();
        services.AddSingleton<INotificationSender, OutboxSender>();
        services.AddSingleton<INotificationSender, SmtpSender>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        return services;
    }
}
