using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Tests;

/// <summary>
/// A citizen applies online with an uploaded material: draft, submit, a supplement request that lists everything at
/// once, the supplement, acceptance, notifications in the inbox; bad uploads and idempotent submission through the API.
/// </summary>
public sealed class OnlineApplicationTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static async Task<JsonElement> ItemAsync(HttpClient client, string name)
    {
        var result = await (await client.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString(name) + "&pageSize=50")).ReadJsonAsync();
        var code = result.GetProperty("items").EnumerateArray().First(i => i.Str("name") == name).Str("implementationCode")!;
        return await (await client.GetAsync($"/api/v1/services/{code}")).ReadJsonAsync();
    }

    private static async Task<Guid> UploadAsync(HttpClient citizen, string fileName, byte[] bytes)
    {
        var token = await citizen.AntiforgeryTokenAsync("/account/me");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var response = await citizen.PostAsync("/api/v1/files", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Applicant-provided required materials of the item, each with a freshly uploaded PDF.</summary>
    private static async Task<List<object>> MaterialsAsync(HttpClient citizen, JsonElement item, int skip = 0)
    {
        var list = new List<object>();
        foreach (var m in item.GetProperty("materials").EnumerateArray()
                     .Where(m => m.Str("necessity") == "Required" && m.Str("source") == "Applicant").Skip(skip))
        {
            list.Add(new { requirementId = m.GetProperty("id").GetGuid(), fileId = await UploadAsync(citizen, m.Str("name") + ".pdf", Pdf) });
        }
        return list;
    }

    [Fact]
    public async Task A_citizen_applies_online_is_asked_once_for_what_is_missing_supplies_it_and_is_accepted()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var item = await ItemAsync(citizen, "居住证办理");
        var code = item.Str("implementationCode");
        var form = new Dictionary<string, string>
        {
            ["applicantName"] = DemoCitySeeder.DemoCitizen.Name, ["idNumber"] = DemoCitySeeder.DemoCitizen.IdNumber,
            ["mobile"] = DemoCitySeeder.DemoCitizen.Mobile, ["address"] = "示范市中心区人民路 1 号",
        };

        // A draft may be incomplete; submitting it may not.
        var draft = await citizen.PostAsJsonAsync("/api/v1/applications", new { itemCode = code, form = new { address = "人民路" }, draft = true });
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        var draftView = await draft.ReadJsonAsync();
        Assert.Equal("Draft", draftView.Str("status"));
        var draftId = draftView.GetProperty("id").GetGuid();
        var incomplete = await citizen.PutAsJsonAsync($"/api/v1/applications/{draftId}/draft", new { itemCode = code, form = new { address = "人民路" }, draft = false });
        var problem = await ProblemAssert.IsProblemAsync(incomplete, 422);
        Assert.Contains("form.applicantName", problem.ToString(), StringComparison.Ordinal);

        var submitted = await citizen.PutAsJsonAsync($"/api/v1/applications/{draftId}/draft",
            new { itemCode = code, form, materials = await MaterialsAsync(citizen, item), draft = false });
        var view = await submitted.ReadJsonAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, view.ToString());
        Assert.Equal("Submitted", view.Str("status"));
        var number = view.Str("number")!;

        // The department's officer asks for two things at once; the citizen is told in the inbox.
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        var supplement = await officer.PostAsJsonAsync($"/api/v1/applications/{draftId}/actions",
            new { action = "RequestSupplement", missing = new[] { "租赁合同", "近期免冠照片" }, comment = "请一并补交" });
        Assert.Equal(HttpStatusCode.OK, supplement.StatusCode);
        var asked = await supplement.ReadJsonAsync();
        Assert.Equal("SupplementRequested", asked.Str("status"));
        Assert.Contains("租赁合同", asked.Str("supplementNote"), StringComparison.Ordinal);
        Assert.Contains("近期免冠照片", asked.Str("supplementNote"), StringComparison.Ordinal);
        var inbox = await (await citizen.GetAsync("/api/v1/me/notifications")).ReadJsonAsync();
        Assert.Contains("补正", inbox.ToString(), StringComparison.Ordinal);

        // Supplying only one of the two is not enough; both completes it and intake resumes.
        var one = await citizen.PostAsJsonAsync($"/api/v1/applications/{draftId}/actions",
            new { action = "Supplement", materials = new[] { new { name = "租赁合同", fileId = await UploadAsync(citizen, "租赁合同.pdf", Pdf) } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, one.StatusCode);
        var both = await citizen.PostAsJsonAsync($"/api/v1/applications/{draftId}/actions", new
        {
            action = "Supplement",
            comment = "合同为最新续签版本",
            materials = new[]
            {
                new { name = "租赁合同", fileId = await UploadAsync(citizen, "租赁合同.pdf", Pdf) },
                new { name = "近期免冠照片", fileId = await UploadAsync(citizen, "照片.pdf", Pdf) },
            },
        });
        var supplied = await both.ReadJsonAsync();
        Assert.True(both.StatusCode == HttpStatusCode.OK, supplied.ToString());
        Assert.Equal("Submitted", supplied.Str("status"));
        Assert.DoesNotContain(supplied.GetProperty("materials").EnumerateArray(), m => m.GetProperty("missing").GetBoolean());
        // The applicant's note travels with the supplement into the history the officer reads.
        var history = await (await officer.GetAsync($"/api/v1/applications/{draftId}/history")).ReadJsonAsync();
        var line = history.EnumerateArray().Last(e => e.Str("action") == "Supplement");
        Assert.Contains("租赁合同", line.Str("comment"), StringComparison.Ordinal);
        Assert.Contains("合同为最新续签版本", line.Str("comment"), StringComparison.Ordinal);

        var accepted = await officer.PostAsJsonAsync($"/api/v1/applications/{draftId}/actions", new { action = "Accept" });
        Assert.Equal("InReview", (await accepted.ReadJsonAsync()).Str("status"));
        var mine = await (await citizen.GetAsync("/api/v1/applications")).ReadJsonAsync();
        Assert.Contains(mine.EnumerateArray(), a => a.Str("number") == number);

        // The citizen cannot act as an officer; another citizen cannot see it.
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.PostAsJsonAsync($"/api/v1/applications/{draftId}/actions", new { action = "Approve" })).StatusCode);
    }

    [Fact]
    public async Task Retried_submissions_with_one_idempotency_key_create_one_application()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var item = await ItemAsync(citizen, "居住证办理");
        var body = new
        {
            itemCode = item.Str("implementationCode"),
            form = new Dictionary<string, string>
            {
                ["applicantName"] = DemoCitySeeder.DemoCitizen.Name, ["idNumber"] = DemoCitySeeder.DemoCitizen.IdNumber,
                ["mobile"] = DemoCitySeeder.DemoCitizen.Mobile, ["address"] = "示范市中心区人民路 2 号",
            },
            materials = await MaterialsAsync(citizen, item),
        };
        var key = "submit-" + Guid.NewGuid().ToString("N");
        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/applications") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await citizen.SendAsync(request);
        }
        // A double click: two at once, then a retry after a timeout.
        var responses = await Task.WhenAll(SendAsync(), SendAsync());
        var retry = await SendAsync();
        var numbers = new List<string?>();
        foreach (var r in responses.Append(retry))
        {
            Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
            numbers.Add((await r.ReadJsonAsync()).Str("number"));
        }
        Assert.Single(numbers.Distinct());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var mine = await (await citizen.GetAsync("/api/v1/applications")).ReadJsonAsync();
        Assert.Single(mine.EnumerateArray(), a => a.Str("number") == numbers[0]);
    }

    [Fact]
    public async Task Bad_uploads_are_refused_clearly_and_a_file_of_someone_else_cannot_be_attached()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var token = await citizen.AntiforgeryTokenAsync("/account/me");
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent(Encoding.ASCII.GetBytes("MZ\u0090\0 this is a program")), "file", "申请表.pdf");
            form.Add(new StringContent(token), "__RequestVerificationToken");
            var problem = await ProblemAssert.IsProblemAsync(await citizen.PostAsync("/api/v1/files", form), 422);
            Assert.Contains("file", problem.ToString(), StringComparison.Ordinal);
        }
        var item = await ItemAsync(citizen, "居住证办理");
        var requirement = item.GetProperty("materials").EnumerateArray().First(m => m.Str("source") == "Applicant").GetProperty("id").GetGuid();
        var response = await citizen.PostAsJsonAsync("/api/v1/applications",
            new { itemCode = item.Str("implementationCode"), materials = new[] { new { requirementId = requirement, fileId = Guid.NewGuid() } }, draft = true });
        var refused = await ProblemAssert.IsProblemAsync(response, 422);
        Assert.Contains("materials[0].fileId", refused.ToString(), StringComparison.Ordinal);
    }
}
