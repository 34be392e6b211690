using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Web.Tests;

/// <summary>
/// Staff see a citizen's personal data only for a stated purpose, every look is audited with that purpose,
/// and the citizen can read who looked ("who used my data").
/// </summary>
public sealed class PersonalDataAccessTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static readonly string CitizenId = DemoCitySeeder.DemoCitizen.IdNumber;

    [Fact]
    public async Task A_clerk_finds_a_citizen_by_id_number_masked_only_with_a_purpose()
    {
        using var clerk = await factory.SignedInStaffAsync("clerk1");

        var found = await clerk.GetAsync($"/api/v1/citizens/lookup?idNumber={CitizenId}&purpose={Uri.EscapeDataString("窗口受理结婚登记")}");
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var body = await found.ReadJsonAsync();
        Assert.Equal("张明华", body.Str("name"));
        Assert.Equal(SmartGov.Core.IdNumber.Mask(CitizenId), body.Str("idNumberMasked"));
        Assert.DoesNotContain(CitizenId, body.ToString(), StringComparison.Ordinal);

        var noPurpose = await clerk.GetAsync($"/api/v1/citizens/lookup?idNumber={CitizenId}");
        await ProblemAssert.IsValidationAsync(noPurpose, "purpose", "purpose.required");

        var badId = await clerk.GetAsync($"/api/v1/citizens/lookup?idNumber=371802198506151235&purpose={Uri.EscapeDataString("窗口受理业务")}");
        await ProblemAssert.IsValidationAsync(badId, "idNumber", "id.checksum");
    }

    [Fact]
    public async Task Unmasking_needs_a_purpose_and_the_citizen_sees_who_did_it_and_why()
    {
        var citizenUserId = await factory.CitizenIdAsync(CitizenId);
        using var officer = await factory.SignedInStaffAsync("mzj.officer");

        var refused = await officer.PostAsJsonAsync($"/api/v1/citizens/{citizenUserId}/unmask", new { purpose = "" });
        await ProblemAssert.IsValidationAsync(refused, "purpose", "purpose.required");

        const string purpose = "核对结婚登记申请人身份";
        var shown = await officer.PostAsJsonAsync($"/api/v1/citizens/{citizenUserId}/unmask", new { purpose });
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var plain = await shown.ReadJsonAsync();
        Assert.Equal(CitizenId, plain.Str("idNumber"));
        Assert.Equal(DemoCitySeeder.DemoCitizen.Mobile, plain.Str("mobile"));

        using var auditor = await factory.SignedInStaffAsync("auditor");
        var entries = await auditor.AuditEntriesAsync("unmask");
        Assert.Contains(entries, e => e.Str("purpose") == purpose && e.Str("actorName") == "mzj.officer");

        using var citizen = await factory.SignedInCitizenAsync(CitizenId);
        var mine = await citizen.GetAsync("/api/v1/me/data-use");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var items = (await mine.ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.Str("action") == "unmask" && i.Str("purpose") == purpose);
    }

    [Theory]
    [InlineData("sysadmin")]
    [InlineData("auditor")]
    [InlineData("evaluator")]
    [InlineData("gaj.data")]
    public async Task Roles_without_casework_cannot_look_up_or_unmask(string userName)
    {
        var citizenUserId = await factory.CitizenIdAsync(CitizenId);
        using var staff = await factory.SignedInStaffAsync(userName);
        var lookup = await staff.GetAsync($"/api/v1/citizens/lookup?idNumber={CitizenId}&purpose={Uri.EscapeDataString("想看看而已")}");
        Assert.Equal(HttpStatusCode.Forbidden, lookup.StatusCode);
        var unmask = await staff.PostAsJsonAsync($"/api/v1/citizens/{citizenUserId}/unmask", new { purpose = "想看看而已" });
        Assert.Equal(HttpStatusCode.Forbidden, unmask.StatusCode);
        Assert.DoesNotContain(CitizenId, await unmask.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_citizen_cannot_use_the_staff_lookup_and_staff_have_no_data_use_list()
    {
        using var citizen = await factory.SignedInCitizenAsync(CitizenId);
        var lookup = await citizen.GetAsync($"/api/v1/citizens/lookup?idNumber={CitizenId}&purpose={Uri.EscapeDataString("查看自己的信息")}");
        Assert.Equal(HttpStatusCode.Forbidden, lookup.StatusCode);

        using var clerk = await factory.SignedInStaffAsync("clerk2");
        var list = await clerk.GetAsync("/api/v1/me/data-use");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        _ = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
    }
}
