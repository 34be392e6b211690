using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Web.Tests;

/// <summary>Staff sign in with a password and a TOTP code (RFC 6238); a staff member without TOTP must enrol before using the console.</summary>
public sealed partial class StaffSignInTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [GeneratedRegex("data-testid=\"totp-key\">([A-Z2-7 ]+)<")]
    private static partial Regex TotpKey();

    [Fact]
    public async Task Password_then_totp_code_opens_the_console()
    {
        using var browser = factory.CreateBrowser();
        var password = await browser.PostLoginAsync("zjj.leader", HubClient.DemoPassword);
        Assert.True(SmartGovFactory.IsRedirect(password));
        Assert.Equal("/account/login-2fa", SmartGovFactory.RedirectPath(password));
        // The password alone opens nothing.
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync("/console")).StatusCode);

        var code = Totp.Code(DemoCitySeeder.TotpSecretFor("zjj.leader"));
        var second = await browser.SubmitFormAsync(password.Headers.Location!.OriginalString, [new("code", code)]);
        Assert.True(SmartGovFactory.IsRedirect(second));
        Assert.Equal("/console", SmartGovFactory.RedirectPath(second));

        var console = await browser.GetAsync("/console");
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        Assert.Contains("示范市住房和城乡建设局", await console.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_totp_code_is_refused_with_a_field_error()
    {
        using var browser = factory.CreateBrowser();
        var password = await browser.PostLoginAsync("zrzy.officer", HubClient.DemoPassword);
        var right = Totp.Code(DemoCitySeeder.TotpSecretFor("zrzy.officer"));
        var wrong = right[..5] + (char)('0' + ((right[5] - '0' + 3) % 10));
        var response = await browser.SubmitFormAsync(password.Headers.Location!.OriginalString, [new("code", wrong)]);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("动态口令不正确或已过期", html, StringComparison.Ordinal);
        Assert.Contains("The code is wrong or has expired.", html, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task The_totp_page_without_a_password_step_sends_back_to_sign_in()
    {
        using var browser = factory.CreateBrowser();
        var response = await browser.GetAsync("/account/login-2fa");
        Assert.True(SmartGovFactory.IsRedirect(response));
        Assert.Equal("/account/login", SmartGovFactory.RedirectPath(response));
    }

    [Fact]
    public async Task A_new_staff_member_without_totp_must_enrol_before_the_console_opens()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        var created = await sysadmin.PostAsJsonAsync("/api/v1/staff/", new
        {
            userName = "xzsp.newcomer",
            displayName = "新同事",
            departmentId = HubClient.DepartmentId("xzsp"),
            roles = new[] { "WindowClerk" },
            initialPassword = "Newcomer2026Ab",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var browser = factory.CreateBrowser();
        var signIn = await browser.PostLoginAsync("xzsp.newcomer", "Newcomer2026Ab");
        Assert.True(SmartGovFactory.IsRedirect(signIn));
        Assert.Equal("/account/setup-2fa", SmartGovFactory.RedirectPath(signIn));

        // Not enrolled: the console, the department workspace and the department API stay shut.
        var console = await browser.GetAsync("/console");
        Assert.NotEqual(HttpStatusCode.OK, console.StatusCode);
        Assert.True(console.StatusCode == HttpStatusCode.Forbidden || SmartGovFactory.IsRedirect(console), $"/console answered {(int)console.StatusCode}");
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync($"/console/department/{HubClient.DepartmentId("xzsp")}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await browser.GetAsync($"/api/v1/departments/{HubClient.DepartmentId("xzsp")}/staff"), 403, "forbidden");

        // Enrol: read the key shown on the page (as one would type it into an app), prove it with a code.
        var setup = await browser.GetAsync("/account/setup-2fa");
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        var html = await setup.Content.ReadAsStringAsync();
        var key = TotpKey().Match(html);
        Assert.True(key.Success, "the setup page shows the key for manual entry");
        Assert.Contains("src=\"data:image/svg+xml;base64,", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);

        var wrong = await browser.SubmitFormAsync("/account/setup-2fa", [new("code", "000000")]);
        if (wrong.StatusCode != HttpStatusCode.UnprocessableEntity)
        {
            // 000000 could, once in a million, be the right code.
            Assert.True(SmartGovFactory.IsRedirect(wrong));
        }
        else
        {
            Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync("/console")).StatusCode);
            var enrolled = await browser.SubmitFormAsync("/account/setup-2fa", [new("code", Totp.Code(key.Groups[1].Value))]);
            Assert.True(SmartGovFactory.IsRedirect(enrolled), $"enrolment answered {(int)enrolled.StatusCode}");
            Assert.Equal("/console", SmartGovFactory.RedirectPath(enrolled));
        }
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/console")).StatusCode);

        // From now on the newcomer signs in with the code, like everyone else.
        using var later = factory.CreateBrowser();
        await later.SignInStaffAsync("xzsp.newcomer", "Newcomer2026Ab", key.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var browser = await factory.SignedInStaffAsync("swj.officer");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/console")).StatusCode);
        var token = await browser.AntiforgeryTokenAsync("/console");
        var signOut = await browser.PostFormAsync("/account/logout", [new("__RequestVerificationToken", token)]);
        Assert.True(SmartGovFactory.IsRedirect(signOut));
        var console = await browser.GetAsync("/console");
        Assert.True(SmartGovFactory.IsRedirect(console));
        Assert.Equal("/account/login", SmartGovFactory.RedirectPath(console));
    }

    [Fact]
    public async Task A_citizen_cannot_open_the_console()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/console")).StatusCode);
    }
}
