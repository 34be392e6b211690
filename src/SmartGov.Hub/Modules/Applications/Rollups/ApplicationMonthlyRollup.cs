using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartGov.Hub.Modules.Applications.Rollups;

/// <summary>
/// The daily rollup summed per China calendar month (Month is the 1st): a year is twelve rows per department × item ×
/// hall × channel instead of 365. Folded by <see cref="ApplicationRollup"/> in the same batch, transaction and
/// checkpoint as the daily rows, so the two never disagree: a month's row is always the sum of its days' rows.
/// </summary>
public sealed class ApplicationMonthlyRollup : IRollupCounts
{
    public DateOnly Month { get; set; }
    public Guid DepartmentId { get; set; }
    public required string ImplementationCode { get; set; }

    /// <summary>The greatest (ordinal) name among the month's daily rows, as MAX over those rows answers.</summary>
    public required string ItemName { get; set; }
    public Guid HallId { get; set; }
    public ApplicationChannel Channel { get; set; }
    public int Submitted { get; set; }
    public int Accepted { get; set; }
    public int IntakeRefused { get; set; }
    public int SupplementRequests { get; set; }
    public int Approved { get; set; }
    public int Denied { get; set; }
    public int Completed { get; set; }
    public int CompletedOnTime { get; set; }
    public int Withdrawn { get; set; }
}

/// <summary>The counters a daily and a monthly rollup row share, so that folding a day into its month is written once.</summary>
public interface IRollupCounts
{
    string ItemName { get; }
    int Submitted { get; }
    int Accepted { get; }
    int IntakeRefused { get; }
    int SupplementRequests { get; }
    int Approved { get; }
    int Denied { get; }
    int Completed { get; }
    int CompletedOnTime { get; }
    int Withdrawn { get; }
}

internal sealed class ApplicationMonthlyRollupConfiguration : IEntityTypeConfiguration<ApplicationMonthlyRollup>
{
    public void Configure(EntityTypeBuilder<ApplicationMonthlyRollup> b)
    {
        b.ToTable("application_monthly_rollups");
        b.HasKey(x => new { x.Month, x.DepartmentId, x.ImplementationCode, x.HallId, x.Channel });
        b.Property(x => x.ImplementationCode).HasMaxLength(40);
        b.Property(x => x.ItemName).HasMaxLength(200);
        b.HasIndex(x => new { x.DepartmentId, x.Month });
    }
}

/// <summary>How a period of China dates splits into whole calendar months (read from the monthly rollup) and the days at its edges.</summary>
public readonly record struct RollupPeriod(DateOnly? FirstMonth, DateOnly? LastMonth, IReadOnlyList<(DateOnly From, DateOnly To)> Days)
{
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>
    /// [from, to] as the whole months inside it plus at most two runs of days (the partial months at the edges); a
    /// period inside one month, or without a whole month, is all days.
    /// </summary>
    public static RollupPeriod Split(DateOnly from, DateOnly to)
    {
        var first = from.Day == 1 ? from : MonthOf(from).AddMonths(1);
        var afterLast = MonthOf(to.AddDays(1));
        if (first >= afterLast)
        {
            return new RollupPeriod(null, null, from <= to ? [(from, to)] : []);
        }
        var days = new List<(DateOnly, DateOnly)>(2);
        if (from < first)
        {
            days.Add((from, first.AddDays(-1)));
        }
        if (afterLast <= to)
        {
            days.Add((afterLast, to));
        }
        return new RollupPeriod(first, afterLast.AddMonths(-1), days);
    }
}
