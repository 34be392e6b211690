using System.Net;
using SmartGov.Hub.Modules.Services.Seeding;
using SmartGov.Services.Tests.Infrastructure;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Services.Tests;

/// <summary>
/// What a citizen types into the portal's search box, and what the portal and the API answer. The demo catalog is
/// seeded with the demo city, so every test searches the 35 realistic items the issue asks for.
/// </summary>
public sealed class SearchTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task The_demo_catalog_has_at_least_thirty_items_including_the_required_ones()
    {
        using var client = factory.CreateApiClient();
        var all = await client.SearchAsync("pageSize=100");
        Assert.True(all.GetProperty("total").GetInt32() >= 30);
        var names = all.Names();
        foreach (var required in new[] { "结婚登记", "户口迁移", "企业设立登记", "个体工商户登记", "社会保障卡申领", "居住证办理", "食品经营许可", "建设工程规划许可证核发" })
        {
            Assert.Contains(required, names);
        }
        Assert.Equal(ServicesDemoSeeder.DemoItems().Count, all.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Searching_结婚_finds_marriage_registration_first()
    {
        using var client = factory.CreateApiClient();
        var result = await client.SearchAsync("q=" + Uri.EscapeDataString("结婚"));
        Assert.Equal("结婚登记", result.Names()[0]);
        Assert.Equal("Exact", result.GetProperty("match").GetString());
    }

    [Theory]
    [InlineData("开公司", "企业设立登记")]
    [InlineData("注册公司", "企业设立登记")]
    [InlineData("开店", "个体工商户登记")]
    [InlineData("社保卡", "社会保障卡申领")]
    [InlineData("暂住证", "居住证办理")]
    [InlineData("身份证", "居民身份证换领")]
    [InlineData("开饭店", "食品经营许可")]
    [InlineData("盖房", "建设工程规划许可证核发")]
    [InlineData("落户", "户口迁移")]
    public async Task Everyday_words_find_the_item_through_synonyms_and_keywords(string words, string expected)
    {
        using var client = factory.CreateApiClient();
        var result = await client.SearchAsync("q=" + Uri.EscapeDataString(words));
        Assert.Equal(expected, result.Names().FirstOrDefault());
    }

    [Theory]
    [InlineData("结昏登记", "结婚登记")]
    [InlineData("企业设立登纪", "企业设立登记")]
    [InlineData("社会保障咔申领", "社会保障卡申领")]
    public async Task One_wrong_character_still_finds_the_item(string typo, string expected)
    {
        using var client = factory.CreateApiClient();
        var result = await client.SearchAsync("q=" + Uri.EscapeDataString(typo));
        Assert.Contains(expected, result.Names().Take(3));
        Assert.Equal("Fuzzy", result.GetProperty("match").GetString());
    }

    [Fact]
    public async Task English_words_find_items_by_their_English_names()
    {
        using var client = factory.CreateApiClient();
        Assert.Equal("结婚登记", (await client.SearchAsync("q=marriage")).Names().First());
        Assert.Contains("社会保障卡申领", (await client.SearchAsync("q=" + Uri.EscapeDataString("social security card"))).Names().Take(3));
    }

    [Fact]
    public async Task A_page_far_beyond_the_results_is_empty_not_an_error()
    {
        using var client = factory.CreateApiClient();
        var result = await client.SearchAsync("q=" + Uri.EscapeDataString("登记") + "&page=9999&pageSize=100");
        Assert.True(result.GetProperty("total").GetInt32() > 0);
        Assert.Empty(result.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_sentence_falls_back_to_any_of_its_words()
    {
        using var client = factory.CreateApiClient();
        var result = await client.SearchAsync("q=" + Uri.EscapeDataString("我想开一家公司"));
        Assert.Contains("企业设立登记", result.Names());
    }

    [Fact]
    public async Task Browsing_by_life_event_lists_the_persons_items_of_that_event()
    {
        using var client = factory.CreateApiClient();
        var marriage = (await client.SearchAsync("lifeEvent=MarriageAndChildbirth&pageSize=100")).Names();
        Assert.Contains("结婚登记", marriage);
        Assert.Contains("离婚登记", marriage);
        Assert.DoesNotContain("企业设立登记", marriage);
        // The Chinese name of the event works as well as the English one.
        Assert.Equal(marriage, (await client.SearchAsync("lifeEvent=" + Uri.EscapeDataString("婚育") + "&pageSize=100")).Names());
        foreach (var e in new[] { "Birth", "Education", "Employment", "Housing", "Retirement", "Posthumous" })
        {
            Assert.True((await client.SearchAsync($"lifeEvent={e}")).GetProperty("total").GetInt32() > 0, $"no item for life event {e}");
        }
        Assert.Contains("出生医学证明签发", (await client.SearchAsync("lifeEvent=Birth")).Names());
        Assert.Contains("职工基本养老保险退休待遇申领", (await client.SearchAsync("lifeEvent=Retirement")).Names());
    }

    [Fact]
    public async Task Browsing_by_business_stage_lists_the_business_items_of_that_stage()
    {
        using var client = factory.CreateApiClient();
        var startup = (await client.SearchAsync("businessStage=Startup&pageSize=100")).Names();
        Assert.Contains("企业设立登记", startup);
        Assert.Contains("个体工商户登记", startup);
        Assert.DoesNotContain("结婚登记", startup);
        Assert.Contains("企业注销登记", (await client.SearchAsync("businessStage=Deregistration")).Names());
        Assert.Contains("企业变更登记", (await client.SearchAsync("businessStage=Change")).Names());
        Assert.Contains("食品经营许可", (await client.SearchAsync("businessStage=Operation&pageSize=100")).Names());
    }

    [Fact]
    public async Task Browsing_by_department_lists_only_that_departments_items_and_filters_combine_with_words()
    {
        using var client = factory.CreateApiClient();
        var gaj = HubClient.DepartmentId("gaj");
        var result = await client.SearchAsync($"departmentId={gaj}&pageSize=100");
        Assert.All(result.GetProperty("items").EnumerateArray(), i => Assert.Equal(gaj, i.GetProperty("departmentId").GetGuid()));
        Assert.Contains("户口迁移", result.Names());
        Assert.Contains("居住证办理", result.Names());
        // 登记 within the public security bureau: its registrations, not the market regulator's.
        var words = await client.SearchAsync($"q={Uri.EscapeDataString("登记")}&departmentId={gaj}&pageSize=100");
        Assert.Contains("出生登记（新生儿入户）", words.Names());
        Assert.DoesNotContain("企业设立登记", words.Names());
    }

    [Theory]
    [InlineData("lifeEvent=Dancing", "lifeEvent")]
    [InlineData("businessStage=Bankrupt", "businessStage")]
    [InlineData("itemType=99", "itemType")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task Bad_filters_are_field_errors_in_both_languages(string query, string field)
    {
        using var client = factory.CreateApiClient();
        await ProblemAssert.IsValidationAsync(await client.GetAsync("/api/v1/services?" + query), field);
    }

    [Fact]
    public async Task The_search_page_works_without_javascript_and_links_to_the_guide()
    {
        using var client = factory.CreateBrowser();
        var code = await client.CodeOfAsync("结婚登记");
        var response = await client.GetAsync("/services?q=" + Uri.EscapeDataString("结婚"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<h1[ >]"));
        Assert.Contains($"href=\"/services/{code}\"", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"q\">", html, StringComparison.Ordinal);
        Assert.Contains("method=\"get\" action=\"/services\"", html, StringComparison.Ordinal);

        var home = await (await client.GetAsync("/services")).Content.ReadAsStringAsync();
        Assert.Contains("href=\"/services?lifeEvent=Birth\"", home, StringComparison.Ordinal);
        Assert.Contains("href=\"/services?businessStage=Startup\"", home, StringComparison.Ordinal);
        Assert.Contains("出生", home, StringComparison.Ordinal);

        var typo = await (await client.GetAsync("/services?q=" + Uri.EscapeDataString("结昏登记"))).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"fuzzy-notice\"", typo, StringComparison.Ordinal);
        Assert.Contains($"href=\"/services/{code}\"", typo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_filter_on_the_page_is_a_422_with_the_reason_not_a_500()
    {
        using var client = factory.CreateBrowser();
        var response = await client.GetAsync("/services?lifeEvent=Dancing");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("人生事件“Dancing”不存在", html, StringComparison.Ordinal);
        Assert.Contains("Dancing&#x27; does not exist.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_guide_page_shows_the_materials_in_an_accessible_table()
    {
        using var client = factory.CreateBrowser();
        var code = await client.CodeOfAsync("户口迁移");
        var response = await client.GetAsync($"/services/{code}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<h1[ >]"));
        Assert.Contains("<h1>户口迁移</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">材料名称</th>", html, StringComparison.Ordinal);
        Assert.Contains("居民户口簿", html, StringComparison.Ordinal);
        Assert.Contains("单位集体户同意接收证明", html, StringComparison.Ordinal);
        Assert.Contains("适用情形：迁入单位集体户的", html, StringComparison.Ordinal);
        Assert.Contains("无需提交，由部门通过数据共享获取", html, StringComparison.Ordinal);
        Assert.Contains("《中华人民共和国户口登记条例》", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_guide_is_also_in_English_and_an_unknown_code_is_a_404()
    {
        using var client = factory.CreateBrowser();
        var code = await client.CodeOfAsync("结婚登记");
        var english = await (await client.GetAsync($"/services/{code}?culture=en-US")).Content.ReadAsStringAsync();
        Assert.Contains("<h1>Marriage registration</h1>", english, StringComparison.Ordinal);
        Assert.Contains("Materials to provide", english, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/services/NO-SUCH-ITEM")).StatusCode);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/services/NO-SUCH-ITEM"), 404, "not-found");
    }
}
