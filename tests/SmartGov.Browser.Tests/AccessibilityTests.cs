using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SmartGov.Browser.Tests;

public sealed class AccessibilityTests(HubFixture hub) : BrowserTest(hub)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/register")]
    [InlineData("/account/login")]
    public async Task A_keyboard_user_meets_the_skip_link_first_and_every_field_has_a_label(string path)
    {
        await using var session = await Hub.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync(path);

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Expect(page.Locator("h1")).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("Tab");
        var focused = page.Locator(":focus");
        await Expect(focused).ToHaveAttributeAsync("href", "#main");
        await Expect(focused).ToHaveClassAsync("skip-link");
        await Expect(focused).ToHaveTextAsync("跳到主要内容");
        // Once focused, it is on screen where a sighted keyboard user can see it.
        await Expect(focused).ToBeInViewportAsync();

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(":focus")).ToHaveIdAsync("main");

        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                .filter(el => !el.id || !document.querySelector(`label[for="${CSS.escape(el.id)}"]`))
                .map(el => el.outerHTML)
            """);
        Assert.Empty(unlabelled);
    }

    [Theory]
    [InlineData("/", false)]
    [InlineData("/account/register", false)]
    [InlineData("/account/login", false)]
    [InlineData("/", true)]
    [InlineData("/account/register", true)]
    [InlineData("/services", false)]
    [InlineData("/services?q=结昏登记", false)]
    [InlineData("/services?q=开公司", true)]
    [InlineData("/halls", false)]
    public async Task Axe_finds_no_WCAG_2_1_AA_violations(string path, bool elderly)
    {
        await using var session = await Hub.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync(path);
        if (elderly)
        {
            await page.GetByTestId("toggle-elderly").ClickAsync();
            await Expect(page.Locator("html")).ToHaveClassAsync(ElderlyClass);
        }
        if (path == "/account/register")
        {
            // The page as a person who made mistakes sees it: errors beside the fields and in the summary.
            await page.GetByTestId("register-form").GetByRole(AriaRole.Button, new() { Name = "注册" }).ClickAsync();
            await Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        }

        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        Assert.NotEmpty(result.Passes); // axe really ran its rules on this page
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} -> {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(violations.Count == 0, "axe-core found:\n" + string.Join("\n", violations));
    }
}
