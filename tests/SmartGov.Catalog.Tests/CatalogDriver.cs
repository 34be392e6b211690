using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Catalog.Tests;

/// <summary>What a data administrator sends: a valid resource, changed per test.</summary>
public static class CatalogDriver
{
    public const string IdCard = "3010101-000001";
    public const string Household = "3010102-000001";
    public const string Marriage = "3020101-000001";
    public const string Business = "3030101-000001";

    public static Dictionary<string, object?> Resource(string classification = "3010201", string name = "非机动车登记信息", bool open = false, string sharing = "Conditional",
        bool personal = false) => new()
    {
        ["classificationCode"] = classification,
        ["name"] = name,
        ["nameEn"] = "Test resource " + name,
        ["abstract"] = name + "：电动自行车登记、号牌与车主信息，用于测试。",
        ["format"] = "数据库",
        ["dataItems"] = new object[]
        {
            new { name = "号牌号码", type = "Text", length = 20, description = "号牌", personalData = false },
            new { name = "车主姓名", type = "字符型", length = 50, personalData = personal },
            new { name = "登记日期", type = "Date" },
        },
        ["sharingType"] = sharing,
        ["sharingConditions"] = sharing == "Unconditional" ? null : "仅限政务用途",
        ["sharingMethods"] = sharing == "NotShared" ? Array.Empty<string>() : new[] { "Interface", "文件" },
        ["openToPublic"] = open,
        ["openConditions"] = open ? "开放号牌与登记日期" : null,
        ["updateCycle"] = "每日",
        ["releaseDate"] = "2026-03-01",
        ["relatedCodes"] = new[] { IdCard },
    };

    public static async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/catalog/resources", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("resource").Clone();
    }

    public static Task<HttpResponseMessage> RequestAsync(HttpClient client, string code, string[] items, string purpose = "居民户籍核验", string from = "2026-01-01", string until = "2027-12-31") =>
        client.PostAsJsonAsync("/api/v1/catalog/sharing-requests", new { resourceCode = code, purposes = new[] { purpose }, dataItems = items, scope = "本部门业务系统", validFrom = from, validUntil = until });

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The grants the exchange center would read now (ICatalogSharing through the API).</summary>
    public static async Task<List<JsonElement>> GrantsAsync(HttpClient staff) =>
        [.. (await OkJsonAsync(await staff.GetAsync("/api/v1/catalog/grants"))).EnumerateArray()];
}
