using System.ComponentModel.DataAnnotations;
using SmartGov.Core;

namespace SmartGov.Hub.Modules.Evaluation;

public sealed class EvaluationOptions
{
    public const string Section = "Evaluation";

    /// <summary>Two systems of different departments overlap (重复建设) when the Jaccard similarity of their keywords reaches this.</summary>
    [Range(0.05, 1.0)]
    public double OverlapThreshold { get; set; } = 0.5;

    /// <summary>A system not used for more days than this is idle (闲置).</summary>
    [Range(1, 3650)]
    public int IdleDays { get; set; } = 90;
}

// ---- indicator systems ----

/// <summary>One node of an indicator tree: a group (with children), an automatic leaf (Rule) or a manual leaf (Rubric + MaxScore).</summary>
public sealed record IndicatorInput(string? Code, string? NameZh, string? NameEn, double? Weight, string? Rule = null, string? Rubric = null,
    double? MaxScore = null, IReadOnlyList<IndicatorInput>? Children = null);

public sealed record IndicatorSystemInput(string? Name, string? NameEn, string? Description, IReadOnlyList<IndicatorInput>? Indicators);

public sealed record IndicatorView(Guid Id, string Code, string NameZh, string? NameEn, double Weight, string Kind, string? Rule, string? RuleTitle,
    string? Rubric, double? MaxScore, IReadOnlyList<IndicatorView> Children);

public sealed record IndicatorSystemView(Guid Id, string Name, string? NameEn, string? Description, bool IsTemplate, bool InUse,
    IReadOnlyList<IndicatorView> Indicators);

public sealed record IndicatorSystemSummary(Guid Id, string Name, string? NameEn, bool IsTemplate, bool InUse, int Leaves);

public sealed record RuleView(string Name, string TitleZh, string TitleEn);

public sealed record RuleValueView(string Rule, Guid DepartmentId, DateOnly From, DateOnly To, bool Available, double? Score, double? Raw,
    string? RawText, string? Reason);

// ---- rounds ----

public sealed record RoundInput(string? Name, string? Kind, DateOnly? PeriodFrom, DateOnly? PeriodTo, Guid? SystemId,
    IReadOnlyList<Guid>? DepartmentIds, IReadOnlyList<Guid>? EvaluatorIds);

public sealed record RoundActionInput(string? Action, int? Revision = null);

public sealed record RoundDepartmentView(Guid DepartmentId, string Name, double? Total, int? Rank);

public sealed record EvaluatorView(Guid UserId, string DisplayName);

public sealed record RoundView(Guid Id, string Name, string Kind, DateOnly PeriodFrom, DateOnly PeriodTo, Guid SystemId, string SystemName,
    string Status, string StatusName, int Revision, IReadOnlyList<RoundDepartmentView> Departments, IReadOnlyList<EvaluatorView> Evaluators,
    IReadOnlyList<string> AllowedActions, DateTime? ClosedAt, DateTime? PublishedAt);

public sealed record ScoreInput(Guid? IndicatorId, double? Score, string? Evidence = null, Guid? EvidenceFileId = null, string? Reason = null);

public sealed record ScoresInput(IReadOnlyList<ScoreInput>? Scores);

public sealed record ScoreView(double? Value, double? Raw, string? RawText, string? Reason, string? Evidence, Guid? EvidenceFileId,
    string? EvidenceFileName, Guid? ById, string? ByName, DateTime At);

/// <summary>One leaf of the sheet. <see cref="Evaluators"/> holds only what the caller may see (blind scoring).</summary>
public sealed record SheetLine(Guid IndicatorId, string Code, string Name, string Path, string Kind, double EffectiveWeight, double? MaxScore,
    string? Rubric, string? Rule, ScoreView? Self, IReadOnlyList<ScoreView> Evaluators, ScoreView? Final, ScoreView? Automatic, double? EvaluatorAverage);

public sealed record SheetView(Guid RoundId, string RoundName, string Status, Guid DepartmentId, string DepartmentName, IReadOnlyList<SheetLine> Lines,
    double? Total, int? Rank, bool MaySelfAssess, bool MayScore, bool MayReconcile, bool EvaluatorScoresHidden);

public sealed record RankingColumn(string Code, string Name, double EffectiveWeight);

public sealed record RankingRow(int Rank, Guid DepartmentId, string DepartmentName, double Total, IReadOnlyDictionary<string, double?> Scores);

public sealed record RankingView(Guid RoundId, string RoundName, DateOnly PeriodFrom, DateOnly PeriodTo, string Status, bool Published,
    IReadOnlyList<RankingColumn> Columns, IReadOnlyList<RankingRow> Rows);

public sealed record IncidentInput(Guid? DepartmentId, DateOnly? OccurredOn, string? Title);

public sealed record IncidentView(Guid Id, Guid DepartmentId, DateOnly OccurredOn, string Title);

// ---- projects ----

public sealed record ProjectSystemInput(string? Name, string? Keywords, string? Status, DateOnly? LastUsedOn, int? MonthlyUsers);

public sealed record ProjectInput(string? Name, Guid? DepartmentId, int? Year, double? Budget, double? Spend, string? Goals,
    IReadOnlyList<ProjectSystemInput>? Systems);

public sealed record ProjectEvaluationInput(double? CostBenefit, double? ApplicationEffect, double? Collaboration, double? Security,
    double? Innovation, string? Comment);

public sealed record ProjectFlag(string Kind, Guid SystemId, string SystemName, string ReasonZh, string ReasonEn,
    Guid? OtherSystemId = null, string? OtherSystemName = null, Guid? OtherDepartmentId = null, double? Similarity = null);

public sealed record ProjectSystemView(Guid Id, string Name, IReadOnlyList<string> Keywords, string Status, DateOnly? LastUsedOn, int MonthlyUsers,
    IReadOnlyList<ProjectFlag> Flags);

public sealed record ProjectView(Guid Id, string Name, Guid DepartmentId, string DepartmentName, int Year, double Budget, double Spend,
    double? ExecutionRate, string? Goals, IReadOnlyList<ProjectSystemView> Systems, double? CostBenefit, double? ApplicationEffect,
    double? Collaboration, double? Security, double? Innovation, double? Total, string? EvaluationComment, DateTime? EvaluatedAt, string? EvaluatedBy);

/// <summary>The outcome of a command: a value, field errors (422), a conflict (409), forbidden (403) or not found (404).</summary>
public sealed record EvalResult<T>(T? Value, IReadOnlyList<FieldError>? Errors = null, (string Zh, string En)? Conflict = null,
    (string Zh, string En)? Forbidden = null, bool NotFound = false)
{
    public bool Succeeded => Errors is null && Conflict is null && Forbidden is null && !NotFound;

    public static implicit operator EvalResult<T>(T value) => new(value);
}
