extern alias gateway;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;
using gateway::SmartGov.Gateway;
using gateway::SmartGov.Gateway.Center;
using SmartGov.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmartGov.Exchange.Tests;

public sealed class ExchangeCenterTests(ExchangeCenterCity city) : IClassFixture<ExchangeCenterCity>
{
    [Fact]
    public async Task A_registered_gateway_waits_for_approval_then_appears_in_the_configuration_and_carries_calls()
    {
        // Pending registrations are not in the configuration gateways trust.
        Assert.Equal("Pending", city.DsjRegistration.Record!.Status);
        Assert.DoesNotContain(city.ConfigBeforeApproval.Gateways, g => g.Member == city.DsjMember || g.Member == city.GajMember);

        var config = await city.FetchConfigurationAsync();
        var gaj = Assert.Single(config.Gateways, g => g.Member == city.GajMember);
        Assert.Equal(city.GajKey.PublicKeyPem(), gaj.PublicKeyPem);
        Assert.Equal(city.GajGateway, gaj.Address);
        Assert.True(config.Version > city.ConfigBeforeApproval.Version);

        var gateways = await (await city.Admin.GetAsync("/api/v1/exchange/gateways")).ReadJsonAsync();
        Assert.Contains(gateways.EnumerateArray(), g => g.GetProperty("id").GetGuid() == city.GajGatewayId && g.Str("status") == "Approved");

        // The hub's own purpose is Chinese text: it must cross both gateways as it is (UTF-8 header value).
        using var response = await city.CallAsync("gaj.household-register");
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"{(int)response.StatusCode} {ExchangeCenterCity.Error(response)}: {await response.Content.ReadAsStringAsync()}");
        var body = await response.ReadJsonAsync();
        Assert.Equal("L-371802198506151234", body.Str("number"));
        Assert.Equal(ExchangeCenterCity.Purpose, body.Str("purpose"));
    }

    [Fact]
    public async Task A_gateway_refuses_the_centers_configuration_when_tampered_with_or_expired()
    {
        var json = await city.Http.GetStringAsync(new Uri(city.Hub.Address + "/exchange/global-configuration"));
        var centerKey = Sm2PublicKey.FromPem(await city.Http.GetStringAsync(new Uri(city.Hub.Address + "/exchange/center-public-key")));
        var good = GlobalConfigurationCodec.Verify(json, [centerKey], DateTimeOffset.UtcNow);
        Assert.True(good.IsValid, good.Reason);
        // The center's default validity is 24 hours; past it, a gateway stops trusting the configuration.
        Assert.Equal(TimeSpan.FromHours(24), good.Config!.ExpiresAt - good.Config.IssuedAt);
        Assert.Equal(ConfigFailure.Expired, GlobalConfigurationCodec.Verify(json, [centerKey], good.Config.ExpiresAt.AddSeconds(1)).Failure);

        // A configuration file whose rights someone widened: a gateway reading it refuses it and serves nothing.
        var envelope = JsonSerializer.Deserialize<SignedGlobalConfiguration>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(envelope.Payload)).Replace(ExchangeCenterCity.Purpose, "任意用途", StringComparison.Ordinal);
        var tampered = GlobalConfigurationCodec.ToJson(envelope with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)) });
        var file = Path.Combine(city.Root, "tampered-configuration.json");
        await File.WriteAllTextAsync(file, tampered);
        var record = CenterRegistration.ReadRecord(Path.Combine(city.Root, "gw-dsj"))!;
        var port = ExchangeCenterCity.FreePort();
        var gw = await city.StartAsync(GatewayHost.Build(
        [
            $"--urls=http://127.0.0.1:{port}", $"--Gateway:MemberId={record.MemberId}", $"--Gateway:KeyFile={Path.Combine(city.Root, "dsj.key")}",
            $"--Gateway:DataDirectory={Path.Combine(city.Root, "gw-tampered")}", $"--Gateway:ConfigSource={file}",
            $"--Gateway:CenterPublicKeyFile={Path.Combine(city.Root, "gw-dsj", "center-public.pem")}", "--Logging:LogLevel:Default=Warning",
        ]));
        var status = await city.Http.GetFromJsonAsync<JsonElement>(new Uri(gw + "/admin/status"));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("configVersion").ValueKind);
        Assert.Contains("BadSignature", status.Str("configError"));

        var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{gw}/r1/{city.Service("gaj.household-register")}?holder=1"));
        request.Headers.Add(ExchangeHeaders.Client, city.HubClient);
        request.Headers.Add(ExchangeHeaders.Purpose, ExchangeCenterCity.Purpose);
        using var refused = await city.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(ExchangeErrors.ConfigUnavailable, ExchangeCenterCity.Error(refused));
    }

    [Fact]
    public async Task Revoking_a_right_stops_calls_after_one_configuration_refresh()
    {
        // The provider department's data administrator registers a service and grants the hub a right on it.
        using var gajData = await city.Hub.SignedInStaffAsync("gaj.data");
        var service = await gajData.PostAsJsonAsync("/api/v1/exchange/services", new
        {
            memberRef = city.GajMemberRef, subsystem = "licences", code = "test-right", name = "测试权限服务", personalData = true,
        });
        Assert.Equal(HttpStatusCode.Created, service.StatusCode);
        var created = await gajData.PostAsJsonAsync("/api/v1/exchange/rights", new
        {
            client = city.HubClient, service = city.Service("test-right"), methods = new[] { "get" }, paths = new[] { "/**" }, purposes = new[] { "SP-CHECK" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rightId = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        await city.RefreshAsync();
        using (var before = await city.CallAsync("test-right", purpose: "SP-CHECK"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var revoked = await gajData.PostAsync($"/api/v1/exchange/rights/{rightId}/revoke", null);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await city.RefreshAsync();
        using var after = await city.CallAsync("test-right", purpose: "SP-CHECK");
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Equal(ExchangeErrors.AccessDenied, ExchangeCenterCity.Error(after));
        Assert.DoesNotContain((await city.FetchConfigurationAsync()).AccessRights, r => r.Service == city.Service("test-right"));

        using var auditor = await city.Hub.SignedInStaffAsync("auditor");
        Assert.Contains(await auditor.AuditEntriesAsync("delete"), e => e.Str("subjectId") == rightId.ToString());
    }

    [Fact]
    public async Task A_sharing_grant_becomes_a_right_for_the_consumers_subsystems_and_its_revocation_stops_calls()
    {
        // The provider's data administrator catalogues a resource (有条件共享) and registers the service that serves it.
        using var gajData = await city.Hub.SignedInStaffAsync("gaj.data");
        var catalogued = await gajData.PostAsJsonAsync("/api/v1/catalog/resources", new Dictionary<string, object?>
        {
            ["classificationCode"] = "3010201", ["name"] = "测试共享资源", ["nameEn"] = "Test shared resource",
            ["abstract"] = "数据交换测试：按号牌查询登记信息。", ["format"] = "数据库",
            ["dataItems"] = new object[] { new { name = "号牌号码", type = "Text", length = 20 }, new { name = "车主姓名", type = "Text", length = 50, personalData = true } },
            ["sharingType"] = "Conditional", ["sharingConditions"] = "仅限政务用途", ["sharingMethods"] = new[] { "Interface" },
            ["openToPublic"] = false, ["updateCycle"] = "每日", ["releaseDate"] = "2026-01-01",
        });
        var catalogText = await catalogued.Content.ReadAsStringAsync();
        Assert.True(catalogued.StatusCode == HttpStatusCode.Created, $"{(int)catalogued.StatusCode}: {catalogText}");
        var resource = JsonDocument.Parse(catalogText).RootElement.GetProperty("resource").Str("code")!;
        var created = await gajData.PostAsJsonAsync("/api/v1/exchange/services", new
        {
            memberRef = city.GajMemberRef, subsystem = "licences", code = "test-grant", name = "测试共享服务",
            catalogResourceCode = resource, personalData = true, messageLog = "Metadata",
            openApiJson = """{"openapi":"3.1.0","info":{"title":"test","version":"1"},"paths":{}}""",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await city.RefreshAsync();
        using (var none = await city.CallAsync("test-grant", purpose: "SP-WINDOW-CHECK"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
            Assert.Equal(ExchangeErrors.AccessDenied, ExchangeCenterCity.Error(none));
        }

        // The 大数据局 (the hub's member) asks for it; while the request waits, there is still no right.
        using var dsjData = await city.Hub.SignedInStaffAsync("dsj.data");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var asked = await dsjData.PostAsJsonAsync("/api/v1/catalog/sharing-requests", new
        {
            resourceCode = resource, purposes = new[] { "SP-WINDOW-CHECK" }, dataItems = new[] { "号牌号码", "车主姓名" }, scope = "一网通办材料核验",
            validFrom = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), validUntil = today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        var askedText = await asked.Content.ReadAsStringAsync();
        Assert.True(asked.StatusCode == HttpStatusCode.Created, $"{(int)asked.StatusCode}: {askedText}");
        var request = JsonDocument.Parse(askedText).RootElement;
        Assert.Equal("Pending", request.Str("status"));
        var requestId = request.GetProperty("id").GetGuid();
        await city.RefreshAsync();
        using (var pending = await city.CallAsync("test-grant", purpose: "SP-WINDOW-CHECK"))
        {
            Assert.Equal(ExchangeErrors.AccessDenied, ExchangeCenterCity.Error(pending));
        }

        // The provider's data administrator grants it: the next configuration carries the right, and the call crosses both gateways.
        var decided = await gajData.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{requestId}/decision", new { approve = true, reason = "用途明确" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        await city.RefreshAsync();
        using (var granted = await city.CallAsync("test-grant", purpose: "SP-WINDOW-CHECK"))
        {
            Assert.True(granted.StatusCode == HttpStatusCode.OK, $"{(int)granted.StatusCode} {ExchangeCenterCity.Error(granted)}");
            Assert.Equal("L-371802198506151234", (await granted.ReadJsonAsync()).Str("number"));
        }
        using (var otherPurpose = await city.CallAsync("test-grant", purpose: "SP-OTHER"))
        {
            Assert.Equal(ExchangeErrors.PurposeNotAllowed, ExchangeCenterCity.Error(otherPurpose));
        }
        var rights = await (await city.Admin.GetAsync("/api/v1/exchange/rights")).ReadJsonAsync();
        Assert.Contains(rights.EnumerateArray(), r => r.Str("source") == "grant" && r.Str("client") == city.HubClient && r.Str("service") == city.Service("test-grant"));

        // The requester revokes the grant: one refresh later the call is refused.
        var revoked = await dsjData.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{requestId}/revoke", new { reason = "测试结束" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await city.RefreshAsync();
        using var after = await city.CallAsync("test-grant", purpose: "SP-WINDOW-CHECK");
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Equal(ExchangeErrors.AccessDenied, ExchangeCenterCity.Error(after));
        Assert.DoesNotContain((await city.FetchConfigurationAsync()).AccessRights, r => r.Service == city.Service("test-grant"));
    }

    [Fact]
    public async Task The_center_keeps_the_gateways_figures_and_flags_a_message_log_head_that_does_not_extend_the_witnessed_one()
    {
        await city.RefreshAsync();
        using (var call = await city.CallAsync("gaj.household-register", purpose: null))
        {
            // Refused (no purpose), and still counted as a call with its error type.
            Assert.Equal(ExchangeErrors.PurposeRequired, ExchangeCenterCity.Error(call));
        }
        var reporter = city.GajApp.Services.GetRequiredService<CenterReporter>();
        Assert.True(await reporter.ReportAsync(CancellationToken.None), reporter.LastError);
        using (var call = await city.CallAsync("gaj.household-register", purpose: "SP-OTHER"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, call.StatusCode);
        }
        // A second honest report proves the log only grew since the head the center witnessed.
        Assert.True(await reporter.ReportAsync(CancellationToken.None), reporter.LastError);

        var detail = await (await city.Admin.GetAsync($"/api/v1/exchange/gateways/{city.GajGatewayId}")).ReadJsonAsync();
        var gw = detail.GetProperty("gateway");
        Assert.False(gw.GetProperty("inconsistent").GetBoolean());
        Assert.True(gw.GetProperty("witnessedSize").GetInt64() >= 2);
        Assert.NotEqual(JsonValueKind.Null, gw.GetProperty("lastSeenAt").ValueKind);
        Assert.Contains(detail.GetProperty("traffic").EnumerateArray(), t =>
            t.Str("side") == "provider" && t.Str("client") == city.HubClient && t.Str("service") == city.Service("gaj.household-register")
            && t.GetProperty("calls").GetInt64() >= 1 && t.GetProperty("errors").GetInt64() >= 1);

        // The department's evaluation counts the calls its gateway served (from the reports).
        await using (var scope = city.Hub.Services.CreateAsyncScope())
        {
            var rule = scope.ServiceProvider.GetServices<SmartGov.Hub.Modules.Evaluation.IIndicatorRule>().Last(r => r.Name == "exchange.calls-served");
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            var value = await rule.ComputeAsync(HubClient.DepartmentId("gaj"), today.AddDays(-1), today.AddDays(1), CancellationToken.None);
            Assert.True(value.Available);
            Assert.True(value.Raw >= 2);
            Assert.True(value.Score < 100, "refused calls are not served well");
        }
        var console = await city.Admin.GetStringAsync($"/console/exchange/gateways/{city.GajGatewayId}");
        Assert.Contains("data-testid=\"traffic-table\"", console);
        Assert.Contains(city.Service("gaj.household-register"), console);
        Assert.Contains("data-testid=\"consistent\"", console);

        // The gateway's key signs a head of a rewritten log: larger, but not an extension of the witnessed one.
        var witnessed = gw.GetProperty("witnessedSize").GetInt64();
        var forgedRoot = Convert.ToHexStringLower(Sm3.Hash(Encoding.UTF8.GetBytes("rewritten")));
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var headSig = Convert.ToBase64String(city.GajKey.Sign(Sm3.Hash(MessageLogHeads.HeadBytes(city.GajMember, witnessed + 1, forgedRoot, ts))));
        // It also claims a thousand calls served by another member's service: a gateway speaks only for its own member.
        var foreignService = city.DsjMember + "/hub/not-gaj";
        var payload = new GatewayReportPayload(city.GajMember, ts, null, 0, 0,
            [new PairReport("provider", city.HubClient, foreignService, 1000, new Dictionary<string, long>(), 1, 1)], new HeadReport(witnessed + 1, forgedRoot, ts, headSig),
            new ConsistencyReport(witnessed, [forgedRoot]));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var forged = await city.Http.PostAsJsonAsync(new Uri(city.Hub.Address + "/api/v1/exchange/reports"),
            new { payload = Convert.ToBase64String(bytes), signature = Convert.ToBase64String(city.GajKey.Sign(Sm3.Hash(bytes))) });
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.False((await forged.ReadJsonAsync()).GetProperty("consistent").GetBoolean());

        var afterForged = await (await city.Admin.GetAsync($"/api/v1/exchange/gateways/{city.GajGatewayId}")).ReadJsonAsync();
        Assert.DoesNotContain(afterForged.GetProperty("traffic").EnumerateArray(), t => t.Str("service") == foreignService);
        var flagged = afterForged.GetProperty("gateway");
        Assert.True(flagged.GetProperty("inconsistent").GetBoolean());
        Assert.Equal(witnessed, flagged.GetProperty("witnessedSize").GetInt64());
        var page = await city.Admin.GetStringAsync($"/console/exchange/gateways/{city.GajGatewayId}");
        Assert.Contains("data-testid=\"inconsistent\"", page);

        using var auditor = await city.Hub.SignedInStaffAsync("auditor");
        var entries = await auditor.AuditEntriesAsync("exchange-request");
        Assert.Contains(entries, e => e.Str("outcome") == "failure" && e.Str("subjectId") == city.GajGatewayId.ToString());

        // A report the gateway did not sign is refused.
        var unsigned = await city.Http.PostAsJsonAsync(new Uri(city.Hub.Address + "/api/v1/exchange/reports"),
            new { payload = Convert.ToBase64String(bytes), signature = Convert.ToBase64String(Sm2KeyPair.Generate().Sign(Sm3.Hash(bytes))) });
        await ProblemAssert.IsProblemAsync(unsigned, 401);
    }

    [Fact]
    public async Task A_departments_data_administrator_acts_for_the_own_member_only()
    {
        using var mzjData = await city.Hub.SignedInStaffAsync("mzj.data");
        var right = await mzjData.PostAsJsonAsync("/api/v1/exchange/rights", new
        {
            client = city.DsjMember + "/hub", service = city.Service("gaj.household-register"), methods = new[] { "GET" }, purposes = new[] { "任意" },
        });
        await ProblemAssert.IsProblemAsync(right, 403, "forbidden");
        await ProblemAssert.IsProblemAsync(await mzjData.GetAsync($"/api/v1/exchange/gateways/{city.GajGatewayId}"), 403, "forbidden");
        await ProblemAssert.IsProblemAsync(await mzjData.PostAsJsonAsync($"/api/v1/exchange/members/{city.GajMemberRef}/registration-codes", new { }), 403, "forbidden");
        await ProblemAssert.IsProblemAsync(await mzjData.PostAsync($"/api/v1/exchange/gateways/{city.GajGatewayId}/suspend", null), 403, "forbidden");
        var visible = await (await mzjData.GetAsync("/api/v1/exchange/gateways")).ReadJsonAsync();
        Assert.DoesNotContain(visible.EnumerateArray(), g => g.GetProperty("id").GetGuid() == city.GajGatewayId);
        var page = await mzjData.GetAsync($"/console/exchange/gateways/{city.GajGatewayId}");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);

        // The own department: a registration code, shown once.
        using var gajData = await city.Hub.SignedInStaffAsync("gaj.data");
        var code = await gajData.PostAsJsonAsync($"/api/v1/exchange/members/{city.GajMemberRef}/registration-codes", new { validHours = 1 });
        Assert.Equal(HttpStatusCode.Created, code.StatusCode);
        Assert.StartsWith("sgr_", (await code.ReadJsonAsync()).Str("code"));
        // Approval stays with the center admin.
        await ProblemAssert.IsProblemAsync(await gajData.PostAsync($"/api/v1/exchange/gateways/{city.GajGatewayId}/suspend", null), 403, "forbidden");
    }

    [Fact]
    public async Task A_registration_with_a_wrong_proof_or_a_used_code_is_refused()
    {
        var response = await city.Admin.PostAsJsonAsync($"/api/v1/exchange/members/{city.GajMemberRef}/registration-codes", new { });
        var code = (await response.ReadJsonAsync()).Str("code")!;
        var key = Sm2KeyPair.Generate();
        var other = Sm2KeyPair.Generate();
        var address = "http://127.0.0.1:1";
        var bad = await city.Http.PostAsJsonAsync(new Uri(city.Hub.Address + "/api/v1/exchange/registrations"), new
        {
            code, memberId = "", address, publicKeyPem = key.PublicKeyPem(),
            proof = Convert.ToBase64String(other.Sign(Sm3.Hash(CenterRegistration.ProofBytes(code, "", address)))),
        });
        var problem = await ProblemAssert.IsValidationAsync(bad, "proof", "signature");
        Assert.NotNull(problem.GetProperty("messages").Str("zh-CN"));

        var reused = await city.Http.PostAsJsonAsync(new Uri(city.Hub.Address + "/api/v1/exchange/registrations"), new
        {
            code = "sgr_00000000000000000000000000000000", memberId = "", address, publicKeyPem = key.PublicKeyPem(),
            proof = Convert.ToBase64String(key.Sign(Sm3.Hash(CenterRegistration.ProofBytes("sgr_00000000000000000000000000000000", "", address)))),
        });
        await ProblemAssert.IsValidationAsync(reused, "code", "invalid");
    }

    [Fact]
    public async Task The_center_admin_approves_a_registration_in_the_console_without_javascript()
    {
        var mzj = (await (await city.Admin.GetAsync("/api/v1/exchange/members")).ReadJsonAsync()).EnumerateArray()
            .First(m => m.GetProperty("departmentId").GetGuid() == HubClient.DepartmentId("mzj")).GetProperty("id").GetGuid();
        // The data administrator of 民政局 creates the code in the console: shown once on the page.
        using var mzjData = await city.Hub.SignedInStaffAsync("mzj.data");
        var token = await mzjData.AntiforgeryTokenAsync("/console/exchange");
        var page = await mzjData.PostFormAsync("/console/exchange?handler=Code", [new("memberRef", mzj.ToString()), new("__RequestVerificationToken", token)]);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var code = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"registration-code\">(sgr_[0-9a-f]+)<").Groups[1].Value;
        Assert.StartsWith("sgr_", code);

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Center:Url"] = city.Hub.Address, ["Center:RegistrationCode"] = code, ["Center:Address"] = "http://127.0.0.1:5302",
            ["Gateway:KeyFile"] = Path.Combine(city.Root, "mzj.key"), ["Gateway:DataDirectory"] = Path.Combine(city.Root, "gw-mzj"),
        }).Build();
        var registered = await CenterRegistration.RegisterAsync(config, TextWriter.Null, CancellationToken.None);
        Assert.True(registered.Ok, registered.Message);
        Assert.Equal("Pending", registered.Record!.Status);
        // Registering again with the same key and code is harmless: the same registration comes back.
        var again = await CenterRegistration.RegisterAsync(config, TextWriter.Null, CancellationToken.None);
        Assert.True(again.Ok, again.Message);
        Assert.Equal(registered.Record.GatewayId, again.Record!.GatewayId);

        var list = await city.Admin.GetStringAsync("/console/exchange");
        Assert.Contains($"data-testid=\"approve-{registered.Record.GatewayId}\"", list);
        var adminToken = await city.Admin.AntiforgeryTokenAsync("/console/exchange");
        var approved = await city.Admin.PostFormAsync("/console/exchange?handler=Approve",
            [new("id", registered.Record.GatewayId.ToString()), new("__RequestVerificationToken", adminToken)]);
        Assert.True(SmartGovFactory.IsRedirect(approved));
        var after = await city.Admin.GetStringAsync("/console/exchange");
        Assert.Contains("data-testid=\"status\"", after);
        Assert.Contains((await city.FetchConfigurationAsync()).Gateways, g => g.Address == "http://127.0.0.1:5302");

        var configPage = await city.Admin.GetStringAsync("/console/exchange/configuration");
        Assert.Contains("data-testid=\"config-version\"", configPage);
        using var auditor = await city.Hub.SignedInStaffAsync("auditor");
        Assert.Contains(await auditor.AuditEntriesAsync("decide"), e => e.Str("subjectId") == registered.Record.GatewayId.ToString());
    }
}
