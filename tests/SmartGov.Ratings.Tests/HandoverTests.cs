using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Applications.Handover;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Ratings.Tests.RatingsDriver;

namespace SmartGov.Ratings.Tests;

/// <summary>A second SmartGov instance with its own database and its own platform key: the receiving region.</summary>
public sealed class ReceivingFactory : SmartGovFactory;

/// <summary>
/// 异地代收代办 between two SmartGov instances (two databases, two platform keys): the exported package is signed, the
/// other instance verifies it and creates a Submitted application with the origin's number; a changed byte, the wrong
/// key, an unknown item and a second import are refused.
/// </summary>
public sealed class HandoverTests(SmartGovFactory sender, ReceivingFactory receiver) : IClassFixture<SmartGovFactory>, IClassFixture<ReceivingFactory>
{
    private const string TargetRegion = "371702";

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, JsonNode package, string? pem) =>
        client.PostAsJsonAsync("/api/v1/handovers/import", new { package, senderPublicKeyPem = pem });

    [Fact]
    public async Task A_package_exported_here_is_imported_there_once_and_a_tampered_one_is_refused()
    {
        var anonymous = sender.CreateApiClient();
        var code = await CodeOfAsync(anonymous, ResidencePermit);
        var hall = (await HallsAsync(anonymous))[0];
        using var clerk = await sender.SignedInStaffAsync("clerk1");
        var (id, number) = await WindowIntakeAsync(clerk, code, hall);

        // Only the department's staff or the clerk who took it may export it.
        using var mzj = await sender.SignedInStaffAsync("mzj.officer");
        await ProblemAssert.IsProblemAsync(await mzj.PostAsJsonAsync($"/api/v1/applications/{id}/handover", new { targetRegionCode = TargetRegion }), 403);
        using var gaj = await sender.SignedInStaffAsync("gaj.officer");
        await ProblemAssert.IsValidationAsync(await gaj.PostAsJsonAsync($"/api/v1/applications/{id}/handover", new { targetRegionCode = "12" }), "targetRegionCode");

        var export = await clerk.PostAsJsonAsync($"/api/v1/applications/{id}/handover", new { targetRegionCode = TargetRegion });
        Assert.True(export.StatusCode == HttpStatusCode.OK, await export.Content.ReadAsStringAsync());
        Assert.EndsWith(".sgh.json", export.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        var file = JsonNode.Parse(bytes)!;
        Assert.Equal("smartgov-handover/1", file["format"]!.GetValue<string>());
        Assert.Equal("SM2-SM3", file["algorithm"]!.GetValue<string>());
        Assert.Equal(number, file["package"]!["number"]!.GetValue<string>());
        Assert.Equal(code, file["package"]!["implementationCode"]!.GetValue<string>());

        // The sender records the handover and says so in the history.
        var history = await (await gaj.GetAsync($"/api/v1/applications/{id}/history")).ReadJsonAsync();
        Assert.Contains(history.EnumerateArray(), e => (e.Str("comment") ?? "").Contains(TargetRegion, StringComparison.Ordinal));
        var recorded = await sender.WithDbAsync(db => db.Set<ApplicationHandover>().SingleAsync(h => h.ApplicationId == id));
        Assert.Equal(HandoverDirection.Out, recorded.Direction);
        Assert.Equal(Convert.ToHexStringLower(Sm3.Hash(bytes)), recorded.PackageSm3);

        var senderKey = await anonymous.GetStringAsync("/api/v1/results/public-key");
        var receiverKey = await receiver.CreateApiClient().GetStringAsync("/api/v1/results/public-key");
        Assert.NotEqual(senderKey, receiverKey);
        using var officer = await receiver.SignedInStaffAsync("gaj.officer");

        // A changed applicant name: the signature no longer matches.
        var tampered = JsonNode.Parse(bytes)!;
        tampered["package"]!["applicantName"] = "王五";
        var refused = await ProblemAssert.IsProblemAsync(await ImportAsync(officer, tampered, senderKey), 422);
        Assert.Contains("handover.signature-mismatch", refused.ToString(), StringComparison.Ordinal);
        // The right package under the wrong key (the receiver's own) is refused too.
        await ProblemAssert.IsProblemAsync(await ImportAsync(officer, file, receiverKey), 422);
        // No key at all: the officer is told to provide one.
        await ProblemAssert.IsValidationAsync(await ImportAsync(officer, file, null), "senderPublicKeyPem");
        // A citizen may not import.
        using var citizen = await receiver.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        await ProblemAssert.IsProblemAsync(await ImportAsync(citizen, file, senderKey), 403);

        var imported = await ImportAsync(officer, file, senderKey);
        var result = await imported.ReadJsonAsync();
        Assert.True(imported.StatusCode == HttpStatusCode.Created, result.ToString());
        Assert.Equal(number, result.Str("originNumber"));
        var localId = result.GetProperty("applicationId").GetGuid();
        var local = await (await officer.GetAsync($"/api/v1/applications/{localId}")).ReadJsonAsync();
        Assert.Equal("Submitted", local.Str("status"));
        Assert.Equal(code, local.Str("implementationCode"));
        Assert.Equal(DemoCitySeeder.DemoCitizen.Name, local.Str("applicantName"));
        Assert.Matches("^[0-9]{22}$", local.Str("number")!);
        var origin = await receiver.WithDbAsync(db => db.Set<Application>().Where(a => a.Id == localId).Select(a => new { a.OriginNumber, a.OriginRegionCode }).SingleAsync());
        Assert.Equal(number, origin.OriginNumber);
        Assert.NotNull(origin.OriginRegionCode);
        // The demo citizen has an account there too: the application shows in their list.
        var mine = await (await citizen.GetAsync("/api/v1/applications")).ReadJsonAsync();
        Assert.Contains(mine.EnumerateArray(), a => a.Str("id") == localId.ToString());

        // The same package again is a duplicate.
        await ProblemAssert.IsProblemAsync(await ImportAsync(officer, file, senderKey), 409);
    }

    [Fact]
    public async Task A_validly_signed_package_for_an_item_this_instance_does_not_have_is_refused_by_name()
    {
        var key = CryptoProfiles.Gm.GenerateSigningKey();
        var package = new HandoverPackage(Guid.NewGuid(), "371702", "371802", "3717022026010101000001", "9999999999", "不存在的事项",
            "Person", DemoCitySeeder.DemoCitizen.Name, DemoCitySeeder.DemoCitizen.IdNumber, null, null, null, "Window",
            null, DateTime.UtcNow.ToString("O"), "clerk", new SortedDictionary<string, string?>(StringComparer.Ordinal), []);
        var file = JsonNode.Parse(HandoverFile.Create(package, key))!;
        using var officer = await receiver.SignedInStaffAsync("gaj.officer");
        var problem = await ProblemAssert.IsProblemAsync(await ImportAsync(officer, file, key.PublicKeyPem()), 422);
        Assert.Contains("handover.itemUnknown", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("9999999999", problem.ToString(), StringComparison.Ordinal);
    }
}
