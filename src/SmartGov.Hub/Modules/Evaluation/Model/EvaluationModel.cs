using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Evaluation.Model;

/// <summary>A weighted tree of indicators (指标体系). Editable only while no round uses it; copy it to change a used one.</summary>
public sealed class IndicatorSystem
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public string? Description { get; set; }
    /// <summary>A built-in template (seeded); a copy of it is an ordinary system.</summary>
    public bool IsTemplate { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<Indicator> Indicators { get; set; } = [];
}

public enum IndicatorKind
{
    /// <summary>Has children; its score is their weighted sum.</summary>
    Group = 1,
    /// <summary>A leaf computed by a named rule from platform data.</summary>
    Automatic = 2,
    /// <summary>A leaf scored by hand against a rubric.</summary>
    Manual = 3,
}

public sealed class Indicator
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SystemId { get; set; }
    public Guid? ParentId { get; set; }
    public required string Code { get; set; }
    public required string NameZh { get; set; }
    public string? NameEn { get; set; }
    /// <summary>Share of the parent (or of the whole, at the top level), in percent; siblings sum to 100.</summary>
    public double Weight { get; set; }
    public IndicatorKind Kind { get; set; }
    public string? RuleName { get; set; }
    public string? Rubric { get; set; }
    public double? MaxScore { get; set; }
    public int Order { get; set; }
}

public enum RoundKind
{
    Annual = 1,
    Quarterly = 2,
}

/// <summary>The steps of a round, in order. From <see cref="Closed"/> on, nothing in the round changes.</summary>
public enum RoundStatus
{
    /// <summary>自评</summary>
    SelfAssessment = 1,
    /// <summary>第三方评估 (blind)</summary>
    ThirdParty = 2,
    /// <summary>复核 / 结果确认</summary>
    Reconciliation = 3,
    /// <summary>汇总排名: automatic values frozen, totals and ranks stored.</summary>
    Closed = 4,
    /// <summary>公布</summary>
    Published = 5,
}

public sealed class EvaluationRound
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public RoundKind Kind { get; set; }
    public DateOnly PeriodFrom { get; set; }
    public DateOnly PeriodTo { get; set; }
    public Guid SystemId { get; set; }
    public RoundStatus Status { get; set; } = RoundStatus.SelfAssessment;
    public DateTime CreatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public int Revision { get; set; }
    public List<RoundDepartment> Departments { get; set; } = [];
    public List<RoundEvaluator> Evaluators { get; set; } = [];
}

public sealed class RoundDepartment
{
    public Guid RoundId { get; set; }
    public Guid DepartmentId { get; set; }
    /// <summary>Set when the round closes.</summary>
    public double? Total { get; set; }
    public int? Rank { get; set; }
}

public sealed class RoundEvaluator
{
    public Guid RoundId { get; set; }
    public Guid UserId { get; set; }
    public required string DisplayName { get; set; }
}

public enum ScoreKind
{
    /// <summary>自评 by the department.</summary>
    Self = 1,
    /// <summary>One third-party evaluator's score.</summary>
    Evaluator = 2,
    /// <summary>The reconciled final manual score.</summary>
    Final = 3,
    /// <summary>A rule's value, frozen when the round closed.</summary>
    Automatic = 4,
}

/// <summary>One score of one leaf for one department in one round. <see cref="EvaluatorId"/> is Guid.Empty unless Kind is Evaluator.</summary>
public sealed class IndicatorScore
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid RoundId { get; set; }
    public Guid DepartmentId { get; set; }
    public Guid IndicatorId { get; set; }
    public ScoreKind Kind { get; set; }
    public Guid EvaluatorId { get; set; }
    /// <summary>The score as entered (0..MaxScore) for manual leaves, 0..100 for automatic ones; null when not available.</summary>
    public double? Value { get; set; }
    public double? Raw { get; set; }
    public string? RawText { get; set; }
    public string? Reason { get; set; }
    public string? ReasonEn { get; set; }
    public string? Evidence { get; set; }
    public Guid? EvidenceFileId { get; set; }
    public DateTime At { get; set; }
    public Guid? ById { get; set; }
    public string? ByName { get; set; }
}

/// <summary>A security incident entered by hand (no incident data exists on the platform yet); the incidents rule counts them.</summary>
public sealed class SecurityIncident
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid DepartmentId { get; set; }
    public DateOnly OccurredOn { get; set; }
    public required string Title { get; set; }
    public DateTime RecordedAt { get; set; }
    public Guid? RecordedById { get; set; }
}

/// <summary>An e-government construction project (电子政务建设项目).</summary>
public sealed class EgovProject
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public Guid DepartmentId { get; set; }
    public int Year { get; set; }
    /// <summary>Budget and spend in 万元.</summary>
    public double Budget { get; set; }
    public double Spend { get; set; }
    public string? Goals { get; set; }
    public DateTime CreatedAt { get; set; }
    public double? CostBenefit { get; set; }
    public double? ApplicationEffect { get; set; }
    public double? Collaboration { get; set; }
    public double? Security { get; set; }
    public double? Innovation { get; set; }
    public string? EvaluationComment { get; set; }
    public DateTime? EvaluatedAt { get; set; }
    public string? EvaluatedBy { get; set; }
    public List<ProjectSystem> Systems { get; set; } = [];
}

public enum SystemStatus
{
    Live = 1,
    Idle = 2,
}

/// <summary>An information system a project builds.</summary>
public sealed class ProjectSystem
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ProjectId { get; set; }
    public required string Name { get; set; }
    /// <summary>Function keywords, separated by '、' or ',' (normalised to '、').</summary>
    public required string Keywords { get; set; }
    public SystemStatus Status { get; set; }
    public DateOnly? LastUsedOn { get; set; }
    public int MonthlyUsers { get; set; }
}

internal sealed class IndicatorSystemConfiguration : IEntityTypeConfiguration<IndicatorSystem>
{
    public void Configure(EntityTypeBuilder<IndicatorSystem> b)
    {
        b.ToTable("eval_indicator_systems");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.NameEn).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.HasMany(x => x.Indicators).WithOne().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IndicatorConfiguration : IEntityTypeConfiguration<Indicator>
{
    public void Configure(EntityTypeBuilder<Indicator> b)
    {
        b.ToTable("eval_indicators");
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.NameZh).HasMaxLength(200);
        b.Property(x => x.NameEn).HasMaxLength(200);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.RuleName).HasMaxLength(80);
        b.Property(x => x.Rubric).HasMaxLength(2000);
        b.HasIndex(x => new { x.SystemId, x.Code }).IsUnique();
    }
}

internal sealed class EvaluationRoundConfiguration : IEntityTypeConfiguration<EvaluationRound>
{
    public void Configure(EntityTypeBuilder<EvaluationRound> b)
    {
        b.ToTable("eval_rounds");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasOne<IndicatorSystem>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Departments).WithOne().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Evaluators).WithOne().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoundDepartmentConfiguration : IEntityTypeConfiguration<RoundDepartment>
{
    public void Configure(EntityTypeBuilder<RoundDepartment> b)
    {
        b.ToTable("eval_round_departments");
        b.HasKey(x => new { x.RoundId, x.DepartmentId });
    }
}

internal sealed class RoundEvaluatorConfiguration : IEntityTypeConfiguration<RoundEvaluator>
{
    public void Configure(EntityTypeBuilder<RoundEvaluator> b)
    {
        b.ToTable("eval_round_evaluators");
        b.HasKey(x => new { x.RoundId, x.UserId });
        b.Property(x => x.DisplayName).HasMaxLength(100);
    }
}

internal sealed class IndicatorScoreConfiguration : IEntityTypeConfiguration<IndicatorScore>
{
    public void Configure(EntityTypeBuilder<IndicatorScore> b)
    {
        b.ToTable("eval_scores");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.RawText).HasMaxLength(200);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.Property(x => x.ReasonEn).HasMaxLength(1000);
        b.Property(x => x.Evidence).HasMaxLength(4000);
        b.Property(x => x.ByName).HasMaxLength(100);
        b.HasIndex(x => new { x.RoundId, x.DepartmentId, x.IndicatorId, x.Kind, x.EvaluatorId }).IsUnique();
        b.HasOne<EvaluationRound>().WithMany().HasForeignKey(x => x.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SecurityIncidentConfiguration : IEntityTypeConfiguration<SecurityIncident>
{
    public void Configure(EntityTypeBuilder<SecurityIncident> b)
    {
        b.ToTable("eval_security_incidents");
        b.Property(x => x.Title).HasMaxLength(200);
        b.HasIndex(x => new { x.DepartmentId, x.OccurredOn });
    }
}

internal sealed class EgovProjectConfiguration : IEntityTypeConfiguration<EgovProject>
{
    public void Configure(EntityTypeBuilder<EgovProject> b)
    {
        b.ToTable("eval_projects");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Goals).HasMaxLength(4000);
        b.Property(x => x.EvaluationComment).HasMaxLength(2000);
        b.Property(x => x.EvaluatedBy).HasMaxLength(100);
        b.HasIndex(x => x.DepartmentId);
        b.HasMany(x => x.Systems).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectSystemConfiguration : IEntityTypeConfiguration<ProjectSystem>
{
    public void Configure(EntityTypeBuilder<ProjectSystem> b)
    {
        b.ToTable("eval_project_systems");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Keywords).HasMaxLength(500);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
    }
}
