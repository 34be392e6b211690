using SmartGov.Web.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Hub.Modules.Services.Seeding;

namespace SmartGov.Services.Tests.Infrastructure;

/// <summary>Reading the demo catalog the way a department system or the portal does: through the public API.</summary>
public static class Catalog
{
    public static async Task<JsonElement> SearchAsync(this HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/services?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static List<string> Names(this JsonElement result) =>
        [.. result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];

    /// <summary>The implementation code of a demo item, found by searching its exact name.</summary>
    public static async Task<string> CodeOfAsync(this HttpClient client, string name)
    {
        var result = await client.SearchAsync("q=" + Uri.EscapeDataString(name) + "&pageSize=100");
        var hit = result.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("name").GetString() == name);
        Assert.True(hit.ValueKind == JsonValueKind.Object, $"Searching '{name}' did not list it: {string.Join(", ", result.Names())}");
        return hit.GetProperty("implementationCode").GetString()!;
    }

    public static async Task<JsonElement> ItemAsync(this HttpClient client, string code)
    {
        var response = await client.GetAsync($"/api/v1/services/{code}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The current version as a publish body: what an editor's form would send back unchanged.</summary>
    public static Dictionary<string, object?> AsInput(this JsonElement item)
    {
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(item.GetRawText())!;
        foreach (var key in new[] { "itemId", "versionId", "version", "latestVersion", "publishedAt", "publishedByName", "changeNote" })
        {
            body.Remove(key);
        }
        body["applicantTypes"] = item.GetProperty("applicantTypes").GetString()!.Split(", ");
        body["materials"] = item.GetProperty("materials").EnumerateArray().Select(m => new Dictionary<string, object?>
        {
            ["name"] = m.GetProperty("name").GetString(),
            ["necessity"] = m.GetProperty("necessity").GetString(),
            ["condition"] = m.Str("condition"),
            ["forms"] = m.GetProperty("forms").GetString()!.Split(", "),
            ["copies"] = m.GetProperty("copies").GetInt32(),
            ["source"] = m.GetProperty("source").GetString(),
            ["licenseTypeCode"] = m.Str("licenseTypeCode"),
            ["acceptanceStandard"] = m.Str("acceptanceStandard"),
        }).ToList();
        return body;
    }

    public static int DemoItemCount => ServicesDemoSeeder.DemoItems().Count;
}
