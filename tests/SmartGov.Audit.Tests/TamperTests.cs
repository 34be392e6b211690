using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Audit.Tests.Infrastructure;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Audit.Tests;

/// <summary>
/// Someone with write access to the database changes the stored log; `sgov audit verify` (through its real command
/// handler) must exit non-zero and name the first place that no longer matches.
/// </summary>
public sealed class TamperTests
{
    public static TheoryData<string> Providers() => TestDb.Providers();

    /// <summary>37 entries in three batches: heads at 10, 27 and 37.</summary>
    private static async Task<AuditTestHost> LogAsync(string provider)
    {
        var host = await AuditTestHost.StartAsync(provider);
        foreach (var n in new[] { 10, 17, 10 })
        {
            await host.WriteEntriesAsync(n);
            await host.Sequencer.SequenceOnceAsync();
        }
        var before = await host.VerifyAsync();
        Assert.True(before.ExitCode == 0, "the untouched log must verify: " + before);
        // Every tamper below is by someone who can also drop the database's append-only triggers (GuardTests shows
        // they refuse everyone else): the Merkle tree and the signed heads must catch it on their own.
        await host.RemoveGuardsAsync();
        return host;
    }

    private static void AssertCaught(CliResult result, string place)
    {
        Assert.True(result.ExitCode == 1, $"verify should fail naming {place}: {result}");
        Assert.Contains("FAILED", result.Output);
        Assert.Contains(place + ":", result.Output);
        Assert.DoesNotContain("   at ", result.All);
    }

    public static TheoryData<string, string, string> EntryEdits()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var p in TestDb.ProviderList())
        {
            data.Add(p.ToString(), "Purpose", "'办理营业执照审查'");
            data.Add(p.ToString(), "Action", "'view-personal-dat4'");
            data.Add(p.ToString(), "Details", "'第 12 次查看 \"details\" \\ with tab'");
            data.Add(p.ToString(), "PersonIndex", "'" + new string('b', 64) + "'");
            data.Add(p.ToString(), "ActorName", "'tesT'");
            data.Add(p.ToString(), "Outcome", "'failure'");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EntryEdits))]
    public async Task A_changed_field_of_a_stored_entry_is_named(string provider, string column, string value)
    {
        await using var host = await LogAsync(provider);
        Assert.Equal(1, await host.ExecuteSqlAsync($"UPDATE \"audit_records\" SET \"{column}\" = {value} WHERE \"Sequence\" = 12"));
        AssertCaught(await host.VerifyAsync(), "entry 12");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_changed_time_of_a_stored_entry_is_named(string provider)
    {
        await using var host = await LogAsync(provider);
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SmartGovDbContext>();
            var row = await db.Set<AuditRecord>().SingleAsync(r => r.Sequence == 3);
            row.At = row.At.AddSeconds(-1);
            await db.SaveChangesAsync();
        });
        AssertCaught(await host.VerifyAsync(), "entry 3");
    }

    [Theory]
    [InlineData("ActorId", "'not-a-guid'")]
    [InlineData("ActorDepartmentId", "'00000000-0000-0000-0000-00000000000G'")]
    [InlineData("At", "'yesterday'")]
    public async Task A_stored_entry_whose_column_no_longer_holds_its_type_is_named_not_crashed_on(string column, string value)
    {
        // Only SQLite lets text into a GUID or time column; PostgreSQL's uuid and timestamp types refuse it.
        await using var host = await LogAsync("Sqlite");
        Assert.Equal(1, await host.ExecuteSqlAsync($"UPDATE \"audit_records\" SET \"{column}\" = {value} WHERE \"Sequence\" = 8"));
        AssertCaught(await host.VerifyAsync(), "entry 8");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_changed_byte_in_a_stored_leaf_hash_is_named(string provider)
    {
        await using var host = await LogAsync(provider);
        await FlipByteAsync(host, "audit_records", "LeafHash", "\"Sequence\" = 5");
        AssertCaught(await host.VerifyAsync(), "entry 5");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_changed_byte_in_a_head_root_is_named(string provider)
    {
        await using var host = await LogAsync(provider);
        await FlipByteAsync(host, "audit_tree_heads", "RootHash", "\"TreeSize\" = 27");
        AssertCaught(await host.VerifyAsync(), "head 27");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_changed_byte_in_a_head_signature_is_named(string provider)
    {
        await using var host = await LogAsync(provider);
        await FlipByteAsync(host, "audit_tree_heads", "Signature", "\"TreeSize\" = 27", offset: 20);
        var result = await host.VerifyAsync();
        AssertCaught(result, "head 27");
        Assert.Contains("signature", result.Output);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_changed_head_timestamp_breaks_its_signature(string provider)
    {
        await using var host = await LogAsync(provider);
        await host.ExecuteSqlAsync("UPDATE \"audit_tree_heads\" SET \"Timestamp\" = \"Timestamp\" - 86400000 WHERE \"TreeSize\" = 10");
        AssertCaught(await host.VerifyAsync(), "head 10");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_changed_byte_in_an_interior_node_is_named(string provider)
    {
        await using var host = await LogAsync(provider);
        await FlipByteAsync(host, "audit_tree_nodes", "Hash", "\"Level\" = 2 AND \"Index\" = 3");
        var result = await host.VerifyAsync();
        AssertCaught(result, "node (level 2, index 3)");
        Assert.Contains("entries 12..15", result.Output);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_missing_interior_node_is_named(string provider)
    {
        await using var host = await LogAsync(provider);
        Assert.Equal(1, await host.ExecuteSqlAsync("DELETE FROM \"audit_tree_nodes\" WHERE \"Level\" = 3 AND \"Index\" = 1"));
        AssertCaught(await host.VerifyAsync(), "node (level 3, index 1)");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_deleted_entry_is_named(string provider)
    {
        await using var host = await LogAsync(provider);
        Assert.Equal(1, await host.ExecuteSqlAsync("DELETE FROM \"audit_records\" WHERE \"Sequence\" = 20"));
        var result = await host.VerifyAsync();
        AssertCaught(result, "entry 20");
        Assert.Contains("missing", result.Output);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_swapped_entries_are_caught_at_the_first_of_them(string provider)
    {
        await using var host = await LogAsync(provider);
        // Swap the positions of entries 8 and 30 (their hashes travel with them, as a careless forger would leave them).
        await host.ExecuteSqlAsync("UPDATE \"audit_records\" SET \"Sequence\" = -1 WHERE \"Sequence\" = 8");
        await host.ExecuteSqlAsync("UPDATE \"audit_records\" SET \"Sequence\" = 8 WHERE \"Sequence\" = 30");
        await host.ExecuteSqlAsync("UPDATE \"audit_records\" SET \"Sequence\" = 30 WHERE \"Sequence\" = -1");
        AssertCaught(await host.VerifyAsync(), "entry 8");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Swapped_entries_with_their_leaf_hashes_swapped_back_are_caught_by_the_tree(string provider)
    {
        await using var host = await LogAsync(provider);
        // A forger who swaps the contents of two rows but recomputes each row's leaf hash for its new position.
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SmartGovDbContext>();
            var a = await db.Set<AuditRecord>().SingleAsync(r => r.Sequence == 16);
            var b = await db.Set<AuditRecord>().SingleAsync(r => r.Sequence == 17);
            (a.Sequence, b.Sequence) = (-1, -2);
            await db.SaveChangesAsync();
            (a.Sequence, b.Sequence) = (17, 16);
            var signer = sp.GetRequiredService<AuditSigner>();
            a.LeafHash = signer.Hasher.HashLeaf(AuditCanonicalJson.Serialize(Data(a, 17)));
            b.LeafHash = signer.Hasher.HashLeaf(AuditCanonicalJson.Serialize(Data(b, 16)));
            await db.SaveChangesAsync();
        });
        AssertCaught(await host.VerifyAsync(), "node (level 1, index 8)");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_head_signed_with_another_key_is_named(string provider)
    {
        await using var host = await LogAsync(provider);
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SmartGovDbContext>();
            var head = await db.Set<AuditTreeHead>().SingleAsync(h => h.TreeSize == 27);
            var forger = Sm2KeyPair.Generate();
            head.Signature = forger.Sign(SignedTreeHead.SigningInput(head.Profile, head.TreeSize, head.RootHash, head.Timestamp));
            await db.SaveChangesAsync();
        });
        var result = await host.VerifyAsync();
        AssertCaught(result, "head 27");
        Assert.Contains("public key", result.Output);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_log_whose_newest_entries_were_deleted_is_named_at_the_first_missing_entry(string provider)
    {
        await using var host = await LogAsync(provider);
        Assert.Equal(7, await host.ExecuteSqlAsync("DELETE FROM \"audit_records\" WHERE \"Sequence\" >= 30"));
        AssertCaught(await host.VerifyAsync(), "entry 30");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_log_whose_newest_heads_were_deleted_is_named_at_the_first_uncovered_entry(string provider)
    {
        await using var host = await LogAsync(provider);
        Assert.Equal(1, await host.ExecuteSqlAsync("DELETE FROM \"audit_tree_heads\" WHERE \"TreeSize\" = 37"));
        AssertCaught(await host.VerifyAsync(), "entry 27");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_cleanly_truncated_log_is_caught_against_a_head_kept_outside_the_database(string provider)
    {
        await using var host = await LogAsync(provider);
        // The auditor kept the newest signed head (from the API or an export bundle) outside the database.
        var kept = Path.Combine(host.Db.Directory, "kept-head.json");
        var latest = await host.WithScopeAsync(sp => sp.GetRequiredService<IAuditLog>().LatestHeadAsync());
        await File.WriteAllTextAsync(kept, JsonSerializer.Serialize(latest!.ToDto(), new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        // Everything after entry 26 goes: entries, the nodes they completed, and their heads. What remains is consistent.
        await CutAtAsync(host, 27);
        var alone = await host.VerifyAsync();
        Assert.True(alone.ExitCode == 0, "without a reference the shortened log is self-consistent: " + alone);

        var result = await host.VerifyAsync("--trusted-head", kept);
        AssertCaught(result, "log size 27");
        Assert.Contains("truncated", result.Output);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_cleanly_truncated_log_is_caught_against_the_head_witness_file_without_a_head_kept_by_hand(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider, configure: s =>
        {
            // On another machine's share in production; here a directory beside the test database.
            s["Audit:HeadWitnessFile"] = Path.Combine(s["Database:DataDirectory"]!, "witness", "heads.jsonl");
            s["Audit:HeadWitnessSeconds"] = "0";
        });
        var witness = Path.Combine(host.Db.Directory, "witness", "heads.jsonl");
        foreach (var n in new[] { 10, 17, 10 })
        {
            await host.WriteEntriesAsync(n);
            await host.Sequencer.SequenceOnceAsync();
        }
        // Every head went to the witness file as it was signed; a crash may leave a line cut short at its end.
        Assert.Equal(3, (await File.ReadAllLinesAsync(witness)).Length);
        await File.AppendAllTextAsync(witness, "{\"treeSize\":99,\"rootHa");
        var untouched = await host.VerifyAsync("--witness", witness);
        Assert.True(untouched.ExitCode == 0, untouched.ToString());
        Assert.Contains("newest witnessed head 37 entries", untouched.Output);

        await host.RemoveGuardsAsync();
        await CutAtAsync(host, 27);
        Assert.Equal(0, (await host.VerifyAsync()).ExitCode);
        var result = await host.VerifyAsync("--witness", witness);
        AssertCaught(result, "log size 27");
        Assert.Contains("truncated", result.Output);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_rewritten_history_is_caught_against_a_head_kept_outside_the_database(string provider)
    {
        await using var host = await LogAsync(provider);
        var kept = Path.Combine(host.Db.Directory, "kept-head.json");
        var head10 = await host.WithScopeAsync(sp => sp.GetRequiredService<IAuditLog>().HeadAsync(10));
        await File.WriteAllTextAsync(kept, JsonSerializer.Serialize(head10!.ToDto(), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        // A forger with the signing key rebuilds the whole log with one entry changed: every store check passes.
        await host.ExecuteSqlAsync("UPDATE \"audit_records\" SET \"Purpose\" = '伪造' WHERE \"Sequence\" = 4");
        await host.ExecuteSqlAsync("UPDATE \"audit_records\" SET \"Sequence\" = NULL, \"LeafHash\" = NULL");
        await host.ExecuteSqlAsync("DELETE FROM \"audit_tree_nodes\"");
        await host.ExecuteSqlAsync("DELETE FROM \"audit_tree_heads\"");
        await host.Sequencer.SequenceAllAsync();
        Assert.Equal(0, (await host.VerifyAsync()).ExitCode);

        AssertCaught(await host.VerifyAsync("--trusted-head", kept), "log size 10");
    }

    [Fact]
    public async Task A_malformed_public_key_or_trusted_head_gets_one_clear_line_and_exit_2()
    {
        await using var host = await LogAsync("Sqlite");
        var garbage = Path.Combine(host.Db.Directory, "garbage.pem");
        await File.WriteAllTextAsync(garbage, "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n");
        var result = await host.VerifyAsync("--public-key", garbage);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a valid SM2 public key", result.Error);
        Assert.DoesNotContain("   at ", result.All);

        var missing = await host.VerifyAsync("--public-key", Path.Combine(host.Db.Directory, "nope.pem"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("not found", missing.Error);

        var badHead = Path.Combine(host.Db.Directory, "head.json");
        await File.WriteAllTextAsync(badHead, "{\"treeSize\": 3, \"rootHash\": \"zz\"");
        var head = await host.VerifyAsync("--trusted-head", badHead);
        Assert.Equal(2, head.ExitCode);
        Assert.Contains("not a tree head", head.Error);
        Assert.DoesNotContain("   at ", head.All);

        var wrongCurve = Path.Combine(host.Db.Directory, "p256.pem");
        await File.WriteAllTextAsync(wrongCurve, CryptoProfiles.Intl.GenerateSigningKey().PublicKeyPem());
        var curve = await host.VerifyAsync("--public-key", wrongCurve);
        Assert.Equal(2, curve.ExitCode);
        Assert.Contains("not a valid SM2 public key", curve.Error);
    }

    [Fact]
    public async Task A_malformed_signing_key_stops_the_sequencer_with_a_clear_message_and_nothing_is_sequenced()
    {
        await using var host = await AuditTestHost.StartAsync("Sqlite");
        await File.WriteAllTextAsync(host.KeyFile, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        await host.WriteEntriesAsync(3);
        var ex = await Assert.ThrowsAsync<AuditConfigurationException>(() => host.Sequencer.SequenceOnceAsync());
        Assert.Contains("not a valid SM2 private key", ex.Message);
        Assert.Contains(host.KeyFile, ex.Message);
        Assert.Empty(await host.HeadsAsync());
        Assert.Equal(3, await host.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Set<AuditRecord>().CountAsync(r => r.Sequence == null)));
    }

    private static AuditEntryData Data(AuditRecord r, long sequence) => new(sequence, DateTime.SpecifyKind(r.At, DateTimeKind.Utc), r.Action, r.Outcome,
        r.ActorType, r.ActorId, r.ActorName, r.ActorDepartmentId, r.SubjectType, r.SubjectId, r.PersonIndex, r.Purpose, r.SourceAddress, r.RequestId, r.TraceId, r.Details);

    /// <summary>Cuts the log cleanly to its first <paramref name="size"/> entries: the entries after, the nodes they completed, and their heads.</summary>
    private static async Task CutAtAsync(AuditTestHost host, long size)
    {
        await host.ExecuteSqlAsync($"DELETE FROM \"audit_records\" WHERE \"Sequence\" >= {size}");
        await host.ExecuteSqlAsync($"DELETE FROM \"audit_tree_heads\" WHERE \"TreeSize\" > {size}");
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SmartGovDbContext>();
            var nodes = await db.Set<AuditTreeNode>().ToListAsync();
            db.RemoveRange(nodes.Where(n => ((n.Index + 1) << n.Level) > size));
            await db.SaveChangesAsync();
        });
    }

    /// <summary>Flips one bit of a stored hash or signature.</summary>
    private static Task FlipByteAsync(AuditTestHost host, string table, string column, string where, int offset = 7) => host.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<SmartGovDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        byte[] value;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT \"{column}\" FROM \"{table}\" WHERE {where}";
            value = (byte[])(await read.ExecuteScalarAsync())!;
        }
        value[offset] ^= 0x01;
        await using (var write = connection.CreateCommand())
        {
            write.CommandText = $"UPDATE \"{table}\" SET \"{column}\" = @v WHERE {where}";
            var p = write.CreateParameter();
            p.ParameterName = "@v";
            p.Value = value;
            write.Parameters.Add(p);
            Assert.Equal(1, await write.ExecuteNonQueryAsync());
        }
        await db.Database.CloseConnectionAsync();
    });
}
