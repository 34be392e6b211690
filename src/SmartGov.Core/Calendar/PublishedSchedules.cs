using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartGov.Core.Calendar;

/// <summary>One year's schedule as the State Council publishes it (国务院办公厅关于某年部分节假日安排的通知).</summary>
public sealed record PublishedSchedule(int Year, string Source, string SourceEn, IReadOnlyList<CalendarDay> Days);

/// <summary>
/// The schedules that ship with SmartGov (<see cref="Documents"/>).
/// Each holiday lists its days off as an inclusive [first, last] range and its make-up workdays one by one.
/// Only schedules that have actually been published are shipped; later years are entered by administrators.
/// </summary>
public static partial class PublishedSchedules
{
    private static readonly Lazy<IReadOnlyList<PublishedSchedule>> Loaded = new(Load);

    public static IReadOnlyList<PublishedSchedule> All => Loaded.Value;

    public static PublishedSchedule? ForYear(int year) => All.FirstOrDefault(s => s.Year == year);

    /// <summary>A calendar made of every shipped schedule.</summary>
    public static HolidayCalendar Calendar() => new(All.SelectMany(s => s.Days), All.Select(s => s.Year));

    /// <summary>Parses one schedule file; public so that an operator's file can be checked the same way.</summary>
    public static PublishedSchedule Parse(string json)
    {
        var file = JsonSerializer.Deserialize<ScheduleFile>(json) ?? throw new FormatException("Empty schedule file.");
        var days = new List<CalendarDay>();
        foreach (var holiday in file.Holidays)
        {
            if (holiday.Off.Count != 2)
            {
                throw new FormatException($"{holiday.Name}: 'off' must be [first, last].");
            }
            var first = ParseDate(holiday.Off[0]);
            var last = ParseDate(holiday.Off[1]);
            if (last < first || last.DayNumber - first.DayNumber > 14)
            {
                throw new FormatException($"{holiday.Name}: the range {first}..{last} is not a plausible holiday.");
            }
            for (var d = first; d <= last; d = d.AddDays(1))
            {
                days.Add(new CalendarDay(d, DayKind.Holiday, holiday.Name, holiday.NameEn));
            }
            foreach (var work in holiday.Work)
            {
                var d = ParseDate(work);
                if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    throw new FormatException($"{holiday.Name}: the make-up workday {d} is not a weekend day.");
                }
                days.Add(new CalendarDay(d, DayKind.Workday, holiday.Name, holiday.NameEn));
            }
        }
        // A schedule may reach into the neighbouring years (a make-up workday in late December), but not further.
        var earliest = new DateOnly(file.Year - 1, 12, 1);
        var latest = new DateOnly(file.Year + 1, 1, 31);
        if (days.FirstOrDefault(d => d.Date < earliest || d.Date > latest) is { } stray)
        {
            throw new FormatException($"The schedule of {file.Year} has a day of another year: {stray.Date}.");
        }
        return new PublishedSchedule(file.Year, file.Source, file.SourceEn, days);
    }

    private static DateOnly ParseDate(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IReadOnlyList<PublishedSchedule> Load() => Documents.Select(Parse).OrderBy(s => s.Year).ToList();

    private sealed class ScheduleFile
    {
        [JsonPropertyName("year")] public int Year { get; set; }
        [JsonPropertyName("source")] public string Source { get; set; } = "";
        [JsonPropertyName("sourceEn")] public string SourceEn { get; set; } = "";
        [JsonPropertyName("holidays")] public List<HolidayEntry> Holidays { get; set; } = [];
    }

    private sealed class HolidayEntry
    {
        [JsonPropertyName("name")] public string Name { get; set; } = "";
        [JsonPropertyName("nameEn")] public string? NameEn { get; set; }
        [JsonPropertyName("off")] public List<string> Off { get; set; } = [];
        [JsonPropertyName("work")] public List<string> Work { get; set; } = [];
    }
}
