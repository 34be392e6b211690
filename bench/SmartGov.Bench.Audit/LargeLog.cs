using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Modules.Audit;

namespace SmartGov.Bench.Audit;

/// <summary>A SQLite log of N entries (default 1,000,000), written in bulk and then sequenced by the real sequencer.</summary>
internal sealed class LargeLog : IAsyncDisposable
{
    private LargeLog(BenchHost host, long size, object sequencing)
    {
        Host = host;
        Size = size;
        Sequencing = sequencing;
    }

    public BenchHost Host { get; }

    public long Size { get; }

    public object Sequencing { get; }

    public static async Task<LargeLog> BuildAsync(int count)
    {
        Console.WriteLine();
        Console.WriteLine($"== Building a log of {count:N0} entries (bulk insert, then the real sequencer) ==");
        var host = await BenchHost.StartAsync("large", new() { ["Audit:SequencerEnabled"] = "false", ["Audit:SequencerBatchSize"] = "50000" });
        var insert = Stopwatch.StartNew();
        using (var c = host.RawConnection())
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO audit_records (At, Action, Outcome, ActorType, ActorId, ActorName, ActorDepartmentId, SubjectType, SubjectId, " +
                "PersonIndex, Purpose, SourceAddress, RequestId, TraceId, Details) VALUES ($at, $action, 'success', 'user', $actor, '王芳', $dept, " +
                "'application', $subject, $person, '办理营业执照审核', '10.12.3.4', $request, $trace, $details)";
            var p = new Dictionary<string, Microsoft.Data.Sqlite.SqliteParameter>();
            foreach (var name in new[] { "$at", "$action", "$actor", "$dept", "$subject", "$person", "$request", "$trace", "$details" })
            {
                p[name] = cmd.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter { ParameterName = name });
            }
            var depts = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid().ToString().ToUpperInvariant()).ToArray();
            var actors = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid().ToString().ToUpperInvariant()).ToArray();
            var start = DateTime.UtcNow.AddDays(-30);
            var random = new Random(20261129);
            for (var batch = 0; batch < count; batch += 50_000)
            {
                using var tx = c.BeginTransaction();
                cmd.Transaction = tx;
                for (var i = batch; i < Math.Min(count, batch + 50_000); i++)
                {
                    var at = start.AddMilliseconds(i * 2.0);
                    p["$at"].Value = at.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
                    p["$action"].Value = i % 5 == 0 ? "unmask" : "view-personal-data";
                    p["$actor"].Value = actors[random.Next(actors.Length)];
                    p["$dept"].Value = depts[random.Next(depts.Length)];
                    p["$subject"].Value = "SP-2026-" + i.ToString("D7", CultureInfo.InvariantCulture);
                    p["$person"].Value = Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + new string('0', 48);
                    p["$request"].Value = Guid.NewGuid().ToString("N");
                    p["$trace"].Value = Guid.NewGuid().ToString("N");
                    p["$details"].Value = "查看申请人身份证号以核对营业执照申请材料（第 " + i.ToString(CultureInfo.InvariantCulture) + " 件）";
                    cmd.ExecuteNonQuery();
                }
                tx.Commit();
            }
        }
        Console.WriteLine($"bulk insert: {count / insert.Elapsed.TotalSeconds:N0} rows/s");

        var sequencer = host.Services.GetRequiredService<AuditSequencer>();
        var cpu = CpuClock.Start();
        var clock = Stopwatch.StartNew();
        var sequenced = await sequencer.SequenceAllAsync();
        var rate = sequenced / clock.Elapsed.TotalSeconds;
        var perCpuSecond = sequenced / cpu.Seconds;
        Console.WriteLine($"sequencer: {sequenced:N0} entries in {clock.Elapsed.TotalSeconds:F1} s = {rate:N0} entries/s (canonical JSON, SM3 leaf, nodes, one signed head per 50,000)");
        Console.WriteLine($"           {perCpuSecond:N0} entries per CPU-second of this process ({CpuClock.LoadAverage()})");
        return new LargeLog(host, sequenced, new { entries = sequenced, entriesPerSecond = Math.Round(rate), entriesPerCpuSecond = Math.Round(perCpuSecond) });
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
