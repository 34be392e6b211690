using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
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

namespace SmartGov.Insight.Tests;

/// <summary>
/// In Debian's Chromium (SMARTGOV_CHROMIUM), JavaScript on, against the hub on Kestrel with the site's CSP: the
/// supervision story's red sub-task shows on the city leader's dashboard lights, the ECharts charts draw (same-origin
/// scripts only), and the red count leads to the list with the task. Fails loudly, never skips, without a browser.
/// </summary>
public sealed class BrowserTests(BrowserTests.Fixture hub) : IClassFixture<BrowserTests.Fixture>
{
    private static DateOnly Today => ChinaTime.ToDate(DateTimeOffset.UtcNow);

    [Fact]
    public async Task The_red_sub_task_of_the_supervision_story_shows_on_the_city_leaders_dashboard()
    {
        // The supervision story, through its API: a leader's instruction, decomposed onto two departments and assigned.
        using var supervisor = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = hub.BaseAddress,
        };
        await supervisor.SignInStaffAsync("supervisor");
        var created = await supervisor.PostAsJsonAsync("/api/v1/supervision/tasks", new
        {
            title = "市长批示：企业开办全程网办", source = "LeaderInstruction", priority = "Urgent", dueOn = Today.AddDays(60),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var taskId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        foreach (var (title, dept, days) in new[] { ("营业执照即时办", "scjg", 40), ("税务登记联办", "swj", 20) })
        {
            var sub = await supervisor.PostAsJsonAsync($"/api/v1/supervision/tasks/{taskId}/subtasks", new
            {
                title, leadDepartmentId = DemoCitySeeder.DeterministicGuid("dept:" + dept), dueOn = Today.AddDays(days), weight = 1,
            });
            Assert.Equal(HttpStatusCode.Created, sub.StatusCode);
            var id = (await sub.ReadJsonAsync()).GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync($"/api/v1/supervision/subtasks/{id}/transitions", new { action = "Assign" })).StatusCode);
        }
        await hub.MissDeadlineAsync("税务登记联办");

        await using var context = await hub.NewContextAsync();
        var page = await context.NewPageAsync();
        var cspErrors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                cspErrors.Add(m.Text);
            }
        };
        await SignInStaffAsync(page, "mayor");
        await page.GotoAsync("/console/insight");
        await Expect(page.Locator("h1")).ToHaveTextAsync("决策研判");
        var total = page.GetByTestId("insight-lights-total");
        await Expect(total.Locator("td[data-light=Red]")).Not.ToHaveTextAsync("0");
        // ECharts drew the lights (a canvas inside the chart box), loaded from /lib/echarts under the CSP.
        await Expect(page.Locator(".insight-chart[data-chart=lights] canvas")).ToHaveCountAsync(1);
        Assert.DoesNotContain(cspErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));

        await total.Locator("td[data-light=Red] a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/insight/subtasks\\?.*light=Red"));
        var red = page.GetByTestId("insight-subtask");
        await Expect(red.Filter(new() { HasText = "税务登记联办" })).ToHaveCountAsync(1);
        await Expect(red.Filter(new() { HasText = "营业执照即时办" })).ToHaveCountAsync(0);
        await page.GotoAsync("/console/insight/bigscreen");
        await Expect(page.GetByTestId("fig-red")).Not.ToHaveTextAsync("0");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "insight-bigscreen.png"), FullPage = true });
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
            // The dashboard must show the sub-task the moment it turns red, not after the board cache expires.
            builder.UseSetting("Insight:SupervisionCacheSeconds", "0");
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
                BaseURL = BaseAddress.ToString(), JavaScriptEnabled = true, Locale = "zh-CN",
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
