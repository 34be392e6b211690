using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications.Handover;

namespace SmartGov.Hub.Modules.Ratings.Apis;

/// <summary>好差评: rating a completed application, the statistics, and the rectifications bad ratings open.</summary>
public static class RatingsApi
{
    public static IEndpointRouteBuilder MapRatingsApi(this IEndpointRouteBuilder app)
    {
        app.MapHandoverApi();
        var g = app.MapGroup("api/v1").WithTags("Ratings").RequireAuthorization();

        g.MapPost("/applications/{id:guid}/rating", RateAsync)
            .WithName("RateApplication")
            .WithSummary("Rate a completed application once: score 1–5, optional sub-ratings efficiency/attitude/convenience, comment ≤ 500, channel Online|Offline / 好差评");
        g.MapGet("/applications/{id:guid}/rating", GetRatingAsync)
            .WithName("GetApplicationRating").WithSummary("The application's rating, 404 when there is none / 查看评价");
        g.MapGet("/ratings/stats", StatsAsync)
            .WithName("RatingStats")
            .WithSummary("Count, average, shares of good (4–5) and bad (1–2) ratings, rectification closure rate; by=item|department|hall, from, to (dates) / 评价统计");
        g.MapGet("/rectifications", ListRectificationsAsync)
            .WithName("ListRectifications").WithSummary("Rectifications: all for supervisors, the own department's for its officers and leaders; status, overdue / 整改任务");
        g.MapGet("/rectifications/{id:guid}", GetRectificationAsync)
            .WithName("GetRectification").WithSummary("One rectification with the steps the caller may take / 整改详情");
        g.MapPost("/rectifications/{id:guid}/respond", (RatingService s, ClaimsPrincipal u, Guid id, RectificationInput input, CancellationToken ct) =>
                ActAsync(s, u, id, RatingService.Respond, input, ct))
            .WithName("RespondRectification").WithSummary("The department reports its measures (text) / 反馈整改措施");
        g.MapPost("/rectifications/{id:guid}/close", (RatingService s, ClaimsPrincipal u, Guid id, RectificationInput input, CancellationToken ct) =>
                ActAsync(s, u, id, RatingService.Close, input, ct))
            .WithName("CloseRectification").WithSummary("A supervisor closes a responded rectification (optional note) / 办结整改");
        g.MapPost("/rectifications/{id:guid}/send-back", (RatingService s, ClaimsPrincipal u, Guid id, RectificationInput input, CancellationToken ct) =>
                ActAsync(s, u, id, RatingService.SendBack, input, ct))
            .WithName("SendBackRectification").WithSummary("A supervisor sends the response back to the department (reason in text) / 退回整改");
        return app;
    }

    public static async Task<IResult> RateAsync(RatingService s, ClaimsPrincipal u, Guid id, RatingInput input, CancellationToken ct)
    {
        var r = await s.RateAsync(u, id, input, ct);
        return r.Succeeded ? TypedResults.Created($"/api/v1/applications/{id}/rating", r.Value) : Problem(r);
    }

    public static async Task<IResult> GetRatingAsync(RatingService s, ClaimsPrincipal u, Guid id, CancellationToken ct)
    {
        var r = await s.GetAsync(u, id, ct);
        return !r.Succeeded ? Problem(r)
            : r.Value is null ? Problems.NotFound("该办件尚未评价", "This application has not been rated yet.")
            : TypedResults.Ok(r.Value);
    }

    public static async Task<IResult> StatsAsync(RatingService s, ClaimsPrincipal u, string? by, DateOnly? from, DateOnly? to, CancellationToken ct) =>
        Ok(await s.StatsAsync(u, by, from, to, ct));

    public static async Task<IResult> ListRectificationsAsync(RatingService s, ClaimsPrincipal u, RectificationStatus? status, bool? overdue, CancellationToken ct) =>
        Ok(await s.ListRectificationsAsync(u, status, overdue ?? false, ct));

    public static async Task<IResult> GetRectificationAsync(RatingService s, ClaimsPrincipal u, Guid id, CancellationToken ct) =>
        Ok(await s.GetRectificationAsync(u, id, ct));

    private static async Task<IResult> ActAsync(RatingService s, ClaimsPrincipal u, Guid id, string action, RectificationInput input, CancellationToken ct) =>
        Ok(await s.ActAsync(u, id, action, input, ct));

    private static IResult Ok<T>(RatingResult<T> r) => r.Succeeded ? TypedResults.Ok(r.Value) : Problem(r);

    private static IResult Problem<T>(RatingResult<T> r) =>
        r.NotFound ? Problems.NotFound("办件、评价或整改任务不存在", "The application, rating or rectification does not exist.")
        : r.Forbidden is { } f ? Problems.Forbidden(f.Zh, f.En)
        : r.Conflict is { } c ? Problems.Conflict(c.Zh, c.En)
        : Problems.Validation(r.Errors!);
}
