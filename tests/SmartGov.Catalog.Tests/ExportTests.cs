using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Catalog.Tests.CatalogDriver;

namespace SmartGov.Catalog.Tests;

/// <summary>DCAT-AP 3 JSON-LD (public, paged like ckanext-dcat), and the internal Excel/JSON/JSON-LD export behind a data administrator.</summary>
public sealed class ExportTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static JsonElement Node(JsonElement doc, string type) =>
        doc.GetProperty("@graph").EnumerateArray().Single(n => n.Str("@type") == type);

    private static string Text(JsonElement langArray) => langArray.EnumerateArray().First().GetProperty("@value").GetString()!;

    [Fact]
    public async Task Catalog_jsonld_serves_the_open_resources_with_the_mandatory_dcat_ap_properties_and_paging_links()
    {
        var anonymous = factory.CreateApiClient();
        var response = await anonymous.GetAsync("/catalog.jsonld");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("http://www.w3.org/ns/dcat#", doc.GetProperty("@context").Str("dcat"));
        Assert.Equal("http://www.w3.org/ns/hydra/core#", doc.GetProperty("@context").Str("hydra"));

        var catalog = Node(doc, "dcat:Catalog");
        Assert.Equal("示范市政务信息资源目录", Text(catalog.GetProperty("dct:title")));
        Assert.False(string.IsNullOrWhiteSpace(Text(catalog.GetProperty("dct:description"))));
        Assert.Equal("示范市大数据局", catalog.GetProperty("dct:publisher").Str("foaf:name"));
        var datasets = catalog.GetProperty("dcat:dataset").EnumerateArray().ToList();
        Assert.NotEmpty(datasets);
        foreach (var d in datasets)
        {
            Assert.Equal("dcat:Dataset", d.Str("@type"));
            Assert.False(string.IsNullOrWhiteSpace(Text(d.GetProperty("dct:title"))));
            Assert.False(string.IsNullOrWhiteSpace(Text(d.GetProperty("dct:description"))));
            Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("dct:publisher").Str("foaf:name")));
            Assert.Equal("http://publications.europa.eu/resource/authority/access-right/PUBLIC", d.GetProperty("dct:accessRights").Str("@id"));
            var distribution = d.GetProperty("dcat:distribution")[0];
            Assert.Equal("dcat:Distribution", distribution.Str("@type"));
            Assert.StartsWith("http", distribution.GetProperty("dcat:accessURL").Str("@id"), StringComparison.Ordinal);
            if (distribution.TryGetProperty("dcat:accessService", out var service))
            {
                Assert.Equal("dcat:DataService", service.Str("@type"));
                Assert.False(string.IsNullOrWhiteSpace(Text(service.GetProperty("dct:title"))));
                Assert.StartsWith("http", service.GetProperty("dcat:endpointURL").Str("@id"), StringComparison.Ordinal);
            }
        }
        var identifiers = datasets.Select(d => d.Str("dct:identifier")).ToList();
        Assert.Contains("3020301-000001", identifiers);   // 社会组织登记信息: open
        Assert.DoesNotContain(Marriage, identifiers);       // personal data: never open
        Assert.DoesNotContain("2050102-000001", identifiers);

        var paged = Node(doc, "hydra:PagedCollection");
        Assert.Equal(datasets.Count, paged.GetProperty("hydra:totalItems").GetInt32());
        Assert.EndsWith("/catalog.jsonld?page=1", paged.Str("hydra:first"), StringComparison.Ordinal);
        Assert.EndsWith("/catalog.jsonld?page=1", paged.Str("hydra:last"), StringComparison.Ordinal);
        Assert.False(paged.TryGetProperty("hydra:next", out _));

        // Past 100 open resources there is a second page, linked both ways.
        using var zfb = await factory.SignedInStaffAsync("zfb.data");
        var extra = 101 - datasets.Count;
        for (var i = 0; i < extra; i++)
        {
            var r = Resource(classification: "3110101", name: $"政策解读第{i + 1}期", open: true, sharing: "Unconditional");
            r["relatedCodes"] = Array.Empty<string>();
            await CreateAsync(zfb, r);
        }
        var first = JsonDocument.Parse(await anonymous.GetStringAsync("/catalog.jsonld")).RootElement;
        var firstPaging = Node(first, "hydra:PagedCollection");
        Assert.Equal(101, firstPaging.GetProperty("hydra:totalItems").GetInt32());
        Assert.Equal(100, Node(first, "dcat:Catalog").GetProperty("dcat:dataset").GetArrayLength());
        Assert.EndsWith("/catalog.jsonld?page=2", firstPaging.Str("hydra:next"), StringComparison.Ordinal);
        Assert.EndsWith("/catalog.jsonld?page=2", firstPaging.Str("hydra:last"), StringComparison.Ordinal);
        var second = JsonDocument.Parse(await anonymous.GetStringAsync("/catalog.jsonld?page=2")).RootElement;
        var secondPaging = Node(second, "hydra:PagedCollection");
        Assert.Equal(1, Node(second, "dcat:Catalog").GetProperty("dcat:dataset").GetArrayLength());
        Assert.EndsWith("/catalog.jsonld?page=1", secondPaging.Str("hydra:previous"), StringComparison.Ordinal);
        Assert.False(secondPaging.TryGetProperty("hydra:next", out _));
        await ProblemAssert.IsValidationAsync(await anonymous.GetAsync("/catalog.jsonld?page=0"), "page");
    }

    [Fact]
    public async Task The_internal_catalog_needs_a_data_administrators_session_or_token()
    {
        var anonymous = factory.CreateApiClient();
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/catalog.jsonld?scope=internal"), 401, "unauthorized");
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/v1/catalog/export?format=json&scope=internal"), 401, "unauthorized");
        using var officer = await factory.SignedInStaffAsync("wjw.officer");
        await ProblemAssert.IsProblemAsync(await officer.GetAsync("/api/v1/catalog/export?format=json&scope=internal"), 403, "forbidden");

        // A department system with the token its data administrator issued.
        using var wjw = await factory.SignedInStaffAsync("wjw.data");
        var token = await wjw.IssueApiTokenAsync(HubClient.DepartmentId("wjw"), "catalog-sync");
        var system = factory.CreateApiClient().WithBearer(token.Token);
        var internalLd = JsonDocument.Parse(await (await system.GetAsync("/catalog.jsonld?scope=internal")).Content.ReadAsStringAsync()).RootElement;
        var ids = Node(internalLd, "dcat:Catalog").GetProperty("dcat:dataset").EnumerateArray().Select(d => d.Str("dct:identifier")).ToList();
        Assert.Contains(Marriage, ids);
        Assert.Contains("2050102-000001", ids);
        Assert.EndsWith("/catalog.jsonld?scope=internal&page=1", Node(internalLd, "hydra:PagedCollection").Str("hydra:first"), StringComparison.Ordinal);
        var marriage = Node(internalLd, "dcat:Catalog").GetProperty("dcat:dataset").EnumerateArray().First(d => d.Str("dct:identifier") == Marriage);
        Assert.Equal("http://publications.europa.eu/resource/authority/access-right/RESTRICTED", marriage.GetProperty("dct:accessRights").Str("@id"));

        // JSON and Excel with the session.
        var json = await OkJsonAsync(await wjw.GetAsync("/api/v1/catalog/export?format=json&scope=internal"));
        var resources = json.GetProperty("resources").EnumerateArray().ToList();
        Assert.Equal(json.GetProperty("total").GetInt32(), resources.Count);
        Assert.Contains(resources, r => r.Str("code") == IdCard && r.GetProperty("dataItems").GetArrayLength() == 9);
        var xlsx = await wjw.GetAsync("/api/v1/catalog/export?format=xlsx&scope=internal");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(resources.Count, rows.Count);
        var idCard = rows.Single(r => (string?)r["资源代码 code"] == IdCard);
        Assert.Equal("居民身份证信息", idCard["资源名称 name"]);
        Assert.Equal("有条件共享", idCard["共享类型 sharingType"]);
        Assert.Equal("服务接口", idCard["资源格式 format"]);

        // The public export holds only open resources; internal exports are audited.
        var open = await OkJsonAsync(await anonymous.GetAsync("/api/v1/catalog/export?format=json"));
        Assert.All(open.GetProperty("resources").EnumerateArray(), r => Assert.True(r.GetProperty("openToPublic").GetBoolean()));
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var exports = await auditor.AuditEntriesAsync("export");
        Assert.Contains(exports, e => e.Str("subjectType") == "catalog-resource" && e.Str("outcome") == "success");
        Assert.Contains(exports, e => e.Str("subjectType") == "catalog-resource" && e.Str("outcome") == "denied");
    }
}
