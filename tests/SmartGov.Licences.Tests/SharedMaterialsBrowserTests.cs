using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SmartGov.Hub.Seeding;
using static Microsoft.Playwright.Assertions;

namespace SmartGov.Licences.Tests;

/// <summary>
/// Issue 5, "Done means": in Chromium, 张明华 applies online for 户口迁移, ticks the consent box and uploads nothing; his
/// 居民身份证 and 居民户口簿 come from 公安局 through the gateways; his application page shows where they came from, and
/// "who used my data" shows the use and its purpose.
/// </summary>
public sealed partial class SharedMaterialsBrowserTests(BrowserCity city) : IClassFixture<BrowserCity>
{
    [GeneratedRegex("/applications/([0-9]{22})/receipt$")]
    private static partial Regex ReceiptUrl();

    [Fact]
    public async Task A_citizen_applies_online_with_his_licences_fetched_by_sharing_and_sees_where_they_came_from()
    {
        await using var context = await city.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        var login = page.GetByTestId("login-form");
        await login.GetByLabel("账号").FillAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        await login.GetByLabel(new Regex("^密码")).FillAsync(DemoCitySeeder.DemoPassword);
        await login.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));

        await page.GotoAsync("/services/" + await CodeAsync("户口迁移") + "/apply");
        var form = page.GetByTestId("apply-form");
        var fields = form.GetByTestId("apply-fields");
        await fields.GetByLabel("申请人姓名").FillAsync(DemoCitySeeder.DemoCitizen.Name);
        await fields.GetByLabel("公民身份号码").FillAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        await fields.GetByLabel("联系电话").FillAsync(DemoCitySeeder.DemoCitizen.Mobile);
        await fields.GetByLabel("迁出地址").FillAsync("示范市东湖区人民路1号");
        await fields.GetByLabel("迁入地址").FillAsync("示范市西山区建设大街16号");

        // The shared materials are not asked for; the consent box names them.
        var consent = form.GetByTestId("share-consent");
        await Expect(consent).ToContainTextAsync("居民身份证");
        await Expect(consent).ToContainTextAsync("居民户口簿");
        await Expect(form.GetByTestId("apply-materials")).Not.ToContainTextAsync("居民户口簿");
        await AssertNoAxeViolationsAsync(page, "apply page with the consent box");
        await consent.GetByTestId("share-consent-box").CheckAsync();
        await form.GetByTestId("submit").ClickAsync();

        await Expect(page).ToHaveURLAsync(ReceiptUrl());
        var number = ReceiptUrl().Match(page.Url).Groups[1].Value;
        await page.GotoAsync("/applications/" + number);
        var materials = page.GetByTestId("materials");
        var shared = materials.GetByTestId("material-shared");
        await Expect(shared).ToHaveCountAsync(2);
        await Expect(shared.First).ToContainTextAsync("示范市公安局");
        await Expect(materials.GetByTestId("material-trust").First).ToContainTextAsync("A");
        await Expect(materials.GetByTestId("material-verification").First).ToContainTextAsync("核验通过");
        await Expect(materials.GetByTestId("material-pending")).ToHaveCountAsync(0);
        await AssertNoAxeViolationsAsync(page, "application page with shared materials");

        await page.GotoAsync("/account/data-use");
        await Expect(page.Locator("main")).ToContainTextAsync("通过数据共享调取了您的信息");
        await Expect(page.Locator("main")).ToContainTextAsync("一网通办材料共享");
    }

    private static async Task AssertNoAxeViolationsAsync(IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.NotEmpty(result.Passes);
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} -> {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(violations.Count == 0, $"axe-core found on the {what}:\n" + string.Join("\n", violations));
    }

    private async Task<string> CodeAsync(string name)
    {
        using var client = new HttpClient { BaseAddress = city.BaseAddress };
        var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/v1/services?q=" + Uri.EscapeDataString(name) + "&pageSize=50")).RootElement;
        return json.GetProperty("items").EnumerateArray().First(i => i.GetProperty("name").GetString() == name).GetProperty("implementationCode").GetString()!;
    }
}
