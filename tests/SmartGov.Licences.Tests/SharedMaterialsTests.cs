extern alias department;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Core;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Licences;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Licences.Tests;

/// <summary>
/// 信息跑路 through real gateways: an application's shared materials are fetched from the issuing departments with the
/// applicant's consent, verified, attached as trust level A and shown with their origin; the use appears on the
/// citizen's "who used my data" page; without consent nothing is fetched; a provider that is down leaves a pending
/// material with a clear reason, fetched later; an issued 营业执照 reaches 市场监管局's library and can then be fetched.
/// </summary>
public sealed class SharedMaterialsTests(LicencesCity city) : IClassFixture<LicencesCity>
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    private static async Task<JsonElement> ItemAsync(HttpClient client, string name)
    {
        var result = await (await client.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString(name) + "&pageSize=50")).ReadJsonAsync();
        var code = result.GetProperty("items").EnumerateArray().First(i => i.Str("name") == name).Str("implementationCode")!;
        return await (await client.GetAsync($"/api/v1/services/{code}")).ReadJsonAsync();
    }

    private static Dictionary<string, string> MoveForm() => new()
    {
        ["applicantName"] = DemoCitySeeder.DemoCitizen.Name, ["idNumber"] = DemoCitySeeder.DemoCitizen.IdNumber,
        ["mobile"] = DemoCitySeeder.DemoCitizen.Mobile, ["fromAddress"] = "示范市东湖区人民路1号", ["toAddress"] = "示范市西山区建设大街16号",
    };

    private static async Task<JsonElement> ApplyAsync(HttpClient citizen, object body)
    {
        var response = await citizen.PostAsJsonAsync("/api/v1/applications", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonElement Material(JsonElement app, string name)
    {
        var found = app.GetProperty("materials").EnumerateArray().Where(m => m.Str("name") == name).ToList();
        Assert.True(found.Count == 1, app.GetProperty("materials").ToString());
        return found[0];
    }

    [Fact]
    public async Task Hukou_transfer_gets_the_id_card_and_household_register_by_sharing_with_no_upload_and_the_citizen_sees_the_use()
    {
        using var citizen = await city.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var item = await ItemAsync(citizen, "户口迁移");
        var app = await ApplyAsync(citizen, new { itemCode = item.Str("implementationCode"), form = MoveForm(), shareConsent = true });
        Assert.Equal("Submitted", app.Str("status"));

        // Nothing was uploaded: both licences came from 公安局 through the exchange, trust level A, verified.
        Assert.DoesNotContain(app.GetProperty("materials").EnumerateArray(), m => m.Str("source") == "applicant");
        foreach (var name in new[] { "居民身份证", "居民户口簿" })
        {
            var m = Material(app, name);
            Assert.Equal("shared", m.Str("source"));
            Assert.False(m.GetProperty("missing").GetBoolean(), m.ToString());
            var shared = m.GetProperty("shared");
            Assert.Equal("A", shared.Str("trustLevel"));
            Assert.Equal("示范市公安局", shared.Str("issuerName"));
            Assert.True(shared.GetProperty("verified").GetBoolean());
            Assert.Contains("核验通过", shared.Str("verification"), StringComparison.Ordinal);
            Assert.NotNull(shared.Str("fetchedAt"));
            Assert.Matches("^[0-9a-f]{64}$", m.Str("sm3"));
        }

        // The household register is the department's document, kept as a file whose SM3 the material records.
        var register = Material(app, "居民户口簿");
        var bytes = await citizen.GetByteArrayAsync($"/api/v1/files/{register.GetProperty("fileId").GetGuid()}/content");
        Assert.Equal(register.Str("sm3"), Convert.ToHexStringLower(Sm3.Hash(bytes)));
        var licence = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal("gaj.household-register", licence.Str("typeCode"));
        Assert.Equal(DemoCitySeeder.DemoCitizen.IdNumber, licence.Str("holderId"));
        Assert.Contains(licence.GetProperty("persons").EnumerateArray(), p => p.Str("relation") == "母亲");
        Assert.Equal(register.GetProperty("shared").Str("licenceNumber"), licence.Str("licenceNumber"));

        // Both gateways logged the exchange under the material's message id, with the hub as client and the purpose.
        var messageId = register.GetProperty("shared").Str("exchangeMessageId")!;
        foreach (var gw in new[] { "dsj", "gaj" })
        {
            var logged = Assert.Single(await city.LoggedAsync(gw, messageId));
            Assert.Equal(city.HubClient, logged.Str("client"));
            Assert.Equal(LicenceExchange.ApplicationPurpose, logged.Str("purpose"));
        }

        // The officer of 公安局 sees where each material came from, on the console page too.
        using var officer = await city.SignedInStaffAsync("gaj.officer");
        var seen = await (await officer.GetAsync($"/api/v1/applications/{app.GetProperty("id").GetGuid()}")).ReadJsonAsync();
        Assert.Equal("示范市公安局", Material(seen, "居民身份证").GetProperty("shared").Str("issuerName"));
        var page = await (await officer.GetAsync($"/console/applications/{app.GetProperty("id").GetGuid()}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"material-shared\"", page, StringComparison.Ordinal);
        Assert.Contains("示范市公安局", page, StringComparison.Ordinal);
        var download = await officer.GetAsync($"/console/applications/{app.GetProperty("id").GetGuid()}?handler=material&materialId={register.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());

        // "Who used my data": the fetches, with their purpose, on the citizen's own page and API.
        var uses = await (await citizen.GetAsync("/api/v1/me/data-use?pageSize=100")).ReadJsonAsync();
        var fetches = uses.GetProperty("items").EnumerateArray().Where(u => u.Str("action") == "exchange-request").ToList();
        Assert.True(fetches.Count >= 2, uses.ToString());
        Assert.All(fetches, f => Assert.Equal(LicenceExchange.ApplicationPurpose, f.Str("purpose")));
        var dataUse = await (await citizen.GetAsync("/account/data-use")).Content.ReadAsStringAsync();
        Assert.Contains("通过数据共享调取了您的信息", dataUse, StringComparison.Ordinal);
        Assert.Contains(LicenceExchange.ApplicationPurpose, dataUse, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_the_window_the_clerk_confirms_consent_and_marriage_registration_gets_both_licences_by_sharing()
    {
        var person = city.Population.Citizens[3];
        using var clerk = await city.SignedInStaffAsync("clerk1");
        var anonymous = city.CreateApiClient();
        var halls = await (await anonymous.GetAsync("/api/v1/service-halls")).ReadJsonAsync();
        var hall = halls.EnumerateArray().First().GetProperty("id").GetGuid();
        var item = await ItemAsync(anonymous, "结婚登记");
        var partner = city.Population.Citizens[5];
        var response = await clerk.PostAsJsonAsync("/api/v1/window/applications", new
        {
            itemCode = item.Str("implementationCode"), hallId = hall, applicantIdNumber = person.IdNumber, applicantName = person.Name, mobile = person.Mobile,
            form = new Dictionary<string, string>
            {
                ["applicantName"] = person.Name, ["idNumber"] = person.IdNumber, ["mobile"] = person.Mobile,
                ["partnerName"] = partner.Name, ["partnerIdNumber"] = partner.IdNumber,
            },
            materials = new object[]
            {
                new { paper = true, name = "本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明" },
                new { paper = true, name = "近期 2 寸半身免冠合影照片" },
            },
            shareConsent = true,
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var app = JsonDocument.Parse(text).RootElement;
        Assert.Equal("InReview", app.Str("status"));
        foreach (var name in new[] { "居民身份证", "居民户口簿" })
        {
            var m = Material(app, name);
            Assert.False(m.GetProperty("missing").GetBoolean(), m.ToString());
            Assert.Equal("A", m.GetProperty("shared").Str("trustLevel"));
        }

        // The marriage records (民政局) of a married demo couple are fetched the same way.
        await using var scope = city.Services.CreateAsyncScope();
        var exchange = scope.ServiceProvider.GetRequiredService<ILicenceExchange>();
        var couple = city.Population.Citizens.First(Married);
        var marriage = await exchange.FetchAsync("mzj.marriage-certificate", couple.IdNumber, "test", CancellationToken.None);
        Assert.True(marriage.Succeeded, marriage.MessageZh);
        Assert.Equal("示范市民政局", marriage.IssuerName);
        Assert.Equal(2, marriage.Licence!.Persons!.Count);
        // 张明华 is unmarried: 民政局 holds no marriage certificate for him, and says so.
        var none = await exchange.FetchAsync("mzj.marriage-certificate", DemoCitySeeder.DemoCitizen.IdNumber, "test", CancellationToken.None);
        Assert.Equal("licence.not_found", none.Error);
        Assert.Contains("示范市民政局没有该持证人的结婚证", none.MessageZh, StringComparison.Ordinal);

        bool Married(DemoPerson p) => department::SmartGov.DemoDepartment.DemoLicences.For("mzj", city.Population).Any(l => l.HolderId == p.IdNumber);
    }

    [Fact]
    public async Task Without_consent_nothing_is_fetched_and_fetching_later_needs_consent()
    {
        var person = city.Population.Citizens[7];
        using var citizen = await city.SignedInCitizenAsync(person.IdNumber);
        var item = await ItemAsync(citizen, "户口迁移");
        var form = MoveForm();
        form["applicantName"] = person.Name;
        form["idNumber"] = person.IdNumber;
        form["mobile"] = person.Mobile;
        var app = await ApplyAsync(citizen, new { itemCode = item.Str("implementationCode"), form });
        var id = app.GetProperty("id").GetGuid();
        Assert.DoesNotContain(app.GetProperty("materials").EnumerateArray(), m => m.Str("source") == "shared");

        var refused = await citizen.PostAsJsonAsync($"/api/v1/applications/{id}/shared-materials", new { consent = false });
        var problem = await ProblemAssert.IsProblemAsync(refused, 422);
        Assert.Contains("shareConsent", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("须经申请人同意", problem.ToString(), StringComparison.Ordinal);

        using var auditor = await city.SignedInStaffAsync("auditor");
        var entries = await auditor.AuditEntriesAsync("exchange-request");
        Assert.DoesNotContain(entries, e => e.Str("subjectId") == id.ToString());

        // With consent, the same application gets them.
        var fetched = await citizen.PostAsJsonAsync($"/api/v1/applications/{id}/shared-materials", new { consent = true });
        var view = await fetched.ReadJsonAsync();
        Assert.True(fetched.StatusCode == HttpStatusCode.OK, view.ToString());
        Assert.Equal("A", Material(view, "居民户口簿").GetProperty("shared").Str("trustLevel"));
    }

    [Fact]
    public async Task A_provider_that_is_down_leaves_the_material_pending_with_the_reason_and_it_is_fetched_once_it_is_back()
    {
        var person = city.Population.Citizens[9];
        using var citizen = await city.SignedInCitizenAsync(person.IdNumber);
        var item = await ItemAsync(citizen, "户口迁移");
        var form = MoveForm();
        form["applicantName"] = person.Name;
        form["idNumber"] = person.IdNumber;
        form["mobile"] = person.Mobile;

        // 公安局's gateway is unreachable (moved to a dead port in the configuration).
        await city.PublishAsync(d => d == "gaj" ? "http://127.0.0.1:1" : null);
        JsonElement app;
        try
        {
            app = await ApplyAsync(citizen, new { itemCode = item.Str("implementationCode"), form, shareConsent = true });
        }
        finally
        {
            await city.PublishAsync();
        }
        // Nothing is lost: the application is submitted, the materials wait with a clear reason.
        Assert.Equal("Submitted", app.Str("status"));
        var pending = Material(app, "居民户口簿");
        Assert.True(pending.GetProperty("missing").GetBoolean());
        Assert.True(pending.GetProperty("shared").GetProperty("pending").GetBoolean());
        Assert.Contains("示范市公安局的前置机暂时无法连接", pending.Str("note"), StringComparison.Ordinal);
        Assert.Contains("上传", pending.Str("note"), StringComparison.Ordinal);

        var id = app.GetProperty("id").GetGuid();
        var page = await (await citizen.GetAsync($"/applications/{app.Str("number")}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"material-pending\"", page, StringComparison.Ordinal);

        // Once 公安局 is back, he fetches again from his application page: consent first, then the pending materials are replaced.
        Assert.Contains("data-testid=\"share-again-form\"", page, StringComparison.Ordinal);
        var detail = $"/applications/{app.Str("number")}";
        var noConsent = await citizen.SubmitFormAsync(detail, [], detail + "?handler=share");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noConsent.StatusCode);
        Assert.Contains("须经申请人同意", await noConsent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var again = await citizen.SubmitFormAsync(detail, [new("shareConsent", "true")], detail + "?handler=share");
        Assert.True(SmartGovFactory.IsRedirect(again), await again.Content.ReadAsStringAsync());
        var view = await (await citizen.GetAsync($"/api/v1/applications/{id}")).ReadJsonAsync();
        Assert.DoesNotContain(view.GetProperty("materials").EnumerateArray(), m => m.GetProperty("missing").GetBoolean());
        Assert.Single(view.GetProperty("materials").EnumerateArray(), m => m.Str("name") == "居民户口簿");
    }

    [Fact]
    public async Task An_issued_business_licence_reaches_the_market_regulators_library_and_can_then_be_fetched()
    {
        var business = city.Population.Businesses[0];
        using var citizen = await city.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var item = await ItemAsync(citizen, "企业设立登记");
        var newCode = CreditCode.Compose('9', '1', "371802", "7" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var materials = new List<object>();
        foreach (var m in item.GetProperty("materials").EnumerateArray().Where(m => m.Str("necessity") == "Required" && m.Str("source") == "Applicant"))
        {
            materials.Add(new { requirementId = m.GetProperty("id").GetGuid(), fileId = await UploadAsync(citizen, m.Str("name") + ".pdf") });
        }
        var app = await ApplyAsync(citizen, new
        {
            itemCode = item.Str("implementationCode"), businessCreditCode = business.CreditCode, materials,
            form = new Dictionary<string, string>
            {
                ["companyName"] = "示范市信息跑路科技有限公司", ["creditCode"] = newCode, ["contactName"] = "张明华", ["contactMobile"] = "13800138000",
                ["registeredCapital"] = "100", ["businessScope"] = "软件开发；信息技术咨询服务",
            },
        });
        var id = app.GetProperty("id").GetGuid();
        var done = await DriveToCompletionAsync(id);
        Assert.Equal("Completed", done.Str("status"));

        await using var scope = city.Services.CreateAsyncScope();
        var exchange = scope.ServiceProvider.GetRequiredService<ILicenceExchange>();
        var before = await exchange.FetchAsync("scjg.business-licence", newCode, "test", CancellationToken.None);
        Assert.Equal("licence.not_found", before.Error);

        var sweep = scope.ServiceProvider.GetRequiredService<LicenceIssueSweep>();

        // 市场监管局's gateway is down: the licence waits in the outbox with the reason, and nothing is lost.
        await city.PublishAsync(d => d == "scjg" ? "http://127.0.0.1:1" : null);
        try
        {
            var down = await sweep.RunAsync(CancellationToken.None);
            Assert.Equal((0, 1), (down.Sent, down.Failed));
        }
        finally
        {
            await city.PublishAsync();
        }
        var waiting = await city.WithDbAsync(db => db.Set<SmartGov.Hub.Modules.Applications.Model.ApplicationResult>().AsNoTracking().SingleAsync(r => r.ApplicationId == id));
        Assert.Null(waiting.LibrarySentAt);
        Assert.Contains("peer.unavailable", waiting.LibraryError, StringComparison.Ordinal);
        Assert.Equal(1, waiting.LibraryAttempts);

        // The retry time comes (the sweep waits between tries): it is sent.
        await city.WithDbAsync(db => db.Set<SmartGov.Hub.Modules.Applications.Model.ApplicationResult>().Where(r => r.ApplicationId == id)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.LibraryNextAttemptAt, DateTime.UtcNow.AddMinutes(-1))));
        var sent = await sweep.RunAsync(CancellationToken.None);
        Assert.Equal(1, sent.Sent);
        Assert.Equal(0, (await sweep.RunAsync(CancellationToken.None)).Sent + (await sweep.RunAsync(CancellationToken.None)).Failed);

        var after = await exchange.FetchAsync("scjg.business-licence", newCode, "test", CancellationToken.None);
        Assert.True(after.Succeeded, after.MessageZh);
        Assert.Equal("示范市信息跑路科技有限公司", after.Licence!.HolderName);
        Assert.Equal($"SCJG.BUSINESS-LICENCE-{app.Str("number")}", after.Licence.LicenceNumber);
        Assert.Equal("软件开发；信息技术咨询服务", after.Licence.Data!["businessScope"]);
        // Sent again (a second node, a retry after a lost answer): the library keeps one.
        var again = await exchange.IssueAsync(after.Licence, CancellationToken.None);
        Assert.True(again.Succeeded && again.AlreadyThere);
    }

    [Fact]
    public async Task The_department_systems_and_the_hub_know_the_same_people_and_businesses()
    {
        // Every demo citizen of the hub is a person 公安局 knows by the same ID number (found by blind index), with the same name.
        var hub = await city.WithDbAsync(async db => await Task.FromResult(db.Users
            .Where(u => u.Kind == SmartGov.Hub.Modules.Identity.Model.UserKind.Citizen).Select(u => new { u.IdNumberIndex, u.DisplayName }).ToList()));
        Assert.Equal(LicencesCity.Citizens, hub.Count);
        foreach (var p in city.Population.Citizens)
        {
            var index = city.BlindIndex(SmartGov.Hub.PersonalData.PersonalDataKind.IdNumber, p.IdNumber);
            Assert.Contains(hub, u => u.IdNumberIndex == index && u.DisplayName == p.Name);
        }
        await using var scope = city.Services.CreateAsyncScope();
        var exchange = scope.ServiceProvider.GetRequiredService<ILicenceExchange>();
        var card = await exchange.FetchAsync("gaj.resident-id-card", city.Population.Citizens[12].IdNumber, "test", CancellationToken.None);
        Assert.True(card.Succeeded, card.MessageZh);
        Assert.Equal(city.Population.Citizens[12].Name, card.Licence!.HolderName);

        // The hub's businesses are 市场监管局's, with the same names and credit codes.
        var businesses = await scope.ServiceProvider.GetRequiredService<SmartGov.Hub.Modules.Identity.IPersonDirectory>().ListBusinessesAsync();
        Assert.Equal(LicencesCity.Businesses, businesses.Count);
        foreach (var b in businesses)
        {
            var licence = await exchange.FetchAsync("scjg.business-licence", b.CreditCode, "test", CancellationToken.None);
            Assert.True(licence.Succeeded, licence.MessageZh);
            Assert.Equal(b.Name, licence.Licence!.HolderName);
        }
    }

    [Fact]
    public async Task A_revoked_licence_fails_verification_and_is_not_attached_as_trust_level_a()
    {
        await using var scope = city.Services.CreateAsyncScope();
        var exchange = scope.ServiceProvider.GetRequiredService<ILicenceExchange>();
        // Someone 公安局 knows only by a revoked card.
        var idNumber = IdNumber.Compose("371803", new DateOnly(1990, 3, 3), 777, male: false);
        var revoked = new LicenceDocument(idNumber, "gaj.resident-id-card", "居民身份证", idNumber, "王测试", "gaj", "示范市公安局",
            new DateOnly(2015, 1, 1), new DateOnly(2035, 1, 1), LicenceDocument.Revoked);
        Assert.True((await exchange.IssueAsync(revoked, CancellationToken.None)).Succeeded);

        var fetched = await exchange.FetchAsync("gaj.resident-id-card", idNumber, "test", CancellationToken.None);
        Assert.False(fetched.Succeeded);
        Assert.Equal("verification.failed", fetched.Error);
        Assert.True(fetched.Verification!.IssuerMatches && fetched.Verification.HolderMatches);
        Assert.False(fetched.Verification.InForce);
        Assert.Contains("证照已失效或已注销", fetched.MessageZh, StringComparison.Ordinal);

        // An unknown licence type is refused with a message, never an exception.
        var unknown = await exchange.FetchAsync("xx.unknown", idNumber, "test", CancellationToken.None);
        Assert.Equal("type.unknown", unknown.Error);
    }

    private async Task<Guid> UploadAsync(HttpClient citizen, string fileName)
    {
        var token = await citizen.AntiforgeryTokenAsync("/account/me");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var response = await citizen.PostAsync("/api/v1/files", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Each open step acted on by the right demo staff member until the application is completed.</summary>
    private async Task<JsonElement> DriveToCompletionAsync(Guid id)
    {
        var clients = new Dictionary<string, HttpClient>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                using var any = await city.SignedInStaffAsync("scjg.officer");
                var view = await (await any.GetAsync($"/api/v1/applications/{id}")).ReadJsonAsync();
                if (view.Str("status") == "Completed")
                {
                    return view;
                }
                var task = view.GetProperty("tasks").EnumerateArray().First(t => t.Str("status") == "Open");
                var dept = DemoCitySeeder.DepartmentList.First(d => DemoCitySeeder.DeterministicGuid("dept:" + d.Code) == task.GetProperty("departmentId").GetGuid()).Code;
                var (user, action) = task.Str("kind") switch
                {
                    "Intake" => (task.Str("role") == "WindowClerk" ? "clerk1" : dept + ".officer", "Accept"),
                    "Decision" => (dept + ".leader", "Approve"),
                    "Issue" => (dept + ".officer", "IssueResult"),
                    _ => (dept + ".officer", "Approve"),
                };
                if (!clients.TryGetValue(user, out var client))
                {
                    clients[user] = client = await city.SignedInStaffAsync(user);
                }
                var response = await client.PostAsJsonAsync($"/api/v1/applications/{id}/actions", new { action, taskId = task.GetProperty("id").GetGuid() });
                Assert.True(response.IsSuccessStatusCode, $"{user} {action}: {await response.Content.ReadAsStringAsync()}");
            }
            throw new InvalidOperationException("The application did not complete in ten steps.");
        }
        finally
        {
            foreach (var c in clients.Values)
            {
                c.Dispose();
            }
        }
    }
}
