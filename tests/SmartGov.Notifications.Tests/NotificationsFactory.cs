using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Notifications;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Notifications.Tests;

/// <summary>
/// The hub with the test's clock and without the background dispatcher loop: tests run dispatch passes themselves
/// (<see cref="NotificationDispatcher.DispatchOnceAsync"/>), so nothing happens behind their back.
/// </summary>
public class NotificationsFactory : SmartGovFactory
{
    public ManualTimeProvider Clock { get; } = new();

    public const int MaxAttempts = 3;
    public const int BackoffBaseSeconds = 60;

    /// <summary>Notifications:* settings of this fixture.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> NotificationSettings()
    {
        yield return new("Notifications:DispatchIntervalSeconds", "0");
        yield return new("Notifications:MaxAttempts", MaxAttempts.ToString(CultureInfo.InvariantCulture));
        yield return new("Notifications:BackoffBaseSeconds", BackoffBaseSeconds.ToString(CultureInfo.InvariantCulture));
        yield return new("Notifications:BackoffMaxSeconds", "3600");
        yield return new("Notifications:PublicBaseUrl", "https://zwfw.example.gov.cn");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in NotificationSettings())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public NotificationDispatcher Dispatcher => Services.GetRequiredService<NotificationDispatcher>();

    /// <summary>What another module does: notify inside its own unit of work, then commit (or not).</summary>
    public async Task NotifyAsync(NotificationRequest request, bool commit = true)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<INotifier>().Notify(request);
        if (commit)
        {
            await scope.ServiceProvider.GetRequiredService<SmartGovDbContext>().SaveChangesAsync();
        }
    }

    public Task<Guid> DemoCitizenIdAsync() => CitizenIdAsync(DemoCitySeeder.DemoCitizen.IdNumber);

    public async Task<HttpClient> DemoCitizenAsync(string? acceptLanguage = null)
    {
        var client = CreateBrowser(acceptLanguage);
        await client.SignInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        return client;
    }

    public Task SetEmailAsync(Guid userId, string? email) => WithDbAsync(async db =>
    {
        var user = await db.Users.FindAsync(userId) ?? throw new InvalidOperationException("no such user");
        user.Email = email;
        user.NormalizedEmail = email?.ToUpperInvariant();
        return await db.SaveChangesAsync();
    });

    public static NotificationRequest Request(Guid recipient, string tag, NotificationKind kind = NotificationKind.Accepted) =>
        new(recipient, kind, $"您的申请已受理 {tag}", $"Your application was accepted {tag}",
            $"办件编号 {tag}，请留意后续通知。", $"Application number {tag}; watch for further notices.",
            Link: "/applications/" + tag, SubjectType: "application", SubjectId: tag);
}
