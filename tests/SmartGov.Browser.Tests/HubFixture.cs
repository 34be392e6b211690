using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace SmartGov.Browser.Tests;

/// <summary>
/// One real hub on Kestrel (a free loopback port, SQLite in a temp folder, the demo city seeded)
/// and one headless Chromium for the whole collection. Each test opens its own browser context.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the fixture through IAsyncLifetime.DisposeAsync.")]
public sealed class HubFixture : IAsyncLifetime
{
    // Fixed keys so that personal data written by one start can be read by the next (and no key file is generated).
    private const string EncryptionKey = "00112233445566778899aabbccddeeff";
    private const string IndexKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static readonly string[] _chromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "smartgov-browser-" + Guid.NewGuid().ToString("N"));
    private HubFactory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where the hub listens, e.g. http://127.0.0.1:43817/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Screenshots land here, beside the test assembly.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        // Fail loudly (never skip): a missing browser must turn the suite red, not silently green.
        var chromium = Environment.GetEnvironmentVariable("SMARTGOV_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at '{chromium}'. The browser tests need Debian's Chromium: run " +
                "'apt-get install -y chromium fonts-noto-cjk', or set SMARTGOV_CHROMIUM to a Chromium executable. " +
                "Playwright's own browser download is never used.");
        }

        Directory.CreateDirectory(_dataDirectory);
        Directory.CreateDirectory(ScreenshotDirectory);
        _factory = new HubFactory(_dataDirectory);
        _factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/') + "/");

        // The driver (node + Playwright's package) ships inside the NuGet package; nothing is downloaded.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = _chromiumArgs,
        });
    }

    /// <summary>A fresh browser context (no cookies) with one page, pointed at the hub.</summary>
    public async Task<BrowserSession> NewSessionAsync(bool javaScriptEnabled = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            JavaScriptEnabled = javaScriptEnabled,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page);
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
            // UseSetting reaches builder.Configuration before Program registers its services.
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:DataDirectory", dataDirectory);
            builder.UseSetting("Database:MigrateOnStart", "true");
            builder.UseSetting("Seed:DemoCity", "true");
            builder.UseSetting("Seed:Citizens", "30");
            builder.UseSetting("Seed:HistoricalApplications", "0");
            builder.UseSetting("Seed:Businesses", "5");
            builder.UseSetting("PersonalData:EncryptionKey", EncryptionKey);
            builder.UseSetting("PersonalData:IndexKey", IndexKey);
            builder.UseSetting("Web:SignInPermitPerMinute", "10000");
            builder.UseSetting("Web:ApiPermitPerMinute", "10000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}

/// <summary>A browser context and its page; disposing closes the context (and its cookies).</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;
    public IPage Page { get; } = page;

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

[CollectionDefinition(Name)]
public sealed class HubCollection : ICollectionFixture<HubFixture>
{
    public const string Name = "hub in a browser";
}
