using Microsoft.Playwright;
using SmartGov.Hub.Seeding;
using static Microsoft.Playwright.Assertions;

namespace SmartGov.Browser.Tests;

public sealed class CitizenAccountTests(HubFixture hub) : BrowserTest(hub)
{
    [Fact]
    public async Task A_citizen_sees_a_bilingual_error_beside_a_bad_id_number_then_registers_and_sees_only_the_masked_number()
    {
        await using var session = await Hub.NewSessionAsync();
        var page = session.Page;
        var citizen = NewCitizen.Create("李秀兰");
        // The right length and a real region and birth date, but the wrong check character.
        var badCheck = citizen.IdNumber[..17] + (citizen.IdNumber[17] == '0' ? '1' : '0');

        await page.GotoAsync("/account/register");
        await FillRegistrationAsync(page, citizen, idNumber: badCheck);

        await Expect(page).ToHaveURLAsync(PathIs("/account/register"));
        var idInput = page.Locator("#idNumber");
        var fieldError = page.Locator(".field", new() { Has = idInput }).Locator(".field-error");
        await Expect(fieldError).ToBeVisibleAsync();
        await Expect(fieldError).ToContainTextAsync("身份证号");
        await Expect(fieldError).ToContainTextAsync("ID number");
        await Expect(idInput).ToHaveAttributeAsync("aria-invalid", "true");
        // A screen reader reads the error with the field.
        await Expect(idInput).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex(@"\bidNumber-error\b"));
        var summary = page.Locator(".error-summary");
        await Expect(summary).ToHaveAttributeAsync("role", "alert");
        await Expect(summary.Locator("a[href='#idNumber']")).ToBeVisibleAsync();
        // Only the bad field is flagged, and what the person typed is still there.
        await Expect(page.Locator("#name")).ToHaveValueAsync(citizen.Name);
        await Expect(page.Locator("#name")).ToHaveAttributeAsync("aria-invalid", "false");
        await Expect(page.Locator("#mobile")).ToHaveValueAsync(citizen.Mobile);
        await ScreenshotAsync(page, "register-errors");

        await FillRegistrationAsync(page, citizen);

        await Expect(page).ToHaveURLAsync(PathIs("/account/me"));
        await Expect(page.GetByTestId("me-name")).ToHaveTextAsync(citizen.Name);
        await Expect(page.GetByTestId("me-id")).ToHaveTextAsync(citizen.MaskedId);
        var html = await page.ContentAsync();
        Assert.DoesNotContain(citizen.IdNumber, html, StringComparison.Ordinal);
        Assert.DoesNotContain(citizen.Mobile, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_citizen_signs_in_with_the_id_number_and_signs_out()
    {
        await using var session = await Hub.NewSessionAsync();
        var page = session.Page;
        var demo = DemoCitySeeder.DemoCitizen;

        await SignInCitizenAsync(page, demo.IdNumber, DemoCitySeeder.DemoPassword);

        await Expect(page.GetByTestId("me-name")).ToHaveTextAsync(demo.Name);
        await Expect(page.GetByTestId("me-id")).ToHaveTextAsync(demo.IdNumber[..6] + "********" + demo.IdNumber[14..]);
        await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
        await Expect(Nav(page).GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToHaveCountAsync(0);

        await page.GetByTestId("sign-out").ClickAsync();

        await Expect(Nav(page).GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sign-out")).ToHaveCountAsync(0);
        await page.GotoAsync("/account/me");
        await Expect(page).ToHaveURLAsync(PathIs("/account/login"));
        await Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
    }
}
