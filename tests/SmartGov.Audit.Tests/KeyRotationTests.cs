using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartGov.Audit.Tests.Infrastructure;
using SmartGov.Crypto;
using SmartGov.Hub;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Audit.Tests;

/// <summary>
/// The security officer replaces the audit signing key (密钥更新): the old key hands over to the new one, the heads signed
/// before stay verifiable with either key, a node still holding the old key stops signing, and a forged hand-over is named.
/// </summary>
public sealed class KeyRotationTests
{
    public static TheoryData<string> Providers() => TestDb.Providers();

    /// <summary>A second hub node on the same database whose Audit settings differ (the new key, the previous key).</summary>
    private static ServiceProvider Node(AuditTestHost host, Dictionary<string, string?> audit)
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(host.Services.GetRequiredService<IConfiguration>())
            .AddInMemoryCollection(audit)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error));
        services.AddHubModules(configuration);
        return services.BuildServiceProvider();
    }

    private static async Task<string> WriteKeyAsync(AuditTestHost host, string name, ISigningKey key)
    {
        var path = Path.Combine(host.Db.Directory, "keys", name);
        await File.WriteAllTextAsync(path, key.PrivateKeyPem());
        await File.WriteAllTextAsync(path + ".pub", key.PublicKeyPem());
        return path;
    }

    /// <summary>10 entries signed by the first key, then the key is replaced on a second node and 5 more are signed by the new one.</summary>
    private static async Task<(AuditTestHost Host, string NewKey, ServiceProvider NewNode)> RotatedAsync(string provider)
    {
        var host = await AuditTestHost.StartAsync(provider);
        await host.WriteEntriesAsync(10);
        await host.Sequencer.SequenceOnceAsync();
        var newKey = await WriteKeyAsync(host, "audit-signing-2027.pem", CryptoProfiles.Gm.GenerateSigningKey());
        var node = Node(host, new() { ["Audit:SigningKeyFile"] = newKey, ["Audit:PreviousSigningKeyFile"] = host.KeyFile });
        await ExpireLeaseAsync(host);
        await host.WriteEntriesAsync(5);
        var result = await node.GetRequiredService<AuditSequencer>().SequenceOnceAsync();
        Assert.Equal(SequencingStatus.Sequenced, result.Status);
        return (host, newKey, node);
    }

    /// <summary>The sequencer lease runs out (as when its holder stops), so that another node may take it.</summary>
    private static Task ExpireLeaseAsync(AuditTestHost host) =>
        host.ExecuteGuardedSqlAsync("UPDATE \"audit_leases\" SET \"ExpiresAt\" = 0");

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_replaced_key_hands_over_and_the_whole_log_verifies_from_either_key(string provider)
    {
        var (host, newKey, node) = await RotatedAsync(provider);
        await using var _ = host;
        await using var __ = node;

        var keys = await host.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Set<AuditSigningKey>().AsNoTracking().OrderBy(k => k.Number).ToListAsync());
        Assert.Equal(2, keys.Count);
        Assert.Equal(0, keys[0].FromTreeSize);
        Assert.Equal(11, keys[1].FromTreeSize);
        var newPublic = CryptoProfiles.Gm.ImportSigningKey(await File.ReadAllTextAsync(newKey)).PublicKey;
        Assert.Equal(AuditKeyHistory.Fingerprint(CryptoProfiles.Gm, newPublic), keys[1].Fingerprint);
        var heads = await host.HeadsAsync();
        Assert.Equal([10L, 15L], heads.Select(h => h.TreeSize));

        // The hand-over is itself in the log: the next batch sequences its config-change entry, under the new key.
        await node.GetRequiredService<AuditSequencer>().SequenceAllAsync();
        var entry = await host.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Set<AuditRecord>().AsNoTracking()
            .SingleAsync(r => r.SubjectType == "audit-signing-key"));
        Assert.Equal(AuditActions.ConfigChange, entry.Action);
        Assert.Equal(15, entry.Sequence);
        Assert.Contains(keys[0].Fingerprint, entry.Details, StringComparison.Ordinal);

        // Whoever holds either key verifies the whole log: the new key's holder, and an auditor who kept the old public key.
        var withNew = await AuditTestHost.RunCliAsync([.. new[] { "audit", "verify" }, .. host.Db.CliOptions(), "--key-file", newKey]);
        Assert.True(withNew.ExitCode == 0, withNew.ToString());
        var withOld = await host.VerifyAsync("--public-key", host.PublicKeyFile);
        Assert.True(withOld.ExitCode == 0, withOld.ToString());

        // A key that is not in the history cannot vouch for it.
        var stranger = await WriteKeyAsync(host, "stranger.pem", CryptoProfiles.Gm.GenerateSigningKey());
        var foreign = await host.VerifyAsync("--public-key", stranger + ".pub");
        Assert.Equal(1, foreign.ExitCode);
        Assert.Contains("key history:", foreign.Output, StringComparison.Ordinal);

        // A head kept outside the database from before the hand-over still serves as a reference.
        var kept = Path.Combine(host.Db.Directory, "kept-head.json");
        var head10 = await host.WithScopeAsync(sp => sp.GetRequiredService<IAuditLog>().HeadAsync(10));
        await File.WriteAllTextAsync(kept, JsonSerializer.Serialize(head10!.ToDto(), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var trusted = await AuditTestHost.RunCliAsync([.. new[] { "audit", "verify" }, .. host.Db.CliOptions(), "--key-file", newKey, "--trusted-head", kept]);
        Assert.True(trusted.ExitCode == 0, trusted.ToString());

        // `sgov audit keys` lists and checks the history; `sgov audit proof` checks a head from before the change with the old key.
        var listing = await AuditTestHost.RunCliAsync([.. new[] { "audit", "keys" }, .. host.Db.CliOptions(), "--key-file", newKey]);
        Assert.True(listing.ExitCode == 0, listing.ToString());
        Assert.Contains($"key 1  {keys[1].Fingerprint}  heads from size 11", listing.Output, StringComparison.Ordinal);
        Assert.Contains("OK", listing.Output, StringComparison.Ordinal);
        var proof = await AuditTestHost.RunCliAsync([.. new[] { "audit", "proof", "--sequence", "3", "--tree-size", "10" }, .. host.Db.CliOptions(), "--key-file", newKey]);
        Assert.True(proof.ExitCode == 0, proof.ToString());
        Assert.Contains("head signature 树头签名: verified", proof.Output, StringComparison.Ordinal);

        // The auditors' API lists the history.
        var listed = await host.WithScopeAsync(sp => sp.GetRequiredService<IAuditLog>().KeysAsync());
        Assert.Equal([0, 1], listed.Select(k => k.Number));
        Assert.Equal(keys[0].Fingerprint, JsonDocument.Parse(listed[1].SignedText).RootElement.GetProperty("previousKey").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_node_still_holding_the_replaced_key_stops_signing(string provider)
    {
        var (host, _, node) = await RotatedAsync(provider);
        await using var _h = host;
        await using var _n = node;
        await ExpireLeaseAsync(host);
        await host.WriteEntriesAsync(2);
        var ex = await Assert.ThrowsAsync<AuditConfigurationException>(() => host.Sequencer.SequenceOnceAsync());
        Assert.Contains("replaced", ex.Message, StringComparison.Ordinal);
        Assert.Equal([10L, 15L], (await host.HeadsAsync()).Select(h => h.TreeSize));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_new_key_without_the_old_one_to_hand_over_signs_nothing(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        await host.WriteEntriesAsync(4);
        await host.Sequencer.SequenceOnceAsync();
        var newKey = await WriteKeyAsync(host, "new.pem", CryptoProfiles.Gm.GenerateSigningKey());
        var wrongOld = await WriteKeyAsync(host, "not-the-old-one.pem", CryptoProfiles.Gm.GenerateSigningKey());
        await host.WriteEntriesAsync(3);

        await using (var alone = Node(host, new() { ["Audit:SigningKeyFile"] = newKey }))
        {
            await ExpireLeaseAsync(host);
            var ex = await Assert.ThrowsAsync<AuditConfigurationException>(() => alone.GetRequiredService<AuditSequencer>().SequenceOnceAsync());
            Assert.Contains("Audit:PreviousSigningKeyFile", ex.Message, StringComparison.Ordinal);
        }
        await using (var wrong = Node(host, new() { ["Audit:SigningKeyFile"] = newKey, ["Audit:PreviousSigningKeyFile"] = wrongOld }))
        {
            await ExpireLeaseAsync(host);
            var ex = await Assert.ThrowsAsync<AuditConfigurationException>(() => wrong.GetRequiredService<AuditSequencer>().SequenceOnceAsync());
            Assert.Contains("not the log's current key", ex.Message, StringComparison.Ordinal);
        }
        Assert.Equal([4L], (await host.HeadsAsync()).Select(h => h.TreeSize));
        Assert.Equal(3, await host.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Set<AuditRecord>().CountAsync(r => r.Sequence == null)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_forged_hand_over_or_a_removed_key_is_named(string provider)
    {
        var (host, newKey, node) = await RotatedAsync(provider);
        await using var _h = host;
        await using var _n = node;
        await host.RemoveGuardsAsync();

        // Someone with the database but without the old key puts their own key in as key 1 and re-signs the heads from 11 on.
        var forger = CryptoProfiles.Gm.GenerateSigningKey();
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SmartGovDbContext>();
            var k1 = await db.Set<AuditSigningKey>().SingleAsync(k => k.Number == 1);
            var k0 = await db.Set<AuditSigningKey>().SingleAsync(k => k.Number == 0);
            k1.PublicKeyPem = forger.PublicKeyPem();
            k1.Fingerprint = AuditKeyHistory.Fingerprint(CryptoProfiles.Gm, forger.PublicKey);
            var statement = AuditKeyHistory.Statement(k1, k0.Fingerprint);
            k1.Signature = forger.Sign(statement);
            k1.PreviousSignature = forger.Sign(statement);
            var head = await db.Set<AuditTreeHead>().SingleAsync(h => h.TreeSize == 15);
            head.Signature = forger.Sign(SignedTreeHead.SigningInput(head.Profile, head.TreeSize, head.RootHash, head.Timestamp));
            await db.SaveChangesAsync();
        });
        var forged = await host.VerifyAsync("--public-key", host.PublicKeyFile);
        Assert.Equal(1, forged.ExitCode);
        Assert.Contains("key 1:", forged.Output, StringComparison.Ordinal);
        Assert.Contains("did not sign its hand-over", forged.Output, StringComparison.Ordinal);
        var keysCommand = await AuditTestHost.RunCliAsync([.. new[] { "audit", "keys" }, .. host.Db.CliOptions(), "--public-key", host.PublicKeyFile]);
        Assert.Equal(1, keysCommand.ExitCode);
        Assert.Contains("key 1:", keysCommand.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", forged.All);

        // Without any key row from 1 on, the heads signed by the new key no longer verify with the old one.
        await host.ExecuteSqlAsync("DELETE FROM \"audit_signing_keys\" WHERE \"Number\" = 1");
        var removed = await host.VerifyAsync("--public-key", host.PublicKeyFile);
        Assert.Equal(1, removed.ExitCode);
        Assert.Contains("head 15:", removed.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_bundle_spanning_the_hand_over_verifies_offline_and_a_changed_key_range_is_named(string provider)
    {
        var (host, newKey, node) = await RotatedAsync(provider);
        await using var _h = host;
        await using var _n = node;
        var bundle = Path.Combine(host.Db.Directory, "bundle");
        var export = await AuditTestHost.RunCliAsync([.. new[] { "audit", "export", "--out", bundle }, .. host.Db.CliOptions(), "--key-file", newKey]);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.True(File.Exists(Path.Combine(bundle, "keys", "key-0.pem")));
        Assert.Contains("keys.json", await File.ReadAllTextAsync(Path.Combine(bundle, "README.md")), StringComparison.Ordinal);

        var fromNew = await AuditTestHost.RunCliAsync("audit", "verify-bundle", bundle);
        Assert.True(fromNew.ExitCode == 0, fromNew.ToString());
        var fromOld = await AuditTestHost.RunCliAsync("audit", "verify-bundle", bundle, "--public-key", host.PublicKeyFile);
        Assert.True(fromOld.ExitCode == 0, fromOld.ToString());

        // Moving the hand-over point (so that head 10 would be checked with the new key) breaks both signatures of key 1.
        var keysPath = Path.Combine(bundle, "keys.json");
        var text = await File.ReadAllTextAsync(keysPath);
        await File.WriteAllTextAsync(keysPath, text.Replace("\"fromTreeSize\": 11", "\"fromTreeSize\": 10", StringComparison.Ordinal));
        var moved = await AuditTestHost.RunCliAsync("audit", "verify-bundle", bundle);
        Assert.Equal(1, moved.ExitCode);
        Assert.Contains("key 1:", moved.Output, StringComparison.Ordinal);
    }

    private static ResultDocument Document(DateTime issuedAt) => new(Guid.CreateVersion7(), "3201002026113001000001", "320100-XK-0001", "食品经营许可",
        "张*华", Guid.CreateVersion7(), "示范市市场监督管理局", ResultDecision.Approved, null, "spjy", "SPJY-3201002026113001000001",
        DateOnly.FromDateTime(issuedAt), null, new DateTime(issuedAt.Ticks - issuedAt.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc));

    [Fact]
    public async Task A_result_issued_before_the_key_was_replaced_still_verifies_and_the_old_key_no_longer_issues_any()
    {
        var (host, _, node) = await RotatedAsync("Sqlite");
        await using var _h = host;
        await using var _n = node;
        var handOver = await host.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Set<AuditSigningKey>().SingleAsync(k => k.Number == 1));
        var takenOver = DateTimeOffset.FromUnixTimeMilliseconds(handOver.Timestamp).UtcDateTime;
        var oldSigner = host.Services.GetRequiredService<ResultSigner>();
        var newSigner = node.GetRequiredService<ResultSigner>();

        // A licence decision issued last month under the old key: the current key alone refuses it, the history accepts it.
        var earlier = oldSigner.Sign(Document(takenOver.AddDays(-30)));
        Assert.False(newSigner.Verify(earlier.FileBytes).Valid);
        var verdict = await newSigner.VerifyAsync(earlier.FileBytes);
        Assert.True(verdict.Valid, verdict.Reason + " " + verdict.Detail);

        // Dated after the hand-over, the old key's signature no longer counts; the new key's does.
        var late = await newSigner.VerifyAsync(oldSigner.Sign(Document(takenOver.AddMinutes(5))).FileBytes);
        Assert.Equal(ResultReasons.SignatureMismatch, late.Reason);
        Assert.True((await newSigner.VerifyAsync(newSigner.Sign(Document(takenOver.AddMinutes(5))).FileBytes)).Valid);

        // The node still holding the old key refuses to issue (the officer gets a 503, nothing saved); the new key's node issues.
        var refused = await Assert.ThrowsAsync<AuditConfigurationException>(() => oldSigner.SignAsync(Document(DateTime.UtcNow)));
        Assert.Contains("was replaced by key 1", refused.Message, StringComparison.Ordinal);
        var issued = await newSigner.SignAsync(Document(DateTime.UtcNow));
        Assert.True((await newSigner.VerifyAsync(issued.FileBytes)).Valid);

        // A stranger's signature is refused whatever the date.
        var stranger = new ResultSigner(new AuditSigner(CryptoProfiles.Gm, CryptoProfiles.Gm.GenerateSigningKey()), node.GetRequiredService<IServiceScopeFactory>());
        Assert.Equal(ResultReasons.SignatureMismatch, (await newSigner.VerifyAsync(stranger.Sign(Document(takenOver.AddDays(-30))).FileBytes)).Reason);
    }
}
