using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SmartGov.Browser.Tests;

public sealed class PreferencesTests(HubFixture hub) : BrowserTest(hub)
{
    [Fact]
    public async Task Switching_to_English_changes_the_page_language_keeps_it_across_pages_and_switches_back()
    {
        await using var session = await Hub.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(Nav(page).GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();

        await page.GetByTestId("switch-language").ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en-US");
        await Expect(Nav(page).GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("switch-language")).ToHaveTextAsync("中文");

        await page.GotoAsync("/account/register");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en-US");
        await Expect(page.Locator("label[for=idNumber]")).ToContainTextAsync("ID number");
        await page.GetByTestId("register-form").GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.Locator("#idNumber-error")).ToContainTextAsync("ID number");
        await ScreenshotAsync(page, "register-en");

        await page.GetByTestId("switch-language").ClickAsync();

        await Expect(page).ToHaveURLAsync(PathIs("/account/register"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(Nav(page).GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("switch-language")).ToHaveTextAsync("English");
    }

    [Fact]
    public async Task Elderly_mode_makes_text_larger_and_follows_the_person_across_pages()
    {
        await using var session = await Hub.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).Not.ToHaveClassAsync(ElderlyClass);
        var before = await BodyTextSizeAsync(page);

        await page.GetByTestId("toggle-elderly").ClickAsync();

        await Expect(page.Locator("html")).ToHaveClassAsync(ElderlyClass);
        await Expect(page.GetByTestId("toggle-elderly")).ToHaveAttributeAsync("aria-pressed", "true");
        var after = await BodyTextSizeAsync(page);
        Assert.True(after > before, $"Body text should grow in elderly mode: {before}px before, {after}px after.");
        await ScreenshotAsync(page, "elderly-home");

        await page.GotoAsync("/account/register");
        await Expect(page.Locator("html")).ToHaveClassAsync(ElderlyClass);
        Assert.Equal(after, await BodyTextSizeAsync(page));

        await page.GetByTestId("toggle-elderly").ClickAsync();
        await Expect(page.Locator("html")).Not.ToHaveClassAsync(ElderlyClass);
        Assert.Equal(before, await BodyTextSizeAsync(page));
    }

    [Fact]
    public async Task Elderly_mode_is_remembered_on_a_citizens_account_on_a_new_device()
    {
        var citizen = NewCitizen.Create("赵淑芬");
        await using (var first = await Hub.NewSessionAsync())
        {
            await RegisterAsync(first.Page, citizen);
            await first.Page.GetByTestId("toggle-elderly").ClickAsync();
            await Expect(first.Page.Locator("html")).ToHaveClassAsync(ElderlyClass);
            await SignOutAsync(first.Page);
        }

        // A new context has no cookies at all: only the account can remember the choice.
        await using var second = await Hub.NewSessionAsync();
        var page = second.Page;
        await page.GotoAsync("/account/login");
        await Expect(page.Locator("html")).Not.ToHaveClassAsync(ElderlyClass);

        await SignInCitizenAsync(page, citizen.Mobile, citizen.Password);

        await Expect(page.Locator("html")).ToHaveClassAsync(ElderlyClass);
        await Expect(page.Locator("dl.details")).ToContainTextAsync("已开启");
        await ScreenshotAsync(page, "elderly-me");
    }

    /// <summary>The computed font size of a paragraph of body text in the main content, in CSS pixels.</summary>
    private static async Task<double> BodyTextSizeAsync(IPage page)
    {
        var size = await page.Locator("main p:not([class])").First.EvaluateAsync<string>("p => getComputedStyle(p).fontSize");
        return double.Parse(size.Replace("px", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }
}
