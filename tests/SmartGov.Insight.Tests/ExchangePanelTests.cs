using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using SmartGov.Core.Calendar;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Exchange;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Insight.Tests;

/// <summary>
/// The dashboard's data-exchange panel: calls between departments from the signed reports gateways post to the exchange
/// center, counted once although both gateways of a call report it, scoped like the rest of the dashboard, with the
/// catalog's sharing figures and an Excel export. Its own hub: the other dashboard tests see no gateway reports.
/// </summary>
public sealed class ExchangePanelTests(InsightFactory factory) : IClassFixture<InsightFactory>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static Guid Dept(string code) => HubClient.DepartmentId(code);

    private static string Today => ChinaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> DashboardAsync(HttpClient client)
    {
        var response = await client.GetAsync($"/api/v1/insight/dashboard?from={Today}&to={Today}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("exchange").Clone();
    }

    /// <summary>A gateway of the department registers with a one-time code and the center admin approves it.</summary>
    private async Task<(string Member, Sm2KeyPair Key)> ApprovedGatewayAsync(HttpClient admin, string dept)
    {
        var members = await (await admin.GetAsync("/api/v1/exchange/members")).ReadJsonAsync();
        var member = members.EnumerateArray().First(m => m.GetProperty("departmentId").GetGuid() == Dept(dept));
        var issued = await admin.PostAsJsonAsync($"/api/v1/exchange/members/{member.GetProperty("id").GetGuid()}/registration-codes", new { validHours = 1 });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var code = (await issued.ReadJsonAsync()).Str("code")!;
        var key = Sm2KeyPair.Generate();
        var address = "http://127.0.0.1:5399";
        var registered = await factory.CreateApiClient().PostAsJsonAsync("/api/v1/exchange/registrations", new
        {
            code, memberId = "", address, publicKeyPem = key.PublicKeyPem(),
            proof = Convert.ToBase64String(key.Sign(Sm3.Hash(ExchangeRegistry.RegistrationProofBytes(code, "", address)))),
        });
        var body = await registered.ReadJsonAsync();
        Assert.True(registered.IsSuccessStatusCode, body.ToString());
        var approved = await admin.PostAsJsonAsync($"/api/v1/exchange/gateways/{body.GetProperty("gatewayId").GetGuid()}/approve", new { note = "测试" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        return (member.Str("memberId")!, key);
    }

    private async Task ReportAsync(string member, Sm2KeyPair key, params PairReport[] pairs)
    {
        var payload = new GatewayReportPayload(member, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), null, 0, 0, pairs, null, null);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, Web);
        var response = await factory.CreateApiClient().PostAsJsonAsync("/api/v1/exchange/reports",
            new { payload = Convert.ToBase64String(bytes), signature = Convert.ToBase64String(key.Sign(Sm3.Hash(bytes))) });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static JsonElement? Flow(JsonElement panel, string client, string provider) =>
        panel.GetProperty("flows").EnumerateArray()
            .Where(f => f.GetProperty("clientDepartmentId").GetGuid() == Dept(client) && f.GetProperty("providerDepartmentId").GetGuid() == Dept(provider))
            .Select(f => (JsonElement?)f).FirstOrDefault();

    [Fact]
    public async Task Gateway_reports_show_as_flows_between_departments_counted_once_and_scoped_for_a_department_leader()
    {
        using var mayor = await factory.SignedInStaffAsync("mayor");
        var before = await DashboardAsync(mayor);
        // No gateway has reported: no made-up zeros, but the catalog's own figures are there (the demo catalog).
        Assert.False(before.GetProperty("available").GetBoolean());
        Assert.Empty(before.GetProperty("flows").EnumerateArray());
        Assert.True(before.GetProperty("sharing").GetProperty("resourcesCatalogued").GetInt32() > 0);
        Assert.Contains("暂无数据交换统计", await mayor.GetStringAsync("/console/insight"), StringComparison.Ordinal);

        using var admin = await factory.SignedInStaffAsync("sysadmin");
        var (gaj, gajKey) = await ApprovedGatewayAsync(admin, "gaj");
        var (mzj, mzjKey) = await ApprovedGatewayAsync(admin, "mzj");
        var members = await (await admin.GetAsync("/api/v1/exchange/members")).ReadJsonAsync();
        string MemberOf(string dept) => members.EnumerateArray().First(m => m.GetProperty("departmentId").GetGuid() == Dept(dept)).Str("memberId")!;
        var dsj = MemberOf("dsj");
        var scjg = MemberOf("scjg");

        // 公安局's gateway served the hub (大数据局) and called 民政局; 民政局's gateway served that call too (the same 3
        // calls, seen from the other side) and called 市场监管局.
        var errors = new Dictionary<string, long> { ["AccessDenied"] = 1 };
        await ReportAsync(gaj, gajKey,
            new PairReport("provider", dsj + "/hub", gaj + "/licences/gaj.household-register", 5, errors, 12, 40),
            new PairReport("consumer", gaj + "/police", mzj + "/licences/mzj.marriage-certificate", 3, null, 20, 50));
        await ReportAsync(mzj, mzjKey,
            new PairReport("provider", gaj + "/police", mzj + "/licences/mzj.marriage-certificate", 3, errors, 18, 45),
            new PairReport("consumer", mzj + "/marriage", scjg + "/licences/scjg.business-licence", 4, null, 10, 30));

        var city = await DashboardAsync(mayor);
        Assert.True(city.GetProperty("available").GetBoolean());
        var served = Flow(city, "dsj", "gaj")!.Value;
        Assert.Equal(5, served.GetProperty("calls").GetInt64());
        Assert.Equal(1, served.GetProperty("errors").GetInt64());
        Assert.Equal("示范市公安局", served.Str("providerName"));
        // Both gateways reported the 公安局 → 民政局 calls: counted once, with the provider's errors.
        var both = Flow(city, "gaj", "mzj")!.Value;
        Assert.Equal(3, both.GetProperty("calls").GetInt64());
        Assert.Equal(1, both.GetProperty("errors").GetInt64());
        Assert.NotNull(Flow(city, "mzj", "scjg"));
        Assert.Equal(12, city.GetProperty("calls").GetInt64());
        var day = Assert.Single(city.GetProperty("daily").EnumerateArray());
        Assert.Equal(Today, day.Str("day"));
        Assert.Equal(12, day.GetProperty("calls").GetInt64());
        Assert.Equal(2, day.GetProperty("errors").GetInt64());

        // The page: the table (the chart's no-JavaScript fallback), the chart's data, and the Excel export of the table.
        var html = await mayor.GetStringAsync($"/console/insight?from={Today}&to={Today}");
        Assert.Contains("data-testid=\"insight-table-exchange\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-key=\"{Dept("dsj")}:{Dept("gaj")}\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-key=\"{Dept("mzj")}:{Dept("scjg")}\"", html, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"exchange\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"fig-exchange-calls\">12<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("暂无数据交换统计", html, StringComparison.Ordinal);
        var xlsx = await mayor.GetAsync($"/console/insight?from={Today}&to={Today}&export=xlsx&table=exchange");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var rows = (await xlsx.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => Equals(r["使用部门（调用方）"], "示范市大数据局") && Equals(r["提供部门"], "示范市公安局") && Convert.ToInt64(r["调用次数"], CultureInfo.InvariantCulture) == 5);
        Assert.Contains("data-testid=\"insight-table-exchange\"", await mayor.GetStringAsync($"/console/insight/bigscreen?from={Today}&to={Today}"), StringComparison.Ordinal);

        // The 公安局's leader: the flows from and to the own department only.
        using var gajLeader = await factory.SignedInStaffAsync("gaj.leader");
        var own = await DashboardAsync(gajLeader);
        Assert.True(own.GetProperty("available").GetBoolean());
        Assert.NotNull(Flow(own, "dsj", "gaj"));
        Assert.NotNull(Flow(own, "gaj", "mzj"));
        Assert.Null(Flow(own, "mzj", "scjg"));
        Assert.Equal(8, own.GetProperty("calls").GetInt64());
        var ownPage = await gajLeader.GetStringAsync($"/console/insight?from={Today}&to={Today}");
        Assert.DoesNotContain($"data-key=\"{Dept("mzj")}:{Dept("scjg")}\"", ownPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"fig-sharing-sent\"", ownPage, StringComparison.Ordinal);
        // 市场监管局's leader sees the one flow to it, and never the others.
        using var scjgLeader = await factory.SignedInStaffAsync("scjg.leader");
        var scjgOwn = await DashboardAsync(scjgLeader);
        var only = Assert.Single(scjgOwn.GetProperty("flows").EnumerateArray());
        Assert.Equal(Dept("mzj"), only.GetProperty("clientDepartmentId").GetGuid());
        await ProblemAssert.IsProblemAsync(await scjgLeader.GetAsync($"/api/v1/insight/dashboard?departmentId={Dept("gaj")}"), 403, "forbidden");
    }

    [Fact]
    public async Task A_granted_sharing_request_shows_in_the_sharing_figures_of_the_provider()
    {
        using var gajLeader = await factory.SignedInStaffAsync("gaj.leader");
        var before = (await DashboardAsync(gajLeader)).GetProperty("sharing");

        using var jyj = await factory.SignedInStaffAsync("jyj.data");
        var asked = await jyj.PostAsJsonAsync("/api/v1/catalog/sharing-requests", new
        {
            resourceCode = "3010102-000001", purposes = new[] { "义务教育入学资格审核" }, dataItems = new[] { "姓名" }, scope = "入学核验",
            validFrom = Today, validUntil = "2027-12-31",
        });
        var request = await asked.ReadJsonAsync();
        Assert.True(asked.StatusCode == HttpStatusCode.Created, request.ToString());
        var pending = (await DashboardAsync(gajLeader)).GetProperty("sharing");
        Assert.Equal(before.GetProperty("requestsReceived").GetInt32() + 1, pending.GetProperty("requestsReceived").GetInt32());
        Assert.Equal(before.GetProperty("requestsPending").GetInt32() + 1, pending.GetProperty("requestsPending").GetInt32());

        using var gajData = await factory.SignedInStaffAsync("gaj.data");
        var decided = await gajData.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{request.GetProperty("id").GetGuid()}/decision", new { approve = true, reason = "同意" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var after = (await DashboardAsync(gajLeader)).GetProperty("sharing");
        Assert.Equal(before.GetProperty("requestsGranted").GetInt32() + 1, after.GetProperty("requestsGranted").GetInt32());
        Assert.Equal(before.GetProperty("requestsPending").GetInt32(), after.GetProperty("requestsPending").GetInt32());
        Assert.Equal(0, after.GetProperty("averageTurnaroundDays").GetDouble());
        // The requester's leader sees it among the requests sent.
        using var jyjLeader = await factory.SignedInStaffAsync("jyj.leader");
        Assert.True((await DashboardAsync(jyjLeader)).GetProperty("sharing").GetProperty("requestsSent").GetInt32() >= 1);
    }
}
