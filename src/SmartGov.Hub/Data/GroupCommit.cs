using System.Data;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmartGov.Hub.Data;

/// <summary>
/// Saves a DbContext's changes together with other callers' changes in one database transaction (group commit), each
/// caller's unit still atomic on its own and answered only once that transaction is durable.
/// </summary>
public interface IGroupCommit
{
    /// <summary>Saves <paramref name="db"/>'s pending changes as one unit; returns the rows written, as SaveChangesAsync.</summary>
    Task<int> SaveChangesAsync(DbContext db, CancellationToken cancellationToken = default);
}

public static class GroupCommitExtensions
{
    /// <summary>
    /// SaveChangesAsync through the hub's group commit when one is configured (SQLite with Database:GroupCommit, the
    /// default); otherwise, and on PostgreSQL, an ordinary SaveChangesAsync. Same outcome for the caller: the changes are
    /// committed (or the same exception is thrown) before the task completes.
    /// </summary>
    public static Task<int> SaveChangesGroupedAsync(this DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var groupCommit = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<IGroupCommit>();
        return groupCommit is null ? db.SaveChangesAsync(cancellationToken) : groupCommit.SaveChangesAsync(db, cancellationToken);
    }
}

/// <summary>
/// The SQLite group-commit writer. One background thread takes every unit queued (no artificial wait: what arrives while a
/// batch commits forms the next batch, at most <c>maxBatch</c> units), opens one connection and one transaction
/// (BEGIN IMMEDIATE), runs each unit's SaveChanges inside it (EF Core wraps each in a savepoint and rolls back to it if
/// that unit fails, so a failed unit leaves nothing behind and the others go on), commits once (one fsync for the whole
/// batch with synchronous=FULL), and only then answers each caller. A unit that failed gets its own exception, exactly as
/// its own SaveChanges would have thrown it; if the commit fails, every unit of the batch fails and nothing is visible.
/// Each caller's DbContext is back on its own (closed) connection before its caller continues.
/// </summary>
public sealed class SqliteGroupCommit : IGroupCommit, IAsyncDisposable, IDisposable
{
    private readonly Channel<Unit> _queue = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly int _maxBatch;
    private readonly ILogger _log;
    private readonly Thread _writer;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _batches;
    private long _units;
    private int _queued;

    private readonly SqliteWriteGate? _writeGate;

    public SqliteGroupCommit(string connectionString, int maxBatch, ILogger<SqliteGroupCommit> log, SqliteWriteGate? writeGate = null)
    {
        _writeGate = writeGate;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _connectionString = connectionString;
        _maxBatch = maxBatch;
        _log = log;
        _writer = new Thread(Run) { IsBackground = true, Name = "SmartGov SQLite group commit" };
        _writer.Start();
    }

    /// <summary>Batches committed so far and units they held (for benchmarks and diagnostics).</summary>
    public (long Batches, long Units) Counters => (Interlocked.Read(ref _batches), Interlocked.Read(ref _units));

    /// <summary>Units waiting for the next batch.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>
    /// Test hook: runs after every unit of a batch has been saved and before the commit. Throwing from it fails the
    /// commit (the transaction is rolled back), which is how tests show that nothing is acknowledged before the commit.
    /// </summary>
    public Action? BeforeCommit { get; set; }

    public async Task<int> SaveChangesAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var facade = db.Database;
        // A caller inside its own transaction, on a connection it opened itself, or on another database saves as before.
        if (facade.CurrentTransaction is not null
            || !string.Equals(facade.GetConnectionString(), _connectionString, StringComparison.Ordinal)
            || facade.GetDbConnection().State != ConnectionState.Closed)
        {
            return await db.SaveChangesAsync(cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        // Change detection runs here, on the caller's thread; the writer then saves without detecting again.
        if (!db.ChangeTracker.HasChanges())
        {
            return 0;
        }
        var unit = new Unit(db, cancellationToken);
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(unit))
        {
            Interlocked.Decrement(ref _queued);
            ObjectDisposedException.ThrowIf(true, this);
        }
        var rows = await unit.Done.Task.ConfigureAwait(false);
        db.ChangeTracker.AcceptAllChanges();
        return rows;
    }

    private void Run()
    {
        var batch = new List<Unit>(_maxBatch);
        try
        {
            while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var unit))
                {
                    batch.Add(unit);
                }
                Interlocked.Add(ref _queued, -batch.Count);
                Commit(batch);
                batch.Clear();
            }
        }
        catch (Exception e)
        {
            _log.LogCritical(e, "The SQLite group-commit writer stopped");
            foreach (var u in batch)
            {
                u.Done.TrySetException(e);
            }
            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetException(e);
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Every failure is handed to the caller whose unit it is.")]
    private void Commit(List<Unit> batch)
    {
        SqliteConnection? connection = null;
        SqliteTransaction? transaction = null;
        Exception? batchError = null;
        _writeGate?.Enter();
        try
        {
            connection = new SqliteConnection(_connectionString);
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA busy_timeout = 10000;";
                pragma.ExecuteNonQuery();
            }
            // BEGIN IMMEDIATE: the write lock is taken now, not at the first write.
            transaction = connection.BeginTransaction(deferred: false);
            foreach (var unit in batch)
            {
                SaveUnit(unit, connection, transaction);
            }
            BeforeCommit?.Invoke();
            transaction.Commit();
        }
        catch (Exception e)
        {
            batchError = e;
            try
            {
                transaction?.Rollback();
            }
            catch (Exception rollback)
            {
                _log.LogWarning(rollback, "Rolling back a failed group commit failed");
            }
        }
        finally
        {
            transaction?.Dispose();
            connection?.Dispose();
            _writeGate?.Exit();
        }
        if (batchError is not null)
        {
            _log.LogError(batchError, "A group commit of {Count} units failed; every unit of the batch is reported as failed", batch.Count);
        }
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _units, batch.Count);
        foreach (var unit in batch)
        {
            if (unit.Error is not null)
            {
                unit.Done.TrySetException(unit.Error);
            }
            else if (batchError is not null)
            {
                unit.Done.TrySetException(batchError is DbUpdateException ? batchError
                    : new DbUpdateException("The group commit holding these changes failed; nothing was saved. / 批量提交失败，本次更改未保存。", batchError));
            }
            else
            {
                unit.Done.TrySetResult(unit.Rows);
            }
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The unit's own failure goes to its caller.")]
    private void SaveUnit(Unit unit, SqliteConnection connection, SqliteTransaction transaction)
    {
        if (unit.CancellationToken.IsCancellationRequested)
        {
            unit.Error = new OperationCanceledException(unit.CancellationToken);
            return;
        }
        var db = unit.Db;
        var facade = db.Database;
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        try
        {
            // The caller's own (closed, never opened) connection is set aside; the context joins the batch's transaction.
            facade.SetDbConnection(connection, contextOwnsConnection: false);
            facade.UseTransaction(transaction);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            // EF Core puts this SaveChanges in a savepoint of the external transaction and rolls back to it on failure.
            unit.Rows = db.SaveChanges(acceptAllChangesOnSuccess: false);
        }
        catch (Exception e)
        {
            unit.Error = e;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
            facade.UseTransaction(null);
            // Back on a connection of its own before the caller continues (opened on demand, owned and disposed by the context).
            facade.SetDbConnection(new SqliteConnection(_connectionString), contextOwnsConnection: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_queue.Writer.TryComplete())
        {
            await _stopped.Task.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (_queue.Writer.TryComplete())
        {
            _stopped.Task.GetAwaiter().GetResult();
        }
    }

    private sealed class Unit(DbContext db, CancellationToken cancellationToken)
    {
        public DbContext Db { get; } = db;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Rows { get; set; }

        public Exception? Error { get; set; }
    }
}

/// <summary>
/// Takes turns for SQLite's single write lock inside one hub process. The group-commit writer starts its next batch the
/// moment the last one commits, so another writer polling the lock through SQLite's busy handler (the audit sequencer)
/// would rarely find it free and could starve; both take this gate around their write transaction instead, and its
/// waiters are served in turn, so the sequencer waits at most one batch.
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Enter() => _gate.Wait();

    public Task EnterAsync(CancellationToken cancellationToken = default) => _gate.WaitAsync(cancellationToken);

    public void Exit() => _gate.Release();

    public void Dispose() => _gate.Dispose();
}

/// <summary>Registration of the group commit (Database:GroupCommit, Database:GroupCommitMaxBatch).</summary>
internal static class GroupCommitRegistration
{
    public static void AddGroupCommit(IServiceCollection services, DatabaseOptions options, string connectionString)
    {
        if (options.Provider == DatabaseProvider.Sqlite && options.GroupCommit)
        {
            services.AddSingleton<SqliteWriteGate>();
            services.AddSingleton(sp => new SqliteGroupCommit(connectionString, options.GroupCommitMaxBatch, sp.GetRequiredService<ILogger<SqliteGroupCommit>>(),
                sp.GetRequiredService<SqliteWriteGate>()));
            services.AddSingleton<IGroupCommit>(sp => sp.GetRequiredService<SqliteGroupCommit>());
        }
    }
}
