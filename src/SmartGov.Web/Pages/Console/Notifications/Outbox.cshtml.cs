using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Notifications;
using SmartGov.Hub.Modules.Notifications.Admin;

namespace SmartGov.Web.Pages.Console.Notifications;

/// <summary>
/// The notification outbox for the system administrator: what was sent, what waits for its next attempt and why, what
/// failed; a failed message can be sent again ("retry now", audited). A GET filter form and POST buttons, no JavaScript.
/// </summary>
[Authorize(Policy = Policies.SystemAdmin)]
public sealed class OutboxModel(OutboxAdmin outbox) : ConsoleFormPageModel
{
    public const string Path = "/console/notifications/outbox";
    public const int PageSize = 50;

    [FromQuery(Name = "status")] public string? StatusFilter { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public OutboxPage Messages { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyDictionary<OutboxStatus, int> Counts { get; private set; } = new Dictionary<OutboxStatus, int>();
    public OutboxStatus? Status { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRetryAsync(Guid? id, CancellationToken ct)
    {
        var result = id is { } messageId ? await outbox.RetryAsync(messageId, ct) : null;
        if (result is null)
        {
            return NotFound();
        }
        if (result == false)
        {
            FormMessage = ("只有发送失败的消息可以重新发送", "Only failed messages can be retried.");
            Response.StatusCode = StatusCodes.Status409Conflict;
            await LoadAsync(ct);
            return Page();
        }
        return RedirectWithStatus(Path, "notify.outbox.status.retried", null);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(PageNumber, 1);
        Status = Enum.TryParse<OutboxStatus>(StatusFilter, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(StatusFilter, out _) ? s : null;
        Messages = await outbox.ListAsync(Status, PageNumber, PageSize, ct);
        Counts = await outbox.CountsAsync(ct);
    }

    public static string Time(DateTime? utc) =>
        utc is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC" : "—";
}
