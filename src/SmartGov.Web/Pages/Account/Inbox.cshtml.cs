using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Notifications;
using SmartGov.Web.Pages.Console;

namespace SmartGov.Web.Pages.Account;

/// <summary>
/// The signed-in user's inbox (站内消息), for citizens and staff alike: newest first, unread marked in words, and plain
/// forms (with the anti-forgery token) to mark one or all read, so it works without JavaScript.
/// </summary>
[Authorize]
public sealed class InboxModel(INotificationInbox inbox) : ConsoleFormPageModel
{
    public const string Path = "/account/inbox";
    public const int PageSize = 20;

    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    [FromQuery(Name = "unread")] public bool UnreadOnly { get; set; }

    public NotificationPage Inbox { get; private set; } = new([], 1, PageSize, 0, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.GetUserId() is not { } userId)
        {
            return Redirect("/account/login?returnUrl=%2Faccount%2Finbox");
        }
        PageNumber = Math.Max(PageNumber, 1);
        Inbox = await inbox.ListAsync(userId, PageNumber, PageSize, UnreadOnly, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReadAsync(Guid? id, CancellationToken ct)
    {
        if (User.GetUserId() is not { } userId)
        {
            return Forbid();
        }
        // Someone else's notification is answered like one that does not exist.
        if (id is not { } notificationId || !await inbox.MarkReadAsync(userId, notificationId, ct))
        {
            return NotFound();
        }
        return RedirectWithStatus(Back(), "notify.status.read", null);
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        if (User.GetUserId() is not { } userId)
        {
            return Forbid();
        }
        var marked = await inbox.MarkAllReadAsync(userId, ct);
        return RedirectWithStatus(Path, "notify.status.readAll", marked.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Back to the page the form was on.</summary>
    private string Back() =>
        Path + (PageNumber > 1 || UnreadOnly
            ? "?" + string.Join("&", new[] { PageNumber > 1 ? $"page={PageNumber}" : null, UnreadOnly ? "unread=true" : null }.OfType<string>())
            : "");

    /// <summary>Only links inside the hub are shown as links (a notification never sends anyone elsewhere).</summary>
    public static string? SafeLink(string? link) =>
        link is { Length: > 1 } l && l[0] == '/' && l[1] != '/' && l[1] != '\\' ? l : null;

    public static string Time(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ChinaZone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly TimeZoneInfo ChinaZone = FindChinaZone();

    private static TimeZoneInfo FindChinaZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");
        }
    }
}
