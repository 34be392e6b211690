using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Applications.Files.Tests;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Applications.Handover;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Audit.Model;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Handover.Tests;

/// <summary>
/// 异地代收代办 between two regions' hubs over the data exchange: a clerk in region A hands an application over, region
/// B's hub takes it in (Submitted, same materials) and its number comes back to A; resending never duplicates; a gateway
/// that is down leaves everything as it was; B's inbox only takes its own gateway's calls from configured peers.
/// </summary>
public sealed class HandoverExchangeTests(HandoverCity city) : IClassFixture<HandoverCity>
{
    private const string ResidencePermit = "居住证办理";

    private static async Task<string> CodeOfAsync(HttpClient client, string name)
    {
        var result = await (await client.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString(name) + "&pageSize=50")).ReadJsonAsync();
        return result.GetProperty("items").EnumerateArray().First(i => i.Str("name") == name).Str("implementationCode")!;
    }

    /// <summary>The demo citizen's residence permit taken in by clerk1 at a window of hub A, one material as a PDF, the rest on paper.</summary>
    private async Task<(Guid Id, string Number, byte[] Pdf)> TakeInAsync(HttpClient clerk)
    {
        var anonymous = city.HubA.CreateApiClient();
        var code = await CodeOfAsync(anonymous, ResidencePermit);
        var hall = (await (await anonymous.GetAsync("/api/v1/service-halls")).ReadJsonAsync()).EnumerateArray().First().GetProperty("id").GetGuid();
        var pdf = Samples.Pdf();
        Guid fileId;
        await using (var scope = city.HubA.Services.CreateAsyncScope())
        {
            var staged = await scope.ServiceProvider.GetRequiredService<MaterialFiles>()
                .StageAsync(HubClient.StaffId("clerk1"), "身份证明.pdf", new MemoryStream(pdf));
            Assert.True(staged.Succeeded, string.Join("; ", staged.Errors.Select(e => e.MessageEn)));
            fileId = staged.File!.Id;
        }
        var item = await (await clerk.GetAsync($"/api/v1/services/{code}")).ReadJsonAsync();
        var required = item.GetProperty("materials").EnumerateArray().Where(m => m.Str("necessity") == "Required").ToList();
        var materials = required.Select((m, i) => i == 0
            ? (object)new { requirementId = m.GetProperty("id").GetGuid(), fileId }
            : new { requirementId = m.GetProperty("id").GetGuid(), paper = true }).ToArray();
        var response = await clerk.PostAsJsonAsync("/api/v1/window/applications", new
        {
            itemCode = code, hallId = hall, applicantIdNumber = DemoCitySeeder.DemoCitizen.IdNumber, applicantName = DemoCitySeeder.DemoCitizen.Name,
            mobile = DemoCitySeeder.DemoCitizen.Mobile,
            form = new Dictionary<string, string>
            {
                ["applicantName"] = DemoCitySeeder.DemoCitizen.Name, ["idNumber"] = DemoCitySeeder.DemoCitizen.IdNumber,
                ["mobile"] = DemoCitySeeder.DemoCitizen.Mobile, ["address"] = "示范市中心区人民路 1 号",
            },
            materials,
            acceptNow = true,
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        var view = JsonDocument.Parse(text).RootElement;
        return (view.GetProperty("id").GetGuid(), view.Str("number")!, pdf);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Guid id, string region = HandoverCity.RegionB) =>
        client.PostAsJsonAsync($"/api/v1/applications/{id}/handover/send", new { targetRegionCode = region });

    private Task<List<Application>> ReceivedAsync(string originNumber) =>
        city.HubB.WithDbAsync(db => db.Set<Application>().Include(a => a.Materials).Where(a => a.OriginNumber == originNumber).ToListAsync());

    private Task<(ApplicationStatus Status, int Events, int Handovers)> StateOnAAsync(Guid id) =>
        city.HubA.WithDbAsync(async db => (
            await db.Set<Application>().Where(a => a.Id == id).Select(a => a.Status).SingleAsync(),
            await db.Set<ApplicationEvent>().CountAsync(e => e.ApplicationId == id),
            await db.Set<ApplicationHandover>().CountAsync(h => h.ApplicationId == id)));

    [Fact]
    public async Task A_clerk_hands_an_application_over_and_the_other_regions_number_comes_back_once_however_often_it_is_sent()
    {
        using var clerk = await city.HubA.SignedInStaffAsync("clerk1");
        var (id, number, pdf) = await TakeInAsync(clerk);

        var response = await SendAsync(clerk, id);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        var sent = JsonDocument.Parse(text).RootElement;
        var receiverNumber = sent.Str("receiverNumber")!;

        // Hub B has a Submitted application of region B with A's number as its origin and the same materials.
        var received = Assert.Single(await ReceivedAsync(number));
        Assert.Equal(ApplicationStatus.Submitted, received.Status);
        Assert.Equal(receiverNumber, received.Number);
        Assert.StartsWith(HandoverCity.RegionB, receiverNumber, StringComparison.Ordinal);
        Assert.Equal("02", receiverNumber[14..16]);
        Assert.Equal(DemoCitySeeder.DemoCitizen.Name, received.ApplicantName);
        var sm3 = Convert.ToHexStringLower(Sm3.Hash(pdf));
        var withFile = Assert.Single(received.Materials, m => m.FileId is not null);
        Assert.Equal(sm3, withFile.Sm3);
        var original = await city.HubA.WithDbAsync(db => db.Set<ApplicationMaterial>().Where(m => m.ApplicationId == id).ToListAsync());
        Assert.Equal(original.Select(m => m.Name).Order(StringComparer.Ordinal), received.Materials.Select(m => m.Name).Order(StringComparer.Ordinal));
        await using (var scope = city.HubB.Services.CreateAsyncScope())
        {
            var opened = await scope.ServiceProvider.GetRequiredService<MaterialFiles>().OpenAsync(withFile.FileId!.Value);
            Assert.NotNull(opened);
            await using var content = opened!.Content;
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy);
            Assert.Equal(pdf, copy.ToArray());
        }

        // A's history says where it went and the number it got there; the send is audited.
        var history = await (await clerk.GetAsync($"/api/v1/applications/{id}/history")).ReadJsonAsync();
        Assert.Contains(history.EnumerateArray(), e => e.Str("action") == "Handover" && (e.Str("comment") ?? "").Contains(receiverNumber, StringComparison.Ordinal));
        Assert.True(await city.HubA.WithDbAsync(db => db.Set<AuditRecord>().AnyAsync(r => r.Action == AuditActions.Export && r.SubjectId == id.ToString()
            && r.Details!.Contains(receiverNumber))));
        Assert.True(await city.HubB.WithDbAsync(db => db.Set<AuditRecord>().AnyAsync(r => r.Action == AuditActions.Import && r.SubjectId == received.Id.ToString())));

        // Sent again (the clerk did not see the answer, say): the same number, no second application.
        var again = await SendAsync(clerk, id);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(receiverNumber, (await again.ReadJsonAsync()).Str("receiverNumber"));
        Assert.Single(await ReceivedAsync(number));
    }

    [Fact]
    public async Task When_the_receiving_gateway_is_down_the_clerk_is_told_nothing_changed_and_it_works_once_it_is_back()
    {
        using var clerk = await city.HubA.SignedInStaffAsync("clerk1");
        var (id, number, _) = await TakeInAsync(clerk);
        var before = await StateOnAAsync(id);

        await city.StopGatewayBAsync();
        try
        {
            var problem = await ProblemAssert.IsProblemAsync(await SendAsync(clerk, id), 503, "exchange-unavailable");
            Assert.Equal("peer.unavailable", problem.Str("exchangeError"));
            var messages = problem.GetProperty("messages");
            Assert.Contains("未移交", messages.Str("zh-CN"), StringComparison.Ordinal);
            Assert.Contains("not handed over", messages.Str("en-US"), StringComparison.Ordinal);
            Assert.Equal(before, await StateOnAAsync(id));
            Assert.Empty(await ReceivedAsync(number));
        }
        finally
        {
            await city.RestartGatewayBAsync();
        }

        var response = await SendAsync(clerk, id);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Single(await ReceivedAsync(number));
        Assert.Equal(before.Events + 1, (await StateOnAAsync(id)).Events);
    }

    [Fact]
    public async Task The_inbox_takes_only_its_gateways_token_and_only_packages_of_a_configured_peer_region()
    {
        using var clerk = await city.HubA.SignedInStaffAsync("clerk1");
        var (id, _, _) = await TakeInAsync(clerk);
        var file = await (await clerk.PostAsJsonAsync($"/api/v1/applications/{id}/handover", new { targetRegionCode = HandoverCity.RegionB })).Content.ReadAsByteArrayAsync();

        // Straight to B's inbox without the gateway's token: 401, whatever the caller claims to be.
        using var direct = new HttpClient { BaseAddress = new Uri(city.HubB.Address) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/handovers/inbox") { Content = new ByteArrayContent(file) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("SmartGov-Client", city.ClientA);
        Assert.Equal(HttpStatusCode.Unauthorized, (await direct.SendAsync(request)).StatusCode);
        // Another department's system token of hub B is not the gateway's either.
        using (var gajData = await city.HubB.SignedInStaffAsync("gaj.data"))
        {
            var other = await gajData.IssueApiTokenAsync(HubClient.DepartmentId("gaj"));
            using var withOther = new HttpRequestMessage(HttpMethod.Post, "/api/v1/handovers/inbox") { Content = new ByteArrayContent(file) };
            withOther.Headers.Authorization = new("Bearer", other.Token);
            withOther.Headers.Add("SmartGov-Client", city.ClientA);
            await ProblemAssert.IsProblemAsync(await direct.SendAsync(withOther), 403);
        }

        // Through the exchange, as A's hub client, a validly signed package from a region B has no peer for: refused.
        var stranger = new HandoverPackage(Guid.CreateVersion7(), "110101", HandoverCity.RegionB, "11010120260101019999999", "X", "居住证办理",
            "Person", "李四", null, null, null, null, "Window", null, DateTime.UtcNow.ToString("O"), "someone", new SortedDictionary<string, string?>(), []);
        var strangerFile = HandoverFile.Create(stranger, Sm2KeyPair.Generate());
        using var viaExchange = new HttpRequestMessage(HttpMethod.Post, $"{city.GatewayA}/r1/{city.ServiceB}") { Content = new ByteArrayContent(strangerFile) };
        viaExchange.Content.Headers.ContentType = new("application/json");
        viaExchange.Headers.Add("SmartGov-Client", city.ClientA);
        viaExchange.Headers.TryAddWithoutValidation("SmartGov-Purpose", HandoverCity.Purpose);
        var refused = await city.Http.SendAsync(viaExchange);
        var problem = await ProblemAssert.IsProblemAsync(refused, 403);
        Assert.Contains("110101", problem.GetProperty("messages").Str("zh-CN"), StringComparison.Ordinal);
        Assert.Empty(await city.HubB.WithDbAsync(db => db.Set<Application>().Where(a => a.OriginRegionCode == "110101").ToListAsync()));
        Assert.True(await city.HubB.WithDbAsync(db => db.Set<AuditRecord>().AnyAsync(r => r.Action == AuditActions.AccessDenied && r.SubjectId == stranger.Number)));
    }

    [Fact]
    public async Task The_console_form_hands_the_application_over_and_shows_the_receivers_number()
    {
        using var clerk = await city.HubA.SignedInStaffAsync("clerk1");
        var (id, number, _) = await TakeInAsync(clerk);
        var page = await clerk.GetStringAsync($"/console/applications/{id}");
        Assert.Contains("data-testid=\"handover-send\"", page, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{HandoverCity.RegionB}\"", page, StringComparison.Ordinal);

        var posted = await clerk.SubmitFormAsync($"/console/applications/{id}", [new("targetRegionCode", HandoverCity.RegionB)],
            $"/console/applications/{id}/handover");
        Assert.True(SmartGovFactory.IsRedirect(posted), $"{(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        var received = Assert.Single(await ReceivedAsync(number));
        var after = await clerk.GetStringAsync(SmartGovFactory.RedirectPath(posted));
        Assert.Contains(received.Number!, after, StringComparison.Ordinal);

        // An unknown region: the form again with the refusal in both languages, and 422.
        var wrong = await clerk.SubmitFormAsync($"/console/applications/{id}", [new("targetRegionCode", "110101")], $"/console/applications/{id}/handover");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var html = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("110101", html, StringComparison.Ordinal);
        Assert.Contains("handover peer", html, StringComparison.Ordinal);
    }
}
