using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Web.Tests;

/// <summary>
/// A staff session left idle for 30 minutes ends (GB/T 22239-2019 8.1.4.1 d); activity keeps it alive (sliding expiry);
/// and the sign-in cookie is a session cookie, never persisted by the browser.
/// </summary>
public sealed class IdleTimeoutTests(ClockFactory factory) : IClassFixture<ClockFactory>
{
    [Fact]
    public void The_sign_in_cookie_expires_after_30_idle_minutes_with_sliding_expiry()
    {
        var options = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        Assert.Equal(TimeSpan.FromMinutes(30), options.ExpireTimeSpan);
        Assert.True(options.SlidingExpiration);
        Assert.True(options.Cookie.HttpOnly);
    }

    [Fact]
    public async Task The_sign_in_cookie_is_not_persistent()
    {
        using var browser = factory.CreateBrowser();
        var password = await browser.PostLoginAsync("rsj.officer", HubClient.DemoPassword);
        var second = await browser.SubmitFormAsync(password.Headers.Location!.OriginalString,
            [new("code", Totp.Code(SmartGov.Hub.Seeding.DemoCitySeeder.TotpSecretFor("rsj.officer")))]);
        Assert.Equal("/console", SmartGovFactory.RedirectPath(second));
        var authCookie = second.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sg.auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("expires=", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("max-age=", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", authCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_session_idle_for_31_minutes_is_sent_back_to_sign_in_and_activity_keeps_it_alive()
    {
        try
        {
            await IdleAndActiveSessionsAsync();
        }
        finally
        {
            factory.Clock.Reset();
        }
    }

    private async Task IdleAndActiveSessionsAsync()
    {
        // Two people signed in at the same time; one keeps working, the other walks away.
        using var active = await factory.SignedInStaffAsync("jyj.leader");
        using var idle = await factory.SignedInStaffAsync("jyj.officer");
        Assert.Equal(HttpStatusCode.OK, (await active.GetAsync("/console")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await idle.GetAsync("/console")).StatusCode);

        factory.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await active.GetAsync("/console")).StatusCode);

        factory.Clock.Advance(TimeSpan.FromMinutes(11));
        // 31 minutes after its last request the idle session is over; the active one was renewed 11 minutes ago.
        var expired = await idle.GetAsync("/console");
        Assert.True(SmartGovFactory.IsRedirect(expired), $"idle session answered {(int)expired.StatusCode}");
        Assert.Equal("/account/login", SmartGovFactory.RedirectPath(expired));
        await ProblemAssert.IsProblemAsync(await idle.GetAsync("/api/v1/me"), 401, "unauthorized");

        Assert.Equal(HttpStatusCode.OK, (await active.GetAsync("/console")).StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        var later = await active.GetAsync("/console");
        Assert.Equal("/account/login", SmartGovFactory.RedirectPath(later));
    }
}
