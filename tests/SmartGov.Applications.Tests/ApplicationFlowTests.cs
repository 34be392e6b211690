using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Tests;

/// <summary>
/// Window intake, parallel review by three departments, decision and issuance through /api/v1 on the configured
/// database; invalid transitions, concurrent decisions, scoping, pauses and public tracking along the way.
/// </summary>
public sealed class ApplicationFlowTests(ClockFactory factory) : IClassFixture<ClockFactory>
{
    private static Guid Dept(string code) => HubClient.DepartmentId(code);

    private static readonly string BusinessCode = CreditCode.Compose('9', '1', "371802", "MA0000007");

    private static async Task<string> CodeOfAsync(HttpClient client, string name)
    {
        var result = await (await client.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString(name) + "&pageSize=50")).ReadJsonAsync();
        return result.GetProperty("items").EnumerateArray().First(i => i.Str("name") == name).Str("implementationCode")!;
    }

    /// <summary>The planning permit's workflow with three departments in parallel; every test publishes it, in any order.</summary>
    private async Task<string> PlanningPermitAsync(HttpClient anonymous)
    {
        var code = await CodeOfAsync(anonymous, "建设工程规划许可证核发");
        using var zrzyData = await factory.SignedInStaffAsync("zrzy.data");
        var published = await zrzyData.PutAsJsonAsync($"/api/v1/service-items/{code}/workflow", ParallelWorkflow());
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        return code;
    }

    private static async Task<Guid> HallAsync(HttpClient client)
    {
        var halls = await (await client.GetAsync("/api/v1/service-halls")).ReadJsonAsync();
        return halls.EnumerateArray().First().GetProperty("id").GetGuid();
    }

    private static object ParallelWorkflow() => new
    {
        steps = new object[]
        {
            new { key = "intake", nameZh = "受理", kind = "Intake", stage = 0 },
            new { key = "plan", nameZh = "规划审查", kind = "Review", stage = 1, departmentId = Dept("zrzy") },
            new { key = "build", nameZh = "建设审查", kind = "Review", stage = 1, departmentId = Dept("zjj") },
            new { key = "traffic", nameZh = "交通影响审查", kind = "Review", stage = 1, departmentId = Dept("gaj") },
            new { key = "decision", nameZh = "决定", kind = "Decision", stage = 2, role = "DepartmentLeader" },
            new { key = "issue", nameZh = "制证", kind = "Issue", stage = 3 },
        },
    };

    private static async Task<JsonElement> ActAsync(HttpClient client, Guid id, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/applications/{id}/actions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> WindowIntakeAsync(HttpClient clerk, string code, Guid hall, string? key = null, bool acceptNow = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/window/applications")
        {
            Content = JsonContent.Create(new
            {
                itemCode = code, hallId = hall, applicantIdNumber = DemoCitySeeder.DemoCitizen.IdNumber, applicantName = DemoCitySeeder.DemoCitizen.Name,
                mobile = "13800138000", businessCreditCode = BusinessCode, businessName = "示范市测试建设有限公司",
                form = new Dictionary<string, string>
                {
                    ["companyName"] = "示范市测试建设有限公司", ["creditCode"] = BusinessCode, ["contactName"] = "张明华", ["contactMobile"] = "13800138000",
                    ["projectName"] = "示范市第一中学教学楼", ["floorArea"] = "12000",
                },
                materials = new object[]
                {
                    new { paper = true, name = "建设工程规划许可申请表" }, new { paper = true, name = "建设工程设计方案总平面图" },
                },
                acceptNow,
            }),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        var response = await clerk.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_walk_in_application_is_accepted_reviewed_in_parallel_decided_and_issued()
    {
        factory.Clock.Reset();
        var anonymous = factory.CreateApiClient();
        var code = await PlanningPermitAsync(anonymous);

        using var clerk = await factory.SignedInStaffAsync("clerk1");
        var hall = await HallAsync(anonymous);
        var app = await WindowIntakeAsync(clerk, code, hall);
        var id = app.GetProperty("id").GetGuid();
        var number = app.Str("number")!;
        Assert.Matches("^[0-9]{22}$", number);
        Assert.Equal("InReview", app.Str("status"));
        Assert.NotNull(app.Str("dueOn"));
        Assert.True(3 == app.GetProperty("tasks").EnumerateArray().Count(t => t.Str("status") == "Open"), app.ToString());

        // Each department sees its own step in its queue; nobody else's.
        using var zjj = await factory.SignedInStaffAsync("zjj.officer");
        using var gaj = await factory.SignedInStaffAsync("gaj.officer");
        using var zrzy = await factory.SignedInStaffAsync("zrzy.officer");
        using var mzj = await factory.SignedInStaffAsync("mzj.officer");
        var queue = await (await zjj.GetAsync("/api/v1/work-queue?number=" + number)).ReadJsonAsync();
        Assert.Equal("建设审查", queue.GetProperty("items")[0].Str("stepName"));
        var mzjQueue = await (await mzj.GetAsync("/api/v1/work-queue?number=" + number)).ReadJsonAsync();
        Assert.Empty(mzjQueue.GetProperty("items").EnumerateArray());
        await ProblemAssert.IsProblemAsync(await mzj.GetAsync($"/api/v1/applications/{id}"), 404);
        await ActAsync(mzj, id, new { action = "Approve" }, HttpStatusCode.NotFound);

        // Invalid transitions are refused with a clear error.
        var invalid = await ActAsync(zjj, id, new { action = "IssueResult" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:smartgov:problem:validation", invalid.Str("type"));
        await ActAsync(zjj, id, new { action = "Deny" }, HttpStatusCode.UnprocessableEntity); // a denial needs reasons
        await ActAsync(zjj, id, new { action = "Fly" }, HttpStatusCode.UnprocessableEntity);

        await ActAsync(zjj, id, new { action = "Approve", comment = "符合建设要求" });
        await ActAsync(gaj, id, new { action = "Approve", comment = "交通组织可行" });
        var afterTwo = await ActAsync(zrzy, id, new { action = "Approve", comment = "符合控规" });
        Assert.Equal("决定", afterTwo.GetProperty("tasks").EnumerateArray().Single(t => t.Str("status") == "Open").Str("stepName"));

        // An officer cannot decide; the leader can.
        await ActAsync(zrzy, id, new { action = "Approve" }, HttpStatusCode.Forbidden);
        using var leader = await factory.SignedInStaffAsync("zrzy.leader");
        var decided = await ActAsync(leader, id, new { action = "Approve", comment = "准予许可" });
        Assert.Equal("Decided", decided.Str("status"));
        var issued = await ActAsync(zrzy, id, new { action = "IssueResult" });
        Assert.Equal("Completed", issued.Str("status"));
        Assert.True(issued.GetProperty("onTime").GetBoolean());
        await ActAsync(zrzy, id, new { action = "Approve" }, HttpStatusCode.UnprocessableEntity);

        // The signed result downloads and verifies; a changed byte does not.
        var result = await zrzy.GetAsync($"/api/v1/applications/{id}/result");
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        var resultBytes = await result.Content.ReadAsByteArrayAsync();
        var verifyResponse = await anonymous.PostAsync("/api/v1/results/verify", new ByteArrayContent(resultBytes) { Headers = { ContentType = new("application/json") } });
        var verified = await verifyResponse.ReadJsonAsync();
        Assert.True(verifyResponse.IsSuccessStatusCode, verified.ToString());
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.ToString());
        Assert.Contains(number, verified.ToString(), StringComparison.Ordinal);
        var tampered = System.Text.Encoding.UTF8.GetString(resultBytes).Replace("approved", "denied", StringComparison.Ordinal);
        var rejected = await (await anonymous.PostAsync("/api/v1/results/verify", new StringContent(tampered, System.Text.Encoding.UTF8, "application/json"))).ReadJsonAsync();
        Assert.True(rejected.TryGetProperty("valid", out var validity) && !validity.GetBoolean(), rejected.ToString());
        await ProblemAssert.IsProblemAsync(await mzj.GetAsync($"/api/v1/applications/{id}/result"), 404);

        // Public tracking needs the number and the last four characters; it shows no names.
        var tracked = await anonymous.GetAsync($"/api/v1/tracking?number={number}&check={BusinessCode[^4..]}");
        var trackedText = await tracked.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        Assert.Contains("Completed", trackedText, StringComparison.Ordinal);
        Assert.DoesNotContain("zrzy.leader", trackedText, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoCitySeeder.DemoCitizen.Name, trackedText, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync($"/api/v1/tracking?number={number}&check=0000"), 404);

        // The history has every step with its department.
        var history = await (await zrzy.GetAsync($"/api/v1/applications/{id}/history")).ReadJsonAsync();
        var actions = history.EnumerateArray().Select(e => e.Str("action")).ToList();
        Assert.Equal(["Submit", "Accept", "Approve", "Approve", "Approve", "Approve", "IssueResult"], actions);

        // Staff reading the application read personal data: audited with a purpose.
        Assert.Equal(HttpStatusCode.OK, (await zrzy.GetAsync($"/api/v1/applications/{id}")).StatusCode);
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var reads = await auditor.AuditEntriesAsync("view-personal-data");
        Assert.Contains(reads, e => e.Str("subjectId") == id.ToString() && (e.Str("purpose") ?? "").Contains("办件审查", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_idempotency_key_gives_the_same_application_and_a_different_request_under_it_is_refused()
    {
        factory.Clock.Reset();
        var anonymous = factory.CreateApiClient();
        var code = await PlanningPermitAsync(anonymous);
        using var clerk = await factory.SignedInStaffAsync("clerk2");
        var hall = await HallAsync(anonymous);
        var key = "window-" + Guid.NewGuid().ToString("N");
        var first = await WindowIntakeAsync(clerk, code, hall, key);
        var again = await WindowIntakeAsync(clerk, code, hall, key);
        Assert.Equal(first.Str("number"), again.Str("number"));
        var different = await WindowIntakeAsync(clerk, code, hall, "window-" + Guid.NewGuid().ToString("N"));
        Assert.NotEqual(first.Str("number"), different.Str("number"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/window/applications")
        {
            Content = JsonContent.Create(new { itemCode = code, hallId = hall, applicantIdNumber = DemoCitySeeder.DemoCitizen.IdNumber, applicantName = "别人" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        await ProblemAssert.IsProblemAsync(await clerk.SendAsync(request), 409);
    }

    [Fact]
    public async Task Concurrent_decisions_on_the_same_step_cannot_both_win()
    {
        factory.Clock.Reset();
        var anonymous = factory.CreateApiClient();
        var code = await PlanningPermitAsync(anonymous);
        using var clerk = await factory.SignedInStaffAsync("clerk3");
        var app = await WindowIntakeAsync(clerk, code, await HallAsync(anonymous));
        var id = app.GetProperty("id").GetGuid();
        using var zjj = await factory.SignedInStaffAsync("zjj.officer");
        using var zjjLeader = await factory.SignedInStaffAsync("zjj.leader");
        var revision = app.GetProperty("revision").GetInt32();
        var results = await Task.WhenAll(
            zjj.PostAsJsonAsync($"/api/v1/applications/{id}/actions", new { action = "Approve", revision }),
            zjjLeader.PostAsJsonAsync($"/api/v1/applications/{id}/actions", new { action = "Deny", comment = "材料不符", revision }));
        var statuses = string.Join(", ", await Task.WhenAll(results.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}")));
        Assert.True(results.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, statuses);
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Conflict);
        var view = await (await zjj.GetAsync($"/api/v1/applications/{id}")).ReadJsonAsync();
        Assert.Single(view.GetProperty("tasks").EnumerateArray(), t => t.Str("stepKey") == "build" && t.Str("status") == "Done");
    }

    [Fact]
    public async Task A_special_procedure_pauses_the_clock_and_an_approved_extension_moves_the_due_date()
    {
        factory.Clock.Reset();
        var anonymous = factory.CreateApiClient();
        var code = await PlanningPermitAsync(anonymous);
        using var clerk = await factory.SignedInStaffAsync("clerk4");
        var app = await WindowIntakeAsync(clerk, code, await HallAsync(anonymous));
        var id = app.GetProperty("id").GetGuid();
        var due = DateOnly.Parse(app.Str("dueOn")!, System.Globalization.CultureInfo.InvariantCulture);
        using var gaj = await factory.SignedInStaffAsync("gaj.officer");
        await ActAsync(gaj, id, new { action = "StartSpecialProcedure", procedure = "Bogus", days = 5, comment = "x" }, HttpStatusCode.UnprocessableEntity);
        var paused = await ActAsync(gaj, id, new { action = "StartSpecialProcedure", procedure = "ExpertReview", days = 10, comment = "组织专家论证交通影响" });
        Assert.Equal("SpecialProcedure", paused.Str("status"));
        Assert.Equal(JsonValueKind.Null, paused.GetProperty("dueOn").ValueKind);
        await ActAsync(gaj, id, new { action = "Approve" }, HttpStatusCode.UnprocessableEntity);

        // Fourteen days pass in expert review: acceptance and the pause both move back, as if it had started then.
        await factory.WithDbAsync(async db =>
        {
            await db.Set<Application>().Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.AcceptedOn, a => a.AcceptedOn!.Value.AddDays(-14)));
            return await db.Set<ClockPauseRecord>().Where(p => p.ApplicationId == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.PausedOn, p => p.PausedOn.AddDays(-14)));
        });
        var resumed = await ActAsync(gaj, id, new { action = "EndSpecialProcedure", comment = "专家意见已出具" });
        var newDue = DateOnly.Parse(resumed.Str("dueOn")!, System.Globalization.CultureInfo.InvariantCulture);
        // Every day of the procedure is excluded: the due date is where it was, not fourteen days earlier.
        Assert.Equal(due, newDue);
        Assert.Equal("InReview", resumed.Str("status"));

        await ActAsync(gaj, id, new { action = "RequestExtension", days = 5, comment = "需补充论证" });
        using var zrzy = await factory.SignedInStaffAsync("zrzy.officer");
        await ActAsync(zrzy, id, new { action = "ApproveExtension" }, HttpStatusCode.Forbidden);
        using var leader = await factory.SignedInStaffAsync("gaj.leader");
        var extended = await ActAsync(leader, id, new { action = "ApproveExtension", comment = "同意延期" });
        var extendedDue = DateOnly.Parse(extended.Str("dueOn")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(extendedDue > newDue);
        factory.Clock.Reset();
    }
}
