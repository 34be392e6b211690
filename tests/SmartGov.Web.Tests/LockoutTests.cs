using System.Net;
using System.Net.Http.Json;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Web.Tests;

/// <summary>Five failures lock an account for 30 minutes (GB/T 22239 8.1.4.1 b), and every failure and lock is audited.</summary>
public sealed class LockoutTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_citizen_out_even_for_the_right_password_and_are_audited()
    {
        var citizen = DemoCitySeeder.DemoCitizen;
        using var browser = factory.CreateBrowser();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await browser.PostLoginAsync(citizen.IdNumber, "Wrong-Password-" + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var right = await browser.PostLoginAsync(citizen.IdNumber, HubClient.DemoPassword);
        var page = await right.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("账号已锁定 30 分钟", page, StringComparison.Ordinal);
        Assert.Contains("locked for 30 minutes", page, StringComparison.Ordinal);
        // Signing in by mobile number reaches the same locked account.
        var byMobile = await browser.PostLoginAsync(citizen.Mobile, HubClient.DemoPassword);
        Assert.Contains("账号已锁定", await byMobile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Not signed in: the personal page still sends the citizen to sign in.
        var me = await browser.GetAsync("/account/me");
        Assert.True(SmartGovFactory.IsRedirect(me));
        Assert.Equal("/account/login", SmartGovFactory.RedirectPath(me));

        var userId = await factory.CitizenIdAsync(citizen.IdNumber);
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var failures = await auditor.AuditEntriesAsync(AuditActions.SignInFailed, userId);
        Assert.True(failures.Count >= 4, $"expected the failed attempts before the lock to be audited, found {failures.Count}");
        Assert.All(failures, f => Assert.Equal(AuditOutcomes.Failure, f.Str("outcome")));
        var locks = await auditor.AuditEntriesAsync(AuditActions.Lockout, userId);
        Assert.Contains(locks, l => l.Str("details") == "password; locked");
        Assert.All(locks, l => Assert.Equal(AuditOutcomes.Denied, l.Str("outcome")));
    }

    [Fact]
    public async Task A_lock_is_audited_once_and_refusals_while_locked_are_recorded_as_still_locked()
    {
        // A security admin counting lockouts must not see one lock per refused attempt.
        var idNumber = SmartGov.Core.IdNumber.Compose("450103", new DateOnly(1988, 8, 8), 808, male: true);
        using var api = factory.CreateApiClient();
        var registered = await api.PostAsJsonAsync("/api/v1/accounts/citizens",
            new { name = "锁定测试", idNumber, mobile = "13712345678", password = "Lockout2026Ab", confirmPassword = "Lockout2026Ab" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        using var browser = factory.CreateBrowser();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await browser.PostLoginAsync(idNumber, "Wrong-Password-" + attempt);
        }
        await browser.PostLoginAsync(idNumber, "Lockout2026Ab");
        await browser.PostLoginAsync(idNumber, "Lockout2026Ab");

        using var auditor = await factory.SignedInStaffAsync("auditor");
        var locks = await auditor.AuditEntriesAsync(AuditActions.Lockout, await factory.CitizenIdAsync(idNumber));
        Assert.Equal(3, locks.Count);
        Assert.Single(locks, l => l.Str("details") == "password; locked");
        Assert.Equal(2, locks.Count(l => l.Str("details") == "password; still locked"));
    }

    [Fact]
    public async Task Five_wrong_totp_codes_lock_a_staff_member_out_even_for_the_right_code()
    {
        const string userName = "mzj.officer";
        using var browser = factory.CreateBrowser();
        var password = await browser.PostLoginAsync(userName, HubClient.DemoPassword);
        var twoFactorPage = password.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/login-2fa", twoFactorPage);

        var right = Totp.Code(DemoCitySeeder.TotpSecretFor(userName));
        // A code that is certainly wrong: the right one with its last digit changed.
        var wrong = right[..5] + (char)('0' + ((right[5] - '0' + 5) % 10));
        HttpResponseMessage last = null!;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            last = await browser.SubmitFormAsync(twoFactorPage, [new("code", wrong)]);
            Assert.Equal(HttpStatusCode.Unauthorized, last.StatusCode);
        }
        Assert.Contains("账号已锁定 30 分钟", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var withRightCode = await browser.SubmitFormAsync(twoFactorPage, [new("code", right)]);
        Assert.False(SmartGovFactory.IsRedirect(withRightCode) && withRightCode.Headers.Location?.OriginalString == "/console",
            "a locked account must not reach the console with the right code");
        var console = await browser.GetAsync("/console");
        Assert.NotEqual(HttpStatusCode.OK, console.StatusCode);

        // A new password sign-in is refused as locked, too.
        using var fresh = factory.CreateBrowser();
        var again = await fresh.PostLoginAsync(userName, HubClient.DemoPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("账号已锁定", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var auditor = await factory.SignedInStaffAsync("auditor");
        var locks = await auditor.AuditEntriesAsync(AuditActions.Lockout, HubClient.StaffId(userName));
        Assert.Contains(locks, l => l.Str("details") == "totp; locked");
    }
}
