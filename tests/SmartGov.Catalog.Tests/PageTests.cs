using System.Net;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Catalog.Tests.CatalogDriver;

namespace SmartGov.Catalog.Tests;

/// <summary>The public /catalog pages and the console forms, without JavaScript: plain GETs and anti-forgery POSTs.</summary>
public sealed class PageTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task The_public_catalog_page_searches_in_chinese_with_facets_and_hides_internal_resources()
    {
        var anonymous = factory.CreateBrowser();
        var home = await anonymous.GetStringAsync("/catalog");
        Assert.Contains("data-testid=\"facet-department\"", home, StringComparison.Ordinal);
        Assert.Contains("data-code=\"3020301-000001\"", home, StringComparison.Ordinal);
        Assert.DoesNotContain("data-code=\"" + Marriage + "\"", home, StringComparison.Ordinal);

        var search = await anonymous.GetStringAsync("/catalog?q=" + Uri.EscapeDataString("医疗机构"));
        Assert.Contains("医疗机构名录", search, StringComparison.Ordinal);
        var byFormat = await anonymous.GetStringAsync("/catalog?format=Spreadsheet");
        Assert.Contains("data-code=\"2020102-000001\"", byFormat, StringComparison.Ordinal);      // 医疗机构名录: a spreadsheet
        Assert.DoesNotContain("data-code=\"3030201-000001\"", byFormat, StringComparison.Ordinal); // 食品经营许可: a service interface

        var detail = await anonymous.GetStringAsync("/catalog/3020301-000001");
        Assert.Contains("社会组织登记信息", detail, StringComparison.Ordinal);
        Assert.Contains("统一社会信用代码", detail, StringComparison.Ordinal);
        Assert.Contains("无条件共享", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/catalog/" + Marriage)).StatusCode);

        // Staff see the internal catalog, and can ask for a conditional resource from its page.
        using var jyj = await factory.SignedInStaffAsync("jyj.data");
        var internalSearch = await jyj.GetStringAsync("/catalog?q=" + Uri.EscapeDataString("婚姻登记"));
        Assert.Contains("data-code=\"" + Marriage + "\"", internalSearch, StringComparison.Ordinal);
        var marriage = await jyj.GetStringAsync("/catalog/" + Marriage);
        Assert.Contains("data-testid=\"request-link\"", marriage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"edit-link\"", marriage, StringComparison.Ordinal);

        // English.
        Assert.Contains("Government information resource catalog", await anonymous.GetStringAsync("/catalog?culture=en-US"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_administrator_registers_and_edits_a_resource_through_the_console_form()
    {
        using var gaj = await factory.SignedInStaffAsync("gaj.data");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("classificationCode", "3019999"), new("name", "户籍迁移证明信息"), new("abstract", "户口迁移证件信息"), new("format", "Database"),
            new("dataItems[0].name", "迁移证编号"), new("dataItems[0].type", "Text"), new("dataItems[0].length", "二十"),
            new("dataItems[1].name", ""), new("dataItems[1].type", "Text"),
            new("dataItems[2].name", "姓名"), new("dataItems[2].type", "Text"), new("dataItems[2].personalData", "true"),
            new("sharingType", "Conditional"), new("sharingConditions", "仅限政务用途"), new("sharingMethods", "Interface"),
            new("updateCycle", "Daily"), new("releaseDate", "2026-04-01"),
        };
        var bad = await gaj.SubmitFormAsync("/console/catalog/new", fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("第 1 个信息项的长度应为整数", html, StringComparison.Ordinal);
        Assert.Contains("Length of data item 1 must be a whole number.", html, StringComparison.Ordinal);

        fields[6] = new("dataItems[0].length", "20");
        var stillBad = await gaj.SubmitFormAsync("/console/catalog/new", fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stillBad.StatusCode);
        var second = await stillBad.Content.ReadAsStringAsync();
        Assert.Contains("id=\"classificationCode-error\"", second, StringComparison.Ordinal);
        Assert.Contains("不是分类表中的细目", second, StringComparison.Ordinal);
        Assert.Contains("is not a sub-item", second, StringComparison.Ordinal);

        fields[0] = new("classificationCode", "3010102");
        var ok = await gaj.SubmitFormAsync("/console/catalog/new", fields);
        Assert.True(SmartGovFactory.IsRedirect(ok), $"{(int)ok.StatusCode}: {await ok.Content.ReadAsStringAsync()}");
        var list = await gaj.GetStringAsync("/console/catalog");
        Assert.Contains("data-code=\"3010102-000002\"", list, StringComparison.Ordinal);
        Assert.Contains("户籍迁移证明信息", list, StringComparison.Ordinal);
        var created = await OkJsonAsync(await gaj.GetAsync("/api/v1/catalog/resources/3010102-000002"));
        Assert.Equal(new[] { "迁移证编号", "姓名" }, created.GetProperty("dataItems").EnumerateArray().Select(i => i.Str("name")!).ToArray());
        Assert.True(created.GetProperty("personalData").GetBoolean());

        // The edit form starts from the current version and publishes the next.
        var edit = await gaj.GetStringAsync("/console/catalog/3010102-000002/edit");
        Assert.Contains("value=\"户籍迁移证明信息\"", edit, StringComparison.Ordinal);
        var editFields = fields.Where(f => f.Key != "classificationCode").Select(f => f.Key == "name" ? new KeyValuePair<string, string>("name", "户口迁移证明信息") : f)
            .Append(new("classificationCode", "3010102")).Append(new("changeNote", "规范名称")).ToList();
        var published = await gaj.SubmitFormAsync("/console/catalog/3010102-000002/edit", editFields);
        Assert.True(SmartGovFactory.IsRedirect(published), await published.Content.ReadAsStringAsync());
        var v2 = await OkJsonAsync(await gaj.GetAsync("/api/v1/catalog/resources/3010102-000002"));
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.Equal("户口迁移证明信息", v2.Str("name"));

        // Another department's data administrator gets 403 on the edit page.
        using var mzj = await factory.SignedInStaffAsync("mzj.data");
        Assert.Equal(HttpStatusCode.Forbidden, (await mzj.GetAsync("/console/catalog/3010102-000002/edit")).StatusCode);
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/console/catalog/new")).StatusCode);
    }

    [Fact]
    public async Task A_department_requests_through_the_console_and_the_provider_decides_on_the_incoming_page()
    {
        using var swj = await factory.SignedInStaffAsync("swj.data");
        var form = await swj.GetStringAsync("/console/catalog/requests?code=" + Uri.EscapeDataString(Business));
        Assert.Contains("data-testid=\"request-form\"", form, StringComparison.Ordinal);
        Assert.Contains("法定代表人证件号码", form, StringComparison.Ordinal);

        var missing = await swj.SubmitFormAsync("/console/catalog/requests?code=" + Business,
            [new("code", Business), new("purposes", ""), new("dataItems", "企业名称"), new("scope", "税务登记核验"), new("validFrom", "2026-01-01"), new("validUntil", "2026-12-31")],
            "/console/catalog/requests");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        var missingHtml = await missing.Content.ReadAsStringAsync();
        Assert.Contains("请填写至少一项用途", missingHtml, StringComparison.Ordinal);
        Assert.Contains("At least one purpose is required.", missingHtml, StringComparison.Ordinal);

        var sent = await swj.SubmitFormAsync("/console/catalog/requests?code=" + Business,
            [new("code", Business), new("purposes", "税务登记信息核验\n发票领用资格审核"), new("dataItems", "统一社会信用代码"), new("dataItems", "企业名称"),
             new("scope", "税务登记核验"), new("validFrom", "2026-01-01"), new("validUntil", "2026-12-31")], "/console/catalog/requests");
        Assert.True(SmartGovFactory.IsRedirect(sent), await sent.Content.ReadAsStringAsync());
        var outgoing = await swj.GetStringAsync("/console/catalog/requests");
        Assert.Contains("data-status=\"Pending\"", outgoing, StringComparison.Ordinal);
        Assert.Contains("发票领用资格审核", outgoing, StringComparison.Ordinal);
        var id = System.Text.RegularExpressions.Regex.Match(outgoing, "data-request=\"([0-9a-f-]{36})\" data-status=\"Pending\"").Groups[1].Value;

        // 市场监管局's data administrator decides on the incoming page; a rejection without reasons is refused first.
        using var scjg = await factory.SignedInStaffAsync("scjg.data");
        var incoming = await scjg.GetStringAsync("/console/catalog/incoming");
        Assert.Contains($"data-request=\"{id}\"", incoming, StringComparison.Ordinal);
        var noReason = await scjg.SubmitFormAsync("/console/catalog/incoming", [new("approve", "false"), new("reason", "")], $"/console/catalog/incoming?handler=Decide&id={id}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("驳回申请须说明理由", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var mzj = await factory.SignedInStaffAsync("mzj.data");
        var foreign = await mzj.SubmitFormAsync("/console/catalog/incoming", [new("approve", "true")], $"/console/catalog/incoming?handler=Decide&id={id}");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);

        var approved = await scjg.SubmitFormAsync("/console/catalog/incoming", [new("approve", "true"), new("reason", "同意")], $"/console/catalog/incoming?handler=Decide&id={id}");
        Assert.True(SmartGovFactory.IsRedirect(approved), await approved.Content.ReadAsStringAsync());
        Assert.Contains($"data-request=\"{id}\" data-status=\"Granted\"", await swj.GetStringAsync("/console/catalog/requests"), StringComparison.Ordinal);

        // The requester revokes from its own page.
        var revoked = await swj.SubmitFormAsync("/console/catalog/requests", [new("reason", "业务调整")], $"/console/catalog/requests?handler=Revoke&id={id}");
        Assert.True(SmartGovFactory.IsRedirect(revoked), await revoked.Content.ReadAsStringAsync());
        Assert.Contains($"data-request=\"{id}\" data-status=\"Revoked\"", await swj.GetStringAsync("/console/catalog/requests"), StringComparison.Ordinal);
    }
}
