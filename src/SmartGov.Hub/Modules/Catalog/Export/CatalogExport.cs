using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MiniExcelLibs;

namespace SmartGov.Hub.Modules.Catalog.Export;

/// <summary>One page of a JSON-LD export: which page, how many per page, and where the collection lives.</summary>
public sealed record JsonLdPage(int Page, int PageSize, string BaseUrl, string CollectionUrl);

/// <summary>
/// The catalog as an xlsx workbook (MiniExcel), as JSON, and as DCAT-AP 3 JSON-LD: a dcat:Catalog whose datasets are
/// the resources, each with a dcat:Distribution (and, for service interfaces, a dcat:DataService), carrying the
/// mandatory properties of DCAT-AP 3.0 (Catalogue: dct:title, dct:description, dct:publisher; Dataset: dct:title,
/// dct:description; Distribution: dcat:accessURL; DataService: dct:title, dcat:endpointURL; Agent: foaf:name). Paged
/// like ckanext-dcat: a hydra:PagedCollection node with hydra:totalItems, hydra:itemsPerPage, hydra:first, hydra:last
/// and, where they exist, hydra:next and hydra:previous.
/// </summary>
public static class CatalogExport
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string JsonLdContentType = "application/ld+json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public static byte[] ToXlsx(IReadOnlyList<ResourceView> resources)
    {
        var rows = resources.Select(r => new Dictionary<string, object?>
        {
            ["资源代码 code"] = r.Code,
            ["资源名称 name"] = r.Name,
            ["英文名称 nameEn"] = r.NameEn,
            ["资源分类 classification"] = r.ClassificationCode + " " + string.Join(" › ", r.Classification.Select(c => c.Name)),
            ["资源提供方 provider"] = r.ProviderName,
            ["提供方代码 providerCode"] = r.ProviderCode,
            ["资源摘要 abstract"] = r.Abstract,
            ["资源格式 format"] = CatalogNames.Of(r.Format).Zh,
            ["信息项 dataItems"] = string.Join("；", r.DataItems.Select(i => $"{i.Name}（{CatalogNames.Of(i.Type).Zh}{(i.Length is { } l ? "," + l.ToString(CultureInfo.InvariantCulture) : "")}{(i.PersonalData ? ",个人信息" : "")}）")),
            ["共享类型 sharingType"] = CatalogNames.Of(r.SharingType).Zh,
            ["共享条件 sharingConditions"] = r.SharingConditions,
            ["共享方式 sharingMethods"] = string.Join("、", r.SharingMethods.Select(m => CatalogNames.Of(Enum.Parse<SharingMethods>(m)).Zh)),
            ["是否向社会开放 openToPublic"] = r.OpenToPublic ? "是" : "否",
            ["开放条件 openConditions"] = r.OpenConditions,
            ["更新周期 updateCycle"] = CatalogNames.Of(r.UpdateCycle).Zh,
            ["发布日期 releaseDate"] = r.ReleaseDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["关联资源代码 relatedCodes"] = string.Join(",", r.RelatedCodes),
            ["版本 version"] = r.Version,
        }).ToList();
        if (rows.Count == 0)
        {
            rows.Add(new Dictionary<string, object?> { ["资源代码 code"] = null });
        }
        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: "资源目录");
        return stream.ToArray();
    }

    public static byte[] ToJson(IReadOnlyList<ResourceView> resources, DateTime generatedAt) =>
        JsonSerializer.SerializeToUtf8Bytes(new { generatedAt, total = resources.Count, resources }, Json);

    private static readonly Dictionary<UpdateCycle, string> Frequencies = new()
    {
        [UpdateCycle.RealTime] = "UPDATE_CONT",
        [UpdateCycle.Daily] = "DAILY",
        [UpdateCycle.Weekly] = "WEEKLY",
        [UpdateCycle.Monthly] = "MONTHLY",
        [UpdateCycle.Quarterly] = "QUARTERLY",
        [UpdateCycle.Yearly] = "ANNUAL",
        [UpdateCycle.Irregular] = "IRREG",
    };

    private static readonly Dictionary<ResourceFormat, string> MediaTypes = new()
    {
        [ResourceFormat.ElectronicFile] = "PDF",
        [ResourceFormat.Spreadsheet] = "XLSX",
        [ResourceFormat.Database] = "SQL",
        [ResourceFormat.Image] = "PNG",
        [ResourceFormat.StreamingMedia] = "MP4",
        [ResourceFormat.SelfDescribing] = "JSON",
        [ResourceFormat.ServiceInterface] = "JSON",
    };

    /// <summary>One page of the catalog as DCAT-AP 3 JSON-LD; <paramref name="total"/> counts every resource of the export.</summary>
    public static byte[] ToJsonLd(IReadOnlyList<ResourceView> pageItems, int total, JsonLdPage page, string publisherName, string publisherCode)
    {
        var b = page.BaseUrl.TrimEnd('/');
        static JsonArray Lang(string zh, string? en)
        {
            var a = new JsonArray { new JsonObject { ["@value"] = zh, ["@language"] = "zh" } };
            if (!string.IsNullOrWhiteSpace(en))
            {
                a.Add(new JsonObject { ["@value"] = en, ["@language"] = "en" });
            }
            return a;
        }
        JsonObject Agent(string name, string code) => new()
        {
            ["@id"] = $"{b}/catalog/publishers/{code}",
            ["@type"] = "foaf:Agent",
            ["foaf:name"] = name,
            ["dct:identifier"] = code,
        };
        var datasets = new JsonArray();
        foreach (var r in pageItems)
        {
            var url = $"{b}/catalog/{r.Code}";
            var distribution = new JsonObject
            {
                ["@id"] = url + "#distribution",
                ["@type"] = "dcat:Distribution",
                ["dct:title"] = Lang(r.Name + "（" + CatalogNames.Of(r.Format).Zh + "）", null),
                ["dcat:accessURL"] = new JsonObject { ["@id"] = url },
                ["dct:format"] = new JsonObject { ["@id"] = "http://publications.europa.eu/resource/authority/file-type/" + MediaTypes[r.Format] },
            };
            if (r.Format == ResourceFormat.ServiceInterface || r.SharingMethods.Contains(nameof(SharingMethods.Interface)))
            {
                distribution["dcat:accessService"] = new JsonObject
                {
                    ["@id"] = url + "#service",
                    ["@type"] = "dcat:DataService",
                    ["dct:title"] = Lang(r.Name + " 共享接口", (r.NameEn ?? r.Code) + " sharing interface"),
                    ["dcat:endpointURL"] = new JsonObject { ["@id"] = $"{b}/api/v1/catalog/resources/{r.Code}" },
                    ["dcat:servesDataset"] = new JsonObject { ["@id"] = url },
                };
            }
            var dataset = new JsonObject
            {
                ["@id"] = url,
                ["@type"] = "dcat:Dataset",
                ["dct:identifier"] = r.Code,
                ["dct:title"] = Lang(r.Name, r.NameEn),
                ["dct:description"] = Lang(r.Abstract, null),
                ["dct:publisher"] = Agent(r.ProviderName, r.ProviderCode),
                ["dct:issued"] = new JsonObject { ["@value"] = r.ReleaseDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["@type"] = "xsd:date" },
                ["dct:modified"] = new JsonObject { ["@value"] = r.PublishedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), ["@type"] = "xsd:dateTime" },
                ["dct:accrualPeriodicity"] = new JsonObject { ["@id"] = "http://publications.europa.eu/resource/authority/frequency/" + Frequencies[r.UpdateCycle] },
                ["dct:accessRights"] = new JsonObject
                {
                    ["@id"] = "http://publications.europa.eu/resource/authority/access-right/" + (r.OpenToPublic ? "PUBLIC" : r.SharingType == SharingType.NotShared ? "NON_PUBLIC" : "RESTRICTED"),
                },
                ["dcat:theme"] = new JsonArray(r.Classification.Select(c => (JsonNode)new JsonObject
                {
                    ["@id"] = $"{b}/catalog/classifications/{c.Code}",
                    ["@type"] = "skos:Concept",
                    ["skos:notation"] = c.Code,
                    ["skos:prefLabel"] = Lang(c.Name, c.NameEn),
                }).ToArray()),
                ["dcat:keyword"] = new JsonArray(r.Classification.Select(c => (JsonNode)JsonValue.Create(c.Name)!).ToArray()),
                ["adms:versionInfo"] = r.Version.ToString(CultureInfo.InvariantCulture),
                ["dcat:landingPage"] = new JsonObject { ["@id"] = url },
                ["dcat:distribution"] = new JsonArray(distribution),
            };
            if (r.RelatedCodes.Count > 0)
            {
                dataset["dct:relation"] = new JsonArray(r.RelatedCodes.Select(c => (JsonNode)new JsonObject { ["@id"] = $"{b}/catalog/{c}" }).ToArray());
            }
            datasets.Add(dataset);
        }
        var last = Math.Max(1, (total + page.PageSize - 1) / page.PageSize);
        var separator = page.CollectionUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        string PageUrl(int n) => $"{page.CollectionUrl}{separator}page={n.ToString(CultureInfo.InvariantCulture)}";
        var paged = new JsonObject
        {
            ["@id"] = PageUrl(page.Page),
            ["@type"] = "hydra:PagedCollection",
            ["hydra:totalItems"] = total,
            ["hydra:itemsPerPage"] = page.PageSize,
            ["hydra:first"] = PageUrl(1),
            ["hydra:last"] = PageUrl(last),
        };
        if (page.Page > 1)
        {
            paged["hydra:previous"] = PageUrl(Math.Min(page.Page - 1, last));
        }
        if (page.Page < last)
        {
            paged["hydra:next"] = PageUrl(page.Page + 1);
        }
        var catalog = new JsonObject
        {
            ["@id"] = page.CollectionUrl,
            ["@type"] = "dcat:Catalog",
            ["dct:title"] = Lang("示范市政务信息资源目录", "Demo City government information resource catalog"),
            ["dct:description"] = Lang("示范市各部门登记的政务信息资源，含共享属性与开放属性。", "The information resources registered by the departments of the Demo City, with their sharing and open-data attributes."),
            ["dct:publisher"] = Agent(publisherName, publisherCode),
            ["foaf:homepage"] = new JsonObject { ["@id"] = b + "/catalog" },
            ["dct:language"] = new JsonObject { ["@id"] = "http://publications.europa.eu/resource/authority/language/ZHO" },
            ["dcat:dataset"] = datasets,
        };
        var document = new JsonObject
        {
            ["@context"] = new JsonObject
            {
                ["dcat"] = "http://www.w3.org/ns/dcat#",
                ["dct"] = "http://purl.org/dc/terms/",
                ["foaf"] = "http://xmlns.com/foaf/0.1/",
                ["skos"] = "http://www.w3.org/2004/02/skos/core#",
                ["adms"] = "http://www.w3.org/ns/adms#",
                ["hydra"] = "http://www.w3.org/ns/hydra/core#",
                ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
            },
            ["@graph"] = new JsonArray(catalog, paged),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, Json);
    }
}
