using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Notifications.Admin;

namespace SmartGov.Hub.Modules.Notifications.Apis;

public sealed record MarkAllReadResult(int Marked, int Unread);

/// <summary>
/// The signed-in user's inbox (citizens and staff alike; a department system's API token has no inbox), and the
/// outbox for the system administrator.
/// </summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("api/v1/me/notifications").WithTags("Notifications")
            .RequireAuthorization(p => p.RequireAuthenticatedUser().RequireClaim(SmartGovClaims.UserKind)
                .RequireAssertion(c => !c.User.HasClaim(x => x.Type == SmartGovClaims.ApiTokenId)));
        me.MapGet("/", ListAsync).WithName("ListMyNotifications")
            .WithSummary("My notifications, newest first, with the unread count (?unread=true for unread only) / 我的消息");
        me.MapPost("/{id:guid}/read", MarkReadAsync).WithName("MarkMyNotificationRead")
            .WithSummary("Mark one of my notifications read / 标记已读");
        me.MapPost("/read-all", MarkAllReadAsync).WithName("MarkAllMyNotificationsRead")
            .WithSummary("Mark all my notifications read / 全部标记已读");

        app.MapGet("api/v1/notifications/outbox", OutboxAsync).WithTags("Notifications").RequireAuthorization(Policies.SystemAdmin)
            .WithName("ListNotificationOutbox")
            .WithSummary("Outbox messages, newest first, by status (Pending, Sent, Failed, Skipped) / 消息发件箱");
        app.MapPost("api/v1/notifications/outbox/{id:guid}/retry", RetryAsync).WithTags("Notifications").RequireAuthorization(Policies.SystemAdmin)
            .WithName("RetryNotificationOutboxMessage")
            .WithSummary("Send a failed message again now, with a fresh set of attempts / 重新发送");
        return app;
    }

    public static async Task<Results<Ok<NotificationPage>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, INotificationInbox inbox, int? page, int? pageSize, bool? unread, CancellationToken ct)
    {
        if (user.GetUserId() is not { } userId)
        {
            return NoAccount();
        }
        return TypedResults.Ok(await inbox.ListAsync(userId, page ?? 1, pageSize ?? 20, unread ?? false, ct));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(ClaimsPrincipal user, INotificationInbox inbox, Guid id, CancellationToken ct)
    {
        if (user.GetUserId() is not { } userId)
        {
            return NoAccount();
        }
        // Someone else's notification is answered exactly like one that does not exist.
        return await inbox.MarkReadAsync(userId, id, ct)
            ? TypedResults.NoContent()
            : Problems.NotFound("消息不存在", "The notification does not exist.");
    }

    public static async Task<Results<Ok<MarkAllReadResult>, ProblemHttpResult>> MarkAllReadAsync(ClaimsPrincipal user, INotificationInbox inbox, CancellationToken ct)
    {
        if (user.GetUserId() is not { } userId)
        {
            return NoAccount();
        }
        var marked = await inbox.MarkAllReadAsync(userId, ct);
        return TypedResults.Ok(new MarkAllReadResult(marked, await inbox.UnreadCountAsync(userId, ct)));
    }

    public static async Task<Results<Ok<OutboxPage>, ProblemHttpResult>> OutboxAsync(OutboxAdmin outbox, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        OutboxStatus? filter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<OutboxStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Problems.Validation("status", "outbox.status", $"未知的状态 {status}（Pending、Sent、Failed、Skipped）",
                    $"Unknown status \"{status}\" (Pending, Sent, Failed, Skipped).");
            }
            filter = parsed;
        }
        return TypedResults.Ok(await outbox.ListAsync(filter, page ?? 1, pageSize ?? 50, ct));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RetryAsync(OutboxAdmin outbox, Guid id, CancellationToken ct) =>
        await outbox.RetryAsync(id, ct) switch
        {
            null => Problems.NotFound("发件箱中没有这条消息", "The outbox has no such message."),
            false => Problems.Conflict("只有发送失败的消息可以重新发送", "Only failed messages can be retried."),
            true => TypedResults.NoContent(),
        };

    private static ProblemHttpResult NoAccount() =>
        Problems.Forbidden("该身份没有消息箱", "This identity has no inbox.");
}
