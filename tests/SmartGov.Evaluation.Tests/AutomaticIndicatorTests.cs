using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Evaluation.Tests.EvaluationClient;

namespace SmartGov.Evaluation.Tests;

/// <summary>
/// The one-stop indicators against hand-computed values: the public security bureau (gaj) gets two online residence
/// permit applications (one asked to supplement) and one walk-in with paper materials; two are completed on time.
/// Online rate 2/3, zero-visit rate 2/3, on-time 2/2, supplement rate 1/3 (scored 100 − 33.33). Rules whose data does
/// not exist yet say why. A closed round keeps the values it froze.
/// </summary>
public sealed class AutomaticIndicatorTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static async Task<JsonElement> ItemAsync(HttpClient client, string name)
    {
        var result = await client.GetJsonAsync("/api/v1/services?q=" + Uri.EscapeDataString(name) + "&pageSize=50");
        var code = result.GetProperty("items").EnumerateArray().First(i => i.Str("name") == name).Str("implementationCode")!;
        return await client.GetJsonAsync($"/api/v1/services/{code}");
    }

    private static async Task<List<object>> MaterialsAsync(HttpClient citizen, JsonElement item)
    {
        var list = new List<object>();
        foreach (var m in item.GetProperty("materials").EnumerateArray().Where(m => m.Str("necessity") == "Required" && m.Str("source") == "Applicant"))
        {
            var token = await citizen.AntiforgeryTokenAsync("/account/me");
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Pdf);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "file", m.Str("name") + ".pdf");
            form.Add(new StringContent(token), "__RequestVerificationToken");
            var response = await citizen.PostAsync("/api/v1/files", form);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            list.Add(new { requirementId = m.GetProperty("id").GetGuid(), fileId = JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid() });
        }
        return list;
    }

    private static Dictionary<string, string> PersonForm() => new()
    {
        ["applicantName"] = DemoCitySeeder.DemoCitizen.Name, ["idNumber"] = DemoCitySeeder.DemoCitizen.IdNumber,
        ["mobile"] = DemoCitySeeder.DemoCitizen.Mobile, ["address"] = "示范市中心区人民路 1 号",
    };

    private static async Task<Guid> OnlineAsync(HttpClient citizen, JsonElement item)
    {
        var app = await citizen.PostJsonAsync("/api/v1/applications",
            new { itemCode = item.Str("implementationCode"), form = PersonForm(), materials = await MaterialsAsync(citizen, item), draft = false }, HttpStatusCode.Created);
        Assert.Equal("Submitted", app.Str("status"));
        return app.GetProperty("id").GetGuid();
    }

    private static Task<JsonElement> ActAsync(HttpClient client, Guid id, object body) => client.PostJsonAsync($"/api/v1/applications/{id}/actions", body);

    /// <summary>Review, decision by the leader, issue: the default workflow to completion.</summary>
    private static async Task CompleteAsync(HttpClient officer, HttpClient leader, Guid id)
    {
        await ActAsync(officer, id, new { action = "Approve", comment = "材料齐全" });
        await ActAsync(leader, id, new { action = "Approve", comment = "准予办理" });
        var done = await ActAsync(officer, id, new { action = "IssueResult" });
        Assert.Equal("Completed", done.Str("status"));
        Assert.True(done.GetProperty("onTime").GetBoolean());
    }

    private static async Task<JsonElement> ValueAsync(HttpClient client, string rule, string dept, DateOnly day) =>
        await client.GetJsonAsync($"/api/v1/evaluation/rules/{rule}/value?departmentId={Dept(dept)}&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");

    [Fact]
    public async Task One_stop_indicators_match_the_hand_computed_rates_and_a_closed_round_keeps_them()
    {
        var today = ChinaTime.ToDate(DateTimeOffset.UtcNow);
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        using var leader = await factory.SignedInStaffAsync("gaj.leader");
        using var clerk = await factory.SignedInStaffAsync("clerk1");
        using var lead = await factory.SignedInStaffAsync("supervisor");
        var item = await ItemAsync(citizen, "居住证办理");

        var online1 = await OnlineAsync(citizen, item);
        var online2 = await OnlineAsync(citizen, item);
        var halls = await citizen.GetJsonAsync("/api/v1/service-halls");
        var walkIn = await clerk.PostJsonAsync("/api/v1/window/applications", new
        {
            itemCode = item.Str("implementationCode"), hallId = halls[0].GetProperty("id").GetGuid(), applicantIdNumber = DemoCitySeeder.DemoCitizen.IdNumber,
            applicantName = DemoCitySeeder.DemoCitizen.Name, mobile = DemoCitySeeder.DemoCitizen.Mobile, form = PersonForm(),
            materials = item.GetProperty("materials").EnumerateArray().Where(m => m.Str("necessity") == "Required").Select(m => new { requirementId = m.GetProperty("id").GetGuid(), paper = true, name = m.Str("name") }).ToArray(),
            acceptNow = true,
        }, HttpStatusCode.Created);
        var walkInId = walkIn.GetProperty("id").GetGuid();

        await ActAsync(officer, online1, new { action = "Accept" });
        await ActAsync(officer, online2, new { action = "RequestSupplement", missing = new[] { "房屋租赁合同或房屋产权证明" }, comment = "租赁合同缺少签章页" });
        await CompleteAsync(officer, leader, online1);
        await CompleteAsync(officer, leader, walkInId);

        var online = await ValueAsync(lead, "onestop.online-rate", "gaj", today);
        Assert.True(online.GetProperty("available").GetBoolean(), online.ToString());
        Assert.Equal("2/3", online.Str("rawText"));
        Assert.Equal(66.67, online.GetProperty("score").GetDouble());
        Assert.Equal("2/3", (await ValueAsync(lead, "onestop.zero-visit-rate", "gaj", today)).Str("rawText"));
        var onTime = await ValueAsync(lead, "onestop.on-time-rate", "gaj", today);
        Assert.Equal(("2/2", 100.0), (onTime.Str("rawText"), onTime.GetProperty("score").GetDouble()));
        var supplement = await ValueAsync(lead, "onestop.supplement-rate", "gaj", today);
        Assert.Equal(("1/3", 33.33, 66.67), (supplement.Str("rawText"), supplement.GetProperty("raw").GetDouble(), supplement.GetProperty("score").GetDouble()));
        // Another department, and another period, had nothing: not available rather than zero.
        var none = await ValueAsync(lead, "onestop.online-rate", "mzj", today);
        Assert.False(none.GetProperty("available").GetBoolean());
        Assert.False((await ValueAsync(lead, "onestop.online-rate", "gaj", today.AddDays(-10))).GetProperty("available").GetBoolean());

        // Figures without data say why.
        var ratings = await ValueAsync(lead, "ratings.average-score", "gaj", today);
        Assert.False(ratings.GetProperty("available").GetBoolean());
        var sharing = await ValueAsync(lead, "sharing.requests-served", "gaj", today);
        Assert.False(sharing.GetProperty("available").GetBoolean());
        Assert.Contains("没有收到共享申请", sharing.Str("reason"), StringComparison.Ordinal);
        // Reading applications is an audited personal-data read with a purpose: gaj's audit coverage is 100%.
        await officer.GetJsonAsync($"/api/v1/applications/{online1}");
        var coverage = await ValueAsync(lead, "security.audit-coverage", "gaj", today);
        Assert.Equal(100, coverage.GetProperty("score").GetDouble());
        // Departments cannot preview.
        await officer.GetJsonAsync($"/api/v1/evaluation/rules/onestop.online-rate/value?departmentId={Dept("gaj")}&from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}", HttpStatusCode.Forbidden);

        // A round over today, closed: the automatic values are frozen into it.
        var system = await lead.PostJsonAsync("/api/v1/evaluation/systems", new
        {
            name = "一网通办（测试）",
            indicators = new object[]
            {
                new { code = "A1", nameZh = "网上办理率", weight = 40, rule = "onestop.online-rate" },
                new { code = "A4", nameZh = "补正率", weight = 30, rule = "onestop.supplement-rate" },
                new { code = "A5", nameZh = "好差评", weight = 30, rule = "ratings.average-score" },
            },
        }, HttpStatusCode.Created);
        var round = await lead.PostJsonAsync("/api/v1/evaluation/rounds", new
        {
            name = "本季度一网通办", kind = "Quarterly", periodFrom = today, periodTo = today, systemId = system.GetProperty("id").GetGuid(),
            departmentIds = new[] { Dept("gaj") }, evaluatorIds = new[] { HubClient.StaffId("evaluator") },
        }, HttpStatusCode.Created);
        var r = $"/api/v1/evaluation/rounds/{round.GetProperty("id").GetGuid()}";
        foreach (var action in new[] { "OpenScoring", "StartReconciliation", "Close" })
        {
            await lead.PostJsonAsync($"{r}/actions", new { action });
        }
        var sheet = await lead.GetJsonAsync($"{r}/departments/{Dept("gaj")}");
        Assert.Equal(66.67, Line(sheet, "A1").GetProperty("automatic").GetProperty("value").GetDouble());
        // Nobody rated in the period: the 好差评 leaf has no value and says why.
        Assert.Equal("期间内没有评价", Line(sheet, "A5").GetProperty("automatic").GetProperty("reason").GetString());
        // Not available leaves drop out: (40 × 66.67 + 30 × 66.67) / 70.
        Assert.Equal(66.67, sheet.GetProperty("total").GetDouble());

        // A third online application later: the rule now says 3/4, the closed round still 2/3.
        await OnlineAsync(citizen, item);
        Assert.Equal("3/4", (await ValueAsync(lead, "onestop.online-rate", "gaj", today)).Str("rawText"));
        var frozen = await lead.GetJsonAsync($"{r}/departments/{Dept("gaj")}");
        Assert.Equal("2/3", Line(frozen, "A1").GetProperty("automatic").GetProperty("rawText").GetString());
    }
}
