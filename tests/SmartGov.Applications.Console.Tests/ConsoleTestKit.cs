using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SmartGov.Core;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Console.Tests;

/// <summary>What the console tests do again and again: items by name, an online application, the forms of the 办件 page.</summary>
public static partial class ConsoleTestKit
{
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    public static Guid Hall(string key) => DemoCitySeeder.DeterministicGuid("hall:" + key);

    /// <summary>东湖区政务服务中心, a district hall.</summary>
    public static Guid DistrictHall => Hall("371802");

    [GeneratedRegex("name=\"revision\" value=\"([0-9]+)\"")]
    private static partial Regex RevisionInput();

    [GeneratedRegex("name=\"taskId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex TaskInput();

    [GeneratedRegex("name=\"paper\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex PaperInput();

    [GeneratedRegex("name=\"formToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormTokenInput();

    public static async Task<JsonElement> ItemAsync(HttpClient client, string name)
    {
        var result = await (await client.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString(name) + "&pageSize=50")).ReadJsonAsync();
        var code = result.GetProperty("items").EnumerateArray().First(i => i.Str("name") == name).Str("implementationCode")!;
        return await (await client.GetAsync("/api/v1/services/" + code)).ReadJsonAsync();
    }

    public static async Task<Guid> UploadAsync(HttpClient citizen, string fileName)
    {
        var token = await citizen.AntiforgeryTokenAsync("/account/me");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var response = await citizen.PostAsync("/api/v1/files", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>The demo citizen applies online for 居住证办理 (公安局) with every required material uploaded.</summary>
    public static async Task<(Guid Id, string Number)> ApplyForResidencePermitAsync(HttpClient citizen)
    {
        var item = await ItemAsync(citizen, "居住证办理");
        var materials = new List<object>();
        foreach (var m in item.GetProperty("materials").EnumerateArray().Where(m => m.Str("necessity") == "Required" && m.Str("source") == "Applicant"))
        {
            materials.Add(new { requirementId = m.GetProperty("id").GetGuid(), fileId = await UploadAsync(citizen, m.Str("name") + ".pdf") });
        }
        var response = await citizen.PostAsJsonAsync("/api/v1/applications", new
        {
            itemCode = item.Str("implementationCode"),
            form = new Dictionary<string, string>
            {
                ["applicantName"] = DemoCitySeeder.DemoCitizen.Name, ["idNumber"] = DemoCitySeeder.DemoCitizen.IdNumber,
                ["mobile"] = DemoCitySeeder.DemoCitizen.Mobile, ["address"] = "示范市东湖区人民路 1 号",
            },
            materials,
        });
        var view = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, view.ToString());
        return (view.GetProperty("id").GetGuid(), view.Str("number")!);
    }

    /// <summary>Reads the 办件 page like a browser and submits the form of one action with the revision the page was drawn from.</summary>
    public static async Task<HttpResponseMessage> ActOnPageAsync(this HttpClient staff, Guid id, string action, params (string Name, string Value)[] fields)
    {
        var page = await staff.GetAsync($"/console/applications/{id}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET /console/applications/{id} → {(int)page.StatusCode}");
        Assert.True(html.Contains($"data-testid=\"capp-action-{action}\"", StringComparison.Ordinal), $"The page offers no {action} form.");
        return await staff.PostActionAsync(id, html, action, fields);
    }

    /// <summary>Posts an action form drawn in <paramref name="html"/> (possibly stale).</summary>
    public static Task<HttpResponseMessage> PostActionAsync(this HttpClient staff, Guid id, string html, string action, params (string Name, string Value)[] fields)
    {
        var list = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", HubClient.ExtractToken(html)!),
            new("act", action),
            new("revision", RevisionInput().Match(html).Groups[1].Value),
        };
        if (TaskInput().Match(html) is { Success: true } task)
        {
            list.Add(new("taskId", task.Groups[1].Value));
        }
        list.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return staff.PostFormAsync($"/console/applications/{id}", list);
    }

    public static async Task<string> StatusAsync(this HttpClient client, Guid id) =>
        (await (await client.GetAsync($"/api/v1/applications/{id}")).ReadJsonAsync()).Str("status")!;

    /// <summary>A valid ID number nobody in the demo city has: a walk-in applicant without an account.</summary>
    public static string WalkInIdNumber(int seq) => IdNumber.Compose("371802", new DateOnly(1961, 7, 9), 700 + seq, male: seq % 2 == 0);

    public static List<string> PaperRequirementIds(string html) => PaperInput().Matches(html).Select(m => m.Groups[1].Value).ToList();

    public static string FormToken(string html) => WebUtility.HtmlDecode(FormTokenInput().Match(html).Groups[1].Value);

    /// <summary>Chooses the clerk's hall on /console/window (remembered in a cookie).</summary>
    public static async Task ChooseHallAsync(this HttpClient clerk, Guid hallId)
    {
        var response = await clerk.SubmitFormAsync("/console/window", [new("hallId", hallId.ToString())], "/console/window?handler=hall");
        Assert.True(SmartGovFactory.IsRedirect(response), $"Choosing the hall answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static string Html(this string html) => WebUtility.HtmlDecode(html);
}
