using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Core;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Web.Tests;

/// <summary>
/// 三员分立 (GB/T 22239-2019 8.1.4.2): the system, security and audit administrators are different people with
/// different powers. The system admin runs business data and business roles, the security admin grants the
/// administrator roles and lifts lockouts, the auditor only reads the audit trail, and nobody changes their own roles.
/// </summary>
public sealed class RoleSeparationTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static readonly Guid Dsj = HubClient.DepartmentId("dsj");
    private static readonly Guid Gaj = HubClient.DepartmentId("gaj");

    private async Task<JsonElement> CreateStaffAsync(HttpClient sysadmin, string userName, params string[] roles)
    {
        var response = await sysadmin.PostAsJsonAsync("/api/v1/staff/", new
        {
            userName,
            displayName = "测试人员",
            departmentId = Gaj,
            roles,
            initialPassword = "Initial2026Pass",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create {userName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task The_system_admin_cannot_read_the_audit_trail()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        await ProblemAssert.IsProblemAsync(await sysadmin.GetAsync("/api/v1/audit/entries"), 403, "forbidden");
        Assert.Equal(HttpStatusCode.Forbidden, (await sysadmin.GetAsync("/console/audit")).StatusCode);
    }

    [Fact]
    public async Task The_system_admin_cannot_grant_the_auditor_role_to_anyone_least_of_all_itself()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        var self = await sysadmin.PutAsJsonAsync($"/api/v1/staff/{HubClient.StaffId("sysadmin")}/roles", new { roles = new[] { "Auditor" } });
        await ProblemAssert.IsProblemAsync(self, 403, "role-separation");

        var other = await sysadmin.PutAsJsonAsync($"/api/v1/staff/{HubClient.StaffId("jyj.officer")}/roles", new { roles = new[] { "Auditor" } });
        await ProblemAssert.IsProblemAsync(other, 403, "role-separation");

        var security = await sysadmin.PutAsJsonAsync($"/api/v1/staff/{HubClient.StaffId("jyj.leader")}/roles", new { roles = new[] { "SecurityAdmin" } });
        await ProblemAssert.IsProblemAsync(security, 403, "role-separation");

        // Nothing changed.
        var me = await (await (await factory.SignedInStaffAsync("jyj.officer")).GetAsync("/api/v1/me")).ReadJsonAsync();
        Assert.Equal(["Officer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task Nobody_changes_their_own_roles()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        var addBusinessRole = await sysadmin.PutAsJsonAsync($"/api/v1/staff/{HubClient.StaffId("sysadmin")}/roles", new { roles = new[] { "SystemAdmin", "Officer" } });
        await ProblemAssert.IsProblemAsync(addBusinessRole, 403, "role-separation");

        using var secadmin = await factory.SignedInStaffAsync("secadmin");
        var dropOwn = await secadmin.PutAsJsonAsync($"/api/v1/staff/{HubClient.StaffId("secadmin")}/roles", new { roles = Array.Empty<string>() });
        await ProblemAssert.IsProblemAsync(dropOwn, 403, "role-separation");

        using var auditor = await factory.SignedInStaffAsync("auditor");
        var auditorSelf = await auditor.PutAsJsonAsync($"/api/v1/staff/{HubClient.StaffId("auditor")}/roles", new { roles = new[] { "Auditor", "Officer" } });
        await ProblemAssert.IsProblemAsync(auditorSelf, 403);

        // All three still hold exactly their one administrator role.
        foreach (var (client, role) in new[] { (sysadmin, "SystemAdmin"), (secadmin, "SecurityAdmin"), (auditor, "Auditor") })
        {
            var me = await (await client.GetAsync("/api/v1/me")).ReadJsonAsync();
            Assert.Equal([role], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
        }
    }

    [Fact]
    public async Task The_security_admin_cannot_give_one_person_two_administrator_roles()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        var fresh = await CreateStaffAsync(sysadmin, "sep.double");
        using var secadmin = await factory.SignedInStaffAsync("secadmin");
        var response = await secadmin.PutAsJsonAsync($"/api/v1/staff/{fresh.GetProperty("id").GetGuid()}/roles", new { roles = new[] { "Auditor", "SystemAdmin" } });
        await ProblemAssert.IsValidationAsync(response, "roles", "role.separation");
    }

    [Fact]
    public async Task The_security_admin_grants_the_auditor_role_to_a_fresh_account_and_the_grant_is_audited()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        var fresh = await CreateStaffAsync(sysadmin, "sep.auditor2");
        var id = fresh.GetProperty("id").GetGuid();
        using var secadmin = await factory.SignedInStaffAsync("secadmin");
        var response = await secadmin.PutAsJsonAsync($"/api/v1/staff/{id}/roles", new { roles = new[] { "Auditor" } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.ReadJsonAsync();
        Assert.Equal(["Auditor"], view.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());

        using var auditor = await factory.SignedInStaffAsync("auditor");
        var changes = await auditor.AuditEntriesAsync(AuditActions.RoleChange);
        Assert.Contains(changes, c => c.Str("subjectId") == id.ToString() && c.Str("details") == "+Auditor"
            && c.Str("outcome") == AuditOutcomes.Success && c.Str("actorName") == "secadmin");
        // The refused attempts are on the record as well.
        Assert.Contains(changes, c => c.Str("outcome") == AuditOutcomes.Denied);
    }

    public static TheoryData<string, string> OrganizationWrites() => new()
    {
        { "POST", "/api/v1/regions/" },
        { "PUT", "/api/v1/regions/371802" },
        { "DELETE", "/api/v1/regions/371804002002" },
        { "POST", "/api/v1/departments/" },
        { "PUT", $"/api/v1/departments/{HubClient.DepartmentId("jyj")}" },
        { "DELETE", $"/api/v1/departments/{HubClient.DepartmentId("jyj")}" },
        { "POST", "/api/v1/service-halls/" },
        { "PUT", $"/api/v1/service-halls/{SmartGov.Hub.Seeding.DemoCitySeeder.DeterministicGuid("hall:city")}" },
        { "DELETE", $"/api/v1/service-halls/{SmartGov.Hub.Seeding.DemoCitySeeder.DeterministicGuid("hall:371803")}" },
        { "POST", "/api/v1/staff/" },
    };

    private static object BodyFor(string path) => path switch
    {
        _ when path.Contains("regions", StringComparison.Ordinal) => new { code = "371804003000", name = "审计镇", parentCode = "371804" },
        _ when path.Contains("departments", StringComparison.Ordinal) => new { name = "审计测试局", creditCode = CreditCode.Compose('1', '1', "371800", "11223344"), regionCode = "371800" },
        _ when path.Contains("service-halls", StringComparison.Ordinal) => new { name = "审计大厅", level = "Street", address = "某路 1 号", openingHours = "9-17", regionCode = "371800" },
        _ => new { userName = "by.auditor", displayName = "某人", departmentId = Dsj, roles = new[] { "Officer" }, initialPassword = "Initial2026Pass" },
    };

    [Theory]
    [MemberData(nameof(OrganizationWrites))]
    public async Task The_auditor_cannot_write_organizations_or_staff(string method, string path)
    {
        using var auditor = await factory.SignedInStaffAsync("auditor");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "DELETE")
        {
            request.Content = JsonContent.Create(BodyFor(path));
        }
        await ProblemAssert.IsProblemAsync(await auditor.SendAsync(request), 403, "forbidden");
    }

    [Fact]
    public async Task The_organization_directory_is_unchanged_after_the_auditor_tried_to_write()
    {
        using var auditor = await factory.SignedInStaffAsync("auditor");
        await auditor.DeleteAsync($"/api/v1/departments/{HubClient.DepartmentId("rsj")}");
        using var anonymous = factory.CreateApiClient();
        var department = await (await anonymous.GetAsync($"/api/v1/departments/{HubClient.DepartmentId("rsj")}")).ReadJsonAsync();
        Assert.True(department.GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task The_auditor_reads_the_audit_trail_through_the_api_and_the_console()
    {
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var api = await auditor.GetAsync("/api/v1/audit/entries");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        var page = await api.ReadJsonAsync();
        Assert.True(page.GetProperty("total").GetInt32() > 0);
        // The auditor's own sign-in is among the entries.
        Assert.Contains(page.GetProperty("items").EnumerateArray(), e => e.Str("action") == AuditActions.SignIn && e.Str("actorName") == "auditor");

        var console = await auditor.GetAsync("/console/audit");
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        Assert.Contains("sign-in", await console.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_past_the_end_of_the_audit_trail_gives_an_empty_page_not_an_error()
    {
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var response = await auditor.GetAsync("/api/v1/audit/entries?page=2147483647&pageSize=500");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadJsonAsync();
        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.True(page.GetProperty("total").GetInt32() > 0);

        var console = await auditor.GetAsync("/console/audit?page=2147483647");
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
    }

    [Fact]
    public async Task Audit_times_are_utc_and_say_so()
    {
        // A client converting to Beijing time must not be eight hours off: the time carries its offset on both databases.
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var entries = await auditor.AuditEntriesAsync(AuditActions.SignIn);
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            var at = entry.Str("at")!;
            Assert.True(at.EndsWith('Z') || System.Text.RegularExpressions.Regex.IsMatch(at, "[+-][0-9]{2}:[0-9]{2}$"), $"audit time without offset: {at}");
            var parsed = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True((DateTimeOffset.UtcNow - parsed).Duration() < TimeSpan.FromHours(1), $"audit time {at} is not the time of the sign-in");
        }
    }

    // Who opens which administration page of the console: 200 for the role the page is for, 403 for the others.
    public static TheoryData<string, string, int> ConsolePages() => new()
    {
        { "sysadmin", "/console/organizations", 200 },
        { "sysadmin", "/console/staff", 200 },
        { "sysadmin", "/console/security", 403 },
        { "sysadmin", "/console/audit", 403 },
        { "secadmin", "/console/security", 200 },
        { "secadmin", "/console/staff", 200 },
        { "secadmin", "/console/organizations", 403 },
        { "secadmin", "/console/staff/create", 403 },
        { "secadmin", "/console/audit", 403 },
        { "auditor", "/console/audit", 200 },
        { "auditor", "/console/organizations", 403 },
        { "auditor", "/console/staff", 403 },
        { "auditor", "/console/security", 403 },
        { "gaj.leader", "/console/organizations", 403 },
        { "gaj.leader", "/console/staff", 403 },
        { "gaj.leader", "/console/audit", 403 },
    };

    [Theory]
    [MemberData(nameof(ConsolePages))]
    public async Task Each_administrator_opens_only_the_console_pages_of_their_own_role(string userName, string path, int expected)
    {
        using var client = await factory.SignedInStaffAsync(userName);
        var response = await client.GetAsync(path);
        Assert.True((int)response.StatusCode == expected, $"{userName} GET {path} → {(int)response.StatusCode}, expected {expected}");
    }

    [Fact]
    public async Task The_security_admin_cannot_touch_business_data()
    {
        using var secadmin = await factory.SignedInStaffAsync("secadmin");
        var create = await secadmin.PostAsJsonAsync("/api/v1/departments/", BodyFor("departments"));
        await ProblemAssert.IsProblemAsync(create, 403, "forbidden");
        var update = await secadmin.PutAsJsonAsync($"/api/v1/departments/{HubClient.DepartmentId("jyj")}",
            new { name = "改名局", creditCode = CreditCode.Compose('1', '1', "371800", "55667788"), regionCode = "371800" });
        await ProblemAssert.IsProblemAsync(update, 403, "forbidden");
        var staff = await secadmin.PostAsJsonAsync("/api/v1/staff/", BodyFor("staff"));
        await ProblemAssert.IsProblemAsync(staff, 403, "forbidden");
    }

    [Fact]
    public async Task The_security_admin_unlocks_a_locked_account_and_its_owner_can_sign_in_again()
    {
        const string userName = "wjw.officer";
        using var victim = factory.CreateBrowser();
        for (var i = 0; i < 5; i++)
        {
            await victim.PostLoginAsync(userName, "Not-The-Password-1");
        }
        var locked = await victim.PostLoginAsync(userName, HubClient.DemoPassword);
        Assert.Contains("账号已锁定", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var secadmin = await factory.SignedInStaffAsync("secadmin");
        var unlock = await secadmin.PostAsync($"/api/v1/staff/{HubClient.StaffId(userName)}/unlock", null);
        Assert.Equal(HttpStatusCode.NoContent, unlock.StatusCode);

        await victim.SignInStaffAsync(userName);
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync("/console")).StatusCode);

        // Only the security admin lifts locks.
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        await ProblemAssert.IsProblemAsync(await sysadmin.PostAsync($"/api/v1/staff/{HubClient.StaffId(userName)}/unlock", null), 403, "forbidden");
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var unlocks = await auditor.AuditEntriesAsync(AuditActions.Unlock);
        Assert.Contains(unlocks, u => u.Str("subjectId") == HubClient.StaffId(userName).ToString() && u.Str("actorName") == "secadmin");
    }

    [Fact]
    public async Task The_system_admin_creates_a_staff_account_with_business_roles_and_it_is_audited()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        var created = await CreateStaffAsync(sysadmin, "gaj.clerk9", "WindowClerk", "Officer");
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(["Officer", "WindowClerk"], created.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal(Gaj, created.GetProperty("departmentId").GetGuid());
        Assert.False(created.GetProperty("twoFactorEnabled").GetBoolean());

        // It shows up in the department's staff list.
        using var leader = await factory.SignedInStaffAsync("gaj.leader");
        var staff = await (await leader.GetAsync($"/api/v1/departments/{Gaj}/staff")).ReadJsonAsync();
        Assert.Contains(staff.EnumerateArray(), s => s.Str("userName") == "gaj.clerk9");

        using var auditor = await factory.SignedInStaffAsync("auditor");
        var creates = await auditor.AuditEntriesAsync(AuditActions.Create);
        Assert.Contains(creates, c => c.Str("subjectType") == "user" && c.Str("subjectId") == id.ToString() && c.Str("actorName") == "sysadmin");
        var grants = await auditor.AuditEntriesAsync(AuditActions.RoleChange);
        Assert.Contains(grants, g => g.Str("subjectId") == id.ToString() && g.Str("details")!.Contains("+WindowClerk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_system_admin_cannot_create_an_account_with_an_administrator_role()
    {
        using var sysadmin = await factory.SignedInStaffAsync("sysadmin");
        var response = await sysadmin.PostAsJsonAsync("/api/v1/staff/", new
        {
            userName = "sneaky.auditor",
            displayName = "某人",
            departmentId = Dsj,
            roles = new[] { "Auditor" },
            initialPassword = "Initial2026Pass",
        });
        await ProblemAssert.IsProblemAsync(response, 403, "role-separation");
        using var anonymous = factory.CreateBrowser();
        var signIn = await anonymous.PostLoginAsync("sneaky.auditor", "Initial2026Pass");
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }
}
