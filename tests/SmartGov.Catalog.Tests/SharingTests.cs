using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Catalog.Tests.CatalogDriver;

namespace SmartGov.Catalog.Tests;

/// <summary>共享申请: unconditional at once, conditional after the provider's decision, not-shared refused, revocable, audited.</summary>
public sealed class SharingTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private async Task<IReadOnlyList<SharingGrant>> ActiveGrantsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICatalogSharing>().ActiveGrantsAsync(DateTime.UtcNow);
    }

    [Fact]
    public async Task A_conditional_request_waits_for_the_providers_data_administrator_and_a_revoked_grant_disappears()
    {
        using var jyj = await factory.SignedInStaffAsync("jyj.data");
        var created = await OkJsonAsync(await RequestAsync(jyj, Household, ["户号", "姓名", "户籍地址"], purpose: "义务教育入学资格审核"), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("Pending", created.Str("status"));
        Assert.Equal(new string?[] { "户号", "姓名", "户籍地址" }, created.GetProperty("dataItems").EnumerateArray().Select(i => i.GetString()).ToArray());
        Assert.DoesNotContain(await ActiveGrantsAsync(), g => g.Id == id);

        // The provider's data administrator is told, and sees it among the incoming requests.
        using var gaj = await factory.SignedInStaffAsync("gaj.data");
        var inbox = await OkJsonAsync(await gaj.GetAsync("/api/v1/me/notifications"));
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), n => (n.Str("titleZh") ?? "").Contains("户籍信息", StringComparison.Ordinal));
        var incoming = await OkJsonAsync(await gaj.GetAsync("/api/v1/catalog/sharing-requests?direction=incoming&status=Pending"));
        Assert.Contains(incoming.EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);
        var outgoing = await OkJsonAsync(await jyj.GetAsync("/api/v1/catalog/sharing-requests?direction=outgoing"));
        Assert.Contains(outgoing.EnumerateArray(), r => r.GetProperty("id").GetGuid() == id && r.Str("providerName") == "示范市公安局");

        // Another department's data administrator may not decide it; nor may the requester.
        using var mzj = await factory.SignedInStaffAsync("mzj.data");
        await ProblemAssert.IsProblemAsync(await mzj.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{id}/decision", new { approve = true }), 403, "forbidden");
        await ProblemAssert.IsProblemAsync(await jyj.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{id}/decision", new { approve = true }), 403, "forbidden");

        // A rejection needs reasons.
        await ProblemAssert.IsValidationAsync(await gaj.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{id}/decision", new { approve = false }), "reason", "reason.required");
        var granted = await OkJsonAsync(await gaj.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{id}/decision", new { approve = true, reason = "符合入学核验用途" }));
        Assert.Equal("Granted", granted.Str("status"));
        Assert.Equal("符合入学核验用途", granted.Str("decisionReason"));
        var grant = Assert.Single(await ActiveGrantsAsync(), g => g.Id == id);
        Assert.Equal(Household, grant.ResourceCode);
        Assert.Equal(HubClient.DepartmentId("gaj"), grant.ProviderDepartmentId);
        Assert.Equal(HubClient.DepartmentId("jyj"), grant.ConsumerDepartmentId);
        Assert.Equal(["义务教育入学资格审核"], grant.Purposes);
        Assert.Equal(new DateTime(2025, 12, 31, 16, 0, 0, DateTimeKind.Utc), grant.ValidFrom);
        Assert.Equal(new DateTime(2027, 12, 31, 16, 0, 0, DateTimeKind.Utc), grant.ValidUntil);

        // The requester hears of it; deciding again is a conflict.
        var requesterInbox = await OkJsonAsync(await jyj.GetAsync("/api/v1/me/notifications"));
        Assert.Contains(requesterInbox.GetProperty("items").EnumerateArray(), n => (n.Str("titleZh") ?? "").Contains("已通过", StringComparison.Ordinal));
        await ProblemAssert.IsProblemAsync(await gaj.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{id}/decision", new { approve = false, reason = "改主意" }), 409, "conflict");

        // A third department cannot revoke it; the requester can, and the grant is gone.
        await ProblemAssert.IsProblemAsync(await mzj.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{id}/revoke", new { reason = "x" }), 403, "forbidden");
        var revoked = await OkJsonAsync(await jyj.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{id}/revoke", new { reason = "系统下线" }));
        Assert.Equal("Revoked", revoked.Str("status"));
        Assert.DoesNotContain(await ActiveGrantsAsync(), g => g.Id == id);

        // Every step is in the audit trail.
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var entries = (await auditor.AuditEntriesAsync()).Where(e => e.Str("subjectType") == "sharing-request" && e.Str("subjectId") == id.ToString()).ToList();
        Assert.Contains(entries, e => e.Str("action") == "create");
        Assert.Contains(entries, e => e.Str("action") == "decide" && e.Str("outcome") == "success");
        Assert.Contains(entries, e => e.Str("action") == "decide" && e.Str("outcome") == "denied");
        Assert.Contains(entries, e => e.Str("action") == "update" && (e.Str("details") ?? "").Contains("revoked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_request_never_becomes_a_grant()
    {
        using var rsj = await factory.SignedInStaffAsync("rsj.leader");
        var created = await OkJsonAsync(await RequestAsync(rsj, Marriage, ["男方姓名", "女方姓名"], purpose: "遗属待遇核定"), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        using var mzj = await factory.SignedInStaffAsync("mzj.data");
        var rejected = await OkJsonAsync(await mzj.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{id}/decision", new { approve = false, reason = "请补充法律依据" }));
        Assert.Equal("Rejected", rejected.Str("status"));
        Assert.Equal("请补充法律依据", rejected.Str("decisionReason"));
        Assert.DoesNotContain(await ActiveGrantsAsync(), g => g.Id == id);
        await ProblemAssert.IsProblemAsync(await rsj.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{id}/revoke", new { }), 409, "conflict");
    }

    [Fact]
    public async Task An_unconditional_resource_is_granted_at_once_and_a_not_shared_one_cannot_be_requested()
    {
        using var zjj = await factory.SignedInStaffAsync("zjj.data");
        var created = await OkJsonAsync(await RequestAsync(zjj, "3020301-000001", ["统一社会信用代码", "组织名称"], purpose: "物业企业资质核验"), HttpStatusCode.Created);
        Assert.Equal("Granted", created.Str("status"));
        Assert.Contains(await ActiveGrantsAsync(), g => g.Id == created.GetProperty("id").GetGuid());

        // 个人所得税纳税明细 is 不予共享: a clear 422 naming the resource and the basis.
        var refused = await ProblemAssert.IsValidationAsync(await RequestAsync(zjj, "2050102-000001", ["姓名"]), "resourceCode", "resource.notShared");
        Assert.Contains("不予共享", refused.ToString(), StringComparison.Ordinal);

        // Data items must be the resource's own; dates well-formed; a purpose given; the department's own resource is not requested.
        await ProblemAssert.IsValidationAsync(await RequestAsync(zjj, "3020301-000001", ["银行账号"]), "dataItems", "dataItems.unknown");
        await ProblemAssert.IsValidationAsync(await RequestAsync(zjj, "3020301-000001", ["组织名称"], until: "2027-13-01"), "validUntil", "date.format");
        await ProblemAssert.IsValidationAsync(await RequestAsync(zjj, "3020301-000001", ["组织名称"], from: "2027-01-01", until: "2026-06-01"), "validUntil");
        await ProblemAssert.IsValidationAsync(await RequestAsync(zjj, "3020301-000001", ["组织名称"], purpose: " "), "purposes", "required");
        await ProblemAssert.IsValidationAsync(await RequestAsync(zjj, "2040102-000001", ["项目名称"]), "resourceCode", "resource.own");
        await ProblemAssert.IsValidationAsync(await RequestAsync(zjj, "3999999-000001", ["项目名称"]), "resourceCode", "resourceCode.unknown");

        // An officer does not speak for the department.
        using var officer = await factory.SignedInStaffAsync("zjj.officer");
        await ProblemAssert.IsProblemAsync(await RequestAsync(officer, "3020301-000001", ["组织名称"]), 403, "forbidden");
    }

    [Fact]
    public async Task The_demo_city_grants_the_hub_the_four_licence_resources_for_one_stop_services()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var sharing = scope.ServiceProvider.GetRequiredService<ICatalogSharing>();
        var expected = new Dictionary<string, (string Provider, string Name)>
        {
            [IdCard] = ("gaj", "居民身份证信息"),
            [Household] = ("gaj", "户籍信息"),
            [Marriage] = ("mzj", "婚姻登记信息"),
            [Business] = ("scjg", "企业登记信息（营业执照）"),
        };
        var grants = await sharing.ActiveGrantsAsync(new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc));
        foreach (var (code, (provider, name)) in expected)
        {
            var resource = await sharing.FindResourceAsync(code);
            Assert.NotNull(resource);
            Assert.Equal(name, resource.Name);
            Assert.Equal(HubClient.DepartmentId(provider), resource.ProviderDepartmentId);
            Assert.Equal(SharingType.Conditional, resource.SharingType);
            Assert.True(resource.PersonalData);
            var grant = Assert.Single(grants, g => g.ResourceCode == code && g.ConsumerDepartmentId == HubClient.DepartmentId("dsj"));
            Assert.Equal(["一网通办材料共享"], grant.Purposes);
            Assert.Equal(resource.DataItems, grant.DataItems);
            Assert.Equal(new DateTime(2025, 12, 31, 16, 0, 0, DateTimeKind.Utc), grant.ValidFrom);
            Assert.Equal(new DateTime(2030, 12, 31, 16, 0, 0, DateTimeKind.Utc), grant.ValidUntil);
        }
        Assert.Null(await sharing.FindResourceAsync("9999999-000001"));
        // Outside the validity period there are no grants.
        Assert.DoesNotContain(await sharing.ActiveGrantsAsync(new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc)), g => g.ConsumerDepartmentId == HubClient.DepartmentId("dsj"));
    }
}
