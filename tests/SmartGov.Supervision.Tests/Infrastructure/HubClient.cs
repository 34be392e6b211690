using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using SmartGov.Hub.Seeding;

namespace SmartGov.Supervision.Tests.Infrastructure;

/// <summary>What a browser or an API client does: forms with their anti-forgery token, sign-in with TOTP, API tokens.</summary>
public static partial class HubClient
{
    public const string DemoPassword = DemoCitySeeder.DemoPassword;

    public static Guid DepartmentId(string code) => DemoCitySeeder.DeterministicGuid("dept:" + code);

    public static Guid StaffId(string userName) => DemoCitySeeder.DeterministicGuid("user:" + userName);

    [GeneratedRegex("<input[^>]*?name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"|<input[^>]*?value=\"([^\"]+)\"[^>]*?name=\"__RequestVerificationToken\"")]
    private static partial Regex TokenInput();

    /// <summary>GETs the page and returns the hidden anti-forgery field of its form.</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string pagePath)
    {
        var response = await client.GetAsync(pagePath);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {pagePath} → {(int)response.StatusCode}, expected the form page.");
        return ExtractToken(html) ?? throw new Xunit.Sdk.XunitException($"No __RequestVerificationToken on {pagePath}.");
    }

    public static string? ExtractToken(string html)
    {
        var match = TokenInput().Match(html);
        if (!match.Success)
        {
            return null;
        }
        return WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
    }

    /// <summary>Fills in the form on <paramref name="pagePath"/> and submits it, like a browser (token included).</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pagePath, IEnumerable<KeyValuePair<string, string>> fields, string? postPath = null)
    {
        var token = await client.AntiforgeryTokenAsync(pagePath);
        return await client.PostFormAsync(postPath ?? pagePath, fields.Append(new("__RequestVerificationToken", token)));
    }

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        client.PostAsync(path, new FormUrlEncodedContent(fields));

    /// <summary>Password sign-in on /account/login; returns the response of the POST.</summary>
    public static Task<HttpResponseMessage> PostLoginAsync(this HttpClient client, string identifier, string password) =>
        client.SubmitFormAsync("/account/login", [new("identifier", identifier), new("password", password)]);

    public static async Task SignInCitizenAsync(this HttpClient client, string identifier, string password = DemoPassword)
    {
        var response = await client.PostLoginAsync(identifier, password);
        Assert.True(SmartGovFactory.IsRedirect(response), $"Citizen sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("/account/me", response.Headers.Location?.OriginalString);
    }

    /// <summary>Password, then the TOTP code of the demo secret: the staff member lands on the console.</summary>
    public static async Task SignInStaffAsync(this HttpClient client, string userName, string password = DemoPassword, string? totpSecret = null)
    {
        var response = await client.PostLoginAsync(userName, password);
        Assert.True(SmartGovFactory.IsRedirect(response), $"{userName}: password step answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.StartsWith("/account/login-2fa", location);
        var code = Totp.Code(totpSecret ?? DemoCitySeeder.TotpSecretFor(userName));
        var second = await client.SubmitFormAsync(location, [new("code", code)]);
        Assert.True(SmartGovFactory.IsRedirect(second), $"{userName}: TOTP step answered {(int)second.StatusCode}: {await second.Content.ReadAsStringAsync()}");
        Assert.Equal("/console", second.Headers.Location?.OriginalString);
    }

    public static async Task<HttpClient> SignedInStaffAsync(this SmartGovFactory factory, string userName)
    {
        var client = factory.CreateBrowser();
        await client.SignInStaffAsync(userName);
        return client;
    }

    public static async Task<HttpClient> SignedInCitizenAsync(this SmartGovFactory factory, string identifier, string password = DemoPassword)
    {
        var client = factory.CreateBrowser();
        await client.SignInCitizenAsync(identifier, password);
        return client;
    }

    public sealed record IssuedToken(Guid Id, string Token, string Prefix);

    /// <summary>The department's data administrator (or leader) issues an API token for one of its systems.</summary>
    public static async Task<IssuedToken> IssueApiTokenAsync(this HttpClient signedInDataAdmin, Guid departmentId, string name = "test-system")
    {
        var response = await signedInDataAdmin.PostAsJsonAsync($"/api/v1/departments/{departmentId}/api-tokens", new { name, validDays = 30 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new IssuedToken(json.GetProperty("id").GetGuid(), json.GetProperty("token").GetString()!, json.GetProperty("prefix").GetString()!);
    }

    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Audit entries as the audit administrator sees them through the API, newest first.</summary>
    public static async Task<List<JsonElement>> AuditEntriesAsync(this HttpClient signedInAuditor, string? action = null, Guid? actorId = null)
    {
        var query = "/api/v1/audit/entries?pageSize=500";
        if (action is not null)
        {
            query += "&action=" + Uri.EscapeDataString(action);
        }
        if (actorId is not null)
        {
            query += "&actorId=" + actorId;
        }
        var response = await signedInAuditor.GetAsync(query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    public static string? Str(this JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
