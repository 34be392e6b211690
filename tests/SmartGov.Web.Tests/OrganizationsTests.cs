using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Core;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Web.Tests;

/// <summary>The system admin keeps the directory of regions, departments and service halls; every write is audited.</summary>
public sealed class OrganizationsTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static List<JsonElement> Items(JsonElement array) => [.. array.EnumerateArray()];

    [Fact]
    public async Task The_public_directory_is_readable_without_signing_in()
    {
        using var anonymous = factory.CreateApiClient();
        var regions = Items(await (await anonymous.GetAsync("/api/v1/regions")).ReadJsonAsync());
        Assert.Contains(regions, r => r.Str("code") == "371800" && r.Str("name") == "示范市");
        var districts = Items(await (await anonymous.GetAsync("/api/v1/regions?parent=371800")).ReadJsonAsync());
        Assert.Equal(["371802", "371803", "371804"], districts.Select(d => d.Str("code")!).ToArray());
        var departments = Items(await (await anonymous.GetAsync("/api/v1/departments")).ReadJsonAsync());
        Assert.Equal(12, departments.Count);
        Assert.All(departments, d => Assert.True(CreditCode.Validate(d.Str("creditCode")).IsValid));
        var halls = Items(await (await anonymous.GetAsync("/api/v1/service-halls")).ReadJsonAsync());
        Assert.Contains(halls, h => h.Str("name") == "示范市政务服务中心");
    }

    [Fact]
    public async Task The_system_admin_creates_updates_and_deletes_and_every_write_is_audited()
    {
        using var admin = await factory.SignedInStaffAsync("sysadmin");

        // Region: a new township under 东湖区.
        var region = await admin.PostAsJsonAsync("/api/v1/regions", new { code = "371802003000", name = "光华街道", parentCode = "371802" });
        Assert.Equal(HttpStatusCode.Created, region.StatusCode);
        var regionJson = await region.ReadJsonAsync();
        Assert.Equal("Township", regionJson.Str("level"));
        Assert.Equal("/api/v1/regions/371802003000", region.Headers.Location?.OriginalString);
        var renamed = await admin.PutAsJsonAsync("/api/v1/regions/371802003000", new { name = "光华街道办事处", parentCode = "371802" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        using var anonymous = factory.CreateApiClient();
        Assert.Equal("光华街道办事处", (await (await anonymous.GetAsync("/api/v1/regions/371802003000")).ReadJsonAsync()).Str("name"));

        // Department with a valid GB 32100 credit code.
        var creditCode = CreditCode.Compose('1', '1', "371800", "12345678");
        var department = await admin.PostAsJsonAsync("/api/v1/departments", new { name = "示范市数据资源局", nameEn = "Data Resources Bureau", creditCode, regionCode = "371800" });
        Assert.Equal(HttpStatusCode.Created, department.StatusCode);
        var departmentId = (await department.ReadJsonAsync()).GetProperty("id").GetGuid();
        var duplicate = await admin.PostAsJsonAsync("/api/v1/departments", new { name = "重复局", creditCode, regionCode = "371800" });
        await ProblemAssert.IsProblemAsync(duplicate, 409, "conflict");
        var updated = await admin.PutAsJsonAsync($"/api/v1/departments/{departmentId}", new { name = "示范市数据资源管理局", nameEn = "Data Resources Administration", creditCode, regionCode = "371800" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("示范市数据资源管理局", (await updated.ReadJsonAsync()).Str("name"));

        // Hall in the new township.
        var hall = await admin.PostAsJsonAsync("/api/v1/service-halls", new
        {
            name = "光华街道便民服务中心", level = "Street", address = "东湖区光华路 3 号", openingHours = "周一至周五 8:30-17:30", regionCode = "371802003000", phone = "0538-55555",
        });
        Assert.Equal(HttpStatusCode.Created, hall.StatusCode);
        var hallId = (await hall.ReadJsonAsync()).GetProperty("id").GetGuid();
        var hallUpdate = await admin.PutAsJsonAsync($"/api/v1/service-halls/{hallId}", new
        {
            name = "光华街道便民服务中心", level = "Street", address = "东湖区光华路 5 号", openingHours = "周一至周六 8:30-17:30", regionCode = "371802003000",
        });
        Assert.Equal(HttpStatusCode.OK, hallUpdate.StatusCode);
        Assert.Contains(Items(await (await anonymous.GetAsync("/api/v1/service-halls?regionCode=371802003000")).ReadJsonAsync()),
            h => h.Str("address") == "东湖区光华路 5 号");

        // A region in use cannot be deleted; once empty it can.
        await ProblemAssert.IsProblemAsync(await admin.DeleteAsync("/api/v1/regions/371802003000"), 409, "conflict");
        await ProblemAssert.IsProblemAsync(await admin.DeleteAsync("/api/v1/regions/371802"), 409, "conflict");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/service-halls/{hallId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/regions/371802003000")).StatusCode);
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/v1/regions/371802003000"), 404, "not-found");

        // Deactivating a department hides it from the list, but keeps it for the record.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/departments/{departmentId}")).StatusCode);
        var active = Items(await (await anonymous.GetAsync("/api/v1/departments")).ReadJsonAsync());
        Assert.DoesNotContain(active, d => d.GetProperty("id").GetGuid() == departmentId);
        var all = Items(await (await anonymous.GetAsync("/api/v1/departments?includeInactive=true")).ReadJsonAsync());
        Assert.Contains(all, d => d.GetProperty("id").GetGuid() == departmentId && !d.GetProperty("isActive").GetBoolean());

        using var auditor = await factory.SignedInStaffAsync("auditor");
        var entries = await auditor.AuditEntriesAsync();
        void Audited(string action, string subjectType, string subjectId) =>
            Assert.True(entries.Any(e => e.Str("action") == action && e.Str("subjectType") == subjectType && e.Str("subjectId") == subjectId && e.Str("actorName") == "sysadmin"),
                $"no audit entry {action} {subjectType} {subjectId} by sysadmin");
        Audited(AuditActions.Create, "region", "371802003000");
        Audited(AuditActions.Update, "region", "371802003000");
        Audited(AuditActions.Delete, "region", "371802003000");
        Audited(AuditActions.Create, "department", departmentId.ToString());
        Audited(AuditActions.Update, "department", departmentId.ToString());
        Audited(AuditActions.Delete, "department", departmentId.ToString());
        Audited(AuditActions.Create, "service-hall", hallId.ToString());
        Audited(AuditActions.Update, "service-hall", hallId.ToString());
        Audited(AuditActions.Delete, "service-hall", hallId.ToString());
        // Refused writes changed nothing and wrote no success entry: one create per subject.
        Assert.Single(entries, e => e.Str("action") == AuditActions.Create && e.Str("subjectType") == "department" && e.Str("subjectId") == departmentId.ToString());
    }

    [Fact]
    public async Task Bad_organization_input_names_the_fields()
    {
        using var admin = await factory.SignedInStaffAsync("sysadmin");
        var wrongParent = await admin.PostAsJsonAsync("/api/v1/regions", new { code = "371803009000", name = "错位镇", parentCode = "371802" });
        await ProblemAssert.IsValidationAsync(wrongParent, "parentCode", "region.parent-mismatch");
        var badCode = await admin.PostAsJsonAsync("/api/v1/regions", new { code = "37180", name = "短码" });
        await ProblemAssert.IsValidationAsync(badCode, "code");
        var unknownRegion = await admin.PostAsJsonAsync("/api/v1/departments", new { name = "外地局", creditCode = CreditCode.Compose('1', '1', "371800", "99887766"), regionCode = "110105" });
        await ProblemAssert.IsValidationAsync(unknownRegion, "regionCode", "region.unknown");
        var hall = await admin.PostAsJsonAsync("/api/v1/service-halls", new { name = "", level = "Street", address = "", openingHours = "", regionCode = "371800" });
        var problem = await ProblemAssert.IsProblemAsync(hall, 422, "validation");
        Assert.Superset(new HashSet<string> { "name", "address", "openingHours" }, ProblemAssert.FieldErrors(problem).Select(f => f.Field).ToHashSet());
        await ProblemAssert.IsProblemAsync(await admin.PutAsJsonAsync("/api/v1/regions/371899", new { name = "不存在" }), 404, "not-found");
    }

    [Fact]
    public async Task Writes_without_signing_in_are_refused()
    {
        using var anonymous = factory.CreateApiClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/regions", new { code = "371804003000", name = "匿名镇", parentCode = "371804" });
        await ProblemAssert.IsProblemAsync(response, 401, "unauthorized");
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/v1/regions/371804003000"), 404, "not-found");
    }
}
