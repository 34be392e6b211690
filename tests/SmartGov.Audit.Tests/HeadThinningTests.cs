using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Audit.Tests.Infrastructure;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Audit.Tests;

/// <summary>
/// A busy log gets a signed head with every sequencer batch; heads older than a day are thinned to the last of each
/// minute, so their number follows time rather than traffic. Nothing else may remove a head.
/// </summary>
public sealed class HeadThinningTests
{
    public static TheoryData<string> Providers() => TestDb.Providers();

    private static async Task BatchesAsync(AuditTestHost host, DateTimeOffset at, int batches)
    {
        host.Clock.Offset = at - DateTimeOffset.UtcNow;
        for (var i = 0; i < batches; i++)
        {
            await host.WriteEntriesAsync(2);
            await host.Sequencer.SequenceOnceAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Heads_older_than_a_day_are_thinned_to_the_last_of_each_minute_and_the_log_still_verifies(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        var now = DateTimeOffset.UtcNow;
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 5, TimeSpan.Zero).AddDays(-3);
        await BatchesAsync(host, minute, 4);                 // heads 2, 4, 6, 8 in one minute three days ago
        await BatchesAsync(host, minute.AddMinutes(2), 2);   // heads 10, 12 two minutes later
        host.Clock.Offset = TimeSpan.Zero;
        await BatchesAsync(host, DateTimeOffset.UtcNow, 2);  // heads 14, 16 now
        Assert.Equal([2L, 4, 6, 8, 10, 12, 14, 16], (await host.HeadsAsync()).Select(h => h.TreeSize));
        // An archive anchored on head 4 keeps it.
        await host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SmartGovDbContext>();
            db.Add(new AuditArchive { FromSequence = 0, ToSequence = 0, Before = minute.UtcDateTime, ArchivedAt = now.UtcDateTime, HeadTreeSize = 4, EntriesHash = "00" });
            await db.SaveChangesAsync();
        });

        var thinner = host.Services.GetRequiredService<AuditHeadThinner>();
        Assert.Equal(3, await thinner.ThinAsync());
        Assert.Equal([4L, 8, 12, 14, 16], (await host.HeadsAsync()).Select(h => h.TreeSize));
        Assert.Equal(0, await thinner.ThinAsync());

        var verified = await host.VerifyAsync();
        Assert.True(verified.ExitCode == 0, verified.ToString());
        // Every entry still proves into the newest head, and old sizes stay consistent with it.
        var proof = await host.WithScopeAsync(sp => sp.GetRequiredService<IAuditLog>().InclusionProofAsync(5));
        Assert.Equal(16, proof.Proof!.TreeSize);
        Assert.Equal(16, proof.Proof.Head!.TreeSize);
        var consistency = await host.WithScopeAsync(sp => sp.GetRequiredService<IAuditLog>().ConsistencyProofAsync(6, 16));
        Assert.Equal(ProofProblem.None, consistency.Problem);
        Assert.NotEmpty(consistency.Proof!.Path);

        // The guard lets nothing else go: not the last head of a minute, not a young head, not an archive's anchor.
        foreach (var size in new[] { 8, 14, 4, 16 })
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.ExecuteGuardedSqlAsync($"DELETE FROM \"audit_tree_heads\" WHERE \"TreeSize\" = {size}"));
            Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        }
        Assert.Equal([4L, 8, 12, 14, 16], (await host.HeadsAsync()).Select(h => h.TreeSize));
    }
}
