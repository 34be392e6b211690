using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Ratings.Model;

/// <summary>
/// 好差评: the one rating of one completed application. The item, department and hall are copied from the application
/// when it is rated, so that statistics are one indexed read of this table and never a join into the applications module.
/// </summary>
public sealed class Rating
{
    public Guid Id { get; set; }
    public Guid ApplicationId { get; set; }
    public required string ApplicationNumber { get; set; }
    public required string ItemCode { get; set; }
    public required string ItemName { get; set; }
    public Guid DepartmentId { get; set; }
    public Guid? HallId { get; set; }

    /// <summary>1 非常不满意 … 5 非常满意.</summary>
    public int Score { get; set; }

    /// <summary>Sub-ratings, each 1–5 or not given: 办事效率, 服务态度, 便捷程度.</summary>
    public int? Efficiency { get; set; }
    public int? Attitude { get; set; }
    public int? Convenience { get; set; }
    public string? Comment { get; set; }
    public RatingChannel Channel { get; set; }

    /// <summary>Who pressed the button: the applicant, or the window clerk who recorded the applicant's offline rating.</summary>
    public Guid RatedBy { get; set; }
    public bool OnBehalf { get; set; }
    public DateTime RatedAt { get; set; }

    /// <summary>The day in China (UTC+8) it was given: what the statistics' from/to filter on.</summary>
    public DateOnly RatedOn { get; set; }
}

/// <summary>整改: a 1- or 2-star rating makes the department explain what it changes; a supervisor closes it.</summary>
public sealed class Rectification
{
    public Guid Id { get; set; }
    public Guid RatingId { get; set; }
    public Guid ApplicationId { get; set; }
    public required string ApplicationNumber { get; set; }
    public required string ItemCode { get; set; }
    public required string ItemName { get; set; }
    public Guid DepartmentId { get; set; }
    public Guid? HallId { get; set; }
    public int Score { get; set; }
    public string? RatingComment { get; set; }
    public RectificationStatus Status { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateOnly OpenedOn { get; set; }
    public DateOnly DueOn { get; set; }

    /// <summary>The department's explanation of its measures (整改措施), latest first kept here; the history is in the audit trail.</summary>
    public string? Measures { get; set; }
    public DateTime? RespondedAt { get; set; }
    public Guid? RespondedBy { get; set; }
    public string? RespondedByName { get; set; }
    public string? SupervisorNote { get; set; }
    public DateTime? ClosedAt { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public Guid? ClosedBy { get; set; }
    public string? ClosedByName { get; set; }

    /// <summary>How often a supervisor sent the response back.</summary>
    public int SentBack { get; set; }
    public int Revision { get; set; }
}

internal sealed class RatingConfiguration : IEntityTypeConfiguration<Rating>
{
    public void Configure(EntityTypeBuilder<Rating> b)
    {
        b.ToTable("application_ratings");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.ApplicationId).IsUnique();
        b.Property(x => x.ApplicationNumber).HasMaxLength(32);
        b.Property(x => x.ItemCode).HasMaxLength(40);
        b.Property(x => x.ItemName).HasMaxLength(200);
        b.Property(x => x.Comment).HasMaxLength(500);
        b.HasIndex(x => new { x.RatedOn, x.DepartmentId });
        b.HasIndex(x => new { x.DepartmentId, x.RatedOn });
    }
}

internal sealed class RectificationConfiguration : IEntityTypeConfiguration<Rectification>
{
    public void Configure(EntityTypeBuilder<Rectification> b)
    {
        b.ToTable("rating_rectifications");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.RatingId).IsUnique();
        b.Property(x => x.ApplicationNumber).HasMaxLength(32);
        b.Property(x => x.ItemCode).HasMaxLength(40);
        b.Property(x => x.ItemName).HasMaxLength(200);
        b.Property(x => x.RatingComment).HasMaxLength(500);
        b.Property(x => x.Measures).HasMaxLength(2000);
        b.Property(x => x.RespondedByName).HasMaxLength(128);
        b.Property(x => x.SupervisorNote).HasMaxLength(1000);
        b.Property(x => x.ClosedByName).HasMaxLength(128);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => new { x.DepartmentId, x.Status, x.DueOn });
        b.HasIndex(x => new { x.Status, x.DueOn });
    }
}
