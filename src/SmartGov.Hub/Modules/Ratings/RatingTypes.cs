using SmartGov.Core;

namespace SmartGov.Hub.Modules.Ratings;

/// <summary>
/// A rating as the applicant (or the window clerk recording it at the hall) gives it. <see cref="Score"/> is 1–5;
/// the sub-ratings 办事效率 / 服务态度 / 便捷程度 are optional, each 1–5; the comment is at most 500 characters.
/// <see cref="Channel"/> is "Online" or "Offline"; a clerk's rating is always Offline.
/// </summary>
public sealed record RatingInput(int? Score, int? Efficiency = null, int? Attitude = null, int? Convenience = null, string? Comment = null, string? Channel = null);

public sealed record RatingView(
    Guid Id,
    Guid ApplicationId,
    string ApplicationNumber,
    string ItemCode,
    string ItemName,
    Guid DepartmentId,
    Guid? HallId,
    int Score,
    string ScoreName,
    int? Efficiency,
    int? Attitude,
    int? Convenience,
    string? Comment,
    RatingChannel Channel,
    bool OnBehalf,
    DateTime RatedAt,
    Guid? RectificationId);

/// <summary>What a respond, close or send-back carries. <see cref="Revision"/> (from the last read) makes a step on stale data a 409.</summary>
public sealed record RectificationInput(string? Text, int? Revision = null);

public sealed record RectificationView(
    Guid Id,
    Guid RatingId,
    Guid ApplicationId,
    string ApplicationNumber,
    string ItemCode,
    string ItemName,
    Guid DepartmentId,
    string? DepartmentName,
    int Score,
    string? RatingComment,
    RectificationStatus Status,
    string StatusName,
    DateTime OpenedAt,
    DateOnly DueOn,
    bool Overdue,
    string? Measures,
    DateTime? RespondedAt,
    string? RespondedByName,
    string? SupervisorNote,
    DateTime? ClosedAt,
    string? ClosedByName,
    int SentBack,
    int Revision,
    IReadOnlyList<string> AllowedActions);

/// <summary>One row of the statistics: a key (item code, department id or hall id; "online" for ratings without a hall) and its name.</summary>
public sealed record RatingStatsRow(
    string Key,
    string Name,
    int Count,
    double Average,
    int Good,
    int Bad,
    double GoodShare,
    double BadShare,
    int Rectifications,
    int RectificationsClosed,
    double? ClosureRate);

public sealed record RatingStats(string By, DateOnly? From, DateOnly? To, Guid? DepartmentId, IReadOnlyList<RatingStatsRow> Rows, RatingStatsRow Total);

/// <summary>The outcome of a ratings call: a value, or why not (field errors → 422, conflict → 409, forbidden → 403, not found → 404).</summary>
public sealed record RatingResult<T>(T? Value, IReadOnlyList<FieldError>? Errors = null, (string Zh, string En)? Conflict = null,
    (string Zh, string En)? Forbidden = null, bool NotFound = false)
{
    public bool Succeeded => Errors is null && Conflict is null && Forbidden is null && !NotFound;
}

public static class RatingLevels
{
    public const int Min = 1;
    public const int Max = 5;

    /// <summary>好评: 4 and 5.</summary>
    public static bool IsGood(int score) => score >= 4;

    /// <summary>差评: 1 and 2; opens a rectification.</summary>
    public static bool IsBad(int score) => score <= 2;

    public static (string Zh, string En) Names(int score) => score switch
    {
        5 => ("非常满意", "Very satisfied"),
        4 => ("满意", "Satisfied"),
        3 => ("基本满意", "Fairly satisfied"),
        2 => ("不满意", "Dissatisfied"),
        1 => ("非常不满意", "Very dissatisfied"),
        _ => (score.ToString(System.Globalization.CultureInfo.InvariantCulture), score.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };

    public static (string Zh, string En) Names(RectificationStatus status) => status switch
    {
        RectificationStatus.Open => ("待整改", "Open"),
        RectificationStatus.Responded => ("已反馈", "Responded"),
        RectificationStatus.Closed => ("已办结", "Closed"),
        _ => (status.ToString(), status.ToString()),
    };
}

public enum RatingChannel
{
    /// <summary>On the portal or app, by the applicant.</summary>
    Online = 1,

    /// <summary>At the hall: the evaluator device (评价器) or the clerk recording the applicant's rating.</summary>
    Offline = 2,
}

public enum RectificationStatus
{
    Open = 1,
    Responded = 2,
    Closed = 3,
}

