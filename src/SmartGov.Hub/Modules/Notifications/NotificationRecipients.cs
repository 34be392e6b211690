using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;

namespace SmartGov.Hub.Modules.Notifications;

/// <summary>Where to reach a user on the external channels; asked by the dispatcher at sending time, never by Notify.</summary>
public interface INotificationRecipients
{
    /// <summary>The account's e-mail address, or null when it has none.</summary>
    Task<string?> EmailAsync(Guid userId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Reads the e-mail through ASP.NET Core Identity's own user type (<see cref="IdentityUser{TKey}.Email"/>), found in the
/// model at run time, so this module does not depend on the Identity module's entities. Replace it with a method on
/// Identity's public directory when that has one.
/// </summary>
internal sealed class IdentityNotificationRecipients(SmartGovDbContext db) : INotificationRecipients
{
    private static readonly MethodInfo Open = typeof(IdentityNotificationRecipients).GetMethod(nameof(EmailOfAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static MethodInfo? _closed;

    public Task<string?> EmailAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var method = _closed ??= Open.MakeGenericMethod(
            db.Model.GetEntityTypes().Select(t => t.ClrType).Single(t => typeof(IdentityUser<Guid>).IsAssignableFrom(t)));
        return (Task<string?>)method.Invoke(null, [db, userId, cancellationToken])!;
    }

    private static async Task<string?> EmailOfAsync<TUser>(DbContext db, Guid userId, CancellationToken ct) where TUser : IdentityUser<Guid>
    {
        var email = await db.Set<TUser>().AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        return string.IsNullOrWhiteSpace(email) ? null : email.Trim();
    }
}
