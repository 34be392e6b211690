namespace SmartGov.Core.Calendar;

/// <summary>
/// A stretch during which the clock stands still: a supplement request (补正) or a special procedure (特别程序:
/// hearing, testing, expert review; 行政许可法 第四十五条). The day the pause starts still counts (the clock ran that day);
/// the days after it up to and including <see cref="ResumedOn"/> do not, just as the day of acceptance does not.
/// An open pause (<see cref="ResumedOn"/> null) stops the clock until further notice.
/// </summary>
public sealed record ClockPause(DateOnly PausedOn, DateOnly? ResumedOn = null)
{
    public bool Excludes(DateOnly day) => day > PausedOn && (ResumedOn is null || day <= ResumedOn.Value);

    public bool IsOpenOn(DateOnly day) => day >= PausedOn && (ResumedOn is null || day < ResumedOn.Value);
}

/// <summary>An extension of the limit by a number of working days, approved by the department's leader (行政许可法 第四十二条).</summary>
public sealed record ClockExtension(int WorkingDays, DateOnly? ApprovedOn = null);

/// <summary>Green, yellow (due soon) or red (overdue).</summary>
public enum TrafficLight
{
    Green = 1,
    Yellow = 2,
    Red = 3,
}

/// <summary>Where an application's clock stands on one day.</summary>
/// <param name="DueOn">The last day to decide on, or null while an open pause stops the clock.</param>
/// <param name="LimitDays">The limit in working days, extensions included.</param>
/// <param name="UsedDays">Working days counted so far (up to and including the day asked about).</param>
/// <param name="RemainingDays">Working days still to count after that day (0 on the due date, 0 when overdue).</param>
/// <param name="OverdueDays">Working days past the due date (0 unless red).</param>
/// <param name="IsPaused">The clock is stopped on that day.</param>
/// <param name="Light">The traffic light for that day.</param>
/// <param name="UncoveredYears">Years on the way for which no holiday schedule was entered (counted as plain weeks).</param>
public sealed record DeadlineStatus(
    DateOnly? DueOn,
    int LimitDays,
    int UsedDays,
    int RemainingDays,
    int OverdueDays,
    bool IsPaused,
    TrafficLight Light,
    IReadOnlyList<int> UncoveredYears);

/// <summary>
/// Due dates in working days, as pure functions of the calendar, the acceptance day, the limit, the pauses and the
/// extensions. Limits run from the day after acceptance (期间开始的当日不计算在内); a limit of 0 days (即办件) is due on the day itself.
/// </summary>
public static class Deadlines
{
    /// <summary>The default yellow threshold: two working days or fewer left.</summary>
    public const int DefaultYellowThreshold = 2;

    /// <summary>The due date, or null while an open pause has stopped the clock before the limit was reached.</summary>
    public static DateOnly? DueDate(HolidayCalendar calendar, DateOnly acceptedOn, int limitDays,
        IReadOnlyList<ClockPause>? pauses = null, IReadOnlyList<ClockExtension>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        pauses ??= [];
        var total = TotalLimit(limitDays, extensions);
        Validate(acceptedOn, pauses);
        if (total == 0)
        {
            return acceptedOn;
        }
        var counted = 0;
        var d = acceptedOn;
        for (var i = 0; i < HolidayCalendar.MaxScanDays * 2; i++)
        {
            d = d.AddDays(1);
            if (pauses.Any(p => p.ResumedOn is null && d > p.PausedOn))
            {
                return null;
            }
            if (calendar.IsWorkingDay(d) && !pauses.Any(p => p.Excludes(d)))
            {
                counted++;
                if (counted == total)
                {
                    return d;
                }
            }
        }
        throw new InvalidOperationException("No due date within twenty years; the calendar or the pauses are wrong.");
    }

    /// <summary>The clock on <paramref name="today"/>: due date, days used and left, and the traffic light.</summary>
    public static DeadlineStatus StatusOn(HolidayCalendar calendar, DateOnly acceptedOn, int limitDays, DateOnly today,
        IReadOnlyList<ClockPause>? pauses = null, IReadOnlyList<ClockExtension>? extensions = null,
        int yellowThreshold = DefaultYellowThreshold)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfNegative(yellowThreshold);
        pauses ??= [];
        var total = TotalLimit(limitDays, extensions);
        var due = DueDate(calendar, acceptedOn, limitDays, pauses, extensions);

        var used = 0;
        for (var d = acceptedOn.AddDays(1); d <= today; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d) && !pauses.Any(p => p.Excludes(d)))
            {
                used++;
            }
        }
        var paused = pauses.Any(p => p.IsOpenOn(today));
        var overdue = due is { } dueOn && today > dueOn ? calendar.CountWorkingDays(dueOn, today) : 0;
        // Past the due date by calendar days but not yet by a working day (a weekend after a Friday deadline) is still late.
        var late = due is { } last && today > last;
        var remaining = late ? 0 : Math.Max(0, total - used);
        var light = late ? TrafficLight.Red : remaining <= yellowThreshold ? TrafficLight.Yellow : TrafficLight.Green;

        var end = due ?? today;
        var uncovered = Enumerable.Range(acceptedOn.Year, Math.Max(end.Year, today.Year) - acceptedOn.Year + 1)
            .Where(y => !calendar.IsCovered(y)).ToList();
        return new DeadlineStatus(due, total, used, remaining, overdue, paused, light, uncovered);
    }

    /// <summary>The light alone, from a due date: red after it, yellow within the threshold, green before.</summary>
    public static TrafficLight LightOn(HolidayCalendar calendar, DateOnly dueOn, DateOnly today, int yellowThreshold = DefaultYellowThreshold)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (today > dueOn)
        {
            return TrafficLight.Red;
        }
        return calendar.CountWorkingDays(today, dueOn) <= yellowThreshold ? TrafficLight.Yellow : TrafficLight.Green;
    }

    private static int TotalLimit(int limitDays, IReadOnlyList<ClockExtension>? extensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limitDays);
        var total = limitDays;
        foreach (var e in extensions ?? [])
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(e.WorkingDays, nameof(extensions));
            total += e.WorkingDays;
        }
        return total;
    }

    private static void Validate(DateOnly acceptedOn, IReadOnlyList<ClockPause> pauses)
    {
        foreach (var p in pauses)
        {
            if (p.PausedOn < acceptedOn)
            {
                throw new ArgumentException($"A pause on {p.PausedOn} cannot start before acceptance on {acceptedOn}.", nameof(pauses));
            }
            if (p.ResumedOn is { } r && r < p.PausedOn)
            {
                throw new ArgumentException($"A pause cannot resume ({r}) before it starts ({p.PausedOn}).", nameof(pauses));
            }
        }
    }
}

/// <summary>China Standard Time: UTC+8 all year (no daylight saving since 1991), so dates need no time-zone database.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return ToDate(clock.GetUtcNow());
    }

    public static DateOnly ToDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);
}
