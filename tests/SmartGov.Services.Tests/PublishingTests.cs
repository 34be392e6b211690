using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartGov.Core.Calendar;
using SmartGov.Services.Tests.Infrastructure;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Services.Tests;

/// <summary>
/// Editing the catalog through the API: each edit publishes a new version, old versions stay readable, the search
/// index follows at once, every publication is audited, and only the item department's data administrator or
/// leader (or its system) may edit — not the system administrator, not another department.
/// </summary>
public sealed class PublishingTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static DateOnly Today => ChinaTime.ToDate(DateTimeOffset.UtcNow);

    [Fact]
    public async Task An_edit_publishes_a_new_version_and_the_old_one_stays_readable()
    {
        using var editor = await factory.SignedInStaffAsync("mzj.data");
        var code = await editor.CodeOfAsync("离婚登记");
        var v1 = await editor.ItemAsync(code);
        var body = v1.AsInput();
        body["promisedDays"] = 20;
        body["keywords"] = new[] { "离婚", "协议离婚", "离婚预约登记" };
        body["changeNote"] = "承诺时限压缩至 20 个工作日";
        ((List<Dictionary<string, object?>>)body["materials"]!)[3]["blankFormUrl"] = "/files/forms/divorce-agreement.docx";

        var response = await editor.PutAsJsonAsync($"/api/v1/services/{code}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var published = await response.ReadJsonAsync();
        Assert.True(published.GetProperty("published").GetBoolean());
        var v2 = published.GetProperty("item");
        Assert.Equal(v1.GetProperty("version").GetInt32() + 1, v2.GetProperty("version").GetInt32());
        Assert.NotEqual(v1.GetProperty("versionId").GetGuid(), v2.GetProperty("versionId").GetGuid());

        using var anonymous = factory.CreateApiClient();
        Assert.Equal(20, (await anonymous.ItemAsync(code)).GetProperty("promisedDays").GetInt32());
        var old = await (await anonymous.GetAsync($"/api/v1/services/{code}/versions/{v1.GetProperty("version").GetInt32()}")).ReadJsonAsync();
        Assert.Equal(30, old.GetProperty("promisedDays").GetInt32());
        // An application pins the version id; it keeps reading the rules it started with.
        var pinned = await (await anonymous.GetAsync($"/api/v1/service-versions/{v1.GetProperty("versionId").GetGuid()}")).ReadJsonAsync();
        Assert.Equal(30, pinned.GetProperty("promisedDays").GetInt32());
        Assert.Equal(v1.GetProperty("materials")[0].GetProperty("id").GetGuid(), pinned.GetProperty("materials")[0].GetProperty("id").GetGuid());

        var versions = await (await anonymous.GetAsync($"/api/v1/services/{code}/versions")).ReadJsonAsync();
        Assert.Equal(2, versions.GetArrayLength());
        Assert.Equal("承诺时限压缩至 20 个工作日", versions[0].Str("changeNote"));

        // The node's search index follows the publication at once.
        Assert.Equal("离婚登记", (await anonymous.SearchAsync("q=" + Uri.EscapeDataString("离婚预约登记"))).Names().First());

        // The guide page shows the new version and links the old one.
        using var browser = factory.CreateBrowser();
        var guide = await (await browser.GetAsync($"/services/{code}")).Content.ReadAsStringAsync();
        Assert.Contains("20 个工作日", guide, StringComparison.Ordinal);
        Assert.Contains($"href=\"/services/{code}?version=1\"", guide, StringComparison.Ordinal);
        Assert.Contains("href=\"/files/forms/divorce-agreement.docx\"", guide, StringComparison.Ordinal);
        var oldPage = await (await browser.GetAsync($"/services/{code}?version=1")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"old-version\"", oldPage, StringComparison.Ordinal);
        Assert.Contains("30 个工作日", oldPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_publication_is_audited_with_the_editor_and_the_version()
    {
        using var editor = await factory.SignedInStaffAsync("jyj.data");
        var code = await editor.CodeOfAsync("学生资助申请");
        var body = (await editor.ItemAsync(code)).AsInput();
        body["fees"] = "不收费（含材料工本费）";
        Assert.Equal(HttpStatusCode.OK, (await editor.PutAsJsonAsync($"/api/v1/services/{code}", body)).StatusCode);

        using var auditor = await factory.SignedInStaffAsync("auditor");
        var entries = await auditor.AuditEntriesAsync("update");
        var entry = Assert.Single(entries, e => e.Str("subjectType") == "service-item" && e.Str("subjectId") == code);
        Assert.Equal("jyj.data", entry.Str("actorName"));
        Assert.StartsWith("v2 学生资助申请", entry.Str("details"));
    }

    [Fact]
    public async Task Publishing_the_same_content_again_creates_no_version()
    {
        using var editor = await factory.SignedInStaffAsync("wjw.data");
        var code = await editor.CodeOfAsync("医师执业注册");
        var item = await editor.ItemAsync(code);
        var response = await editor.PutAsJsonAsync($"/api/v1/services/{code}", item.AsInput());
        var json = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(json.GetProperty("published").GetBoolean());
        Assert.Equal(item.GetProperty("version").GetInt32(), json.GetProperty("item").GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("gaj.data")]   // another department's data administrator
    [InlineData("sysadmin")]   // 三员分立: the system administrator does not edit business data
    [InlineData("mzj.officer")] // the right department, but not a data administrator or leader
    [InlineData("clerk1")]
    public async Task Only_the_items_own_department_may_edit_it(string userName)
    {
        using var anonymous = factory.CreateApiClient();
        var code = await anonymous.CodeOfAsync("结婚登记");
        var body = (await anonymous.ItemAsync(code)).AsInput();
        body["fees"] = "收费 100 元";
        using var client = await factory.SignedInStaffAsync(userName);
        await ProblemAssert.IsProblemAsync(await client.PutAsJsonAsync($"/api/v1/services/{code}", body), 403, "forbidden");
        Assert.Equal("不收费", (await anonymous.ItemAsync(code)).Str("fees"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/console/services/{code}/edit")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_cannot_publish()
    {
        using var anonymous = factory.CreateApiClient();
        var code = await anonymous.CodeOfAsync("结婚登记");
        await ProblemAssert.IsProblemAsync(await anonymous.PutAsJsonAsync($"/api/v1/services/{code}", new { name = "x" }), 401, "unauthorized");
    }

    [Fact]
    public async Task The_department_leader_and_the_departments_system_may_publish()
    {
        using var leader = await factory.SignedInStaffAsync("rsj.leader");
        var code = await leader.CodeOfAsync("就业登记");
        var body = (await leader.ItemAsync(code)).AsInput();
        body["promisedDays"] = 0;
        Assert.Equal(HttpStatusCode.OK, (await leader.PutAsJsonAsync($"/api/v1/services/{code}", body)).StatusCode);

        using var dataAdmin = await factory.SignedInStaffAsync("rsj.data");
        var token = await dataAdmin.IssueApiTokenAsync(HubClient.DepartmentId("rsj"), "人社业务系统");
        using var system = factory.CreateApiClient().WithBearer(token.Token);
        body["promisedDays"] = 1;
        var response = await system.PutAsJsonAsync($"/api/v1/services/{code}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.ReadJsonAsync()).GetProperty("item").GetProperty("version").GetInt32());
        var other = await system.CodeOfAsync("户口迁移");
        await ProblemAssert.IsProblemAsync(await system.PutAsJsonAsync($"/api/v1/services/{other}", body), 403, "forbidden");
    }

    [Fact]
    public async Task Bad_input_names_every_problem_in_both_languages_and_changes_nothing()
    {
        using var editor = await factory.SignedInStaffAsync("scjg.data");
        var code = await editor.CodeOfAsync("食品经营许可");
        var before = await editor.ItemAsync(code);
        var body = before.AsInput();
        body["basicCode"] = "2010015000";          // type 20 but the item is a licence (01)
        body["statutoryDays"] = 5;
        body["promisedDays"] = 10;                  // longer than the statutory limit
        body["maxVisits"] = 3;
        body["itemType"] = "行政许可";
        body["lifeEvents"] = new[] { "Dancing" };
        var materials = (List<Dictionary<string, object?>>)body["materials"]!;
        materials[0]["necessity"] = "Conditional";  // conditional without a condition
        materials[0]["condition"] = null;
        materials[1]["source"] = "Sharing";         // sharing without a licence type
        materials[1]["licenseTypeCode"] = null;
        materials[2]["sampleUrl"] = "javascript:alert(1)"; // a link on the public guide page: only site paths and http(s)
        body["formFields"] = new[] { new { name = "1bad", labelZh = "", labelEn = "x", type = "Colour", required = true } };

        var problem = await ProblemAssert.IsValidationAsync(await editor.PutAsJsonAsync($"/api/v1/services/{code}", body), "promisedDays", "promisedDays.exceeds-statutory");
        var fields = ProblemAssert.FieldErrors(problem);
        Assert.Contains(("basicCode", "basicCode.type-mismatch"), fields);
        Assert.Contains(("maxVisits", "maxVisits.range"), fields);
        Assert.Contains(("lifeEvents", "lifeEvents.unknown"), fields);
        Assert.Contains(("materials[0].condition", "material.condition-required"), fields);
        Assert.Contains(("materials[1].licenseTypeCode", "material.license-required"), fields);
        Assert.Contains(("formFields[0].name", "formField.name"), fields);
        Assert.Contains(("materials[2].sampleUrl", "material.url"), fields);
        Assert.Contains(("formFields[0].type", "formField.type"), fields);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.Str("messageZh")!.Contains("承诺时限", StringComparison.Ordinal)
            && e.Str("messageEn")!.Contains("promised limit", StringComparison.Ordinal));
        Assert.Equal(before.GetProperty("version").GetInt32(), (await editor.ItemAsync(code)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Malformed_json_and_wrong_types_are_client_errors_not_500()
    {
        using var editor = await factory.SignedInStaffAsync("scjg.data");
        var code = await editor.CodeOfAsync("企业变更登记");
        var broken = await editor.PutAsync($"/api/v1/services/{code}", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(broken, 400);
        var wrongType = await editor.PutAsync($"/api/v1/services/{code}", new StringContent("{\"statutoryDays\": \"twenty\"}", Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(wrongType, 400);
        var empty = await editor.PutAsJsonAsync($"/api/v1/services/{code}", new { });
        var problem = await ProblemAssert.IsValidationAsync(empty, "name", "required");
        Assert.Contains(("basicCode", "required"), ProblemAssert.FieldErrors(problem));
    }

    [Fact]
    public async Task A_data_administrator_adds_an_item_to_the_own_department_with_a_generated_code()
    {
        using var editor = await factory.SignedInStaffAsync("swj.data");
        var body = new Dictionary<string, object?>
        {
            ["basicCode"] = "2010099000",
            ["name"] = "车辆购置税申报",
            ["nameEn"] = "Vehicle purchase tax return",
            ["itemType"] = "PublicService",
            ["legalBasis"] = "《中华人民共和国车辆购置税法》",
            ["acceptanceConditions"] = "购置应税车辆的单位和个人。",
            ["applicantTypes"] = new[] { "NaturalPerson", "LegalPerson" },
            ["statutoryDays"] = 0,
            ["promisedDays"] = 0,
            ["fees"] = "不收费",
            ["handlingForm"] = "Online",
            ["maxVisits"] = 0,
            ["cityWide"] = true,
            ["businessStages"] = new[] { "Operation" },
            ["keywords"] = new[] { "买车交税", "购置税" },
            ["materials"] = new[] { new Dictionary<string, object?> { ["name"] = "机动车销售统一发票", ["necessity"] = "Required", ["forms"] = new[] { "Electronic" }, ["source"] = "Applicant" } },
        };
        var response = await editor.PostAsJsonAsync("/api/v1/services", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var item = (await response.ReadJsonAsync()).GetProperty("item");
        var code = item.Str("implementationCode")!;
        Assert.Equal(30, code.Length);
        Assert.Equal("2010099000", code.Substring(18, 10));
        Assert.EndsWith("01", code, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/services/{code}", response.Headers.Location?.OriginalString);
        Assert.Equal(1, item.GetProperty("version").GetInt32());

        using var anonymous = factory.CreateApiClient();
        Assert.Equal("车辆购置税申报", (await anonymous.SearchAsync("q=" + Uri.EscapeDataString("买车交税"))).Names().First());

        // The same basic code again gets the next sequence number.
        body["name"] = "车辆购置税申报（补充）";
        var second = await editor.PostAsJsonAsync("/api/v1/services", body);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.EndsWith("02", (await second.ReadJsonAsync()).GetProperty("item").Str("implementationCode")!, StringComparison.Ordinal);

        // Not for another department, and not with a code that names another department.
        body["departmentId"] = HubClient.DepartmentId("gaj");
        await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/v1/services", body), 403, "forbidden");
        body.Remove("departmentId");
        body["implementationCode"] = code[..18].Replace(code[0], code[0] == '1' ? '2' : '1') + "2010099000" + "07";
        await ProblemAssert.IsValidationAsync(await editor.PostAsJsonAsync("/api/v1/services", body), "implementationCode");
        body["implementationCode"] = code;
        await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/v1/services", body), 409, "conflict");
    }

    [Fact]
    public async Task A_version_that_takes_effect_tomorrow_is_not_current_today()
    {
        using var editor = await factory.SignedInStaffAsync("zjj.data");
        var code = await editor.CodeOfAsync("公共租赁住房申请");
        var body = (await editor.ItemAsync(code)).AsInput();
        body["promisedDays"] = 15;
        body["effectiveFrom"] = Today.AddDays(1).ToString("yyyy-MM-dd");
        var response = await editor.PutAsJsonAsync($"/api/v1/services/{code}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.ReadJsonAsync()).GetProperty("item").GetProperty("version").GetInt32());

        using var anonymous = factory.CreateApiClient();
        var current = await anonymous.ItemAsync(code);
        Assert.Equal(1, current.GetProperty("version").GetInt32());
        Assert.Equal(2, current.GetProperty("latestVersion").GetInt32());
        Assert.Equal(20, current.GetProperty("promisedDays").GetInt32());

        // The next version may not take effect before the scheduled one.
        body["effectiveFrom"] = Today.ToString("yyyy-MM-dd");
        await ProblemAssert.IsValidationAsync(await editor.PutAsJsonAsync($"/api/v1/services/{code}", body), "effectiveFrom", "effectiveFrom.before-previous");
    }

    [Fact]
    public async Task A_withdrawn_item_leaves_the_search_but_its_guide_says_so()
    {
        using var editor = await factory.SignedInStaffAsync("zjj.data");
        var code = await editor.CodeOfAsync("商品房预售许可");
        var body = (await editor.ItemAsync(code)).AsInput();
        body["withdrawnOn"] = Today.ToString("yyyy-MM-dd");
        body["changeNote"] = "改为告知承诺制";
        Assert.Equal(HttpStatusCode.OK, (await editor.PutAsJsonAsync($"/api/v1/services/{code}", body)).StatusCode);

        using var browser = factory.CreateBrowser();
        Assert.DoesNotContain("商品房预售许可", (await browser.SearchAsync("q=" + Uri.EscapeDataString("商品房预售许可"))).Names());
        var guide = await browser.GetAsync($"/services/{code}");
        Assert.Equal(HttpStatusCode.OK, guide.StatusCode);
        Assert.Contains("data-testid=\"withdrawn\"", await guide.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>Two editors saving the same item at the same moment: one version each or a clear conflict, never a lost or doubled version.</summary>
public sealed class ConcurrentPublishingTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task Simultaneous_publications_never_share_a_version_number_and_never_fail_with_500()
    {
        using var first = await factory.SignedInStaffAsync("mzj.data");
        using var second = await factory.SignedInStaffAsync("mzj.leader");
        var code = await first.CodeOfAsync("最低生活保障审核确认");
        var body = (await first.ItemAsync(code)).AsInput();
        var tasks = Enumerable.Range(1, 8).Select(async i =>
        {
            var mine = new Dictionary<string, object?>(body) { ["promisedDays"] = i, ["changeNote"] = $"并发修改 {i}" };
            var client = i % 2 == 0 ? first : second;
            return await client.PutAsJsonAsync($"/api/v1/services/{code}", mine);
        }).ToList();
        var responses = await Task.WhenAll(tasks);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)r.StatusCode}"));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await ProblemAssert.IsProblemAsync(conflict, 409, "conflict");
        }
        var published = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.True(published >= 1);

        using var anonymous = factory.CreateApiClient();
        var versions = await (await anonymous.GetAsync($"/api/v1/services/{code}/versions")).ReadJsonAsync();
        var numbers = versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).Order().ToList();
        Assert.Equal(Enumerable.Range(1, published + 1), numbers);
        // The current version is the last one that won, with its own change note.
        var current = await anonymous.ItemAsync(code);
        Assert.Equal(published + 1, current.GetProperty("version").GetInt32());
        Assert.Equal($"并发修改 {current.GetProperty("promisedDays").GetInt32()}", current.Str("changeNote"));
    }
}
