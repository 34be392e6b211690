using System.Net;
using System.Net.Http.Json;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Catalog.Tests.CatalogDriver;

namespace SmartGov.Catalog.Tests;

/// <summary>Registering resources: codes, every metadata field, versions, validation named in both languages, department scope, audit.</summary>
public sealed class ResourceTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task A_data_administrator_registers_a_resource_and_every_edit_publishes_a_new_version()
    {
        using var gaj = await factory.SignedInStaffAsync("gaj.data");
        var created = await CreateAsync(gaj, Resource());
        // 3010201 already holds the demo 机动车驾驶证信息 (000001): the next sequence of the same 细目.
        Assert.Equal("3010201-000002", created.Str("code"));
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.Equal(HubClient.DepartmentId("gaj"), created.GetProperty("providerDepartmentId").GetGuid());
        Assert.Equal("示范市公安局", created.Str("providerName"));
        Assert.Equal(18, created.Str("providerCode")!.Length);
        Assert.Equal("Database", created.Str("format"));
        Assert.Equal("Conditional", created.Str("sharingType"));
        Assert.Equal(new string?[] { "Interface", "File" }, created.GetProperty("sharingMethods").EnumerateArray().Select(m => m.GetString()).ToArray());
        Assert.Equal("Daily", created.Str("updateCycle"));
        Assert.Equal("2026-03-01", created.Str("releaseDate"));
        Assert.Equal(new string?[] { IdCard }, created.GetProperty("relatedCodes").EnumerateArray().Select(m => m.GetString()).ToArray());
        var items = created.GetProperty("dataItems").EnumerateArray().ToList();
        Assert.Equal(new string?[] { "号牌号码", "车主姓名", "登记日期" }, items.Select(i => i.Str("name")).ToArray());
        Assert.Equal("Text", items[1].Str("type"));
        Assert.Equal(20, items[0].GetProperty("length").GetInt32());
        var path = created.GetProperty("classification").EnumerateArray().Select(c => c.Str("name")).ToArray();
        Assert.Equal(new string?[] { "部门信息资源类", "公安", "交通管理", "机动车驾驶证信息" }, path);

        // An edit is version 2; version 1 stays as it was.
        var edit = Resource();
        edit["name"] = "非机动车登记备案信息";
        edit["changeNote"] = "更名";
        var v2 = await OkJsonAsync(await gaj.PutAsJsonAsync("/api/v1/catalog/resources/3010201-000002", edit));
        Assert.Equal(2, v2.GetProperty("resource").GetProperty("version").GetInt32());
        var v1 = await OkJsonAsync(await gaj.GetAsync("/api/v1/catalog/resources/3010201-000002/versions/1"));
        Assert.Equal("非机动车登记信息", v1.Str("name"));
        var current = await OkJsonAsync(await gaj.GetAsync("/api/v1/catalog/resources/3010201-000002"));
        Assert.Equal("非机动车登记备案信息", current.Str("name"));
        Assert.Equal(2, current.GetProperty("latestVersion").GetInt32());
        var versions = await OkJsonAsync(await gaj.GetAsync("/api/v1/catalog/resources/3010201-000002/versions"));
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToArray());
        Assert.Equal("更名", versions[0].Str("changeNote"));

        // The auditor sees both publications.
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var entries = await auditor.AuditEntriesAsync();
        Assert.Contains(entries, e => e.Str("action") == "create" && e.Str("subjectType") == "catalog-resource" && e.Str("subjectId") == "3010201-000002");
        Assert.Contains(entries, e => e.Str("action") == "update" && e.Str("subjectId") == "3010201-000002" && (e.Str("details") ?? "").Contains("v2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_metadata_is_refused_with_every_field_named_in_chinese_and_english()
    {
        using var gaj = await factory.SignedInStaffAsync("gaj.data");
        var bad = Resource(classification: "3019999");
        bad["format"] = "传真";
        bad["releaseDate"] = "2026/03/01";
        bad["dataItems"] = new object[] { new { name = "号牌号码", type = "Text" }, new { name = "号牌号码", type = "整数" } };
        var problem = await ProblemAssert.IsValidationAsync(await gaj.PostAsJsonAsync("/api/v1/catalog/resources", bad), "classificationCode", "classificationCode.unknown");
        var fields = ProblemAssert.FieldErrors(problem).Select(e => e.Field).ToList();
        Assert.Contains("format", fields);
        Assert.Contains("releaseDate", fields);
        Assert.Contains("dataItems[1].name", fields);
        Assert.Contains("dataItems[1].type", fields);
        var classification = problem.GetProperty("errors").EnumerateArray().First(e => e.Str("field") == "classificationCode");
        Assert.Contains("资源分类", classification.Str("messageZh"), StringComparison.Ordinal);
        Assert.Contains("Classification", classification.Str("messageEn"), StringComparison.Ordinal);

        // Conditional sharing needs its conditions; personal data is never open to the public; related codes must exist.
        var noConditions = Resource();
        noConditions["sharingConditions"] = null;
        await ProblemAssert.IsValidationAsync(await gaj.PostAsJsonAsync("/api/v1/catalog/resources", noConditions), "sharingConditions", "sharingConditions.required");
        await ProblemAssert.IsValidationAsync(await gaj.PostAsJsonAsync("/api/v1/catalog/resources", Resource(open: true, personal: true)), "openToPublic", "openToPublic.personalData");
        var unknownRelated = Resource();
        unknownRelated["relatedCodes"] = new[] { "3010101-999999" };
        await ProblemAssert.IsValidationAsync(await gaj.PostAsJsonAsync("/api/v1/catalog/resources", unknownRelated), "relatedCodes", "relatedCodes.unknown");

        // Nothing of that was saved.
        var mine = await OkJsonAsync(await gaj.GetAsync("/api/v1/catalog/resources?q=非机动车&pageSize=100"));
        Assert.DoesNotContain(mine.GetProperty("items").EnumerateArray(), i => i.Str("code")!.StartsWith("3019999", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_providers_data_administrator_or_the_system_administrator_edits_a_resource()
    {
        using var gaj = await factory.SignedInStaffAsync("gaj.data");
        var created = await CreateAsync(gaj, Resource(classification: "1010101", name: "流动人口居住登记信息"));
        var code = created.Str("code")!;

        using var mzj = await factory.SignedInStaffAsync("mzj.data");
        await ProblemAssert.IsProblemAsync(await mzj.PutAsJsonAsync($"/api/v1/catalog/resources/{code}", Resource(classification: "1010101")), 403, "forbidden");
        // Nor may it register a resource in another department's name.
        var forGaj = Resource();
        forGaj["providerDepartmentId"] = HubClient.DepartmentId("gaj");
        await ProblemAssert.IsProblemAsync(await mzj.PostAsJsonAsync("/api/v1/catalog/resources", forGaj), 403, "forbidden");
        // An officer of the same department is not a data administrator.
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        await ProblemAssert.IsProblemAsync(await officer.PutAsJsonAsync($"/api/v1/catalog/resources/{code}", Resource(classification: "1010101")), 403, "forbidden");
        await ProblemAssert.IsProblemAsync(await factory.CreateApiClient().PostAsJsonAsync("/api/v1/catalog/resources", Resource()), 401);

        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        var fixedBySysadmin = Resource(classification: "1010101", name: "流动人口居住登记信息（修订）");
        var v2 = await OkJsonAsync(await sysadmin.PutAsJsonAsync($"/api/v1/catalog/resources/{code}", fixedBySysadmin));
        Assert.Equal(2, v2.GetProperty("resource").GetProperty("version").GetInt32());
        Assert.Equal(HubClient.DepartmentId("gaj"), v2.GetProperty("resource").GetProperty("providerDepartmentId").GetGuid());

        // The classification is part of the code, so it cannot change.
        await ProblemAssert.IsValidationAsync(await gaj.PutAsJsonAsync($"/api/v1/catalog/resources/{code}", Resource(classification: "3010201")), "classificationCode", "classificationCode.immutable");
    }

    [Fact]
    public async Task The_public_sees_only_resources_open_to_the_public_and_staff_see_the_whole_catalog()
    {
        var anonymous = factory.CreateApiClient();
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/v1/catalog/resources/" + Marriage), 404, "not-found");
        var open = await OkJsonAsync(await anonymous.GetAsync("/api/v1/catalog/resources/3020301-000001"));
        Assert.Equal("社会组织登记信息", open.Str("name"));

        var publicSearch = await OkJsonAsync(await anonymous.GetAsync("/api/v1/catalog/resources?q=" + Uri.EscapeDataString("婚姻登记")));
        Assert.DoesNotContain(publicSearch.GetProperty("items").EnumerateArray(), i => i.Str("code") == Marriage);

        using var officer = await factory.SignedInStaffAsync("jyj.officer");
        var staffSearch = await OkJsonAsync(await officer.GetAsync("/api/v1/catalog/resources?q=" + Uri.EscapeDataString("婚姻登记")));
        var first = staffSearch.GetProperty("items")[0];
        Assert.Equal(Marriage, first.Str("code"));
        Assert.Equal("婚姻登记信息", first.Str("name"));

        // Facets count every match: browsing the whole internal catalog by department, 类, sharing type and format.
        var browse = await OkJsonAsync(await officer.GetAsync("/api/v1/catalog/resources?pageSize=5"));
        var total = browse.GetProperty("total").GetInt32();
        Assert.True(total >= 30, browse.ToString());
        var facets = browse.GetProperty("facets");
        Assert.Equal(total, facets.GetProperty("sharingTypes").EnumerateArray().Sum(f => f.GetProperty("count").GetInt32()));
        Assert.Equal(total, facets.GetProperty("categories").EnumerateArray().Sum(f => f.GetProperty("count").GetInt32()));
        Assert.Contains(facets.GetProperty("sharingTypes").EnumerateArray(), f => f.Str("value") == "NotShared");
        Assert.Equal(12, facets.GetProperty("departments").GetArrayLength());

        // Filters: the conditional service interfaces of the public security bureau.
        var gaj = HubClient.DepartmentId("gaj");
        var filtered = await OkJsonAsync(await officer.GetAsync($"/api/v1/catalog/resources?departmentId={gaj}&sharingType=有条件共享&format=ServiceInterface&classification=301"));
        var codes = filtered.GetProperty("items").EnumerateArray().Select(i => i.Str("code")).ToList();
        Assert.Contains(IdCard, codes);
        Assert.Contains(Household, codes);
        Assert.DoesNotContain("3010201-000001", codes); // a database, not a service interface

        await ProblemAssert.IsValidationAsync(await anonymous.GetAsync("/api/v1/catalog/resources?classification=9"), "classification");
        await ProblemAssert.IsValidationAsync(await anonymous.GetAsync("/api/v1/catalog/resources?sharingType=偶尔共享"), "sharingType");
    }

    [Fact]
    public async Task The_catalog_api_is_described_in_the_openapi_document()
    {
        var doc = await OkJsonAsync(await factory.CreateApiClient().GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/catalog/resources", "/api/v1/catalog/resources/{code}", "/api/v1/catalog/sharing-requests", "/api/v1/catalog/sharing-requests/{id}/decision", "/catalog.jsonld" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
        var operations = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).Select(o => o.Value.Str("operationId")).ToHashSet();
        Assert.Superset(new HashSet<string?> { "SearchCatalogResources", "CreateCatalogResource", "PublishCatalogResourceVersion", "CreateSharingRequest", "DecideSharingRequest", "RevokeSharingRequest", "CatalogJsonLd", "ExportCatalog" }, operations);
    }
}
