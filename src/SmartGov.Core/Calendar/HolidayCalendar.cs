namespace SmartGov.Core.Calendar;

/// <summary>How a date differs from the ordinary week: a public holiday (放假) or a make-up workday (调休上班).</summary>
public enum DayKind
{
    /// <summary>A day off although it may fall on a weekday (放假).</summary>
    Holiday = 1,

    /// <summary>A working day although it falls on a weekend (调休上班).</summary>
    Workday = 2,
}

/// <summary>One exception to the ordinary Monday-to-Friday week, with the holiday it belongs to.</summary>
public sealed record CalendarDay(DateOnly Date, DayKind Kind, string Name, string? NameEn = null);

/// <summary>
/// Working days on China's calendar: Monday to Friday, except the public holidays, plus the make-up workdays (调休)
/// that the State Council publishes each year. The exceptions are data, not code: the hub keeps them in its database
/// so administrators can enter next year's schedule when it is published.
/// A year nobody entered is counted as plain weeks; <see cref="IsCovered"/> lets callers warn about that.
/// </summary>
public sealed class HolidayCalendar
{
    private readonly Dictionary<DateOnly, CalendarDay> _days;
    private readonly HashSet<int> _years;

    public HolidayCalendar(IEnumerable<CalendarDay> days, IEnumerable<int> coveredYears)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(coveredYears);
        _days = [];
        foreach (var day in days)
        {
            // The later entry wins, so an administrator's correction can be layered over a published schedule.
            _days[day.Date] = day;
        }
        _years = [.. coveredYears];
    }

    /// <summary>An empty calendar: plain weeks, no holidays.</summary>
    public static HolidayCalendar WeekendsOnly { get; } = new([], []);

    public IReadOnlyCollection<int> CoveredYears => _years;

    public IEnumerable<CalendarDay> Days => _days.Values.OrderBy(d => d.Date);

    /// <summary>Whether the schedule of this year has been entered (otherwise only weekends are days off).</summary>
    public bool IsCovered(int year) => _years.Contains(year);

    public CalendarDay? Exception(DateOnly date) => _days.GetValueOrDefault(date);

    public bool IsWorkingDay(DateOnly date)
    {
        if (_days.TryGetValue(date, out var day))
        {
            return day.Kind == DayKind.Workday;
        }
        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date)
    {
        var d = date;
        for (var i = 0; i < MaxScanDays; i++)
        {
            d = d.AddDays(1);
            if (IsWorkingDay(d))
            {
                return d;
            }
        }
        throw new InvalidOperationException("The calendar has no working day within ten years; it is misconfigured.");
    }

    /// <summary>
    /// The date that is <paramref name="workingDays"/> working days after <paramref name="start"/>. The start day itself is
    /// not counted (期间开始的当日不计算在内, 民法典 第二百零一条), so 0 working days is the start day.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var d = start;
        for (var i = 0; i < workingDays; i++)
        {
            d = NextWorkingDay(d);
        }
        return d;
    }

    /// <summary>Working days in the half-open range (<paramref name="after"/>, <paramref name="upTo"/>]; 0 when upTo ≤ after.</summary>
    public int CountWorkingDays(DateOnly after, DateOnly upTo)
    {
        var count = 0;
        for (var d = after.AddDays(1); d <= upTo; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                count++;
            }
        }
        return count;
    }

    internal const int MaxScanDays = 3660;
}
