using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Web.Pages.Console.Security;

/// <summary>A locked account, shown with masked data only: user name for staff, masked ID number for citizens.</summary>
public sealed record LockedAccount(Guid Id, UserKind Kind, string Account, string DisplayName, DateTimeOffset LockoutEnd);

/// <summary>
/// The security administrator's page: locked accounts with an unlock button, the password and lockout policy in force,
/// and recent security events. The full audit trail stays with the audit administrator (三员分立).
/// </summary>
public sealed class SecurityIndexModel(
    UserManager<AppUser> users,
    StaffAdmin staff,
    IAuditQuery audit,
    IOptions<IdentityOptions> identityOptions,
    IOptionsMonitor<CookieAuthenticationOptions> cookieOptions,
    TimeProvider clock) : ConsoleFormPageModel
{
    public const string Path = "/console/security";
    public const int EventCount = 50;

    /// <summary>The events a security administrator follows; the rest of the trail is the auditor's.</summary>
    public static IReadOnlyList<string> SecurityActions { get; } =
        [AuditActions.SignInFailed, AuditActions.Lockout, AuditActions.Unlock, AuditActions.TwoFactorChange, AuditActions.RoleChange];

    public IReadOnlyList<LockedAccount> Locked { get; private set; } = [];
    public IReadOnlyList<AuditEntryView> Events { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> AccountLabels { get; private set; } = new Dictionary<Guid, string>();
    public IdentityOptions Policy => identityOptions.Value;
    public TimeSpan IdleTimeout => cookieOptions.Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostUnlockAsync(Guid? userId, CancellationToken ct)
    {
        var user = userId is { } id ? await users.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) : null;
        if (user is null || !await staff.UnlockAsync(user.Id, ct))
        {
            FormMessage = ("要解锁的账号不存在", "The account to unlock does not exist.");
            Response.StatusCode = StatusCodes.Status404NotFound;
            await LoadAsync(ct);
            return Page();
        }
        return RedirectWithStatus(Path, "security.status.unlocked", Label(user));
    }

    /// <summary>Staff are known by user name; citizens only by their masked ID number (their user name is a pseudonym).</summary>
    private static string Label(AppUser u) =>
        u.Kind == UserKind.Staff ? u.UserName ?? "" : u.IdNumberMasked ?? u.MobileMasked ?? "—";

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // SQLite cannot compare DateTimeOffset in SQL; accounts with any lockout end are few, so the time test runs here.
        var withLockout = await users.Users.AsNoTracking().Where(u => u.LockoutEnd != null).ToListAsync(ct);
        Locked = withLockout.Where(u => u.LockoutEnd > now)
            .OrderBy(u => u.Kind).ThenBy(u => u.LockoutEnd)
            .Select(u => new LockedAccount(u.Id, u.Kind, Label(u), u.DisplayName, u.LockoutEnd!.Value))
            .ToList();

        var events = new List<AuditEntryView>();
        foreach (var action in SecurityActions)
        {
            events.AddRange(await audit.SearchAsync(action, null, 0, EventCount, ct));
        }
        Events = events.OrderByDescending(e => e.At).ThenByDescending(e => e.Sequence).Take(EventCount).ToList();

        var ids = Events.Select(e => e.ActorId)
            .Concat(Events.Where(e => e.SubjectType == "user").Select(e => Guid.TryParse(e.SubjectId, out var g) ? g : (Guid?)null))
            .OfType<Guid>().Distinct().ToList();
        var people = await users.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(ct);
        AccountLabels = people.ToDictionary(u => u.Id, Label);
    }

    public string ActorLabel(AuditEntryView e) =>
        e.ActorId is { } id && AccountLabels.TryGetValue(id, out var label) ? label : e.ActorName ?? "—";

    public string SubjectLabel(AuditEntryView e) =>
        e.SubjectType == "user" && Guid.TryParse(e.SubjectId, out var id) && AccountLabels.TryGetValue(id, out var label)
            ? label
            : e.SubjectId ?? "—";
}
