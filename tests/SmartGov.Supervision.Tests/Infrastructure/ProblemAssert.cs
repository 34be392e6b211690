using System.Net.Http.Json;
using System.Text.Json;

namespace SmartGov.Supervision.Tests.Infrastructure;

/// <summary>What every API error must look like to a client: RFC 9457 with a stable type and both languages.</summary>
public static class ProblemAssert
{
    public const string TypePrefix = "urn:smartgov:problem:";

    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, int status, string? type = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.NotEqual(500, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        var actualType = json.GetProperty("type").GetString()!;
        Assert.StartsWith(TypePrefix, actualType);
        if (type is not null)
        {
            Assert.Equal(TypePrefix + type, actualType);
        }
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        var messages = json.GetProperty("messages");
        Assert.False(string.IsNullOrWhiteSpace(messages.GetProperty("zh-CN").GetString()), "messages.zh-CN is empty");
        Assert.False(string.IsNullOrWhiteSpace(messages.GetProperty("en-US").GetString()), "messages.en-US is empty");
        return json;
    }

    /// <summary>The field errors of a 422, as (field, code) pairs.</summary>
    public static List<(string Field, string Code)> FieldErrors(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("code").GetString()!))];

    public static async Task<JsonElement> IsValidationAsync(HttpResponseMessage response, string field, string? code = null)
    {
        var problem = await IsProblemAsync(response, 422, "validation");
        var errors = FieldErrors(problem);
        Assert.Contains(errors, e => e.Field == field && (code is null || e.Code == code));
        foreach (var e in problem.GetProperty("errors").EnumerateArray())
        {
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("messageZh").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("messageEn").GetString()));
        }
        return problem;
    }

    public static Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) => response.Content.ReadFromJsonAsync<JsonElement>();
}
