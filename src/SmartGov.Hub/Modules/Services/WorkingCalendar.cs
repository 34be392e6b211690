using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Services.Model;

namespace SmartGov.Hub.Modules.Services;

/// <summary>
/// The calendar in force: for each year that administrators keep in the database, the database; for any other year,
/// the schedule shipped with SmartGov (<see cref="PublishedSchedules"/>). Cached per node for
/// Services:CalendarRefreshSeconds; an edit on this node clears the cache at once.
/// </summary>
public sealed class WorkingCalendarCache(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ServicesOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private (HolidayCalendar Calendar, DateTimeOffset LoadedAt)? _cached;

    public void Invalidate() => _cached = null;

    public void Dispose() => _lock.Dispose();

    public async Task<HolidayCalendar> GetAsync(CancellationToken ct)
    {
        if (_cached is { } c && clock.GetUtcNow() - c.LoadedAt < TimeSpan.FromSeconds(options.Value.CalendarRefreshSeconds))
        {
            return c.Calendar;
        }
        await _lock.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
            var calendar = await LoadAsync(db, ct);
            _cached = (calendar, clock.GetUtcNow());
            return calendar;
        }
        finally
        {
            _lock.Release();
        }
    }

    internal static async Task<HolidayCalendar> LoadAsync(SmartGovDbContext db, CancellationToken ct)
    {
        var keptYears = await db.Set<HolidayCalendarYear>().AsNoTracking().Select(y => y.Year).ToListAsync(ct);
        var kept = await db.Set<HolidayCalendarDay>().AsNoTracking().ToListAsync(ct);
        var days = PublishedSchedules.All.Where(s => !keptYears.Contains(s.Year)).SelectMany(s => s.Days)
            .Concat(kept.Where(d => keptYears.Contains(d.Date.Year)).Select(d => new CalendarDay(d.Date, d.Kind, d.Name, d.NameEn)));
        return new HolidayCalendar(days, PublishedSchedules.All.Select(s => s.Year).Concat(keptYears).Distinct());
    }
}

internal sealed class WorkingCalendar(WorkingCalendarCache cache, IOptions<ServicesOptions> options) : IWorkingCalendar
{
    public Task<HolidayCalendar> GetAsync(CancellationToken cancellationToken = default) => cache.GetAsync(cancellationToken);

    public int YellowThreshold => options.Value.YellowThresholdDays;
}
