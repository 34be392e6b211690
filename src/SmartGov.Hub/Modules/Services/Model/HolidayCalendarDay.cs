using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartGov.Core.Calendar;

namespace SmartGov.Hub.Modules.Services.Model;

/// <summary>
/// A year whose holiday schedule administrators keep in the database. For such a year the database is the whole truth;
/// a year not listed here uses the schedule shipped with SmartGov (if any).
/// </summary>
public sealed class HolidayCalendarYear
{
    public int Year { get; set; }
    public required string Source { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One exception to the ordinary week: a public holiday or a make-up workday (调休).</summary>
public sealed class HolidayCalendarDay
{
    public DateOnly Date { get; set; }
    public DayKind Kind { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class HolidayCalendarYearConfiguration : IEntityTypeConfiguration<HolidayCalendarYear>
{
    public void Configure(EntityTypeBuilder<HolidayCalendarYear> b)
    {
        b.ToTable("holiday_calendar_years");
        b.HasKey(x => x.Year);
        b.Property(x => x.Year).ValueGeneratedNever();
        b.Property(x => x.Source).HasMaxLength(300);
    }
}

internal sealed class HolidayCalendarDayConfiguration : IEntityTypeConfiguration<HolidayCalendarDay>
{
    public void Configure(EntityTypeBuilder<HolidayCalendarDay> b)
    {
        b.ToTable("holiday_calendar_days");
        b.HasKey(x => x.Date);
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.NameEn).HasMaxLength(100);
    }
}
