using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Bench.Audit;

/// <summary>
/// An inclusion proof plus a consistency proof, generated from the database (IAuditLog, as the API does: a fresh scope per
/// request) and verified, at 1,000,000 entries; against the same proofs from an in-memory tree of the same leaves.
/// </summary>
internal static class ProofBench
{
    public static async Task<object> RunAsync(LargeLog log)
    {
        Console.WriteLine();
        Console.WriteLine($"== Inclusion + consistency proof, generate and verify, at {log.Size:N0} entries ==");
        var services = log.Host.Services;
        var hasher = MerkleHasher.Sm3;
        List<AuditTreeHead> heads;
        var memory = new InMemoryMerkleNodeSource(hasher);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
            heads = await db.Set<AuditTreeHead>().AsNoTracking().OrderBy(h => h.TreeSize).ToListAsync();
            long next = 0;
            while (next < log.Size)
            {
                var upTo = next + 100_000;
                var page = await db.Set<AuditRecord>().AsNoTracking().Where(r => r.Sequence >= next && r.Sequence < upTo)
                    .OrderBy(r => r.Sequence).Select(r => r.LeafHash!).ToListAsync();
                foreach (var leaf in page)
                {
                    memory.AppendLeafHash(leaf);
                }
                next = upTo;
            }
        }
        var latest = heads[^1];
        var random = new Random(7);
        const int iterations = 3000;
        var ours = new Samples();
        var baseline = new Samples();
        for (var i = -300; i < iterations; i++)
        {
            var s = random.NextInt64(latest.TreeSize);
            var old = heads[random.Next(heads.Count - 1)];

            var t = Stopwatch.GetTimestamp();
            await using (var scope = services.CreateAsyncScope())
            {
                var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
                var inclusion = (await audit.InclusionProofAsync(s, latest.TreeSize)).Proof!;
                var consistency = (await audit.ConsistencyProofAsync(old.TreeSize, latest.TreeSize)).Proof!;
                if (!MerkleTree.VerifyInclusion(hasher, inclusion.LeafHash, s, latest.TreeSize, inclusion.Path, latest.RootHash)
                    || !MerkleTree.VerifyConsistency(hasher, old.TreeSize, latest.TreeSize, old.RootHash, latest.RootHash, consistency.Path))
                {
                    throw new InvalidOperationException($"proof for {s} / {old.TreeSize} failed");
                }
            }
            var elapsed = Stopwatch.GetElapsedTime(t).TotalMicroseconds;

            var b = Stopwatch.GetTimestamp();
            var path = MerkleTree.InclusionProof(hasher, memory, s, latest.TreeSize);
            var cons = MerkleTree.ConsistencyProof(hasher, memory, old.TreeSize, latest.TreeSize);
            var leaf = memory.GetSubtreeHash(s, 0);
            if (!MerkleTree.VerifyInclusion(hasher, leaf, s, latest.TreeSize, path, latest.RootHash)
                || !MerkleTree.VerifyConsistency(hasher, old.TreeSize, latest.TreeSize, old.RootHash, latest.RootHash, cons))
            {
                throw new InvalidOperationException("in-memory proof failed");
            }
            var memoryElapsed = Stopwatch.GetElapsedTime(b).TotalMicroseconds;
            if (i >= 0)
            {
                ours.Add(elapsed);
                baseline.Add(memoryElapsed);
            }
        }
        Console.WriteLine($"baseline  in-memory tree (no database):             {baseline}");
        Console.WriteLine($"measured  from SQLite via IAuditLog, fresh scope:   {ours}   (target < 1 ms)");
        Console.WriteLine($"ratio     database / in-memory (p50) = {ours.P50 / baseline.P50:F1}   ({CpuClock.LoadAverage()})");
        return new { entries = log.Size, p50us = ours.P50, p99us = ours.P99, baselineP50us = baseline.P50, baselineP99us = baseline.P99, ratioP50 = Math.Round(ours.P50 / baseline.P50, 2) };
    }
}
