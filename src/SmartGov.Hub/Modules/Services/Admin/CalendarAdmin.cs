using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Services.Model;

namespace SmartGov.Hub.Modules.Services.Admin;

public sealed record CalendarDayInput(DateOnly? Date, string? Kind, string? Name, string? NameEn);

/// <summary>One year of the calendar as administrators see it.</summary>
public sealed record CalendarYearView(int Year, bool Covered, bool KeptInDatabase, string? Source, IReadOnlyList<CalendarDay> Days);

/// <summary>
/// Edits the holiday calendar (platform configuration, so the system administrator's job). The first edit of a
/// year copies its shipped schedule into the database; from then on the database holds that year entirely.
/// </summary>
public sealed class CalendarAdmin(SmartGovDbContext db, IAuditSink audit, TimeProvider clock, WorkingCalendarCache cache)
{
    public const string AuditSubject = "holiday-calendar";

    public async Task<CalendarYearView> GetYearAsync(int year, CancellationToken ct = default)
    {
        var calendar = await WorkingCalendarCache.LoadAsync(db, ct);
        var kept = await db.Set<HolidayCalendarYear>().AsNoTracking().FirstOrDefaultAsync(y => y.Year == year, ct);
        var shipped = PublishedSchedules.ForYear(year);
        return new CalendarYearView(year, calendar.IsCovered(year), kept is not null, kept?.Source ?? shipped?.Source,
            calendar.Days.Where(d => d.Date.Year == year).ToList());
    }

    /// <summary>Adds or replaces one day (a holiday or a make-up workday).</summary>
    public async Task<ServiceResult<CalendarDay>> SetDayAsync(CalendarDayInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (input.Date is null)
        {
            errors.Add("date", "required", "请填写日期", "The date is required.");
        }
        else if (input.Date.Value.Year is < 2000 or > 2100)
        {
            errors.Add("date", "date.range", "日期应在 2000 至 2100 年之间", "The date must be between 2000 and 2100.");
        }
        DayKind kind = default;
        if (!Enum.TryParse(input.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(input.Kind, out _))
        {
            errors.Add("kind", "kind.unknown", "类型应为 Holiday（放假）或 Workday（调休上班）", "The kind must be Holiday or Workday.");
        }
        else if (input.Date is { } d && kind == DayKind.Workday && d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
        {
            errors.Add("kind", "kind.workday-on-weekday", "调休上班日只能是周六或周日", "A make-up workday can only be a Saturday or Sunday.");
        }
        errors.Required("name", input.Name, "节日名称", "Holiday name", 50);
        if (input.NameEn is { Length: > 100 })
        {
            errors.Add("nameEn", "too-long", "英文名称不能超过 100 个字符", "The English name must be at most 100 characters.");
        }
        if (errors.Any)
        {
            return ServiceResults.Invalid<CalendarDay>(errors.All);
        }
        var date = input.Date!.Value;
        await KeepYearAsync(date.Year, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await DayAsync(date, ct);
        if (existing is null)
        {
            db.Add(new HolidayCalendarDay { Date = date, Kind = kind, Name = input.Name!.Trim(), NameEn = input.NameEn?.Trim(), UpdatedAt = now });
        }
        else
        {
            existing.Kind = kind;
            existing.Name = input.Name!.Trim();
            existing.NameEn = input.NameEn?.Trim();
            existing.UpdatedAt = now;
        }
        audit.Record(new AuditEvent(AuditActions.ConfigChange, SubjectType: AuditSubject, SubjectId: date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Details: $"{kind} {input.Name}"));
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return ServiceResults.Ok<CalendarDay>(new CalendarDay(date, kind, input.Name!.Trim(), input.NameEn?.Trim()));
    }

    /// <summary>Removes an exception: the day becomes an ordinary weekday or weekend day again.</summary>
    public async Task<ServiceResult<CalendarDay>> RemoveDayAsync(DateOnly date, CancellationToken ct = default)
    {
        var calendar = await WorkingCalendarCache.LoadAsync(db, ct);
        if (calendar.Exception(date) is not { } day)
        {
            return ServiceResults.Missing<CalendarDay>();
        }
        await KeepYearAsync(date.Year, ct);
        var row = await DayAsync(date, ct);
        if (row is not null)
        {
            db.Remove(row);
        }
        audit.Record(new AuditEvent(AuditActions.ConfigChange, SubjectType: AuditSubject, SubjectId: date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Details: $"removed {day.Kind} {day.Name}"));
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return ServiceResults.Ok<CalendarDay>(day);
    }

    /// <summary>Marks a year as entered (e.g. 2027 once its schedule is published and typed in), so due dates stop warning about it.</summary>
    public async Task<ServiceResult<CalendarYearView>> CoverYearAsync(int year, string? source, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (year is < 2000 or > 2100)
        {
            errors.Add("year", "year.range", "年份应在 2000 至 2100 之间", "The year must be between 2000 and 2100.");
        }
        errors.Required("source", source, "依据（通知名称）", "Source (the notice)", 300);
        if (errors.Any)
        {
            return ServiceResults.Invalid<CalendarYearView>(errors.All);
        }
        await KeepYearAsync(year, ct);
        var kept = db.Set<HolidayCalendarYear>().Local.FirstOrDefault(y => y.Year == year) ?? await db.Set<HolidayCalendarYear>().FirstAsync(y => y.Year == year, ct);
        kept.Source = source!.Trim();
        kept.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(new AuditEvent(AuditActions.ConfigChange, SubjectType: AuditSubject, SubjectId: year.ToString(CultureInfo.InvariantCulture), Details: $"source: {kept.Source}"));
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return ServiceResults.Ok<CalendarYearView>(await GetYearAsync(year, ct));
    }

    private async Task<HolidayCalendarDay?> DayAsync(DateOnly date, CancellationToken ct) =>
        db.Set<HolidayCalendarDay>().Local.FirstOrDefault(x => x.Date == date) ?? await db.Set<HolidayCalendarDay>().FirstOrDefaultAsync(x => x.Date == date, ct);

    /// <summary>
    /// Copies the shipped schedule of the year into the unit of work the first time the year is edited; the edit's own
    /// SaveChanges stores the copy, the edit and its audit entry together.
    /// </summary>
    private async Task KeepYearAsync(int year, CancellationToken ct)
    {
        if (await db.Set<HolidayCalendarYear>().AnyAsync(y => y.Year == year, ct) || db.ChangeTracker.Entries<HolidayCalendarYear>().Any(e => e.Entity.Year == year))
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var shipped = PublishedSchedules.ForYear(year);
        db.Add(new HolidayCalendarYear { Year = year, Source = shipped?.Source ?? "管理员录入 / entered by an administrator", UpdatedAt = now });
        foreach (var d in shipped?.Days.Where(d => d.Date.Year == year) ?? [])
        {
            db.Add(new HolidayCalendarDay { Date = d.Date, Kind = d.Kind, Name = d.Name, NameEn = d.NameEn, UpdatedAt = now });
        }
    }
}
