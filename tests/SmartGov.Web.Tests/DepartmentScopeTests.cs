using System.Net;
using System.Net.Http.Json;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Web.Tests;

/// <summary>
/// Data is scoped by department for every role, administrators included: a staff member opens the own department's
/// workspace and staff list, and gets 403 for any other department. Department systems get the same scope through API tokens.
/// </summary>
public sealed class DepartmentScopeTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    // One demo user per staff role, with the department the seeder puts them in and a department that is not theirs.
    public static TheoryData<string, string, string, string> EveryRole() => new()
    {
        { "WindowClerk", "clerk1", "xzsp", "gaj" },
        { "Officer", "gaj.officer", "gaj", "scjg" },
        { "DepartmentLeader", "gaj.leader", "gaj", "xzsp" },
        { "DataAdministrator", "gaj.data", "gaj", "dsj" },
        { "Supervisor", "supervisor", "zfb", "gaj" },
        { "Evaluator", "evaluator", "zfb", "wjw" },
        { "Auditor", "auditor", "dsj", "gaj" },
        { "SecurityAdmin", "secadmin", "dsj", "zfb" },
        { "SystemAdmin", "sysadmin", "dsj", "xzsp" },
    };

    [Theory]
    [MemberData(nameof(EveryRole))]
    public async Task Every_role_sees_its_own_department_and_no_other(string role, string userName, string own, string other)
    {
        using var client = await factory.SignedInStaffAsync(userName);
        var me = await (await client.GetAsync("/api/v1/me")).ReadJsonAsync();
        Assert.Contains(role, me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HubClient.DepartmentId(own), me.GetProperty("departmentId").GetGuid());

        var ownPage = await client.GetAsync($"/console/department/{HubClient.DepartmentId(own)}");
        Assert.Equal(HttpStatusCode.OK, ownPage.StatusCode);
        Assert.Contains(userName, await ownPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var otherPage = await client.GetAsync($"/console/department/{HubClient.DepartmentId(other)}");
        Assert.Equal(HttpStatusCode.Forbidden, otherPage.StatusCode);
        Assert.DoesNotContain($"{other}.officer", await otherPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ownStaff = await client.GetAsync($"/api/v1/departments/{HubClient.DepartmentId(own)}/staff");
        Assert.Equal(HttpStatusCode.OK, ownStaff.StatusCode);
        var list = await ownStaff.ReadJsonAsync();
        Assert.Contains(list.EnumerateArray(), s => s.Str("userName") == userName);
        Assert.All(list.EnumerateArray(), s => Assert.Equal(HubClient.DepartmentId(own), s.GetProperty("departmentId").GetGuid()));

        var otherStaff = await client.GetAsync($"/api/v1/departments/{HubClient.DepartmentId(other)}/staff");
        await ProblemAssert.IsProblemAsync(otherStaff, 403, "forbidden");
        var otherTokens = await client.GetAsync($"/api/v1/departments/{HubClient.DepartmentId(other)}/api-tokens");
        await ProblemAssert.IsProblemAsync(otherTokens, 403, "forbidden");
    }

    [Fact]
    public async Task A_citizen_has_no_department_workspace()
    {
        using var citizen = await factory.SignedInCitizenAsync(SmartGov.Hub.Seeding.DemoCitySeeder.DemoCitizen.IdNumber);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync($"/console/department/{HubClient.DepartmentId("gaj")}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await citizen.GetAsync($"/api/v1/departments/{HubClient.DepartmentId("gaj")}/staff"), 403, "forbidden");
    }

    [Fact]
    public async Task A_department_api_token_reads_its_own_department_only_and_stops_working_when_revoked()
    {
        var gaj = HubClient.DepartmentId("gaj");
        var scjg = HubClient.DepartmentId("scjg");
        using var dataAdmin = await factory.SignedInStaffAsync("gaj.data");
        var issued = await dataAdmin.IssueApiTokenAsync(gaj, "户籍核验系统");
        Assert.StartsWith("sgv_", issued.Token);
        Assert.StartsWith(issued.Prefix, issued.Token);

        // The list shows the token by its prefix; the secret itself is shown only once.
        var listed = await (await dataAdmin.GetAsync($"/api/v1/departments/{gaj}/api-tokens")).Content.ReadAsStringAsync();
        Assert.Contains(issued.Prefix, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Token, listed, StringComparison.Ordinal);

        using var system = factory.CreateApiClient().WithBearer(issued.Token);
        var own = await system.GetAsync($"/api/v1/departments/{gaj}/staff");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains((await own.ReadJsonAsync()).EnumerateArray(), s => s.Str("userName") == "gaj.data");
        await ProblemAssert.IsProblemAsync(await system.GetAsync($"/api/v1/departments/{scjg}/staff"), 403, "forbidden");
        // A department system is not a person: it cannot administer staff.
        await ProblemAssert.IsProblemAsync(await system.GetAsync("/api/v1/staff/"), 403, "forbidden");

        var revoke = await dataAdmin.DeleteAsync($"/api/v1/departments/{gaj}/api-tokens/{issued.Id}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await ProblemAssert.IsProblemAsync(await system.GetAsync($"/api/v1/departments/{gaj}/staff"), 401, "unauthorized");
    }

    [Fact]
    public async Task An_officer_who_is_not_data_administrator_cannot_issue_tokens()
    {
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        var response = await officer.PostAsJsonAsync($"/api/v1/departments/{HubClient.DepartmentId("gaj")}/api-tokens", new { name = "偷偷签发", validDays = 30 });
        await ProblemAssert.IsProblemAsync(response, 403, "forbidden");
    }

    [Fact]
    public async Task A_data_administrator_cannot_issue_tokens_for_another_department()
    {
        using var dataAdmin = await factory.SignedInStaffAsync("gaj.data");
        var response = await dataAdmin.PostAsJsonAsync($"/api/v1/departments/{HubClient.DepartmentId("scjg")}/api-tokens", new { name = "越权", validDays = 30 });
        await ProblemAssert.IsProblemAsync(response, 403, "forbidden");
    }

    [Fact]
    public async Task The_department_leader_may_also_issue_and_a_bad_validity_is_a_field_error()
    {
        var scjg = HubClient.DepartmentId("scjg");
        using var leader = await factory.SignedInStaffAsync("scjg.leader");
        var issued = await leader.IssueApiTokenAsync(scjg, "企业登记系统");
        Assert.StartsWith("sgv_", issued.Token);
        var bad = await leader.PostAsJsonAsync($"/api/v1/departments/{scjg}/api-tokens", new { name = "", validDays = 9999 });
        var problem = await ProblemAssert.IsProblemAsync(bad, 422, "validation");
        var fields = ProblemAssert.FieldErrors(problem).Select(f => f.Field).ToList();
        Assert.Contains("name", fields);
        Assert.Contains("validDays", fields);
    }
}
