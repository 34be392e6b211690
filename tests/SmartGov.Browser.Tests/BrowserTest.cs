using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmartGov.Core;
using SmartGov.Hub.Seeding;
using static Microsoft.Playwright.Assertions;

namespace SmartGov.Browser.Tests;

/// <summary>A citizen who does not exist yet: a valid ID number and mobile number no other test uses.</summary>
public sealed record NewCitizen(string Name, string IdNumber, string Mobile, string Password)
{
    private static int _next;

    public static NewCitizen Create(string name)
    {
        var n = Interlocked.Increment(ref _next);
        // Beijing, Chaoyang district; the demo city seeds 3718xx, so these never collide with seeded citizens.
        var id = SmartGov.Core.IdNumber.Compose("110105", new DateOnly(1950 + n, 3, 1 + n), 300 + n, male: n % 2 == 1);
        var mobile = "1391234" + (5000 + n).ToString("D4", CultureInfo.InvariantCulture);
        return new NewCitizen(name, id, mobile, "Citizen2026pw" + n);
    }

    /// <summary>What the page must show instead of the number: the first 6, eight stars, the last 4.</summary>
    public string MaskedId => IdNumber[..6] + "********" + IdNumber[14..];
}

[Collection(HubCollection.Name)]
public abstract class BrowserTest(HubFixture hub)
{
    protected HubFixture Hub { get; } = hub;

    /// <summary>The label 密码 (followed by the required mark), and not 确认密码.</summary>
    private static readonly Regex _passwordLabel = new("^密码");

    /// <summary>The class on &lt;html&gt; that switches on the elderly-friendly styles.</summary>
    protected static Regex ElderlyClass { get; } = new(@"\belderly\b");

    protected static Regex PathIs(string path) => new("^[^?#]*//[^/]+" + Regex.Escape(path) + "([?#].*)?$");

    protected static ILocator Nav(IPage page) => page.Locator("nav.site-nav");

    protected static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HubFixture.ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>Fills the registration form as a person would, by its labels, and submits it.</summary>
    protected static async Task FillRegistrationAsync(IPage page, NewCitizen citizen, string? idNumber = null)
    {
        var form = page.GetByTestId("register-form");
        await form.GetByLabel("姓名").FillAsync(citizen.Name);
        await form.GetByLabel("身份证号").FillAsync(idNumber ?? citizen.IdNumber);
        await form.GetByLabel("手机号码").FillAsync(citizen.Mobile);
        await form.GetByLabel(_passwordLabel).FillAsync(citizen.Password);
        await form.GetByLabel("确认密码").FillAsync(citizen.Password);
        await form.GetByRole(AriaRole.Button, new() { Name = "注册" }).ClickAsync();
    }

    /// <summary>Registers a new citizen through the page and checks the account page greets them.</summary>
    protected static async Task RegisterAsync(IPage page, NewCitizen citizen)
    {
        await page.GotoAsync("/account/register");
        await FillRegistrationAsync(page, citizen);
        await Expect(page).ToHaveURLAsync(PathIs("/account/me"));
        await Expect(page.GetByTestId("me-name")).ToHaveTextAsync(citizen.Name);
    }

    protected static async Task SubmitLoginAsync(IPage page, string identifier, string password)
    {
        await page.GotoAsync("/account/login");
        var form = page.GetByTestId("login-form");
        await form.GetByLabel("账号").FillAsync(identifier);
        await form.GetByLabel(_passwordLabel).FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
    }

    protected static async Task SignInCitizenAsync(IPage page, string identifier, string password)
    {
        await SubmitLoginAsync(page, identifier, password);
        await Expect(page).ToHaveURLAsync(PathIs("/account/me"));
    }

    /// <summary>Password, then the code an authenticator app would show for the demo secret; lands on the console.</summary>
    protected static async Task SignInStaffAsync(IPage page, string userName)
    {
        await SubmitLoginAsync(page, userName, DemoCitySeeder.DemoPassword);
        await Expect(page).ToHaveURLAsync(PathIs("/account/login-2fa"));
        var form = page.GetByTestId("totp-form");
        await form.GetByLabel("动态口令").FillAsync(Totp.Code(DemoCitySeeder.TotpSecretFor(userName), DateTimeOffset.UtcNow));
        await form.GetByRole(AriaRole.Button, new() { Name = "验证并登录" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(PathIs("/console"));
    }

    protected static async Task SignOutAsync(IPage page)
    {
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(Nav(page).GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();
    }
}
