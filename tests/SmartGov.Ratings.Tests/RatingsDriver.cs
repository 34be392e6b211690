using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Ratings.Tests;

/// <summary>Drives applications to completion through /api/v1 the way a window clerk and the department would.</summary>
public static class RatingsDriver
{
    public const string ResidencePermit = "居住证办理";

    public static async Task<string> CodeOfAsync(HttpClient client, string name)
    {
        var result = await (await client.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString(name) + "&pageSize=50")).ReadJsonAsync();
        return result.GetProperty("items").EnumerateArray().First(i => i.Str("name") == name).Str("implementationCode")!;
    }

    public static async Task<List<Guid>> HallsAsync(HttpClient client)
    {
        var halls = await (await client.GetAsync("/api/v1/service-halls")).ReadJsonAsync();
        return halls.EnumerateArray().Select(h => h.GetProperty("id").GetGuid()).ToList();
    }

    public static async Task<JsonElement> ActAsync(HttpClient client, Guid id, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/applications/{id}/actions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The demo citizen's residence permit, taken in at a window of <paramref name="hall"/> and accepted at once.</summary>
    public static async Task<(Guid Id, string Number)> WindowIntakeAsync(HttpClient clerk, string code, Guid hall)
    {
        var item = await (await clerk.GetAsync($"/api/v1/services/{code}")).ReadJsonAsync();
        var paper = item.GetProperty("materials").EnumerateArray().Where(m => m.Str("necessity") == "Required")
            .Select(m => (object)new { requirementId = m.GetProperty("id").GetGuid(), paper = true }).ToArray();
        var response = await clerk.PostAsJsonAsync("/api/v1/window/applications", new
        {
            itemCode = code, hallId = hall, applicantIdNumber = DemoCitySeeder.DemoCitizen.IdNumber, applicantName = DemoCitySeeder.DemoCitizen.Name,
            mobile = DemoCitySeeder.DemoCitizen.Mobile,
            form = new Dictionary<string, string>
            {
                ["applicantName"] = DemoCitySeeder.DemoCitizen.Name, ["idNumber"] = DemoCitySeeder.DemoCitizen.IdNumber,
                ["mobile"] = DemoCitySeeder.DemoCitizen.Mobile, ["address"] = "示范市中心区人民路 1 号",
            },
            materials = paper,
            acceptNow = true,
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        var view = JsonDocument.Parse(text).RootElement;
        Assert.Equal("InReview", view.Str("status"));
        return (view.GetProperty("id").GetGuid(), view.Str("number")!);
    }

    /// <summary>Review by the public security bureau's officer, decision by its leader, result issued: Completed.</summary>
    public static async Task CompleteAsync(SmartGovFactory factory, Guid id)
    {
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        using var leader = await factory.SignedInStaffAsync("gaj.leader");
        await ActAsync(officer, id, new { action = "Approve", comment = "材料齐全" });
        await ActAsync(leader, id, new { action = "Approve", comment = "准予办理" });
        var issued = await ActAsync(officer, id, new { action = "IssueResult" });
        Assert.Equal("Completed", issued.Str("status"));
    }

    public static Task<HttpResponseMessage> RateAsync(HttpClient client, Guid id, object body) =>
        client.PostAsJsonAsync($"/api/v1/applications/{id}/rating", body);
}
