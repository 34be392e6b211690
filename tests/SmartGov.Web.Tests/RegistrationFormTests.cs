using System.Net;
using SmartGov.Core;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Web.Tests;

/// <summary>Registration through the portal's form: errors name the field in both languages and keep what was typed.</summary>
public sealed class RegistrationFormTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static KeyValuePair<string, string>[] Form(string name, string idNumber, string mobile = "13655556666", string password = "Register2026Ab") =>
    [
        new("name", name), new("idNumber", idNumber), new("mobile", mobile), new("password", password), new("confirmPassword", password),
    ];

    [Fact]
    public async Task The_form_renders_with_its_fields_and_an_antiforgery_token()
    {
        using var browser = factory.CreateBrowser();
        var response = await browser.GetAsync("/account/register");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var field in new[] { "name", "idNumber", "mobile", "password", "confirmPassword" })
        {
            Assert.Contains($"name=\"{field}\"", html, StringComparison.Ordinal);
        }
        Assert.NotNull(HubClient.ExtractToken(html));
        Assert.Contains("<html lang=\"zh-CN\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_id_number_is_named_in_both_languages_and_the_name_is_kept()
    {
        using var browser = factory.CreateBrowser();
        var valid = IdNumber.Compose("450107", new DateOnly(1980, 2, 2), 41, male: true);
        var badChecksum = valid[..17] + (valid[17] == '0' ? '1' : '0');
        var response = await browser.SubmitFormAsync("/account/register", Form("欧阳娜娜", badChecksum));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("身份证号", html, StringComparison.Ordinal);
        Assert.Contains("ID number", html, StringComparison.Ordinal);
        Assert.Contains("身份证号校验位不正确", html, StringComparison.Ordinal);
        Assert.Contains("check character is wrong", html, StringComparison.Ordinal);
        Assert.Contains("value=\"欧阳娜娜\"", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{badChecksum}\"", html, StringComparison.Ordinal);
        // The field is marked invalid for screen readers, and the password is never sent back.
        Assert.Matches("id=\"idNumber\"[^>]*aria-invalid=\"true\"", html);
        Assert.DoesNotContain("Register2026Ab", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_without_the_antiforgery_token_is_a_400_page_not_a_500()
    {
        using var browser = factory.CreateBrowser();
        var response = await browser.PostFormAsync("/account/register", Form("张伟", IdNumber.Compose("450107", new DateOnly(1981, 1, 1), 1, true)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);

        // And the account was not created: registering properly afterwards still works.
        using var again = factory.CreateBrowser();
        var ok = await again.SubmitFormAsync("/account/register", Form("张伟", IdNumber.Compose("450107", new DateOnly(1981, 1, 1), 1, true)));
        Assert.True(SmartGovFactory.IsRedirect(ok), $"registration answered {(int)ok.StatusCode}");
    }

    [Fact]
    public async Task A_successful_registration_signs_the_citizen_in_and_shows_the_masked_id()
    {
        var idNumber = IdNumber.Compose("450107", new DateOnly(1995, 5, 20), 520, male: false);
        using var browser = factory.CreateBrowser();
        var response = await browser.SubmitFormAsync("/account/register", Form("林小雨", idNumber, "18611112222"));
        Assert.True(SmartGovFactory.IsRedirect(response), $"registration answered {(int)response.StatusCode}");
        Assert.Equal("/account/me", SmartGovFactory.RedirectPath(response));

        var me = await browser.GetAsync("/account/me?registered=1");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var html = await me.Content.ReadAsStringAsync();
        Assert.Contains("林小雨", html, StringComparison.Ordinal);
        Assert.Contains(IdNumber.Mask(idNumber), html, StringComparison.Ordinal);
        Assert.Matches($"data-testid=\"me-id\">{System.Text.RegularExpressions.Regex.Escape(idNumber[..6])}\\*{{8}}{idNumber[14..]}<", html);
        Assert.DoesNotContain(idNumber, html, StringComparison.Ordinal);
        Assert.Contains("186****2222", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mismatched_passwords_and_a_weak_password_are_named()
    {
        using var browser = factory.CreateBrowser();
        var fields = Form("赵敏", IdNumber.Compose("450107", new DateOnly(1990, 9, 9), 9, true)).ToList();
        fields[3] = new("password", "short");
        fields[4] = new("confirmPassword", "different");
        var response = await browser.SubmitFormAsync("/account/register", fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("两次输入的密码不一致", html, StringComparison.Ordinal);
        Assert.Contains("The two passwords do not match.", html, StringComparison.Ordinal);
        Assert.Contains("密码至少需要 10 个字符", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_elderly_friendly_mode_is_switched_on_and_off_without_javascript()
    {
        using var browser = factory.CreateBrowser();
        var home = await (await browser.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("class=\"elderly\"", home, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"toggle-elderly\"", home, StringComparison.Ordinal);
        var token = HubClient.ExtractToken(home)!;
        var on = await browser.PostFormAsync("/preferences/elderly", [new("enabled", "true"), new("returnUrl", "/halls"), new("__RequestVerificationToken", token)]);
        Assert.Equal("/halls", SmartGovFactory.RedirectPath(on));
        Assert.Contains("<html lang=\"zh-CN\" class=\"elderly\"", await (await browser.GetAsync("/halls")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // An open redirect is not possible through returnUrl.
        var off = await browser.PostFormAsync("/preferences/elderly", [new("enabled", "false"), new("returnUrl", "//evil.example/"), new("__RequestVerificationToken", token)]);
        Assert.Equal("/", SmartGovFactory.RedirectPath(off));
        Assert.DoesNotContain("class=\"elderly\"", await (await browser.GetAsync("/")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_citizen_keeps_the_chosen_language_on_the_next_sign_in()
    {
        var demo = SmartGov.Hub.Seeding.DemoCitySeeder.DemoCitizen;
        using (var first = await factory.SignedInCitizenAsync(demo.IdNumber))
        {
            var token = await first.AntiforgeryTokenAsync("/account/me");
            var switched = await first.PostFormAsync("/preferences/culture", [new("culture", "en-US"), new("returnUrl", "/account/me"), new("__RequestVerificationToken", token)]);
            Assert.Equal("/account/me", SmartGovFactory.RedirectPath(switched));
        }
        // Another device: no culture cookie until the citizen signs in.
        using var second = factory.CreateBrowser();
        Assert.Contains("<html lang=\"zh-CN\"", await (await second.GetAsync("/")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await second.SignInCitizenAsync(demo.Mobile);
        Assert.Contains("<html lang=\"en-US\"", await (await second.GetAsync("/account/me")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var api = await second.GetAsync("/api/v1/no-such-thing");
        Assert.Equal("Not found", (await ProblemAssert.IsProblemAsync(api, 404, "not-found")).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_form_speaks_english_when_english_is_chosen()
    {
        using var browser = factory.CreateBrowser();
        var token = await browser.AntiforgeryTokenAsync("/account/register");
        var switched = await browser.PostFormAsync("/preferences/culture", [new("culture", "en-US"), new("returnUrl", "/account/register"), new("__RequestVerificationToken", token)]);
        Assert.True(SmartGovFactory.IsRedirect(switched));
        var html = await (await browser.GetAsync("/account/register")).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en-US\"", html, StringComparison.Ordinal);
        Assert.Contains("ID number", html, StringComparison.Ordinal);
    }
}
