using SmartGov.Core;

namespace SmartGov.Hub.Modules.Insight;

/// <summary>What the caller asks for: a period of China dates (default the last 30 days) and, for city-wide viewers, a department.</summary>
public sealed record InsightQuery(DateOnly? From = null, DateOnly? To = null, Guid? DepartmentId = null);

/// <summary>Whose figures these are: the whole city, or one department (a department leader's own, or a city viewer's filter).</summary>
public sealed record InsightScopeView(DateOnly From, DateOnly To, bool CityWide, Guid? DepartmentId, string? DepartmentName);

public sealed record KeyFigures(int Submitted, int Online, int Window, int Accepted, int Completed, int CompletedOnTime, double? OnTimeRate,
    double? OnlineRate, int OverdueApplications, int Ratings, double? AverageSatisfaction, int RedSubTasks);

/// <summary>Applications submitted in one day or one week (Start is the Monday), by channel.</summary>
public sealed record ChannelPoint(DateOnly Start, int Online, int Window, int Total);

/// <summary>A department, item or hall: Key is its id or implementation code (hall "00000000-…" = online).</summary>
public sealed record FigureRow(string Key, string Name, int Submitted, int Online, int Window, int Completed, int CompletedOnTime, double? OnTimeRate);

public sealed record OverdueRow(Guid DepartmentId, string DepartmentName, int Applications, int Steps);

public sealed record LightCounts(int Red, int Yellow, int Blue, int Green, int Done);

public sealed record LightRow(Guid DepartmentId, string DepartmentName, int Red, int Yellow, int Blue, int Green, int Done);

public sealed record SatisfactionPoint(DateOnly WeekStart, int Ratings, double Average, int Poor);

public sealed record WorstItem(string ItemCode, string ItemName, int Ratings, double Average, int Poor);

public sealed record RankingEntry(int Rank, Guid DepartmentId, string DepartmentName, double Total);

/// <summary>The latest published evaluation round; a department leader gets the own department's line only.</summary>
public sealed record RankingPanel(Guid RoundId, string RoundName, DateOnly PeriodFrom, DateOnly PeriodTo, int Departments, IReadOnlyList<RankingEntry> Rows);

/// <summary>Calls from the client's department (使用部门) to the provider's department (提供部门) in the period.</summary>
public sealed record ExchangeFlow(Guid ClientDepartmentId, string ClientName, Guid ProviderDepartmentId, string ProviderName, long Calls, long Errors);

public sealed record ExchangeDayPoint(DateOnly Day, long Calls, long Errors);

/// <summary>The resource catalog's figures (资源目录 / 共享申请), for the scope (a department: as provider, Sent as consumer).</summary>
public sealed record SharingFigures(int ResourcesCatalogued, int ResourcesAdded, int RequestsReceived, int RequestsGranted, int RequestsRejected,
    int RequestsPending, int RequestsSent, double? AverageTurnaroundDays);

/// <summary>
/// Data exchange between departments, from the gateways' reports to the exchange center. Available is false when no
/// gateway reported in the period (the flows would be made-up zeros); the sharing figures are there either way.
/// </summary>
public sealed record ExchangePanel(bool Available, IReadOnlyList<ExchangeFlow> Flows, IReadOnlyList<ExchangeDayPoint> Daily, long Calls, long Errors,
    SharingFigures Sharing);

public sealed record InsightDashboard(
    InsightScopeView Scope,
    KeyFigures Figures,
    IReadOnlyList<ChannelPoint> Daily,
    IReadOnlyList<ChannelPoint> Weekly,
    IReadOnlyList<FigureRow> ByDepartment,
    IReadOnlyList<FigureRow> ByItem,
    IReadOnlyList<FigureRow> ByHall,
    IReadOnlyList<OverdueRow> Overdue,
    IReadOnlyList<SatisfactionPoint> Satisfaction,
    IReadOnlyList<WorstItem> WorstItems,
    LightCounts Lights,
    IReadOnlyList<LightRow> LightsByDepartment,
    RankingPanel? Ranking,
    ExchangePanel Exchange,
    DateTime GeneratedAt);

/// <summary>Drill-down into applications: a period (or one day / one week), a channel, an item, a hall, or the overdue ones.</summary>
public sealed record InsightApplicationsQuery(DateOnly? From = null, DateOnly? To = null, Guid? DepartmentId = null, DateOnly? Day = null,
    DateOnly? Week = null, string? Channel = null, string? Item = null, Guid? Hall = null, bool Overdue = false, int Page = 1);

public sealed record InsightApplicationRow(Guid Id, string? Number, string ItemName, string ImplementationCode, Guid DepartmentId, string DepartmentName,
    string Channel, string? HallName, string Status, DateTime? SubmittedAt, DateOnly? DueOn, DateTime? CompletedAt, bool? OnTime);

public sealed record InsightApplicationsPage(InsightScopeView Scope, IReadOnlyList<InsightApplicationRow> Items, int Page, int PageSize, bool HasMore);

public sealed record InsightRatingRow(string ApplicationNumber, string ItemCode, string ItemName, Guid DepartmentId, string DepartmentName, int Score,
    string? Comment, DateOnly RatedOn);

public sealed record InsightRatingsPage(InsightScopeView Scope, IReadOnlyList<InsightRatingRow> Items, int Page, int PageSize, bool HasMore);

public sealed record InsightSubTaskRow(Guid Id, string Title, string KeyTaskTitle, string Source, Guid LeadDepartmentId, string LeadDepartmentName,
    string Light, string Status, int Percent, DateOnly DueOn);

/// <summary>The outcome of a read: a value, field errors (422) or forbidden (403).</summary>
public sealed record InsightResult<T>(T? Value, IReadOnlyList<FieldError>? Errors = null, (string Zh, string En)? Forbidden = null)
{
    public bool Succeeded => Errors is null && Forbidden is null;
}
