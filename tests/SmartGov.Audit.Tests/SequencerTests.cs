using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartGov.Audit.Tests.Infrastructure;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Audit.Model;
using SmartGov.Hub.Modules.Organizations.Admin;

namespace SmartGov.Audit.Tests;

/// <summary>Entries commit with their action, get gapless positions in the Merkle log, and are covered by signed heads.</summary>
public sealed class SequencerTests
{
    public static TheoryData<string> Providers() => TestDb.Providers();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Committed_entries_get_gapless_sequence_numbers_and_a_signed_head_that_verifies(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        await host.WriteEntriesAsync(37);
        Assert.Equal(37, await host.Sequencer.SequenceAllAsync());

        var sequences = await host.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Set<AuditRecord>()
            .OrderBy(r => r.Id).Select(r => r.Sequence).ToListAsync());
        Assert.Equal(Enumerable.Range(0, 37).Select(i => (long?)i), sequences);

        var head = Assert.Single(await host.HeadsAsync());
        Assert.Equal(37, head.TreeSize);
        var key = Sm2PublicKey.FromPem(await File.ReadAllTextAsync(host.PublicKeyFile));
        Assert.True(new SignedTreeHead(head.TreeSize, head.RootHash, head.Timestamp, head.Profile, head.Signature).VerifySignature(key));

        var verify = await host.VerifyAsync();
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("OK", verify.Output);
        Assert.Contains("37 entries", verify.Output);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_action_that_rolls_back_leaves_no_audit_entry_and_one_that_commits_has_exactly_its_entry(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        var regionInput = new RegionInput("371900", "回滚测试市", null);
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SmartGovDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var result = await sp.GetRequiredService<OrganizationAdmin>().CreateRegionAsync(regionInput);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.MessageEn)));
            await tx.RollbackAsync();
        });
        Assert.Equal(0, await CountAsync(host, "region", "371900"));
        Assert.Equal(0, await host.Sequencer.SequenceAllAsync());

        await host.WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<OrganizationAdmin>().CreateRegionAsync(regionInput);
            Assert.True(result.Succeeded);
        });
        Assert.Equal(1, await CountAsync(host, "region", "371900"));
        Assert.Equal(1, await host.Sequencer.SequenceAllAsync());
    }

    private static Task<int> CountAsync(AuditTestHost host, string subjectType, string subjectId) => host.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<SmartGovDbContext>();
        var regions = await db.Set<SmartGov.Hub.Modules.Organizations.Model.Region>().CountAsync(r => r.Code == subjectId);
        var entries = await db.Set<AuditRecord>().CountAsync(r => r.SubjectType == subjectType && r.SubjectId == subjectId);
        // The action and its entry exist together or not at all.
        Assert.Equal(regions, entries);
        return entries;
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Reading_personal_data_without_a_purpose_is_refused_and_nothing_is_saved(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        await host.WithScopeAsync(async sp =>
        {
            var sink = sp.GetRequiredService<IAuditSink>();
            var ex = Assert.Throws<ArgumentException>(() => sink.Record(new AuditEvent(AuditActions.Unmask, PersonIndex: new string('a', 64))));
            Assert.Contains("purpose", ex.Message);
            Assert.Contains("用途", ex.Message);
            await Assert.ThrowsAsync<ArgumentException>(() => sink.WriteAsync(new AuditEvent(AuditActions.ViewPersonalData, Purpose: "  ", PersonIndex: new string('a', 64))));
            Assert.Throws<ArgumentException>(() => sink.Record(new AuditEvent(AuditActions.ViewPersonalData, Purpose: "核验身份")));
            await sp.GetRequiredService<SmartGovDbContext>().SaveChangesAsync();
        });
        Assert.Equal(0, await host.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Set<AuditRecord>().CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_running_sequencer_signs_heads_while_entries_arrive_and_each_head_extends_the_last(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        var service = host.Services.GetServices<IHostedService>().Single(s => s.GetType().Name == "AuditSequencerService");
        await service.StartAsync(CancellationToken.None);
        try
        {
            // Entries keep arriving in small groups; the sequencer runs every 50 ms meanwhile.
            var heads = new List<AuditTreeHead>();
            for (var round = 0; round < 6; round++)
            {
                await host.WriteEntriesAsync(5);
                var expected = (round + 1) * 5;
                heads = await WaitForAsync(host, expected);
            }
            Assert.True(heads.Count >= 2, $"expected several heads while entries arrived, got {heads.Count}");
            Assert.Equal(30, heads[^1].TreeSize);

            var key = Sm2PublicKey.FromPem(await File.ReadAllTextAsync(host.PublicKeyFile));
            await host.WithScopeAsync(async sp =>
            {
                var log = sp.GetRequiredService<IAuditLog>();
                for (var i = 0; i < heads.Count; i++)
                {
                    var head = AuditLogHead(heads[i]);
                    Assert.True(head.VerifySignature(key), $"head {head.TreeSize} signature");
                    if (i > 0)
                    {
                        Assert.True(heads[i].Timestamp >= heads[i - 1].Timestamp);
                        var proof = (await log.ConsistencyProofAsync(heads[i - 1].TreeSize, heads[i].TreeSize)).Proof!;
                        Assert.True(MerkleTree.VerifyConsistency(MerkleHasher.Sm3, heads[i - 1].TreeSize, heads[i].TreeSize,
                            heads[i - 1].RootHash, heads[i].RootHash, proof.Path), $"{heads[i - 1].TreeSize} → {heads[i].TreeSize}");
                    }
                }
            });
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private static SignedTreeHead AuditLogHead(AuditTreeHead h) => new(h.TreeSize, h.RootHash, h.Timestamp, h.Profile, h.Signature);

    private static async Task<List<AuditTreeHead>> WaitForAsync(AuditTestHost host, long size)
    {
        // Not a timing assertion: a generous bound only so that a broken sequencer fails instead of hanging.
        for (var i = 0; i < 600; i++)
        {
            var heads = await host.HeadsAsync();
            if (heads.Count > 0 && heads[^1].TreeSize >= size)
            {
                return heads;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"the sequencer did not reach {size} entries");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_hub_nodes_take_turns_through_the_lease_and_never_sequence_an_entry_twice(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        await using var second = host.SecondNode();
        await host.WriteEntriesAsync(20);

        // The first node takes the lease; while it is valid the second node is refused.
        var first = await host.Sequencer.SequenceOnceAsync();
        Assert.Equal(SequencingStatus.Sequenced, first.Status);
        await host.WriteEntriesAsync(5);
        var refused = await second.GetRequiredService<AuditSequencer>().SequenceOnceAsync();
        Assert.Equal(SequencingStatus.NotLeader, refused.Status);

        // Both race over more entries: every entry ends up in the log exactly once.
        await host.WriteEntriesAsync(15);
        await Task.WhenAll(Drain(host.Sequencer), Drain(second.GetRequiredService<AuditSequencer>()));
        var sequences = await host.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Set<AuditRecord>()
            .Select(r => r.Sequence).ToListAsync());
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long?)i).ToHashSet(), sequences.ToHashSet());
        Assert.Equal(40, sequences.Count);
        var verify = await host.VerifyAsync();
        Assert.True(verify.ExitCode == 0, verify.ToString());

        static async Task Drain(AuditSequencer s)
        {
            for (var i = 0; i < 10; i++)
            {
                await s.SequenceOnceAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Every_entry_has_an_inclusion_proof_against_the_latest_head_and_heads_are_consistent(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        var sizes = new[] { 1, 2, 5, 8, 13 };
        foreach (var n in sizes)
        {
            await host.WriteEntriesAsync(n);
            await host.Sequencer.SequenceOnceAsync();
        }
        var total = sizes.Sum();
        await host.WithScopeAsync(async sp =>
        {
            var log = sp.GetRequiredService<IAuditLog>();
            var latest = (await log.LatestHeadAsync())!;
            Assert.Equal(total, latest.TreeSize);
            for (long s = 0; s < total; s++)
            {
                var proof = (await log.InclusionProofAsync(s)).Proof!;
                Assert.True(MerkleTree.VerifyInclusion(MerkleHasher.Sm3, proof.LeafHash, s, latest.TreeSize, proof.Path, latest.RootHash), $"entry {s}");
                var v = (await log.VerifyEntryAsync(s))!;
                Assert.True(v.Verified, $"entry {s}: {v.Problem}");
            }
            var heads = await log.HeadsAsync(0, 100);
            foreach (var a in heads)
            {
                foreach (var b in heads.Where(b => b.TreeSize >= a.TreeSize))
                {
                    var proof = (await log.ConsistencyProofAsync(a.TreeSize, b.TreeSize)).Proof!;
                    Assert.True(MerkleTree.VerifyConsistency(MerkleHasher.Sm3, a.TreeSize, b.TreeSize, a.RootHash, b.RootHash, proof.Path));
                }
            }
            Assert.Equal(ProofProblem.TreeSizeOutOfRange, (await log.InclusionProofAsync(3, 2)).Problem);
            Assert.Equal(ProofProblem.NoSuchEntry, (await log.InclusionProofAsync(total)).Problem);
        });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_intl_profile_builds_a_sha256_tree_with_ecdsa_heads(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider, profile: "intl");
        await host.WriteEntriesAsync(9);
        await host.Sequencer.SequenceAllAsync();
        var head = Assert.Single(await host.HeadsAsync());
        Assert.Equal("intl", head.Profile);
        var verify = await host.VerifyAsync();
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("profile intl", verify.Output);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Rows_written_before_the_audit_trail_existed_are_sealed_with_whole_millisecond_times_and_verify(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        // The foundation's sink stored times with sub-millisecond digits and no sequence number.
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SmartGovDbContext>();
            db.Set<AuditRecord>().Add(new AuditRecord
            {
                At = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc).AddTicks(1234567),
                Action = AuditActions.SignIn,
                Outcome = AuditOutcomes.Success,
                ActorName = "legacy",
            });
            await db.SaveChangesAsync();
        });
        await host.WriteEntriesAsync(2);
        Assert.Equal(3, await host.Sequencer.SequenceAllAsync());
        var first = await host.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().Set<AuditRecord>().SingleAsync(r => r.Sequence == 0));
        Assert.Equal(new DateTime(2026, 11, 1, 8, 0, 0, 123, DateTimeKind.Utc), first.At);
        var verify = await host.VerifyAsync();
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }
}
