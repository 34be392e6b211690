using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using SmartGov.Hub.Modules.Evaluation.Seeding;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SmartGov.Evaluation.Tests;

/// <summary>
/// In Debian's Chromium (SMARTGOV_CHROMIUM) with JavaScript off: the supervisor starts a round on the city template; a
/// department self-assesses with evidence; the third-party evaluator scores; the supervisor reconciles, closes and
/// publishes; the ranking shows and downloads as an Excel workbook that has it. Fails loudly when there is no browser.
/// </summary>
public sealed partial class BrowserTests(BrowserTests.Fixture hub) : IClassFixture<BrowserTests.Fixture>
{
    [GeneratedRegex("/console/evaluation/rounds/([0-9a-f-]{36})$")]
    private static partial Regex RoundUrl();

    [Fact]
    public async Task A_department_self_assesses_an_evaluator_scores_and_the_published_ranking_is_exported_to_Excel()
    {
        var xzsp = DemoCitySeeder.DeterministicGuid("dept:xzsp");
        var gaj = DemoCitySeeder.DeterministicGuid("dept:gaj");

        await using var sup = await hub.NewContextAsync();
        var page = await sup.NewPageAsync();
        await SignInStaffAsync(page, "supervisor");
        await page.GotoAsync("/console/evaluation");
        var form = page.GetByTestId("ev-round-form");
        await form.Locator("#name").FillAsync("2025 年度电子政务绩效评估");
        await form.Locator("#kind").SelectOptionAsync("Annual");
        await form.Locator("#periodFrom").FillAsync("2025-01-01");
        await form.Locator("#periodTo").FillAsync("2025-12-31");
        await form.Locator("#systemId").SelectOptionAsync(EvaluationDemoSeeder.TemplateId.ToString());
        await form.Locator($"input[name=departmentIds][value='{xzsp}']").CheckAsync();
        await form.Locator($"input[name=departmentIds][value='{gaj}']").CheckAsync();
        await form.Locator($"input[name=evaluatorIds][value='{DemoCitySeeder.DeterministicGuid("user:evaluator")}']").CheckAsync();
        await page.GetByTestId("ev-round-create").ClickAsync();
        await Expect(page.GetByTestId("ev-status")).ToContainTextAsync("已发起评估");
        Assert.Matches(RoundUrl(), page.Url);
        var roundUrl = new Uri(page.Url).AbsolutePath;
        await Expect(page.GetByTestId("ev-round-status")).ToHaveAttributeAsync("data-status", "SelfAssessment");

        // The department's leader self-assesses the manual indicators, with evidence.
        await using var dept = await hub.NewContextAsync();
        var dp = await dept.NewPageAsync();
        await SignInStaffAsync(dp, "xzsp.leader");
        await dp.GotoAsync(roundUrl);
        await dp.GetByTestId("ev-sheet-link").ClickAsync();
        await dp.GetByTestId("ev-score-C2").FillAsync("90");
        await dp.GetByTestId("ev-evidence-C2").FillAsync("全年督办事项按期反馈，无驳回");
        await dp.GetByTestId("ev-score-E1").FillAsync("7");
        await dp.GetByTestId("ev-evidence-E1").FillAsync("“一件事一次办”入选省级典型案例");
        await dp.GetByTestId("ev-sheet-save").ClickAsync();
        await Expect(dp.GetByTestId("ev-status")).ToContainTextAsync("已保存");
        await Expect(dp.GetByTestId("ev-self-E1")).ToContainTextAsync("省级典型案例");

        await page.GotoAsync(roundUrl);
        await page.GetByTestId("ev-action-OpenScoring").ClickAsync();
        await Expect(page.GetByTestId("ev-round-status")).ToHaveAttributeAsync("data-status", "ThirdParty");

        // The third-party evaluator scores both departments, seeing the self-assessment and its evidence.
        await using var ev = await hub.NewContextAsync();
        var ep = await ev.NewPageAsync();
        await SignInStaffAsync(ep, "evaluator");
        foreach (var (d, c2, e1) in new[] { (xzsp, "85", "8"), (gaj, "60", "3") })
        {
            await ep.GotoAsync($"{roundUrl}/departments/{d}");
            await Expect(ep.GetByTestId("ev-blind")).ToBeVisibleAsync();
            await ep.GetByTestId("ev-score-C2").FillAsync(c2);
            await ep.GetByTestId("ev-score-E1").FillAsync(e1);
            await ep.GetByTestId("ev-sheet-save").ClickAsync();
            await Expect(ep.GetByTestId("ev-status")).ToContainTextAsync("已保存");
        }
        await Expect(ep.GetByTestId("ev-self-E1")).Not.ToContainTextAsync("省级"); // gaj did not self-assess

        // The supervisor reconciles (evaluator's scores as final), closes and publishes.
        await page.GotoAsync(roundUrl);
        await page.GetByTestId("ev-action-StartReconciliation").ClickAsync();
        await Expect(page.GetByTestId("ev-round-status")).ToHaveAttributeAsync("data-status", "Reconciliation");
        await page.GetByTestId("ev-action-Close").ClickAsync();
        await Expect(page.GetByTestId("ev-round-status")).ToHaveAttributeAsync("data-status", "Closed");
        await page.GetByTestId("ev-action-Publish").ClickAsync();
        await Expect(page.GetByTestId("ev-round-status")).ToHaveAttributeAsync("data-status", "Published");

        // The department sees the published ranking: it comes first, with a bar for each department.
        await dp.GotoAsync(roundUrl);
        var rows = dp.GetByTestId("ev-ranking-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToHaveAttributeAsync("data-department", xzsp.ToString());
        await Expect(rows.First).ToHaveAttributeAsync("data-rank", "1");
        await Expect(dp.GetByTestId("ev-chart").Locator("meter")).ToHaveCountAsync(2);

        // And downloads it as an Excel workbook.
        var download = await dp.RunAndWaitForDownloadAsync(() => dp.GetByTestId("ev-export").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        await using var stream = File.OpenRead(path!);
        var sheet = stream.Query(useHeaderRow: true, sheetName: "排名").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, sheet.Count);
        Assert.Equal("示范市行政审批服务局", sheet[0]["部门"]?.ToString());
        Assert.Equal(1, Convert.ToInt32(sheet[0]["排名"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("E1 改革创新举措", sheet[0].Keys);

        // The printable report has the ranking.
        await dp.GetByTestId("ev-report-link").ClickAsync();
        await Expect(dp.GetByTestId("ev-report")).ToContainTextAsync("示范市行政审批服务局");
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
                BaseURL = BaseAddress.ToString(), JavaScriptEnabled = false, Locale = "zh-CN", AcceptDownloads = true,
                ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            });
            context.SetDefaultTimeout(20_000);
            return context;
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
