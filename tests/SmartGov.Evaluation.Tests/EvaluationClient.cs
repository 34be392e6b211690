using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Evaluation.Tests;

/// <summary>Calls of the evaluation API as the tests make them: status asserted, JSON back.</summary>
internal static class EvaluationClient
{
    public static Guid Dept(string code) => HubClient.DepartmentId(code);

    public static async Task<JsonElement> SendAsync(this HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> GetJsonAsync(this HttpClient c, string path, HttpStatusCode expected = HttpStatusCode.OK) => c.SendAsync(HttpMethod.Get, path, null, expected);

    public static Task<JsonElement> PostJsonAsync(this HttpClient c, string path, object body, HttpStatusCode expected = HttpStatusCode.OK) => c.SendAsync(HttpMethod.Post, path, body, expected);

    public static Task<JsonElement> PutJsonAsync(this HttpClient c, string path, object body, HttpStatusCode expected = HttpStatusCode.OK) => c.SendAsync(HttpMethod.Put, path, body, expected);

    /// <summary>A small system: A (60) = A1 manual /100 (50) + A2 manual /10 (50); B (40) = B1 incidents rule (100).</summary>
    public static object SmallSystem(string name) => new
    {
        name,
        indicators = new object[]
        {
            new { code = "A", nameZh = "服务质量", nameEn = "Service quality", weight = 60, children = new object[]
            {
                new { code = "A1", nameZh = "服务规范", nameEn = "Standards", weight = 50, rubric = "规范满分 100", maxScore = 100 },
                new { code = "A2", nameZh = "创新举措", nameEn = "Innovation", weight = 50, rubric = "国家级 10 分", maxScore = 10 },
            } },
            new { code = "B", nameZh = "安全", nameEn = "Security", weight = 40, children = new object[]
            {
                new { code = "B1", nameZh = "安全事件", nameEn = "Incidents", weight = 100, rule = "security.incidents" },
            } },
        },
    };

    public static Guid LeafId(JsonElement sheet, string code) =>
        sheet.GetProperty("lines").EnumerateArray().Single(l => l.Str("code") == code).GetProperty("indicatorId").GetGuid();

    public static JsonElement Line(JsonElement sheet, string code) =>
        sheet.GetProperty("lines").EnumerateArray().Single(l => l.Str("code") == code);

    public static string Problem(JsonElement problem, string culture) => problem.GetProperty("messages").GetProperty(culture).GetString()!;
}
