using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Audit.Tests.Infrastructure;
using SmartGov.Core;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.PersonalData;
using SmartGov.Hub.Seeding;

namespace SmartGov.Audit.Tests;

/// <summary>The audit trail through HTTP: the auditor's API and pages, the separation from the system admin, the citizen's page.</summary>
public sealed class WebTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TheoryData<string> Providers() => TestDb.Providers();

    private static Guid Dept(string code) => DemoCitySeeder.DeterministicGuid("dept:" + code);

    private static Guid Staff(string userName) => DemoCitySeeder.DeterministicGuid("user:" + userName);

    private static async Task<SignedTreeHeadDto> WaitForHeadAsync(HttpClient auditor, long atLeast)
    {
        // A bound only so that a broken sequencer fails the test instead of hanging it; not a timing assertion.
        for (var i = 0; i < 600; i++)
        {
            var response = await auditor.GetAsync("/api/v1/audit/heads/latest");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var head = (await response.Content.ReadFromJsonAsync<SignedTreeHeadDto>(Json))!;
                if (head.TreeSize >= atLeast)
                {
                    return head;
                }
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"no signed head covering {atLeast} entries");
    }

    private static async Task<long> EntryCountAsync(HubFactory hub) =>
        await hub.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Set<SmartGov.Hub.Modules.Audit.Model.AuditRecord>().LongCountAsync());

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_auditor_sees_entries_and_the_system_and_security_admins_are_refused(string provider)
    {
        var hub = await fixture.GetAsync(provider);
        using var auditor = hub.Browser();
        await auditor.SignInStaffAsync("auditor");
        var page = await auditor.GetFromJsonAsync<AuditPage>("/api/v1/audit/entries?action=sign-in&actor=" + Staff("auditor"), Json);
        Assert.NotNull(page);
        Assert.Contains(page.Items, e => e.Action == AuditActions.SignIn && e.ActorId == Staff("auditor") && e.ActorName == "auditor" && e.RequestId is not null);

        var html = await auditor.GetStringAsync("/console/audit");
        Assert.Contains("data-testid=\"audit-table\"", html);

        foreach (var admin in new[] { "sysadmin", "secadmin" })
        {
            using var client = hub.Browser();
            await client.SignInStaffAsync(admin);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/audit/entries")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/audit/heads/latest")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/audit/public-key")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/console/audit")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/console/audit/entries/0")).StatusCode);
        }
        using var anonymous = hub.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/audit/entries")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Proofs_from_the_api_verify_with_the_published_public_key(string provider)
    {
        var hub = await fixture.GetAsync(provider);
        using var auditor = hub.Browser();
        await auditor.SignInStaffAsync("auditor");
        var first = await WaitForHeadAsync(auditor, await EntryCountAsync(hub));
        using (var again = hub.Browser())
        {
            await again.SignInStaffAsync("auditor"); // more entries, so that a second head follows
        }
        var second = await WaitForHeadAsync(auditor, first.TreeSize + 1);

        var pem = await auditor.GetStringAsync("/api/v1/audit/public-key");
        var key = Sm2PublicKey.FromPem(pem);
        Assert.True(second.ToHead().VerifySignature(key));
        Assert.True(first.ToHead().VerifySignature(key));

        for (var s = 0L; s < second.TreeSize; s += Math.Max(1, second.TreeSize / 7))
        {
            var detail = (await auditor.GetFromJsonAsync<SmartGov.Hub.Modules.Audit.Apis.AuditEntryDetailDto>($"/api/v1/audit/entries/{s}", Json))!;
            var leaf = MerkleHasher.Sm3.HashLeaf(Encoding.UTF8.GetBytes(detail.Canonical!));
            var proof = (await auditor.GetFromJsonAsync<SmartGov.Hub.Modules.Audit.Apis.InclusionProofDto>($"/api/v1/audit/entries/{s}/proof?treeSize={second.TreeSize}", Json))!;
            Assert.True(MerkleTree.VerifyInclusion(MerkleHasher.Sm3, leaf, s, second.TreeSize, proof.Path.Select(Convert.FromHexString).ToList(),
                Convert.FromHexString(second.RootHash)), $"entry {s}");
        }
        var consistency = (await auditor.GetFromJsonAsync<SmartGov.Hub.Modules.Audit.Apis.ConsistencyProofDto>(
            $"/api/v1/audit/consistency?first={first.TreeSize}&second={second.TreeSize}", Json))!;
        Assert.True(MerkleTree.VerifyConsistency(MerkleHasher.Sm3, first.TreeSize, second.TreeSize, Convert.FromHexString(first.RootHash),
            Convert.FromHexString(second.RootHash), consistency.Path.Select(Convert.FromHexString).ToList()));

        var byHead = await auditor.GetFromJsonAsync<SignedTreeHeadDto>($"/api/v1/audit/heads?size={first.TreeSize}", Json);
        Assert.Equal(first.RootHash, byHead!.RootHash);
        var outOfRange = await auditor.GetAsync($"/api/v1/audit/entries/0/proof?treeSize={second.TreeSize + 1000}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outOfRange.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync("/api/v1/audit/entries/99999999/proof")).StatusCode);
    }

    private static Task RecordUseAsync(HubFactory hub, string personIdNumber, string staff, string dept, string purpose, string action = AuditActions.ViewPersonalData) =>
        hub.WithScopeAsync(async sp =>
        {
            var index = sp.GetRequiredService<IPersonalDataCipher>().BlindIndex(PersonalDataKind.IdNumber, IdNumber.Normalize(personIdNumber));
            var db = sp.GetRequiredService<SmartGovDbContext>();
            var name = await db.Users.Where(u => u.Id == Staff(staff)).Select(u => u.DisplayName).SingleAsync();
            await sp.GetRequiredService<IAuditSink>().WriteAsync(new AuditEvent(action, SubjectType: "application", SubjectId: "SP-2026-0815",
                PersonIndex: index, Purpose: purpose, ActorId: Staff(staff), ActorName: staff, ActorDepartmentId: Dept(dept), ActorType: AuditActorTypes.User));
            return name;
        });

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_auditor_filters_by_a_persons_id_number_and_purpose(string provider)
    {
        var hub = await fixture.GetAsync(provider);
        var person = IdNumber.Compose("371802", new DateOnly(1990, 2, 3), 517, male: false);
        await RecordUseAsync(hub, person, "gaj.officer", "gaj", "户籍迁移审核");
        await RecordUseAsync(hub, person, "rsj.officer", "rsj", "社保待遇资格认证");
        await RecordUseAsync(hub, DemoCitySeeder.DemoCitizen.IdNumber, "gaj.officer", "gaj", "户籍迁移审核");
        using var auditor = hub.Browser();
        await auditor.SignInStaffAsync("auditor");

        var all = (await auditor.GetFromJsonAsync<AuditPage>($"/api/v1/audit/entries?person={person}", Json))!;
        Assert.Equal(2, all.Total);
        var gaj = (await auditor.GetFromJsonAsync<AuditPage>($"/api/v1/audit/entries?person={person}&department={Dept("gaj")}&purpose=户籍", Json))!;
        var only = Assert.Single(gaj.Items);
        Assert.Equal("户籍迁移审核", only.Purpose);

        var bad = await auditor.GetAsync("/api/v1/audit/entries?person=123456789012345678");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("\"field\":\"person\"", await bad.Content.ReadAsStringAsync());

        var html = await auditor.GetStringAsync($"/console/audit?person={person}&purpose=社保");
        Assert.Contains("社保待遇资格认证", html);
        Assert.DoesNotContain("户籍迁移审核", html);
        Assert.Contains("示范市人力资源和社会保障局", html);
        var badPage = await auditor.GetAsync("/console/audit?person=12345");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badPage.StatusCode);
        Assert.Contains("error-summary", await badPage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task After_the_signing_key_is_replaced_the_entry_page_still_verifies_and_shows_which_key_signed_the_head()
    {
        await using var db = await TestDb.CreateAsync("Sqlite");
        // The demo city generates its first key here.
        var oldKey = Path.Combine(db.Directory, "keys", "audit-signing.pem");
        await using (var before = new HubFactory(db))
        {
            using var auditor = before.Browser();
            await auditor.SignInStaffAsync("auditor");
            await WaitForHeadAsync(auditor, await EntryCountAsync(before));
        }
        // The security officer puts a new key in place, names the old one, and restarts the hub.
        var newKey = Path.Combine(db.Directory, "keys", "audit-signing-2027.pem");
        await File.WriteAllTextAsync(newKey, SmartGov.Crypto.CryptoProfiles.Gm.GenerateSigningKey().PrivateKeyPem());
        await using var after = new HubFactory(db, new Dictionary<string, string?>
        {
            ["Seed:DemoCity"] = "false", ["Audit:SigningKeyFile"] = newKey, ["Audit:PreviousSigningKeyFile"] = oldKey,
        });
        using var auditor2 = after.Browser();
        await auditor2.SignInStaffAsync("auditor");
        await WaitForHeadAsync(auditor2, await EntryCountAsync(after));
        var keys = (await auditor2.GetFromJsonAsync<List<AuditSigningKeyDto>>("/api/v1/audit/keys", Json))!;
        Assert.Equal([0, 1], keys.Select(k => k.Number));

        // An entry signed for under the old key proves into the newest head, which the new key signed.
        var html = await auditor2.GetStringAsync("/console/audit/entries/0");
        Assert.Contains("data-verified=\"true\"", html);
        Assert.Contains("data-testid=\"audit-key-history\"", html);
        Assert.Contains("签名密钥记录", html);
        Assert.Contains(keys[0].Fingerprint[..32], html);
        var signedBy = html[html.IndexOf(keys[1].Fingerprint[..32], StringComparison.Ordinal)..];
        Assert.StartsWith("签署本树头", System.Text.RegularExpressions.Regex.Replace(signedBy, "^[^(]*\\(", ""), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_entry_page_verifies_the_proof_on_the_server_and_shows_a_changed_entry_as_failed(string provider)
    {
        var hub = await fixture.GetAsync(provider);
        var person = IdNumber.Compose("371803", new DateOnly(1979, 12, 30), 88, male: true);
        await RecordUseAsync(hub, person, "wjw.officer", "wjw", "核对出生医学证明");
        using var auditor = hub.Browser();
        await auditor.SignInStaffAsync("auditor");
        await WaitForHeadAsync(auditor, await EntryCountAsync(hub));
        var page = (await auditor.GetFromJsonAsync<AuditPage>($"/api/v1/audit/entries?person={person}", Json))!;
        var sequence = Assert.Single(page.Items).Sequence!.Value;

        var html = await auditor.GetStringAsync($"/console/audit/entries/{sequence}");
        Assert.Contains("data-verified=\"true\"", html);
        Assert.Contains("已验证", html);
        Assert.Contains("核对出生医学证明", html);
        Assert.Contains("SM3withSM2", html);

        // Someone with full database rights drops the append-only triggers and changes the entry.
        await hub.WithScopeAsync(async sp =>
        {
            var database = sp.GetRequiredService<SmartGovDbContext>().Database;
            foreach (var drop in AuditGuards.RemovalStatements(database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal)))
            {
                await database.ExecuteSqlRawAsync(drop);
            }
            return await database.ExecuteSqlAsync($"UPDATE \"audit_records\" SET \"Purpose\" = '随便看看' WHERE \"Sequence\" = {sequence}");
        });
        var tampered = await auditor.GetStringAsync($"/console/audit/entries/{sequence}");
        Assert.Contains("data-verified=\"false\"", tampered);
        Assert.Contains("验证失败", tampered);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync("/console/audit/entries/99999999")).StatusCode);
        // Put it back, so that the shared log stays valid for the other tests of this class.
        await hub.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SmartGovDbContext>();
            var n = await db.Database.ExecuteSqlAsync($"UPDATE \"audit_records\" SET \"Purpose\" = '核对出生医学证明' WHERE \"Sequence\" = {sequence}");
            await AuditGuards.InstallAsync(db);
            return n;
        });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_citizen_sees_who_used_their_data_and_nobody_elses(string provider)
    {
        var hub = await fixture.GetAsync(provider);
        var citizen = DemoCitySeeder.DemoCitizen;
        var name = await hub.WithScopeAsync(async sp =>
            await sp.GetRequiredService<SmartGovDbContext>().Users.Where(u => u.Id == Staff("mzj.officer")).Select(u => u.DisplayName).SingleAsync());
        await RecordUseAsync(hub, citizen.IdNumber, "mzj.officer", "mzj", "核定最低生活保障");
        await RecordUseAsync(hub, IdNumber.Compose("371802", new DateOnly(1960, 1, 1), 9, male: true), "mzj.officer", "mzj", "别人的低保复核");

        using var browser = hub.Browser();
        await browser.SignInCitizenAsync(citizen.Mobile);
        var response = await browser.GetAsync("/account/data-use");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("谁使用了我的数据", html);
        Assert.Contains("示范市民政局", html);
        Assert.Contains(Masking.Name(name), html);
        Assert.DoesNotContain(name, html);
        Assert.DoesNotContain("mzj.officer", html);
        Assert.Contains("查看了您的个人信息", html);
        Assert.Contains("核定最低生活保障", html);
        Assert.DoesNotContain("别人的低保复核", html);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_citizens_own_registration_shows_as_theirs_one_nobody_looked_up_gets_an_empty_state_and_staff_cannot_open_the_page(string provider)
    {
        var hub = await fixture.GetAsync(provider);
        var idNumber = IdNumber.Compose("371802", new DateOnly(2001, 7, 1), 301 + provider.Length, male: false);
        using var browser = hub.Browser();
        var register = await browser.PostAsJsonAsync("/api/v1/accounts/citizens", new
        {
            name = "林晓雨",
            idNumber,
            mobile = provider == "Sqlite" ? "13912345671" : "13912345672",
            password = "Harbour2026x",
            confirmPassword = "Harbour2026x",
        });
        Assert.True(register.IsSuccessStatusCode, await register.Content.ReadAsStringAsync());
        await browser.SignInCitizenAsync(idNumber, "Harbour2026x");
        var html = await browser.GetStringAsync("/account/data-use");
        // Registering is recorded about the citizen, done by the citizen: it shows as "you".
        Assert.Contains("您本人", html);
        Assert.Contains("注册了您的账号", html);
        Assert.DoesNotContain("查看了您的个人信息", html);

        // A seeded citizen about whom nothing was recorded: the page says so in plain words.
        var seeded = await hub.WithScopeAsync(async sp =>
        {
            var demoIndex = sp.GetRequiredService<IPersonalDataCipher>().BlindIndex(PersonalDataKind.IdNumber, DemoCitySeeder.DemoCitizen.IdNumber);
            var user = await sp.GetRequiredService<SmartGovDbContext>().Users
                .Where(u => u.Kind == SmartGov.Hub.Modules.Identity.Model.UserKind.Citizen && u.IdNumberIndex != null && u.IdNumberIndex != demoIndex && u.IdNumberCipher != null)
                .OrderBy(u => u.Id).FirstAsync();
            return sp.GetRequiredService<IPersonalDataCipher>().Unprotect(user.IdNumberCipher!);
        });
        using var quiet = hub.Browser();
        await quiet.SignInCitizenAsync(seeded);
        var empty = await quiet.GetStringAsync("/account/data-use");
        Assert.Contains("data-testid=\"data-use-empty\"", empty);
        Assert.Contains("目前还没有任何部门使用过您的个人信息", empty);

        using var stranger = hub.CreateClient(new() { AllowAutoRedirect = false });
        var anonymous = await stranger.GetAsync("/account/data-use");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location!.OriginalString);
        using var staff = hub.Browser();
        await staff.SignInStaffAsync("gaj.officer");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/account/data-use")).StatusCode);
    }
}
