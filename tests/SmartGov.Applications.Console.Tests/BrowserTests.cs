using System.Net;
using Microsoft.AspNetCore.Http.Features;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmartGov.Applications.Console.Tests;

/// <summary>
/// In Debian's Chromium (SMARTGOV_CHROMIUM) with JavaScript off, against the hub on Kestrel: a window clerk at a
/// district hall accepts a city-wide item for a walk-in applicant without an account and is taken to the receipt.
/// Fails loudly, never skips, when there is no browser.
/// </summary>
public sealed partial class BrowserTests(BrowserTests.Fixture hub) : IClassFixture<BrowserTests.Fixture>
{
    [GeneratedRegex("/applications/([0-9]{22})/receipt$")]
    private static partial Regex ReceiptUrl();

    [Fact]
    public async Task A_window_clerk_at_a_district_hall_accepts_a_city_wide_item_for_a_walk_in_applicant_and_prints_the_receipt()
    {
        await using var context = await hub.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInStaffAsync(page, "clerk4");

        await page.GotoAsync("/console/window");
        var hallForm = page.GetByTestId("cwin-hall-form");
        await hallForm.GetByLabel("我所在的大厅").SelectOptionAsync(new SelectOptionValue { Label = "东湖区政务服务中心" });
        await hallForm.GetByRole(AriaRole.Button, new() { Name = "选择大厅" }).ClickAsync();
        await Expect(page.GetByTestId("cwin-status")).ToContainTextAsync("东湖区政务服务中心");

        var search = page.GetByTestId("cwin-search");
        await search.GetByLabel("事项名称").FillAsync("社会保障卡");
        await search.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "社会保障卡申领" }).ClickAsync();

        var form = page.GetByTestId("cwin-intake");
        var idNumber = ConsoleTestKit.WalkInIdNumber(40);
        await form.GetByLabel(new Regex("^身份证号码")).FillAsync(idNumber);
        await form.GetByRole(AriaRole.Button, new() { Name = "查询申请人" }).ClickAsync();
        await Expect(page.GetByTestId("cwin-found")).ToContainTextAsync("没有该身份证号码的账户");

        form = page.GetByTestId("cwin-intake");
        await form.GetByLabel(new Regex("^申请人姓名")).FillAsync("王晓燕");
        await form.GetByLabel(new Regex("^手机号码")).FillAsync("13700137000");
        var papers = form.GetByLabel("已核验纸质原件");
        for (var i = 0; i < await papers.CountAsync(); i++)
        {
            await papers.Nth(i).CheckAsync();
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "window-intake-form.png"), FullPage = true });
        await form.GetByRole(AriaRole.Button, new() { Name = "当场受理" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(ReceiptUrl());
        var number = ReceiptUrl().Match(page.Url).Groups[1].Value;
        var (status, hall) = await hub.StatusAsync(number);
        Assert.Equal(ApplicationStatus.InReview, status);
        Assert.Equal(ConsoleTestKit.DistrictHall, hall);
        var receipt = page.GetByTestId("receipt");
        await Expect(receipt).ToContainTextAsync(number);
        await Expect(receipt.GetByTestId("hall")).ToHaveTextAsync("东湖区政务服务中心");
        await Expect(receipt.GetByTestId("applicant")).ToContainTextAsync("王**");

        // Printing: in print media the page's own links are hidden and the receipt prints to a PDF page.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".no-print").First).ToBeHiddenAsync();
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4), StringComparison.Ordinal);
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "window-intake-receipt.png"), FullPage = true });

        // The clerk finds it in the console: under review at 人社局, materials checked on paper.
        await page.GotoAsync("/console/applications/" + await hub.IdAsync(number));
        await Expect(page.GetByTestId("capp-app-status")).ToHaveTextAsync("审查中");
        await Expect(page.GetByTestId("capp-material")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("capp-applicant")).ToHaveTextAsync("王**");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "application-detail.png"), FullPage = true });
    }

    private static async Task SignInStaffAsync(IPage page, string userName)
    {
        await page.GotoAsync("/account/login");
        var form = page.GetByTestId("login-form");
        await form.GetByLabel("账号").FillAsync(userName);
        await form.GetByLabel(new Regex("^密码")).FillAsync(DemoCitySeeder.DemoPassword);
        await form.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        var totp = page.GetByTestId("totp-form");
        await totp.GetByLabel("动态口令").FillAsync(Totp.Code(DemoCitySeeder.TotpSecretFor(userName)));
        await totp.GetByRole(AriaRole.Button, new() { Name = "验证并登录" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console$"));
    }

    /// <summary>The hub on a loopback port (Kestrel) with the demo city; headless Chromium.</summary>
    public sealed class Fixture : SmartGovFactory
    {
        private IPlaywright? _playwright;
        private IBrowser? _browser;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }

        public override async Task InitializeAsync()
        {
            var chromium = Environment.GetEnvironmentVariable("SMARTGOV_CHROMIUM") ?? "/usr/bin/chromium";
            if (!File.Exists(chromium))
            {
                throw new InvalidOperationException($"Chromium not found at '{chromium}': apt-get install chromium fonts-noto-cjk, or set SMARTGOV_CHROMIUM.");
            }
            UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            await base.InitializeAsync();
            Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium, Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
            });
        }

        public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/') + "/");

        public async Task<IBrowserContext> NewContextAsync()
        {
            var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = BaseAddress.ToString(), JavaScriptEnabled = false, Locale = "zh-CN",
                ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            });
            context.SetDefaultTimeout(20_000);
            return context;
        }

        /// <summary>The application's status and hall as stored.</summary>
        public Task<(ApplicationStatus Status, Guid? Hall)> StatusAsync(string number) => WithDbAsync(async db =>
        {
            var app = await db.Set<Application>().AsNoTracking().SingleAsync(a => a.Number == number);
            return (app.Status, app.HallId);
        });

        public Task<Guid> IdAsync(string number) => WithDbAsync(db => db.Set<Application>().Where(a => a.Number == number).Select(a => a.Id).SingleAsync());

        protected override async Task DisposeExtrasAsync()
        {
            if (_browser is not null)
            {
                await _browser.CloseAsync();
            }
            _playwright?.Dispose();
        }
    }
}
