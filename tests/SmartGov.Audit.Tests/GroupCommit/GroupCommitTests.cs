using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Audit.Tests.Infrastructure;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Audit.Model;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Audit.Tests.GroupCommit;

/// <summary>
/// The grouped save (Data/GroupCommit.cs): on SQLite many callers' units share one transaction and one fsync, each unit
/// still atomic on its own and acknowledged only after the commit; on PostgreSQL it is an ordinary SaveChanges. Every
/// test here runs through real database files / the real server and checks what each caller gets back.
/// </summary>
public sealed class GroupCommitTests
{
    public static TheoryData<string> Providers() => TestDb.Providers();

    /// <summary>One business transaction: a business (unique credit code), a key row with a generated id, its audit entry.</summary>
    private sealed record Unit(AsyncServiceScope Scope, SmartGovDbContext Db, Business Business, DataProtectionKey Key) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }

    private static Unit NewUnit(AuditTestHost host, string creditCode, string tag)
    {
        var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
        var business = new Business { Id = Guid.NewGuid(), Name = "批量提交测试 " + tag, CreditCode = creditCode, CreatedAt = DateTime.UtcNow };
        var key = new DataProtectionKey { FriendlyName = "group-commit-" + tag, Xml = "<key/>" };
        db.Add(business);
        db.DataProtectionKeys.Add(key);
        scope.ServiceProvider.GetRequiredService<IAuditSink>().Record(new AuditEvent(AuditActions.Create, SubjectType: "business", SubjectId: business.Id.ToString(),
            Details: "group commit " + tag, ActorType: AuditActorTypes.System, ActorName: "test"));
        return new Unit(scope, db, business, key);
    }

    private static string Code(int i) => "91371800GC" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// On SQLite: holds the writer inside a first batch until <paramref name="expected"/> more units are queued, so that
    /// those units form the next batch together. On PostgreSQL (no group commit) it does nothing.
    /// </summary>
    private static async Task<IAsyncDisposable?> HoldWriterAsync(AuditTestHost host)
    {
        var writer = host.Services.GetService<SqliteGroupCommit>();
        if (writer is null)
        {
            return null;
        }
        var entered = new SemaphoreSlim(0);
        var release = new ManualResetEventSlim(false);
        var first = true;
        writer.BeforeCommit = () =>
        {
            if (first)
            {
                first = false;
                entered.Release();
                release.Wait();
            }
        };
        var blocker = NewUnit(host, Code(99_999_999), "blocker");
        var blocked = blocker.Db.SaveChangesGroupedAsync();
        await entered.WaitAsync(TimeSpan.FromSeconds(60));
        return new Hold(writer, release, blocked, blocker);
    }

    private sealed class Hold(SqliteGroupCommit writer, ManualResetEventSlim release, Task<int> blocked, Unit blocker) : IAsyncDisposable
    {
        public async Task ReleaseWhenQueuedAsync(int count)
        {
            for (var i = 0; i < 600 && writer.Queued < count; i++)
            {
                await Task.Delay(50);
            }
            Assert.Equal(count, writer.Queued);
            release.Set();
            await blocked;
        }

        public async ValueTask DisposeAsync()
        {
            release.Set();
            await blocked;
            await blocker.DisposeAsync();
            writer.BeforeCommit = null;
        }
    }

    private static async Task ReleaseAsync(IAsyncDisposable? hold, int queued)
    {
        if (hold is Hold h)
        {
            await h.ReleaseWhenQueuedAsync(queued);
        }
    }

    private static Task<int> CountAsync<T>(AuditTestHost host, Func<IQueryable<T>, IQueryable<T>>? filter = null) where T : class =>
        host.WithScopeAsync(sp =>
        {
            var set = sp.GetRequiredService<SmartGovDbContext>().Set<T>().AsNoTracking();
            return (filter?.Invoke(set) ?? set).CountAsync();
        });

    [Fact]
    public async Task An_ordinary_save_waits_its_turn_in_the_writers_queue_and_a_save_inside_its_own_transaction_does_not()
    {
        await using var host = await AuditTestHost.StartAsync("Sqlite");
        var writer = host.Services.GetRequiredService<SqliteGroupCommit>();
        // The writer holds SQLite's write lock inside a batch, as it does batch after batch under load.
        var hold = (Hold)(await HoldWriterAsync(host))!;
        await using (hold)
        {
            await using var plain = NewUnit(host, Code(1), "plain");
            // A plain SaveChangesAsync (as every module writes) queues behind the batch instead of polling for the lock.
            var save = plain.Db.SaveChangesAsync();
            await hold.ReleaseWhenQueuedAsync(1);
            Assert.Equal(3, await save);
            Assert.Equal(EntityState.Unchanged, plain.Db.Entry(plain.Key).State);
            Assert.True(plain.Key.Id > 0);
        }
        var units = writer.Counters.Units;
        await using (var inTransaction = NewUnit(host, Code(2), "in-transaction"))
        {
            await using var tx = await inTransaction.Db.Database.BeginTransactionAsync();
            Assert.Equal(3, await inTransaction.Db.SaveChangesAsync());
            await tx.CommitAsync();
        }
        Assert.Equal(units, writer.Counters.Units);
        Assert.Equal(2, await CountAsync<AuditRecord>(host, q => q.Where(r => r.Details == "group commit plain" || r.Details == "group commit in-transaction")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Many_concurrent_grouped_saves_all_commit_and_each_caller_sees_its_generated_keys(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        var writer = host.Services.GetService<SqliteGroupCommit>();
        Assert.Equal(provider == "Sqlite", writer is not null);
        var before = writer?.Counters.Units ?? 0;

        const int n = 120;
        var units = Enumerable.Range(0, n).Select(i => NewUnit(host, Code(i), "many-" + i)).ToList();
        var rows = await Task.WhenAll(units.Select(u => Task.Run(() => u.Db.SaveChangesGroupedAsync())));

        Assert.All(rows, r => Assert.Equal(3, r));
        var ids = units.Select(u => u.Key.Id).ToList();
        Assert.All(ids, id => Assert.True(id > 0));
        Assert.Equal(n, ids.Distinct().Count());
        // Each caller's context took the commit: nothing left to save, the rows read back with the ids the caller saw.
        Assert.All(units, u => Assert.False(u.Db.ChangeTracker.HasChanges()));
        Assert.All(units, u => Assert.Equal(EntityState.Unchanged, u.Db.Entry(u.Key).State));
        var stored = await host.WithScopeAsync(sp => sp.GetRequiredService<SmartGovDbContext>().DataProtectionKeys.AsNoTracking()
            .Where(k => k.FriendlyName!.StartsWith("group-commit-many-")).ToDictionaryAsync(k => k.FriendlyName!, k => k.Id));
        Assert.Equal(units.ToDictionary(u => u.Key.FriendlyName!, u => u.Key.Id), stored);
        Assert.Equal(n, await CountAsync<AuditRecord>(host, q => q.Where(r => r.SubjectType == "business")));
        if (writer is not null)
        {
            Assert.Equal(n, writer.Counters.Units - before);
        }
        foreach (var u in units)
        {
            await u.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_unit_that_breaks_a_unique_index_fails_alone_and_leaves_no_audit_entry_while_its_batch_commits(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        // The credit code that the failing unit repeats is already taken.
        await using (var existing = NewUnit(host, Code(7), "existing"))
        {
            await existing.Db.SaveChangesGroupedAsync();
        }

        var units = new List<Unit>();
        Task<int>[] saves;
        await using (var hold = await HoldWriterAsync(host))
        {
            for (var i = 0; i < 10; i++)
            {
                units.Add(NewUnit(host, i == 4 ? Code(7) : Code(100 + i), "batch-" + i));
            }
            saves = units.Select(u => u.Db.SaveChangesGroupedAsync()).ToArray();
            await ReleaseAsync(hold, units.Count);
            await Task.WhenAll(saves).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        // The caller of the duplicate gets the usual DbUpdateException (the database's unique-constraint error inside).
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => saves[4]);
        Assert.NotNull(error.InnerException);
        Assert.Contains("unique", error.InnerException!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(EntityState.Added, units[4].Db.Entry(units[4].Business).State);
        // Every other unit of that batch committed.
        for (var i = 0; i < saves.Length; i++)
        {
            if (i != 4)
            {
                Assert.Equal(3, await saves[i]);
            }
        }
        // No partial unit: neither the failed unit's key row nor its audit entry exists; each other unit has both.
        Assert.Equal(0, await CountAsync<DataProtectionKey>(host, q => q.Where(k => k.FriendlyName == "group-commit-batch-4")));
        Assert.Equal(0, await CountAsync<AuditRecord>(host, q => q.Where(r => r.Details == "group commit batch-4")));
        for (var i = 0; i < saves.Length; i++)
        {
            if (i == 4)
            {
                continue;
            }
            var tag = "batch-" + i;
            Assert.Equal(1, await CountAsync<DataProtectionKey>(host, q => q.Where(k => k.FriendlyName == "group-commit-" + tag)));
            Assert.Equal(1, await CountAsync<AuditRecord>(host, q => q.Where(r => r.Details == "group commit " + tag)));
        }
        Assert.Equal(1, await CountAsync<Business>(host, q => q.Where(b => b.CreditCode == Code(7))));

        // The failed caller can fix its unit and save again, as after any failed SaveChanges.
        units[4].Business.CreditCode = Code(104_4);
        Assert.Equal(3, await units[4].Db.SaveChangesGroupedAsync());
        Assert.Equal(1, await CountAsync<AuditRecord>(host, q => q.Where(r => r.Details == "group commit batch-4")));
        foreach (var u in units)
        {
            await u.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_context_used_again_after_its_grouped_save_reads_through_its_own_connection(string provider)
    {
        await using var host = await AuditTestHost.StartAsync(provider);
        await using var mine = NewUnit(host, Code(1), "mine");
        await mine.Db.SaveChangesGroupedAsync();

        // Another caller's unit goes through the writer afterwards (on SQLite: on the writer's connection).
        await using (var other = NewUnit(host, Code(2), "other"))
        {
            await other.Db.SaveChangesGroupedAsync();
        }

        // My context is usable as before: it reads through a connection of its own, closed between commands.
        var connection = mine.Db.Database.GetDbConnection();
        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
        Assert.Null(mine.Db.Database.CurrentTransaction);
        var names = await mine.Db.Set<Business>().Where(b => b.CreditCode == Code(1) || b.CreditCode == Code(2)).OrderBy(b => b.CreditCode).Select(b => b.Name).ToListAsync();
        Assert.Equal(["批量提交测试 mine", "批量提交测试 other"], names);
        // And it can save again, tracked entities included.
        mine.Business.Name = "批量提交测试 mine (renamed)";
        Assert.Equal(1, await mine.Db.SaveChangesGroupedAsync());
        Assert.Equal(1, await CountAsync<Business>(host, q => q.Where(b => b.Name == "批量提交测试 mine (renamed)")));
    }

    [Fact]
    public async Task While_a_batch_is_uncommitted_a_caller_already_answered_does_not_see_it_and_no_caller_of_that_batch_is_answered()
    {
        await using var host = await AuditTestHost.StartAsync("Sqlite");
        await using var mine = NewUnit(host, Code(1), "mine");
        await mine.Db.SaveChangesGroupedAsync();

        var writer = host.Services.GetRequiredService<SqliteGroupCommit>();
        await using var pending = NewUnit(host, Code(2), "pending");
        bool? answeredBeforeCommit = null;
        int? seenByOtherReader = null;
        using var inside = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim(false);
        Task<int>? save = null;
        writer.BeforeCommit = () =>
        {
            answeredBeforeCommit = save!.IsCompleted;
            inside.Release();
            release.Wait();
        };
        save = pending.Db.SaveChangesGroupedAsync();
        Assert.True(await inside.WaitAsync(TimeSpan.FromSeconds(60)));
        try
        {
            // The pending unit's rows are written inside the open transaction; my context does not see them.
            seenByOtherReader = await mine.Db.Set<Business>().CountAsync(b => b.CreditCode == Code(2));
            Assert.False(save.IsCompleted);
        }
        finally
        {
            release.Set();
        }
        Assert.Equal(3, await save);
        writer.BeforeCommit = null;
        Assert.False(answeredBeforeCommit);
        Assert.Equal(0, seenByOtherReader);
        Assert.Equal(1, await mine.Db.Set<Business>().CountAsync(b => b.CreditCode == Code(2)));
    }

    [Fact]
    public async Task When_the_commit_fails_every_unit_of_the_batch_fails_and_nothing_is_visible()
    {
        await using var host = await AuditTestHost.StartAsync("Sqlite");
        var writer = host.Services.GetRequiredService<SqliteGroupCommit>();
        var units = new List<Unit>();
        Task<int>[] saves;
        await using (var hold = await HoldWriterAsync(host))
        {
            for (var i = 0; i < 6; i++)
            {
                units.Add(NewUnit(host, Code(200 + i), "doomed-" + i));
            }
            saves = units.Select(u => u.Db.SaveChangesGroupedAsync()).ToArray();
            // The first batch (the blocker, already inside its hook) commits; the next one, holding all six, fails at its commit.
            writer.BeforeCommit = () => throw new IOException("disk full (simulated)");
            await ReleaseAsync(hold, units.Count);
            await Task.WhenAll(saves).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        foreach (var save in saves)
        {
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => save);
            Assert.IsType<IOException>(error.InnerException);
        }
        Assert.All(units, u => Assert.Equal(EntityState.Added, u.Db.Entry(u.Business).State));
        Assert.Equal(0, await CountAsync<Business>(host, q => q.Where(b => b.Name.StartsWith("批量提交测试 doomed-"))));
        Assert.Equal(0, await CountAsync<AuditRecord>(host, q => q.Where(r => r.Details!.StartsWith("group commit doomed-"))));
        Assert.Equal(0, await CountAsync<DataProtectionKey>(host, q => q.Where(k => k.FriendlyName!.StartsWith("group-commit-doomed-"))));
        foreach (var u in units)
        {
            await u.DisposeAsync();
        }
    }
}
