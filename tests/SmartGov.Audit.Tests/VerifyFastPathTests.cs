using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Audit.Tests.Infrastructure;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;

namespace SmartGov.Audit.Tests;

/// <summary>
/// `audit verify` reads pages on several connections at once and, on SQLite, copies the stored UTF-8 straight into
/// the canonical form. Whatever someone did to the store, it must give the verdict the verifier gave before that
/// (<see cref="LegacyAuditVerifier"/>, kept as it was): the same first problem, word for word, or the same success —
/// with pages so small that a 45-entry log spans many of them, and with the fast path on and off.
/// </summary>
public sealed class VerifyFastPathTests
{
    /// <summary>A tampering, and where the verifier as it was names it (null: the log still verifies).</summary>
    private sealed record Scenario(bool SqliteOnly, string? Expected, Func<AuditTestHost, Task<SignedTreeHead?>> Tamper);

    private static Func<AuditTestHost, Task<SignedTreeHead?>> Sql(params string[] statements) => async host =>
    {
        foreach (var sql in statements)
        {
            await host.ExecuteSqlAsync(sql.Replace("{zero}", host.Db.Provider == DatabaseProvider.Postgres ? "decode(repeat('00', 32), 'hex')" : "zeroblob(32)", StringComparison.Ordinal));
        }
        return null;
    };

    private static readonly Dictionary<string, Scenario> Scenarios = new()
    {
        ["untouched"] = new(false, null, Sql()),
        ["a changed column value"] = new(false, "entry 12", Sql("UPDATE \"audit_records\" SET \"Purpose\" = '办理营业执照审查' WHERE \"Sequence\" = 12")),
        ["a changed actor id"] = new(false, "entry 33", Sql("UPDATE \"audit_records\" SET \"ActorId\" = NULL WHERE \"Sequence\" = 33")),
        ["a deleted row"] = new(false, "entry 20", Sql("DELETE FROM \"audit_records\" WHERE \"Sequence\" = 20")),
        ["a swapped order"] = new(false, "entry 8", Sql(
            "UPDATE \"audit_records\" SET \"Sequence\" = -1 WHERE \"Sequence\" = 8",
            "UPDATE \"audit_records\" SET \"Sequence\" = 8 WHERE \"Sequence\" = 30",
            "UPDATE \"audit_records\" SET \"Sequence\" = 30 WHERE \"Sequence\" = -1")),
        ["the newest rows deleted"] = new(false, "entry 40", Sql("DELETE FROM \"audit_records\" WHERE \"Sequence\" >= 40")),
        ["a stored leaf hash removed"] = new(false, "entry 5", Sql("UPDATE \"audit_records\" SET \"LeafHash\" = NULL WHERE \"Sequence\" = 5")),
        ["a changed node inside a page"] = new(false, "node (level 2, index 3)", Sql("UPDATE \"audit_tree_nodes\" SET \"Hash\" = {zero} WHERE \"Level\" = 2 AND \"Index\" = 3")),
        ["a deleted node"] = new(false, "node (level 3, index 1)", Sql("DELETE FROM \"audit_tree_nodes\" WHERE \"Level\" = 3 AND \"Index\" = 1")),
        ["a deleted node above small pages"] = new(false, "node (level 4, index 1)", Sql("DELETE FROM \"audit_tree_nodes\" WHERE \"Level\" = 4 AND \"Index\" = 1")),
        ["a changed node above small pages"] = new(false, "node (level 5, index 0)", Sql("UPDATE \"audit_tree_nodes\" SET \"Hash\" = {zero} WHERE \"Level\" = 5 AND \"Index\" = 0")),
        ["a changed head root"] = new(false, "head 27", Sql("UPDATE \"audit_tree_heads\" SET \"RootHash\" = {zero} WHERE \"TreeSize\" = 27")),
        ["the newest head deleted"] = new(false, "entry 37", Sql("DELETE FROM \"audit_tree_heads\" WHERE \"TreeSize\" = 45")),
        ["a head before a changed entry"] = new(false, "head 10", Sql(
            "UPDATE \"audit_tree_heads\" SET \"RootHash\" = {zero} WHERE \"TreeSize\" = 10",
            "UPDATE \"audit_records\" SET \"Outcome\" = 'failure' WHERE \"Sequence\" = 10")),
        ["a changed entry before a head"] = new(false, "entry 9", Sql(
            "UPDATE \"audit_records\" SET \"Outcome\" = 'failure' WHERE \"Sequence\" = 9",
            "UPDATE \"audit_tree_heads\" SET \"RootHash\" = {zero} WHERE \"TreeSize\" = 10")),
        ["a node before a changed entry"] = new(false, "node (level 1, index 2)", Sql(
            "UPDATE \"audit_records\" SET \"Details\" = 'x' WHERE \"Sequence\" = 30",
            "UPDATE \"audit_tree_nodes\" SET \"Hash\" = {zero} WHERE \"Level\" = 1 AND \"Index\" = 2")),
        ["a history rewritten with the key"] = new(false, "log size 10", async host =>
        {
            var head10 = await host.WithScopeAsync(sp => sp.GetRequiredService<IAuditLog>().HeadAsync(10));
            await host.ExecuteSqlAsync("UPDATE \"audit_records\" SET \"Purpose\" = '伪造' WHERE \"Sequence\" = 4");
            await host.ExecuteSqlAsync("UPDATE \"audit_records\" SET \"Sequence\" = NULL, \"LeafHash\" = NULL");
            await host.ExecuteSqlAsync("DELETE FROM \"audit_tree_nodes\"");
            await host.ExecuteSqlAsync("DELETE FROM \"audit_tree_heads\"");
            await host.Sequencer.SequenceAllAsync();
            return head10;
        }),
        // SQLite keeps whatever text is written into a GUID, time or hash column: the fast path must read such a row
        // exactly as the ADO.NET path always did (some of these still verify, because they parse to the same value).
        ["a GUID in upper case"] = new(true, null, Sql("UPDATE \"audit_records\" SET \"ActorId\" = upper(\"ActorId\") WHERE \"Sequence\" = 8")),
        ["a GUID in braces"] = new(true, null, Sql("UPDATE \"audit_records\" SET \"ActorDepartmentId\" = char(123) || \"ActorDepartmentId\" || char(125) WHERE \"Sequence\" = 8")),
        ["a GUID that is not one"] = new(true, "entry 8", Sql("UPDATE \"audit_records\" SET \"ActorId\" = 'not-a-guid' WHERE \"Sequence\" = 8")),
        ["a time in ISO layout"] = new(true, null, Sql("UPDATE \"audit_records\" SET \"At\" = replace(\"At\", ' ', 'T') WHERE \"Sequence\" = 3")),
        ["a time with sub-millisecond digits"] = new(true, "entry 3", Sql("UPDATE \"audit_records\" SET \"At\" = '2026-11-29 08:05:03.0071' WHERE \"Sequence\" = 3")),
        ["a time on an impossible date"] = new(true, "entry 3", Sql("UPDATE \"audit_records\" SET \"At\" = '2026-02-30 08:05:03.007' WHERE \"Sequence\" = 3")),
        ["a time that is not one"] = new(true, "entry 8", Sql("UPDATE \"audit_records\" SET \"At\" = 'yesterday' WHERE \"Sequence\" = 8")),
        ["a text stored as the same bytes in a blob"] = new(true, null, Sql("UPDATE \"audit_records\" SET \"Purpose\" = CAST(\"Purpose\" AS BLOB) WHERE \"Sequence\" = 12")),
        ["a text that is not UTF-8"] = new(true, "entry 12", Sql("UPDATE \"audit_records\" SET \"Purpose\" = CAST(X'E58A9EE7' AS TEXT) WHERE \"Sequence\" = 12")),
        ["a text with a NUL"] = new(true, "entry 12", Sql("UPDATE \"audit_records\" SET \"Purpose\" = \"Purpose\" || char(0) || 'x' WHERE \"Sequence\" = 12")),
        ["a leaf hash stored as text"] = new(true, "entry 5", Sql("UPDATE \"audit_records\" SET \"LeafHash\" = hex(\"LeafHash\") WHERE \"Sequence\" = 5")),
        ["a sequence stored as a real"] = new(true, null, Sql("UPDATE \"audit_records\" SET \"Sequence\" = 15.5 WHERE \"Sequence\" = 15")),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in TestDb.ProviderList())
        {
            foreach (var (name, scenario) in Scenarios)
            {
                if (!scenario.SqliteOnly || provider == DatabaseProvider.Sqlite)
                {
                    data.Add(provider.ToString(), name);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_verdict_on_a_tampered_store_is_the_one_the_verifier_gave_before(string provider, string scenario)
    {
        var s = Scenarios[scenario];
        await using var host = await AuditTestHost.StartAsync(provider);
        // 45 entries, heads at 10, 27, 37 and 45; each entry has GUIDs, escapes and non-ASCII text in its columns.
        var department = Guid.NewGuid();
        foreach (var n in new[] { 10, 17, 10, 8 })
        {
            await host.WriteEntriesAsync(n, i => new AuditEvent(
                AuditActions.ViewPersonalData, SubjectType: "application", SubjectId: $"A{i:D5}", PersonIndex: new string((char)('a' + i % 6), 64),
                Purpose: "办理营业执照审核", Details: i % 4 == 0 ? null : $"第 {i} 次 \"查看\" \\ tab\t cr\r nl\n \u0001 \u001f / \u2028 😀 é",
                ActorId: Guid.NewGuid(), ActorName: i % 3 == 0 ? null : "王芳", ActorDepartmentId: i % 5 == 0 ? null : department, ActorType: AuditActorTypes.User));
            await host.Sequencer.SequenceOnceAsync();
        }
        await host.RemoveGuardsAsync();
        var trusted = await s.Tamper(host);

        var before = await host.WithScopeAsync(sp => new LegacyAuditVerifier(sp.GetRequiredService<SmartGovDbContext>(), CryptoProfiles.Gm, PublicKey(host)).VerifyAsync(trusted));
        Assert.True(before.Problem?.Location == s.Expected, $"the scenario must do what it says: expected {s.Expected ?? "success"}, the old verifier says {before.Problem?.ToString() ?? "success"}");

        foreach (var (pageSize, workers, fast) in new[] { (8192, 2, true), (4, 2, true), (16, 3, true), (2, 3, false), (8, 2, false) })
        {
            var now = await host.WithScopeAsync(sp => new AuditVerifier(sp.GetRequiredService<SmartGovDbContext>(), CryptoProfiles.Gm, PublicKey(host))
            {
                PageSize = pageSize,
                Workers = workers,
                UseFastPath = fast,
            }.VerifyAsync(trusted));
            var variant = $"pages of {pageSize} on {workers} connections, {(fast ? "fast path" : "ADO.NET path")}";
            Assert.True(before.Problem == now.Problem, $"{variant}: before {before.Problem?.ToString() ?? "success"}, now {now.Problem?.ToString() ?? "success"}");
            Assert.Equal(fast && provider == nameof(DatabaseProvider.Sqlite), now.FastPath);
            if (before.Ok)
            {
                Assert.Equal((before.EntriesChecked, before.NodesChecked, before.HeadsChecked, before.TreeSize),
                    (now.EntriesChecked, now.NodesChecked, now.HeadsChecked, now.TreeSize));
            }
        }
    }

    private static IVerificationKey PublicKey(AuditTestHost host) => Sm2PublicKey.FromPem(File.ReadAllText(host.PublicKeyFile));
}
