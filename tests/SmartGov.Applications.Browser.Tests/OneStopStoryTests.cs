using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SmartGov.Hub.Seeding;
using static Microsoft.Playwright.Assertions;

namespace SmartGov.Applications.Browser.Tests;

/// <summary>
/// Issue 4, "Done means", the first browser test, all through the real pages in Chromium: the demo citizen 张明华 finds
/// 建设工程规划许可证核发 by a Chinese search and applies for his company; the intake officer of 行政审批服务局 asks for one
/// more material at once (一次性告知), he supplies it and the officer accepts; 自然资源和规划局, 住房和城乡建设局 and 公安局
/// review in parallel (并联审批); the leader decides and the permit is issued; he sees the history, downloads the signed
/// result, verifies it on the public page and rates the service (好差评).
/// </summary>
public sealed partial class OneStopStoryTests(HubFixture hub) : IClassFixture<HubFixture>
{
    private const string ItemName = "建设工程规划许可证核发";
    private const string ExtraMaterial = "建设工程设计方案效果图";

    /// <summary>The three parallel reviews of the demo workflow: officer, step name, department.</summary>
    private static readonly (string Officer, string StepKey, string Step, string Department)[] ParallelReviews =
    [
        ("zrzy.officer", "plan", "规划审查", "示范市自然资源和规划局"),
        ("zjj.officer", "build", "建设与人防审查", "示范市住房和城乡建设局"),
        ("gaj.officer", "traffic", "交通影响审查", "示范市公安局"),
    ];

    [GeneratedRegex("/applications/([0-9]{22})/receipt$")]
    private static partial Regex ReceiptUrl();

    [GeneratedRegex("/services/([^/?#]+)/apply$")]
    private static partial Regex ApplyUrl();

    [Fact]
    public async Task A_citizen_applies_for_a_planning_permit_supplies_a_missing_material_three_departments_approve_and_he_verifies_and_rates_the_result()
    {
        await using var citizenContext = await hub.NewContextAsync();
        await using var intakeContext = await hub.NewContextAsync();
        await using var zrzyContext = await hub.NewContextAsync();
        await using var zjjContext = await hub.NewContextAsync();
        await using var gajContext = await hub.NewContextAsync();
        await using var leaderContext = await hub.NewContextAsync();
        var citizen = await citizenContext.NewPageAsync();

        // 1. He searches the portal in Chinese, opens the guide and starts the online application.
        await citizen.GotoAsync("/services");
        var search = citizen.GetByTestId("service-search");
        await search.GetByLabel("搜索事项").FillAsync("规划许可");
        await search.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await Expect(citizen).ToHaveURLAsync(new Regex(@"/services\?(.*&)?q=" + Regex.Escape(Uri.EscapeDataString("规划许可"))));
        await citizen.GetByTestId("results").GetByRole(AriaRole.Link, new() { Name = ItemName, Exact = true }).ClickAsync();
        await Expect(citizen.Locator("h1")).ToContainTextAsync(ItemName);
        await citizen.GetByTestId("apply-link").ClickAsync();

        // Not signed in yet: the portal asks him to, then brings him back to the form.
        await Expect(citizen).ToHaveURLAsync(new Regex("/account/login"));
        var login = citizen.GetByTestId("login-form");
        await login.GetByLabel("账号").FillAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        await login.GetByLabel(new Regex("^密码")).FillAsync(DemoCitySeeder.DemoPassword);
        await login.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(citizen).ToHaveURLAsync(ApplyUrl());
        await Expect(citizen.GetByTestId("apply-title")).ToContainTextAsync(ItemName);
        await AssertNoAxeViolationsAsync(citizen, "apply page");

        // He applies for his company (he is its legal representative).
        var form = citizen.GetByTestId("apply-form");
        var applyAs = form.GetByLabel("申请主体");
        var company = applyAs.Locator("option").Filter(new() { HasText = "（001）" });
        await Expect(company).ToHaveCountAsync(1);
        var creditCode = (await company.GetAttributeAsync("value"))!;
        var companyName = (await company.InnerTextAsync()).Trim();
        companyName = companyName[..companyName.LastIndexOf("（" + creditCode, StringComparison.Ordinal)];
        await applyAs.SelectOptionAsync(creditCode);

        var fields = form.GetByTestId("apply-fields");
        await fields.GetByLabel("单位名称").FillAsync(companyName);
        await fields.GetByLabel("统一社会信用代码").FillAsync(creditCode);
        await fields.GetByLabel("联系人").FillAsync(DemoCitySeeder.DemoCitizen.Name);
        await fields.GetByLabel("联系电话").FillAsync(DemoCitySeeder.DemoCitizen.Mobile);
        await fields.GetByLabel("项目名称").FillAsync("东湖区科创中心一期");
        await fields.GetByLabel("总建筑面积（平方米）").FillAsync("12500");

        // Only what he provides himself is asked for: the land-use permit is shared, the special reviews come from departments.
        var materials = form.GetByTestId("material");
        await Expect(materials).ToHaveCountAsync(2);
        await Expect(form.GetByTestId("apply-materials")).Not.ToContainTextAsync("建设用地规划许可证或不动产权证书");
        for (var i = 0; i < await materials.CountAsync(); i++)
        {
            var material = materials.Nth(i);
            var name = (await material.GetAttributeAsync("data-material"))!;
            await material.GetByLabel(name).SetInputFilesAsync(new FilePayload
            {
                Name = $"material-{i + 1}.pdf", MimeType = "application/pdf", Buffer = Pdf.OnePage("Material " + (i + 1)),
            });
        }
        await form.GetByTestId("submit").ClickAsync();

        // The receipt (受理回执) with the application number.
        await Expect(citizen).ToHaveURLAsync(ReceiptUrl());
        var number = ReceiptUrl().Match(citizen.Url).Groups[1].Value;
        var receipt = citizen.GetByTestId("receipt");
        await Expect(receipt.Locator("h1")).ToHaveTextAsync("受理回执");
        await Expect(receipt.GetByTestId("number")).ToHaveTextAsync(number);
        await Expect(receipt.GetByTestId("applicant")).ToContainTextAsync(companyName);
        await Expect(receipt.GetByTestId("received")).ToContainTextAsync("material-1.pdf");
        await Expect(receipt.GetByTestId("received")).ToContainTextAsync("material-2.pdf");
        await AssertNoAxeViolationsAsync(citizen, "receipt");
        await ScreenshotAsync(citizen, "1-receipt");

        // 2. The intake is done by 行政审批服务局 (相对集中行政许可权): its officer finds it in 待办 and asks for one more material, all at once.
        var intake = await hub.SignInStaffAsync(intakeContext, "xzsp.officer");
        await OpenFromQueueAsync(intake, number);
        await Expect(intake.GetByTestId("capp-app-status")).ToHaveAttributeAsync("data-status", "Submitted");
        var supplement = intake.GetByTestId("capp-action-RequestSupplement");
        await supplement.GetByLabel("其他需要补正的内容").FillAsync(ExtraMaterial);
        await supplement.GetByRole(AriaRole.Textbox, new() { Name = "意见", Exact = true }).FillAsync("请补充彩色效果图一份");
        await supplement.GetByRole(AriaRole.Button, new() { Name = "一次性告知补正" }).ClickAsync();
        await Expect(intake.GetByTestId("capp-app-status")).ToHaveAttributeAsync("data-status", "SupplementRequested");
        await Expect(intake.GetByTestId("capp-supplement-note")).ToContainTextAsync(ExtraMaterial);

        // 3. He sees the notice on his application's page and supplies the file.
        await citizen.GotoAsync("/applications/" + number);
        await Expect(citizen.GetByTestId("status")).ToHaveTextAsync("待补正");
        var notice = citizen.GetByTestId("supplement");
        await Expect(notice.GetByTestId("missing-list")).ToHaveTextAsync(ExtraMaterial);
        await Expect(notice.GetByTestId("supplement-note")).ToContainTextAsync("请补充彩色效果图一份");
        await AssertNoAxeViolationsAsync(citizen, "application page with a supplement request");
        var supply = citizen.GetByTestId("supplement-form");
        await supply.GetByLabel(ExtraMaterial).SetInputFilesAsync(new FilePayload
        {
            Name = "rendering.pdf", MimeType = "application/pdf", Buffer = Pdf.OnePage("Rendering of the design"),
        });
        await supply.GetByRole(AriaRole.Button, new() { Name = "提交补正材料" }).ClickAsync();
        await Expect(citizen.GetByTestId("status")).ToHaveTextAsync("待受理");
        await Expect(citizen.GetByTestId("supplement")).ToHaveCountAsync(0);
        // The request stays on record as supplied (已补正), beside the file he sent.
        var suppliedRows = citizen.GetByTestId("materials").GetByRole(AriaRole.Row).Filter(new() { HasText = ExtraMaterial });
        await Expect(suppliedRows.Filter(new() { HasText = "rendering.pdf" })).ToHaveCountAsync(1);
        await Expect(suppliedRows.Filter(new() { HasText = "已补正" })).ToHaveCountAsync(1);

        // The officer accepts it; the three parallel reviews open at once.
        await OpenFromQueueAsync(intake, number);
        await Expect(intake.GetByTestId("capp-app-status")).ToHaveAttributeAsync("data-status", "Submitted");
        await intake.GetByTestId("capp-action-Accept").GetByRole(AriaRole.Button, new() { Name = "受理" }).ClickAsync();
        await Expect(intake.GetByTestId("capp-app-status")).ToHaveAttributeAsync("data-status", "InReview");
        foreach (var review in ParallelReviews)
        {
            await Expect(intake.Locator($"[data-testid=capp-task][data-step={review.StepKey}]")).ToHaveAttributeAsync("data-status", "Open");
        }

        // 4. Three departments approve in parallel, each from its own 待办.
        var contexts = new Dictionary<string, IBrowserContext> { ["zrzy.officer"] = zrzyContext, ["zjj.officer"] = zjjContext, ["gaj.officer"] = gajContext };
        var officers = new Dictionary<string, IPage>();
        foreach (var review in ParallelReviews)
        {
            var officer = officers[review.Officer] = await hub.SignInStaffAsync(contexts[review.Officer], review.Officer);
            await OpenFromQueueAsync(officer, number);
            var approve = officer.GetByTestId("capp-action-Approve");
            await approve.GetByRole(AriaRole.Textbox, new() { Name = "意见", Exact = true }).FillAsync(review.Step + "通过");
            await approve.GetByRole(AriaRole.Button, new() { Name = "同意" }).ClickAsync();
            await Expect(officer.Locator($"[data-testid=capp-task][data-step={review.StepKey}]")).ToHaveAttributeAsync("data-status", "Done");
        }

        // The decision by the leader of 自然资源和规划局, then the permit is issued by its officer.
        var leader = await hub.SignInStaffAsync(leaderContext, "zrzy.leader");
        await OpenFromQueueAsync(leader, number);
        var decide = leader.GetByTestId("capp-action-Approve");
        await decide.GetByRole(AriaRole.Textbox, new() { Name = "意见", Exact = true }).FillAsync("准予核发建设工程规划许可证");
        await decide.GetByRole(AriaRole.Button, new() { Name = "同意" }).ClickAsync();
        await Expect(leader.GetByTestId("capp-app-status")).ToHaveAttributeAsync("data-status", "Decided");

        var issuer = officers["zrzy.officer"];
        await OpenFromQueueAsync(issuer, number);
        await issuer.GetByTestId("capp-action-IssueResult").GetByRole(AriaRole.Button, new() { Name = "制证送达" }).ClickAsync();
        await Expect(issuer.GetByTestId("capp-app-status")).ToHaveAttributeAsync("data-status", "Completed");

        // 5. He sees the whole history, the three parallel reviews each with its department.
        await citizen.GotoAsync("/applications/" + number);
        await Expect(citizen.GetByTestId("status")).ToHaveTextAsync("已办结");
        var history = citizen.GetByTestId("history");
        var steps = (await history.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        foreach (var action in new[] { "提交", "一次性告知补正", "补正材料", "受理", "同意（决定）", "制证送达" })
        {
            Assert.True(steps.Any(s => s.StartsWith(action, StringComparison.Ordinal)), $"The history has no “{action}”: {string.Join(" / ", steps)}");
        }
        foreach (var review in ParallelReviews)
        {
            var row = history.GetByRole(AriaRole.Row).Filter(new() { HasText = "（" + review.Step + "）" });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync("同意");
            await Expect(row).ToContainTextAsync(review.Department);
        }
        await ScreenshotAsync(citizen, "2-history");

        // He downloads the signed result...
        var download = await citizen.RunAndWaitForDownloadAsync(() => citizen.GetByTestId("download-result").ClickAsync());
        Assert.EndsWith(".sgr.json", download.SuggestedFilename, StringComparison.Ordinal);
        var saved = Path.Combine(hub.DownloadDirectory, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        Assert.Contains(number, await File.ReadAllTextAsync(saved), StringComparison.Ordinal);

        // ...and verifies it on the public page.
        await citizen.GetByTestId("verify-link").ClickAsync();
        await Expect(citizen).ToHaveURLAsync(new Regex("/results/verify$"));
        var verify = citizen.GetByTestId("verify-form");
        await verify.GetByLabel("结果文书文件（*.sgr.json）").SetInputFilesAsync(saved);
        await verify.GetByRole(AriaRole.Button, new() { Name = "核验" }).ClickAsync();
        var verdict = citizen.GetByTestId("verify-result");
        await Expect(verdict).ToHaveAttributeAsync("data-valid", "true");
        await Expect(verdict.Locator("h2")).ToHaveTextAsync("验证通过");
        var document = citizen.GetByTestId("result-document");
        await Expect(document.Locator("[data-field=applicationNumber]")).ToHaveTextAsync(number);
        await Expect(document.Locator("[data-field=item]")).ToContainTextAsync(ItemName);
        await ScreenshotAsync(citizen, "3-verified");

        // He rates the service: 5, 非常满意; the page then shows his rating instead of the form.
        await citizen.GotoAsync("/applications/" + number);
        var rating = citizen.GetByTestId("rating-form");
        await rating.GetByRole(AriaRole.Radio, new() { Name = "5 · 非常满意" }).CheckAsync();
        await rating.GetByTestId("rating-submit").ClickAsync();
        await Expect(citizen).ToHaveURLAsync(new Regex("/applications/" + number + "(#.*)?$"));
        await Expect(citizen.GetByTestId("rating-form")).ToHaveCountAsync(0);
        var given = citizen.GetByTestId("rating-given");
        await Expect(given).ToHaveAttributeAsync("data-score", "5");
        await Expect(given).ToContainTextAsync("非常满意");
        await AssertNoAxeViolationsAsync(citizen, "completed application page");
        await ScreenshotAsync(citizen, "4-rated");
    }

    /// <summary>待办: the officer's work queue lists the application; they open it by its number.</summary>
    private static async Task OpenFromQueueAsync(IPage page, string number)
    {
        await page.GotoAsync("/console/applications");
        var row = page.Locator($"[data-testid=capp-row][data-number='{number}']");
        await Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync(number);
    }

    private static async Task AssertNoAxeViolationsAsync(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.NotEmpty(result.Passes); // axe really ran its rules on this page
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} -> {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(violations.Count == 0, $"axe-core found on the {what}:\n" + string.Join("\n", violations));
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(HubFixture.ScreenshotDirectory, "one-stop-" + name + ".png"), FullPage = true });
}
