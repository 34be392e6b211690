using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Modules.Services.Admin;

namespace SmartGov.Web.Pages.Console.Services;

/// <summary>
/// The holiday calendar: every staff member may read it; the system administrator keeps it (adds a year's schedule
/// when the State Council publishes it, corrects a day).
/// </summary>
public sealed class CalendarModel(CalendarAdmin admin, TimeProvider clock) : ConsoleFormPageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public CalendarYearView View { get; private set; } = null!;
    public bool CanEdit => ServiceItemAccess.CanEditCalendar(User);
    public string? Date { get; private set; }
    public string? Kind { get; private set; }
    public string? DayName { get; private set; }
    public string? DayNameEn { get; private set; }
    public string? Source { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Year is < 2000 or > 2100)
        {
            return NotFound();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSetAsync(string? date, string? kind, string? name, string? nameEn, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }
        DateOnly? parsed = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        if (parsed is null && !string.IsNullOrWhiteSpace(date))
        {
            Errors.Add(new Core.FieldError("date", "date.format", $"“{date}”不是日期，应写作 2026-01-01", $"'{date}' is not a date; write it as 2026-01-01."));
        }
        if (Errors.Count == 0)
        {
            var result = await admin.SetDayAsync(new CalendarDayInput(parsed, kind, name, nameEn), ct);
            if (result.Succeeded)
            {
                return RedirectWithStatus($"/console/services/calendar?year={result.Value!.Date.Year}", "svc.calendar.saved", StatusText(result.Value));
            }
            AddErrors(result.Errors);
        }
        (Date, Kind, DayName, DayNameEn) = (date, kind, name, nameEn);
        Year ??= parsed?.Year;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? date, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return NotFound();
        }
        var result = await admin.RemoveDayAsync(d, ct);
        return result.Succeeded
            ? RedirectWithStatus($"/console/services/calendar?year={d.Year}", "svc.calendar.removed", StatusText(result.Value!))
            : NotFound();
    }

    public async Task<IActionResult> OnPostCoverAsync(string? source, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }
        var year = Year ?? ChinaTime.Today(clock).Year;
        var result = await admin.CoverYearAsync(year, source, ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/services/calendar?year={year}", "svc.calendar.covered", $"{year}（{result.Value!.Source}）");
        }
        AddErrors(result.Errors);
        Source = source;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(ct);
        return Page();
    }

    // TempData's serializer turns a string that looks like a date into a DateTime, which the string property then cannot
    // take (a 500 on the next page); the name after the date keeps the message a plain string.
    private static string StatusText(CalendarDay day) => $"{day.Date:yyyy-MM-dd}（{day.Name}）";

    private async Task LoadAsync(CancellationToken ct)
    {
        Year ??= ChinaTime.Today(clock).Year;
        View = await admin.GetYearAsync(Year.Value, ct);
    }
}
