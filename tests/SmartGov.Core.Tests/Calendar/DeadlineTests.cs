using SmartGov.Core.Calendar;

namespace SmartGov.Core.Tests.Calendar;

/// <summary>
/// Due dates on the 2026 calendar as the State Council published it. Each expected date was counted by hand on a
/// printed calendar; a clerk would notice at once if the hub promised a decision on a holiday or skipped a make-up Saturday.
/// </summary>
public sealed class DeadlineTests
{
    private static readonly HolidayCalendar Cal = PublishedSchedules.Calendar();

    private static DateOnly D(int month, int day, int year = 2026) => new(year, month, day);

    [Fact]
    public void The_2026_schedule_ships_with_every_holiday_and_make_up_workday()
    {
        var schedule = PublishedSchedules.ForYear(2026);
        Assert.NotNull(schedule);
        Assert.Equal(33, schedule.Days.Count(d => d.Kind == DayKind.Holiday));
        Assert.Equal([D(1, 4), D(2, 14), D(2, 28), D(5, 9), D(9, 20), D(10, 10)],
            schedule.Days.Where(d => d.Kind == DayKind.Workday).Select(d => d.Date).Order().ToArray());
        Assert.True(Cal.IsCovered(2026));
        Assert.Equal("春节", Cal.Exception(D(2, 17))!.Name);
    }

    [Theory]
    [InlineData(2, 16, false)] // Monday inside the Spring Festival
    [InlineData(2, 23, false)] // Monday, last day of the Spring Festival
    [InlineData(2, 14, true)]  // Saturday, make-up workday
    [InlineData(2, 28, true)]  // Saturday, make-up workday
    [InlineData(3, 7, false)]  // an ordinary Saturday
    [InlineData(9, 20, true)]  // Sunday, make-up workday before National Day
    [InlineData(10, 7, false)] // Wednesday inside National Day
    [InlineData(10, 8, true)]  // Thursday after National Day
    [InlineData(10, 10, true)] // Saturday, make-up workday
    [InlineData(1, 1, false)]  // New Year's Day, a Thursday
    [InlineData(1, 4, true)]   // Sunday, make-up workday
    public void Working_days_follow_the_published_schedule(int month, int day, bool working) =>
        Assert.Equal(working, Cal.IsWorkingDay(D(month, day)));

    [Theory]
    [InlineData(2, 12, 1, 2, 13)]  // Thursday + 1 → Friday
    [InlineData(2, 12, 2, 2, 14)]  // → the make-up Saturday
    [InlineData(2, 12, 3, 2, 24)]  // → over the nine days of the Spring Festival
    [InlineData(2, 13, 5, 2, 27)]
    [InlineData(2, 26, 2, 2, 28)]  // the make-up Saturday after the festival counts
    [InlineData(2, 26, 3, 3, 2)]
    public void Limits_run_across_the_Spring_Festival(int fromMonth, int fromDay, int days, int dueMonth, int dueDay) =>
        Assert.Equal(D(dueMonth, dueDay), Deadlines.DueDate(Cal, D(fromMonth, fromDay), days));

    [Theory]
    [InlineData(9, 18, 1, 9, 20)]   // Friday + 1 → the make-up Sunday
    [InlineData(9, 30, 1, 10, 8)]   // over the seven days of National Day
    [InlineData(9, 30, 3, 10, 10)]  // → the make-up Saturday
    [InlineData(9, 28, 20, 10, 30)] // a statutory twenty days (行政许可法 第四十二条) across the holiday
    public void Limits_run_across_National_Day(int fromMonth, int fromDay, int days, int dueMonth, int dueDay) =>
        Assert.Equal(D(dueMonth, dueDay), Deadlines.DueDate(Cal, D(fromMonth, fromDay), days));

    [Fact]
    public void The_day_of_acceptance_is_not_counted_and_an_immediate_item_is_due_the_same_day()
    {
        Assert.Equal(D(3, 3), Deadlines.DueDate(Cal, D(3, 2), 1));
        Assert.Equal(D(3, 2), Deadlines.DueDate(Cal, D(3, 2), 0));
    }

    [Fact]
    public void A_supplement_request_pauses_the_clock_and_it_resumes_after_the_materials_arrive()
    {
        Assert.Equal(D(3, 16), Deadlines.DueDate(Cal, D(3, 2), 10));
        // Paused on Wednesday 4 March, materials complete on Tuesday 10 March: 5, 6, 9 and 10 March do not count.
        var pause = new ClockPause(D(3, 4), D(3, 10));
        Assert.Equal(D(3, 20), Deadlines.DueDate(Cal, D(3, 2), 10, [pause]));
    }

    [Fact]
    public void An_open_pause_leaves_no_due_date_and_freezes_the_days_left()
    {
        var pause = new ClockPause(D(3, 4));
        Assert.Null(Deadlines.DueDate(Cal, D(3, 2), 10, [pause]));
        var status = Deadlines.StatusOn(Cal, D(3, 2), 10, D(3, 12), [pause]);
        Assert.True(status.IsPaused);
        Assert.Null(status.DueOn);
        Assert.Equal(2, status.UsedDays);
        Assert.Equal(8, status.RemainingDays);
        Assert.Equal(TrafficLight.Green, status.Light);
    }

    [Fact]
    public void Two_pauses_a_supplement_and_an_expert_review_both_stop_the_clock()
    {
        ClockPause[] pauses = [new(D(3, 4), D(3, 10)), new(D(3, 12), D(3, 13))];
        // From 20 March, the second pause pushes the due date back by Friday 13 March: one more working day.
        Assert.Equal(D(3, 23), Deadlines.DueDate(Cal, D(3, 2), 10, pauses));
    }

    [Fact]
    public void An_extension_adds_working_days_and_runs_over_the_Spring_Festival()
    {
        Assert.Equal(D(2, 14), Deadlines.DueDate(Cal, D(1, 26), 15));
        Assert.Equal(D(3, 6), Deadlines.DueDate(Cal, D(1, 26), 15, extensions: [new ClockExtension(10, D(2, 10))]));
    }

    [Fact]
    public void A_pause_and_an_extension_together()
    {
        // 10 days from 2 March, paused 4–10 March (→ 20 March), extended by 5 days → 27 March.
        Assert.Equal(D(3, 27), Deadlines.DueDate(Cal, D(3, 2), 10, [new ClockPause(D(3, 4), D(3, 10))], [new ClockExtension(5)]));
    }

    [Theory]
    [InlineData(3, 10, TrafficLight.Green, 4)]
    [InlineData(3, 12, TrafficLight.Yellow, 2)]
    [InlineData(3, 16, TrafficLight.Yellow, 0)]  // the due date itself
    [InlineData(3, 17, TrafficLight.Red, 0)]
    public void Traffic_lights_turn_yellow_two_working_days_before_and_red_after_the_due_date(int month, int day, TrafficLight light, int remaining)
    {
        var status = Deadlines.StatusOn(Cal, D(3, 2), 10, D(month, day));
        Assert.Equal(D(3, 16), status.DueOn);
        Assert.Equal(light, status.Light);
        Assert.Equal(remaining, status.RemainingDays);
    }

    [Fact]
    public void Red_counts_the_working_days_overdue_and_a_weekend_after_a_Friday_deadline_is_already_red()
    {
        var overdue = Deadlines.StatusOn(Cal, D(3, 2), 10, D(3, 18));
        Assert.Equal(TrafficLight.Red, overdue.Light);
        Assert.Equal(2, overdue.OverdueDays);
        var weekend = Deadlines.StatusOn(Cal, D(3, 2), 9, D(3, 14)); // due Friday 13 March
        Assert.Equal(D(3, 13), weekend.DueOn);
        Assert.Equal(TrafficLight.Red, weekend.Light);
    }

    [Fact]
    public void The_yellow_threshold_is_configurable()
    {
        Assert.Equal(TrafficLight.Green, Deadlines.StatusOn(Cal, D(3, 2), 10, D(3, 10)).Light);
        Assert.Equal(TrafficLight.Yellow, Deadlines.StatusOn(Cal, D(3, 2), 10, D(3, 10), yellowThreshold: 4).Light);
    }

    [Fact]
    public void The_light_counts_working_days_so_the_Spring_Festival_makes_a_deadline_close()
    {
        // Eleven calendar days before a deadline of 24 February, but only the make-up Saturday and the day itself are working days.
        Assert.Equal(TrafficLight.Yellow, Deadlines.LightOn(Cal, D(2, 24), D(2, 13)));
        Assert.Equal(TrafficLight.Green, Deadlines.LightOn(Cal, D(2, 24), D(2, 12)));
        Assert.Equal(TrafficLight.Red, Deadlines.LightOn(Cal, D(2, 24), D(2, 25)));
    }

    [Fact]
    public void A_year_without_a_schedule_is_counted_as_plain_weeks_and_reported()
    {
        var status = Deadlines.StatusOn(Cal, D(12, 28), 10, D(12, 28));
        // 1 January 2027 is a Friday; with no 2027 schedule entered it counts as a working day.
        Assert.Equal(new DateOnly(2027, 1, 11), status.DueOn);
        Assert.Equal([2027], status.UncoveredYears);
    }

    [Fact]
    public void An_administrators_entry_changes_the_count()
    {
        // The city closes on Friday 6 March (e.g. a typhoon); the entry is layered over the published schedule.
        var edited = new HolidayCalendar(Cal.Days.Append(new CalendarDay(D(3, 6), DayKind.Holiday, "台风停工")), Cal.CoveredYears);
        Assert.Equal(D(3, 17), Deadlines.DueDate(edited, D(3, 2), 10));
    }

    [Fact]
    public void Impossible_pauses_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Deadlines.DueDate(Cal, D(3, 2), 10, [new ClockPause(D(3, 1), D(3, 3))]));
        Assert.Throws<ArgumentException>(() => Deadlines.DueDate(Cal, D(3, 2), 10, [new ClockPause(D(3, 5), D(3, 4))]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Deadlines.DueDate(Cal, D(3, 2), -1));
    }

    [Fact]
    public void A_schedule_whose_make_up_day_is_a_weekday_is_rejected()
    {
        const string json = """{"year":2026,"source":"x","sourceEn":"x","holidays":[{"name":"测试","off":["2026-03-02","2026-03-03"],"work":["2026-03-04"]}]}""";
        Assert.Throws<FormatException>(() => PublishedSchedules.Parse(json));
    }

    [Fact]
    public void China_time_turns_the_UTC_evening_into_the_next_day()
    {
        Assert.Equal(D(10, 1), ChinaTime.ToDate(new DateTimeOffset(2026, 9, 30, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(D(9, 30), ChinaTime.ToDate(new DateTimeOffset(2026, 9, 30, 15, 59, 59, TimeSpan.Zero)));
    }
}
