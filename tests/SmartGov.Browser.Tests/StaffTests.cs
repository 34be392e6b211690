using SmartGov.Hub.Seeding;
using static Microsoft.Playwright.Assertions;

namespace SmartGov.Browser.Tests;

public sealed class StaffTests(HubFixture hub) : BrowserTest(hub)
{
    [Fact]
    public async Task An_officer_signs_in_with_password_and_totp_and_sees_the_department_on_the_console()
    {
        await using var session = await Hub.NewSessionAsync();
        var page = session.Page;

        await SubmitLoginAsync(page, "gaj.officer", DemoCitySeeder.DemoPassword);
        await Expect(page).ToHaveURLAsync(PathIs("/account/login-2fa"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("动态口令验证");
        var form = page.GetByTestId("totp-form");
        await form.GetByLabel("动态口令").FillAsync(Totp.Code(DemoCitySeeder.TotpSecretFor("gaj.officer"), DateTimeOffset.UtcNow));
        await form.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "验证并登录" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(PathIs("/console"));
        await Expect(page.GetByTestId("console-department")).ToHaveTextAsync("示范市公安局");
        await ScreenshotAsync(page, "console");
    }

    [Fact]
    public async Task An_officer_is_refused_another_departments_workspace_with_403()
    {
        await using var session = await Hub.NewSessionAsync();
        var page = session.Page;
        await SignInStaffAsync(page, "gaj.officer");

        var own = await page.GotoAsync($"/console/department/{DemoCitySeeder.DeterministicGuid("dept:gaj")}");
        Assert.Equal(200, own!.Status);
        await Expect(page.GetByTestId("workspace-title")).ToHaveTextAsync("示范市公安局");

        var other = await page.GotoAsync($"/console/department/{DemoCitySeeder.DeterministicGuid("dept:scjg")}");

        Assert.Equal(403, other!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("无权访问");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("示范市市场监督管理局");
        await ScreenshotAsync(page, "forbidden");
    }
}
