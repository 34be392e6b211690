using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Portal.Tests;

/// <summary>What a browser without JavaScript does on the applicant's pages: GET a form, fill it in, post it (multipart).</summary>
public static partial class PortalPages
{
    /// <summary>居住证办理: a person's item whose form has four fields and two required materials the applicant uploads.</summary>
    public const string ResidencePermit = "居住证办理";

    /// <summary>出生登记: its form has a date field.</summary>
    public const string BirthRegistration = "出生登记（新生儿入户）";

    /// <summary>The implementation code (the guide's URL) of the demo item with this exact name, found by search like a visitor would.</summary>
    public static async Task<string> CodeAsync(this HttpClient client, string name)
    {
        var result = await (await client.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString(name) + "&pageSize=50")).Content.ReadFromJsonAsync<JsonElement>();
        return result.GetProperty("items").EnumerateArray().First(i => i.GetProperty("name").GetString() == name).GetProperty("implementationCode").GetString()!;
    }

    public const string Photo = "近期 1 寸免冠彩色照片";
    public const string Contract = "房屋租赁合同或房屋产权证明";

    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>A Windows executable's first bytes: what a renamed .exe looks like to the content check.</summary>
    public static readonly byte[] Exe = [.. Encoding.ASCII.GetBytes("MZ"), .. new byte[62], .. Encoding.ASCII.GetBytes("This program cannot be run in DOS mode.")];

    public static Dictionary<string, string> CompleteForm(string address = "示范市中心区人民路 8 号") => new()
    {
        ["form.applicantName"] = DemoCitySeeder.DemoCitizen.Name,
        ["form.idNumber"] = DemoCitySeeder.DemoCitizen.IdNumber,
        ["form.mobile"] = DemoCitySeeder.DemoCitizen.Mobile,
        ["form.address"] = address,
    };

    [GeneratedRegex("name=\"formToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormTokenInput();

    [GeneratedRegex("<input type=\"hidden\" name=\"(staged\\.[0-9a-f]{32})\" value=\"([^\"]+)\"")]
    private static partial Regex StagedInputs();

    [GeneratedRegex("/applications/([0-9]{22})/receipt")]
    private static partial Regex ReceiptPath();

    public sealed record OpenForm(string Html, string Antiforgery, string FormToken, Dictionary<string, string> Hidden);

    public static async Task<string> HtmlAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path} → {(int)response.StatusCode}, expected {(int)expected}: {html[..Math.Min(html.Length, 2000)]}");
        return WebUtility.HtmlDecode(html);
    }

    /// <summary>The apply form as the page draws it: its anti-forgery token, its form token and the staged-file fields.</summary>
    public static OpenForm ReadForm(string rawHtml)
    {
        var token = HubClient.ExtractToken(rawHtml) ?? throw new Xunit.Sdk.XunitException("The page has no anti-forgery token.");
        var formToken = FormTokenInput().Match(rawHtml);
        Assert.True(formToken.Success, "The apply form has no hidden formToken.");
        var hidden = StagedInputs().Matches(rawHtml).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        return new OpenForm(WebUtility.HtmlDecode(rawHtml), token, formToken.Groups[1].Value, hidden);
    }

    public static async Task<OpenForm> OpenApplyFormAsync(this HttpClient client, string item = ResidencePermit)
    {
        var code = await client.CodeAsync(item);
        var response = await client.GetAsync($"/services/{code}/apply");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET apply → {(int)response.StatusCode}");
        return ReadForm(html);
    }

    /// <summary>The item's material requirements, name → id in the "N" format the page uses in field names.</summary>
    public static async Task<Dictionary<string, string>> RequirementIdsAsync(this HttpClient client, string name = ResidencePermit)
    {
        var code = await client.CodeAsync(name);
        var item = await (await client.GetAsync($"/api/v1/services/{code}")).Content.ReadFromJsonAsync<JsonElement>();
        return item.GetProperty("materials").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("id").GetGuid().ToString("N"));
    }

    /// <summary>Posts the form like a browser: fields, the hidden fields it carried, and the chosen files.</summary>
    public static async Task<HttpResponseMessage> PostApplyAsync(this HttpClient client, OpenForm form, Dictionary<string, string> fields,
        IEnumerable<(string RequirementId, string FileName, byte[] Bytes)> files, string intent = "submit", string item = ResidencePermit, string? draftQuery = null)
    {
        var code = await client.CodeAsync(item);
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(form.Antiforgery), "__RequestVerificationToken");
        content.Add(new StringContent(form.FormToken), "formToken");
        content.Add(new StringContent(intent), "intent");
        foreach (var (k, v) in form.Hidden.Concat(fields))
        {
            content.Add(new StringContent(v), k);
        }
        foreach (var (rid, name, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, "file." + rid, name);
        }
        return await client.PostAsync($"/services/{code}/apply" + (draftQuery ?? ""), content);
    }

    /// <summary>The application number of a redirect to its receipt.</summary>
    public static string ReceiptNumber(HttpResponseMessage response)
    {
        Assert.True(SmartGovFactory.IsRedirect(response), $"Expected a redirect to the receipt, got {(int)response.StatusCode}.");
        var match = ReceiptPath().Match(response.Headers.Location!.OriginalString);
        Assert.True(match.Success, $"Redirected to {response.Headers.Location}, not to a receipt.");
        return match.Groups[1].Value;
    }

    public static async Task<List<JsonElement>> MyApplicationsAsync(this HttpClient client) =>
        [.. (await (await client.GetAsync("/api/v1/applications")).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];

    /// <summary>A citizen applies for a residence permit through the page and lands on the receipt; returns the number.</summary>
    public static async Task<string> ApplyForResidencePermitAsync(this HttpClient citizen)
    {
        var ids = await citizen.RequirementIdsAsync();
        var form = await citizen.OpenApplyFormAsync();
        var response = await citizen.PostApplyAsync(form, CompleteForm(), [(ids[Photo], "photo.pdf", Pdf), (ids[Contract], "contract.pdf", Pdf)]);
        return ReceiptNumber(response);
    }

    /// <summary>Registers a new citizen through the API and signs them in.</summary>
    public static async Task<HttpClient> NewCitizenAsync(this SmartGovFactory factory, int n)
    {
        var id = SmartGov.Core.IdNumber.Compose("110105", new DateOnly(1980 + n, 5, 1 + n), 400 + n, male: n % 2 == 0);
        var mobile = "139" + (10_000_000 + n * 7_919).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var api = factory.CreateApiClient();
        var created = await api.PostAsJsonAsync("/api/v1/accounts/citizens",
            new { name = new[] { "李晓明", "王小红", "赵大伟" }[n % 3], idNumber = id, mobile, password = HubClient.DemoPassword, confirmPassword = HubClient.DemoPassword });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return await factory.SignedInCitizenAsync(id);
    }
}
