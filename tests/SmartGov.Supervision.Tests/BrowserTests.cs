using System.Net;
using Microsoft.AspNetCore.Http.Features;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Supervision;
using SmartGov.Hub.Modules.Supervision.Model;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmartGov.Supervision.Tests;

/// <summary>
/// In Debian's Chromium (SMARTGOV_CHROMIUM) with JavaScript off, against the hub on Kestrel: a supervisor registers a
/// leader's instruction and decomposes it onto two departments; one signs for it and reports; the other misses its
/// deadline, turns red and receives a notice; the board shows it. Fails loudly, never skips, when there is no browser.
/// </summary>
public sealed partial class BrowserTests(BrowserTests.Fixture hub) : IClassFixture<BrowserTests.Fixture>
{
    private static DateOnly Today => ChinaTime.ToDate(DateTimeOffset.UtcNow);

    [GeneratedRegex("/console/supervision/tasks/([0-9a-f-]{36})$")]
    private static partial Regex TaskUrl();

    [Fact]
    public async Task A_leaders_instruction_goes_to_two_departments_one_reports_and_the_other_turns_red_with_a_notice()
    {
        await using var sup = await hub.NewContextAsync();
        var page = await sup.NewPageAsync();
        await SignInStaffAsync(page, "supervisor");
        await page.GetByTestId("nav-supervision").ClickAsync();
        var create = page.GetByTestId("sup-create");
        await create.Locator("#title").FillAsync("市长批示：企业开办全程网办");
        await create.Locator("#taskSource").SelectOptionAsync("LeaderInstruction");
        await create.Locator("#priority").SelectOptionAsync("Urgent");
        await create.Locator("#dueOn").FillAsync(Today.AddDays(60).ToString("yyyy-MM-dd"));
        await create.GetByRole(AriaRole.Button, new() { Name = "立项" }).ClickAsync();
        await Expect(page.GetByTestId("sup-status")).ToContainTextAsync("已立项");
        var taskUrl = page.Url;
        Assert.Matches(TaskUrl(), taskUrl);

        foreach (var (title, dept, days) in new[] { ("营业执照即时办", "scjg", 40), ("税务登记联办", "swj", 20) })
        {
            var form = page.GetByTestId("sup-decompose");
            await form.Locator("#title").FillAsync(title);
            await form.Locator("#leadDepartmentId").SelectOptionAsync(DemoCitySeeder.DeterministicGuid("dept:" + dept).ToString());
            await form.Locator("#dueOn").FillAsync(Today.AddDays(days).ToString("yyyy-MM-dd"));
            await form.GetByRole(AriaRole.Button, new() { Name = "添加子任务" }).ClickAsync();
            await Expect(page.GetByTestId("sup-status")).ToContainTextAsync(title);
        }
        await Expect(page.GetByTestId("sup-subtask")).ToHaveCountAsync(2);
        foreach (var title in new[] { "营业执照即时办", "税务登记联办" })
        {
            await page.GotoAsync(taskUrl);
            await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            await page.GetByTestId("sup-action-Assign").ClickAsync();
            await Expect(page.GetByTestId("sup-subtask-status")).ToHaveAttributeAsync("data-status", "Assigned");
        }

        // The market regulator signs for its part and reports progress.
        await using (var scjgContext = await hub.NewContextAsync())
        {
            var scjg = await scjgContext.NewPageAsync();
            await SignInStaffAsync(scjg, "scjg.officer");
            await scjg.GotoAsync("/console/supervision");
            await scjg.GetByRole(AriaRole.Link, new() { Name = "营业执照即时办" }).ClickAsync();
            await scjg.GetByTestId("sup-action-SignFor").ClickAsync();
            await Expect(scjg.GetByTestId("sup-subtask-status")).ToHaveAttributeAsync("data-status", "SignedFor");
            var report = scjg.GetByTestId("sup-report");
            await report.Locator("#percent").FillAsync("50");
            await report.Locator("#text").FillAsync("电子营业执照系统已完成改造");
            await report.GetByRole(AriaRole.Button, new() { Name = "报送" }).ClickAsync();
            await Expect(scjg.GetByTestId("sup-reports")).ToContainTextAsync("电子营业执照系统已完成改造");
            await Expect(scjg.GetByTestId("sup-subtask-percent")).ToHaveTextAsync("50%");
        }

        // The tax bureau misses its deadline; the sweep issues a red notice, escalated to its leader.
        await hub.MissDeadlineAsync("税务登记联办");
        await using (var swjContext = await hub.NewContextAsync())
        {
            var swj = await swjContext.NewPageAsync();
            await SignInStaffAsync(swj, "swj.leader");
            await swj.GotoAsync("/console/supervision");
            var notice = swj.GetByTestId("sup-notices").Locator("li[data-colour=Red]");
            await Expect(notice).ToContainTextAsync("红色督办单");
            await Expect(notice).ToContainTextAsync("税务登记联办");
            await Expect(notice).ToContainTextAsync("已报部门负责人");
        }

        // The board drills down from the source to the red ones.
        await page.GotoAsync("/console/supervision");
        await page.GetByTestId("sup-board-source-LeaderInstruction").GetByRole(AriaRole.Link).Nth(1).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("light=Red"));
        var red = page.GetByTestId("sup-item");
        await Expect(red.Filter(new() { HasText = "税务登记联办" })).ToHaveCountAsync(1);
        await Expect(red.Filter(new() { HasText = "营业执照即时办" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "supervision-board.png"), FullPage = true });
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

        /// <summary>Time passes: the sub-task's deadline now lies three days back; then the sweep runs as the background job would.</summary>
        public async Task MissDeadlineAsync(string title)
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
            var s = await db.Set<SubTask>().SingleAsync(x => x.Title == title);
            s.DueOn = Today.AddDays(-3);
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<SupervisionSweep>().RunAsync(CancellationToken.None);
        }

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
