using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartGov.Audit.Tests.Infrastructure;
using SmartGov.Core;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.PersonalData;
using SmartGov.Hub.Seeding;
using static Microsoft.Playwright.Assertions;

namespace SmartGov.Audit.Tests;

/// <summary>
/// The auditor's console and the citizen's "who used my data" page in Debian's Chromium (SMARTGOV_CHROMIUM), against the
/// hub on Kestrel with SQLite, with JavaScript switched off: both pages must work without it. Fails loudly, never skips,
/// when there is no browser.
/// </summary>
public sealed class BrowserTests(BrowserTests.Fixture hub) : IClassFixture<BrowserTests.Fixture>
{
    private static readonly string Person = IdNumber.Compose("371802", new DateOnly(1988, 8, 8), 606, male: false);

    [Fact]
    public async Task The_auditor_filters_by_id_number_opens_an_entry_and_sees_it_verified()
    {
        await using var context = await hub.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInStaffAsync(page, "auditor");
        await page.GotoAsync("/console/audit");
        await Expect(page.GetByTestId("audit-table")).ToBeVisibleAsync();

        var filters = page.GetByTestId("audit-filters");
        await filters.GetByLabel("信息主体身份证号").FillAsync(Person);
        await filters.GetByLabel("用途（包含）").FillAsync("公积金");
        await filters.GetByTestId("audit-filter-submit").ClickAsync();
        var rows = page.GetByTestId("audit-row");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("核对住房公积金缴存信息");
        await Expect(rows.First).ToContainTextAsync("示范市住房和城乡建设局");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "audit-console.png"), FullPage = true });

        await rows.First.GetByTestId("audit-entry-link").ClickAsync();
        var verdict = page.GetByTestId("audit-verdict");
        await Expect(verdict).ToHaveAttributeAsync("data-verified", "true");
        await Expect(verdict).ToContainTextAsync("已验证");
        await Expect(page.GetByTestId("check-signature")).ToHaveTextAsync("通过");
        // The canonical bytes are shown exactly (line breaks are only offered, never inserted as text).
        await Expect(page.GetByTestId("audit-canonical")).ToContainTextAsync("\"outcome\":\"success\",\"person\":");
        await Expect(page.GetByTestId("audit-canonical")).ToContainTextAsync("\"purpose\":\"核对住房公积金缴存信息\",\"requestId\":null,");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "audit-entry.png"), FullPage = true });
    }

    [Fact]
    public async Task A_citizen_reads_who_used_their_data_in_plain_words()
    {
        await using var context = await hub.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        var form = page.GetByTestId("login-form");
        await form.GetByLabel("账号").FillAsync(Person);
        await form.GetByLabel(new System.Text.RegularExpressions.Regex("^密码")).FillAsync("Harbour2026x");
        await form.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.GotoAsync("/account/data-use");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "谁使用了我的数据" })).ToBeVisibleAsync();
        var row = page.GetByTestId("data-use-row").Filter(new() { HasText = "核对住房公积金缴存信息" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("示范市住房和城乡建设局");
        await Expect(row).ToContainTextAsync("查看了您的个人信息");
        await Expect(row).Not.ToContainTextAsync("zjj.officer");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "data-use.png"), FullPage = true });
    }

    private static async Task SignInStaffAsync(IPage page, string userName)
    {
        await page.GotoAsync("/account/login");
        var form = page.GetByTestId("login-form");
        await form.GetByLabel("账号").FillAsync(userName);
        await form.GetByLabel(new System.Text.RegularExpressions.Regex("^密码")).FillAsync(DemoCitySeeder.DemoPassword);
        await form.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        var totp = page.GetByTestId("totp-form");
        await totp.GetByLabel("动态口令").FillAsync(Browser.TotpCode(DemoCitySeeder.TotpSecretFor(userName)));
        await totp.GetByRole(AriaRole.Button, new() { Name = "验证并登录" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console$"));
    }

    /// <summary>The hub on a loopback port with the demo city, one registered citizen and one use of their data; headless Chromium.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the fixture through IAsyncLifetime.DisposeAsync.")]
    public sealed class Fixture : IAsyncLifetime
    {
        private TestDb? _db;
        private KestrelHub? _hub;
        private IPlaywright? _playwright;
        private IBrowser? _browser;

        public async Task InitializeAsync()
        {
            var chromium = Environment.GetEnvironmentVariable("SMARTGOV_CHROMIUM") ?? "/usr/bin/chromium";
            if (!File.Exists(chromium))
            {
                throw new InvalidOperationException($"Chromium not found at '{chromium}': apt-get install chromium fonts-noto-cjk, or set SMARTGOV_CHROMIUM.");
            }
            _db = await TestDb.CreateAsync(DatabaseProvider.Sqlite);
            _hub = new KestrelHub(_db);
            _hub.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            _hub.StartServer();

            // A citizen, and an official of the housing bureau who looked at their data for a stated purpose.
            using var api = new HttpClient { BaseAddress = BaseAddress };
            var register = await api.PostAsync("/api/v1/accounts/citizens", System.Net.Http.Json.JsonContent.Create(new
            {
                name = "周小满", idNumber = Person, mobile = "13700137006", password = "Harbour2026x", confirmPassword = "Harbour2026x",
            }));
            Assert.True(register.IsSuccessStatusCode, await register.Content.ReadAsStringAsync());
            await using (var scope = _hub.Services.CreateAsyncScope())
            {
                var index = scope.ServiceProvider.GetRequiredService<IPersonalDataCipher>().BlindIndex(PersonalDataKind.IdNumber, Person);
                await scope.ServiceProvider.GetRequiredService<IAuditSink>().WriteAsync(new AuditEvent(AuditActions.ViewPersonalData,
                    SubjectType: "application", SubjectId: "ZJ-2026-0042", PersonIndex: index, Purpose: "核对住房公积金缴存信息",
                    ActorId: DemoCitySeeder.DeterministicGuid("user:zjj.officer"), ActorName: "zjj.officer",
                    ActorDepartmentId: DemoCitySeeder.DeterministicGuid("dept:zjj"), ActorType: AuditActorTypes.User));
            }
            await using (var scope = _hub.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<AuditSequencer>().SequenceAllAsync();
            }

            Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
            });
        }

        public Uri BaseAddress => new(_hub!.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/') + "/");

        /// <summary>A fresh context (no cookies) with JavaScript off: the pages must not need it.</summary>
        public async Task<IBrowserContext> NewContextAsync()
        {
            var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = BaseAddress.ToString(),
                JavaScriptEnabled = false,
                Locale = "zh-CN",
                ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            });
            context.SetDefaultTimeout(20_000);
            return context;
        }

        public async Task DisposeAsync()
        {
            if (_browser is not null)
            {
                await _browser.CloseAsync();
            }
            _playwright?.Dispose();
            if (_hub is not null)
            {
                await _hub.DisposeAsync();
            }
            if (_db is not null)
            {
                await _db.DisposeAsync();
            }
        }
    }

    private sealed class KestrelHub(TestDb db) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in db.Settings())
            {
                builder.UseSetting(key, value);
            }
            builder.UseSetting("Seed:DemoCity", "true");
            builder.UseSetting("Seed:Citizens", "5");
            builder.UseSetting("Seed:HistoricalApplications", "0");
            builder.UseSetting("Seed:Businesses", "1");
            builder.UseSetting("PersonalData:EncryptionKey", AuditTestHost.EncryptionKey);
            builder.UseSetting("PersonalData:IndexKey", AuditTestHost.IndexKey);
            builder.UseSetting("Web:SignInPermitPerMinute", "10000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
