using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Tests;

/// <summary>
/// A clock that, inside a request the test starts, stands 1 ms before China midnight and jumps to 1 ms after it once
/// it has been read a given number of times; everywhere else (sign-in, background services) it is the real clock.
/// </summary>
public sealed class MidnightClock : TimeProvider
{
    private sealed class Readings(int jumpAfter)
    {
        public int Count;

        public int JumpAfter { get; } = jumpAfter;
    }

    private static readonly AsyncLocal<Readings?> Current = new();

    /// <summary>The last China midnight: in the past, so the sign-in cookie is still valid at the clock's time.</summary>
    public static DateTimeOffset Midnight { get; } = new(ChinaTime.Today(System).ToDateTime(TimeOnly.MinValue), ChinaTime.Offset);

    public static void JumpAfter(int readings) => Current.Value = new Readings(readings);

    public static void Off() => Current.Value = null;

    public override DateTimeOffset GetUtcNow() => Current.Value is not { } r ? System.GetUtcNow()
        : Interlocked.Increment(ref r.Count) <= r.JumpAfter ? Midnight.AddMilliseconds(-1).ToUniversalTime() : Midnight.AddMilliseconds(1).ToUniversalTime();
}

/// <summary>The hub with <see cref="MidnightClock"/>; the test server passes the test's async context into requests.</summary>
public sealed class MidnightFactory : SmartGovFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new MidnightClock()));
    }
}

/// <summary>
/// A submission in the last millisecond of a day: its number's date, its submission time and the history line that
/// the dashboard counts all fall on the same day, whichever reading of the clock the day changes at.
/// </summary>
public sealed class MidnightTests(MidnightFactory factory) : IClassFixture<MidnightFactory>
{
    [Fact]
    public async Task A_submission_at_midnight_is_numbered_timed_and_counted_on_one_day()
    {
        factory.Server.PreserveExecutionContext = true;
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var search = await (await citizen.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString("个人所得税综合所得汇算清缴") + "&pageSize=50")).ReadJsonAsync();
        var code = search.GetProperty("items").EnumerateArray().First(i => i.Str("name") == "个人所得税综合所得汇算清缴").Str("implementationCode");
        var person = DemoCitySeeder.DemoCitizen;

        // The day changes after the k-th reading of the clock in the request, for every k up to well past the
        // readings a submission makes: once between any two readings of the submission.
        var ids = new List<Guid>();
        for (var k = 0; k < 80; k++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/applications")
            {
                Content = JsonContent.Create(new
                {
                    itemCode = code, materials = Array.Empty<object>(),
                    form = new Dictionary<string, string> { ["applicantName"] = person.Name, ["idNumber"] = person.IdNumber, ["mobile"] = person.Mobile },
                }),
            };
            request.Headers.Add("Idempotency-Key", "midnight-" + k.ToString(CultureInfo.InvariantCulture));
            MidnightClock.JumpAfter(k);
            HttpResponseMessage response;
            try
            {
                response = await citizen.SendAsync(request);
            }
            finally
            {
                MidnightClock.Off();
            }
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"k={k}: {(int)response.StatusCode} {text}");
            ids.Add(System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid());
        }

        var apps = await factory.WithDbAsync(db => db.Set<Application>().AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Number, a.SubmittedAt }).ToListAsync());
        var submits = await factory.WithDbAsync(db => db.Set<ApplicationEvent>().AsNoTracking()
            .Where(e => ids.Contains(e.ApplicationId) && e.Action == ApplicationAction.Submit).Select(e => new { e.ApplicationId, e.At }).ToListAsync());
        Assert.Equal(ids.Count, apps.Count);
        var midnight = MidnightClock.Midnight.UtcDateTime;
        Assert.Contains(apps, a => a.SubmittedAt < midnight);
        Assert.Contains(apps, a => a.SubmittedAt > midnight);
        foreach (var a in apps)
        {
            var day = ChinaTime.ToDate(new DateTimeOffset(DateTime.SpecifyKind(a.SubmittedAt!.Value, DateTimeKind.Utc)));
            Assert.True(a.Number![6..14] == day.ToString("yyyyMMdd", CultureInfo.InvariantCulture), $"{a.Number} submitted {a.SubmittedAt:O} (China {day})");
            Assert.Equal(a.SubmittedAt, submits.Single(s => s.ApplicationId == a.Id).At);
        }
    }
}
