using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmartGov.Applications.Browser.Tests;

/// <summary>
/// The hub on Kestrel (a free loopback port) with a small demo city on SQLite in a temp folder, and one headless
/// Chromium (Debian's, SMARTGOV_CHROMIUM). Each person of a story gets a browser context of their own.
/// Fails loudly, never skips, when there is no browser.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the fixture through IAsyncLifetime.DisposeAsync.")]
public sealed class HubFixture : IAsyncLifetime
{
    // Fixed keys: no key file is generated in the data folder.
    private const string EncryptionKey = "00112233445566778899aabbccddeeff";
    private const string IndexKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static readonly string[] _chromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "smartgov-e2e-" + Guid.NewGuid().ToString("N"));
    private HubFactory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where the hub listens, e.g. http://127.0.0.1:43817/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A folder of this run for downloads; removed with the data folder.</summary>
    public string DownloadDirectory => Path.Combine(_dataDirectory, "downloads");

    /// <summary>Screenshots land beside the test assembly.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("SMARTGOV_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at '{chromium}'. Install Debian's Chromium (apt-get install -y chromium fonts-noto-cjk) " +
                "or set SMARTGOV_CHROMIUM to a Chromium executable. Playwright's own browser download is never used.");
        }
        Directory.CreateDirectory(_dataDirectory);
        Directory.CreateDirectory(DownloadDirectory);
        Directory.CreateDirectory(ScreenshotDirectory);
        _factory = new HubFactory(_dataDirectory);
        _factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/') + "/");

        // The driver ships inside the NuGet package; no browser is downloaded.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = _chromiumArgs,
        });
    }

    /// <summary>A fresh browser context (no cookies) for one person, pointed at the hub.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        return context;
    }

    /// <summary>A staff member signs in as at the office: user name and password, then the code of their authenticator app.</summary>
    public async Task<IPage> SignInStaffAsync(IBrowserContext context, string userName)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        var form = page.GetByTestId("login-form");
        await form.GetByLabel("账号").FillAsync(userName);
        await form.GetByLabel(new Regex("^密码")).FillAsync(DemoCitySeeder.DemoPassword);
        await form.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        var totp = page.GetByTestId("totp-form");
        await totp.GetByLabel("动态口令").FillAsync(Totp.Code(DemoCitySeeder.TotpSecretFor(userName)));
        await totp.GetByRole(AriaRole.Button, new() { Name = "验证并登录" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console$"));
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private sealed class HubFactory(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // What a person meets in production: no developer exception page.
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:DataDirectory", dataDirectory);
            builder.UseSetting("Database:MigrateOnStart", "true");
            builder.UseSetting("Seed:DemoCity", "true");
            builder.UseSetting("Seed:Citizens", "10");
            builder.UseSetting("Seed:Businesses", "3");
            builder.UseSetting("Seed:HistoricalApplications", "0");
            builder.UseSetting("PersonalData:EncryptionKey", EncryptionKey);
            builder.UseSetting("PersonalData:IndexKey", IndexKey);
            builder.UseSetting("Web:SignInPermitPerMinute", "10000");
            builder.UseSetting("Web:ApiPermitPerMinute", "10000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
