using System.Data.Common;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Hub.Modules.Audit.Infrastructure;

/// <summary>
/// Fills an <see cref="AuditVerifyPage"/> on its own connection: reads the page's entries (or archived leaf hashes),
/// recomputes each leaf and compares it with the stored one, builds the subtrees above the good leaves and compares
/// them with the stored nodes. Synchronous: each reader runs on one thread-pool thread, several pages at once.
/// </summary>
/// <remarks>
/// This base class reads through ADO.NET (<see cref="AuditTreeStore.ReadRecord"/>, the .NET values, then
/// <see cref="AuditCanonicalJson"/>), on every provider. <see cref="SqliteAuditPageReader"/> reads SQLite's stored
/// UTF-8 text straight into the canonical form and falls back to this path for any row it cannot take so.
/// </remarks>
internal class AuditPageReader(DbConnection connection, MerkleHasher hasher, long size) : IDisposable
{
    private const string EntrySql =
        "SELECT " + AuditTreeStore.RecordColumns + " FROM \"audit_records\" WHERE \"Sequence\" >= @f AND \"Sequence\" < @t ORDER BY \"Sequence\"";

    private const string NodeSql =
        "SELECT \"Index\", \"Hash\" FROM \"audit_tree_nodes\" WHERE \"Level\" = @l AND \"Index\" >= @f AND \"Index\" < @t ORDER BY \"Index\"";

    protected DbConnection Connection { get; } = connection;

    protected MerkleHasher Hasher { get; } = hasher;

    /// <summary>Opens a reader on a new connection like <paramref name="primary"/>: the SQLite one when it can be used.</summary>
    public static async Task<AuditPageReader> OpenAsync(DbConnection primary, string connectionString, MerkleHasher hasher, long size, bool allowFastPath, CancellationToken ct)
    {
        var connection = (DbConnection)Activator.CreateInstance(primary.GetType())!;
        connection.ConnectionString = connectionString;
        try
        {
            await connection.OpenAsync(ct);
            if (allowFastPath && connection is Microsoft.Data.Sqlite.SqliteConnection sqlite && SqliteAuditPageReader.CanUse(sqlite))
            {
                return new SqliteAuditPageReader(sqlite, hasher, size);
            }
            return new AuditPageReader(connection, hasher, size);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether this reader takes rows by the SQLite fast path (tests and the benchmark say which one ran).</summary>
    public virtual bool IsFastPath => false;

    /// <summary>Verifies entries [from, to) into <paramref name="page"/> (reset first).</summary>
    public void Read(AuditVerifyPage page, long from, long to, long archivedPrefix, CancellationToken ct)
    {
        page.Reset(from, to);
        var cursor = from;
        if (cursor < archivedPrefix)
        {
            cursor = ReadArchived(page, cursor, Math.Min(to, archivedPrefix));
        }
        if (page.Problem is null && cursor < to)
        {
            cursor = ReadEntries(page, cursor, to, ct);
            if (page.Problem is null && cursor < to)
            {
                StopAt(page, cursor, $"missing: the signed heads cover {size} entries, but the store has none at this position. / 审计记录缺失。");
            }
        }
        ct.ThrowIfCancellationRequested();
        page.BuildSubtrees(Hasher);
        CheckNodes(page);
    }

    protected static void StopAt(AuditVerifyPage page, long cursor, string message) =>
        page.Report(cursor, AuditVerifyPage.EntryPhase, new("entry", $"entry {cursor}", message));

    private long ReadArchived(AuditVerifyPage page, long cursor, long archivedTo)
    {
        const string Missing = "archived, but its leaf hash is missing from the store. / 已归档记录的叶哈希缺失。";
        using var cmd = Command("SELECT \"Index\", \"Hash\" FROM \"audit_tree_nodes\" WHERE \"Level\" = 0 AND \"Index\" >= @f AND \"Index\" < @t ORDER BY \"Index\"");
        AuditTreeStore.AddParameter(cmd, "@f", cursor);
        AuditTreeStore.AddParameter(cmd, "@t", archivedTo);
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                if (reader.GetInt64(0) != cursor)
                {
                    StopAt(page, cursor, Missing);
                    return cursor;
                }
                page.SetStoredLeaf(page.Count, (byte[])reader.GetValue(1));
                page.Count++;
                page.Archived++;
                cursor++;
            }
        }
        if (cursor < archivedTo)
        {
            StopAt(page, cursor, Missing);
        }
        return cursor;
    }

    /// <summary>Reads entries from <paramref name="cursor"/> until <paramref name="to"/> or the first problem; returns where it stopped.</summary>
    protected virtual long ReadEntries(AuditVerifyPage page, long cursor, long to, CancellationToken ct)
    {
        using var cmd = Command(EntrySql);
        AuditTreeStore.AddParameter(cmd, "@f", cursor);
        AuditTreeStore.AddParameter(cmd, "@t", to);
        using var reader = cmd.ExecuteReader();
        var expected = to - cursor;
        for (long read = 0; read < expected && reader.Read(); read++)
        {
            if ((read & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            var (row, error) = Decode(reader);
            if (!Accept(page, ref cursor, row, error))
            {
                break;
            }
        }
        return cursor;
    }

    /// <summary>A row as the verifier has always read it; a column that no longer holds its type is named, not thrown.</summary>
    protected static (AuditRecord Row, string? Error) Decode(DbDataReader reader)
    {
        try
        {
            return (AuditTreeStore.ReadRecord(reader), null);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            // A column no longer holds a value of its type (text where a GUID or a time was written): the row was
            // edited outside the hub. Name the entry instead of failing the whole verification.
            return (new AuditRecord { Action = "", Outcome = "", Sequence = SequenceOf(reader) },
                $"a column no longer holds a value of its type ({ex.GetType().Name}): the row was changed. / 审计记录字段被篡改，无法按类型读取。");
        }
    }

    /// <summary>The sequence column of a row that could not be read whole (the query selects only sequenced rows).</summary>
    private static long? SequenceOf(DbDataReader reader)
    {
        try
        {
            return reader.IsDBNull(16) ? null : reader.GetInt64(16);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Checks one decoded row at <paramref name="cursor"/>; false (and the problem reported) if it does not hold.</summary>
    protected bool Accept(AuditVerifyPage page, ref long cursor, AuditRecord row, string? error)
    {
        if (row.Sequence is null && error is not null)
        {
            StopAt(page, cursor, error);
            return false;
        }
        if (row.Sequence != cursor)
        {
            StopAt(page, cursor, Missing(row.Sequence));
            return false;
        }
        if (error is not null)
        {
            StopAt(page, cursor, error);
            return false;
        }
        if (!AuditCanonicalJson.IsWholeMilliseconds(row.At))
        {
            StopAt(page, cursor, "its time has sub-millisecond digits, which SmartGov never writes: the row was changed. / 记录时间被改动。");
            return false;
        }
        var leaf = page.Leaf(page.Count);
        try
        {
            AuditCanonicalJson.LeafHash(DatabaseAuditSink.ToData(row, cursor), Hasher, leaf);
        }
        catch (ArgumentException ex)
        {
            StopAt(page, cursor, ex.Message);
            return false;
        }
        if (row.LeafHash is null || !leaf.SequenceEqual(row.LeafHash))
        {
            StopAt(page, cursor, Mismatch(leaf, row.LeafHash));
            return false;
        }
        page.Count++;
        page.Entries++;
        cursor++;
        return true;
    }

    protected static string Missing(long? next) =>
        $"missing: the store has no entry at this position (next is {next}), so it was deleted or moved. / 审计记录缺失。";

    protected static string Mismatch(ReadOnlySpan<byte> recomputed, ReadOnlySpan<byte> stored, bool storedIsNull = false) =>
        $"its content does not match its stored leaf hash: the entry (or the hash) was changed after it was sequenced. Recomputed {Convert.ToHexStringLower(recomputed)}, stored {(storedIsNull ? "none" : Convert.ToHexStringLower(stored))}. / 审计记录内容被篡改。";

    private static string Mismatch(ReadOnlySpan<byte> recomputed, byte[]? stored) => Mismatch(recomputed, stored, stored is null);

    /// <summary>Compares every complete subtree of the page, level by level, with the stored node; keeps the first problem in log order.</summary>
    private void CheckNodes(AuditVerifyPage page)
    {
        for (var level = 1; level <= page.Height; level++)
        {
            var count = page.Count >> level;
            if (count == 0)
            {
                break;
            }
            var first = page.From >> level;
            var expected = first;
            var end = first + count;
            long? problem = null;
            var missing = false;
            ReadNodes(level, first, end, (index, stored) =>
            {
                if (index != expected)
                {
                    (problem, missing) = (expected, true);
                    return false;
                }
                page.NodesChecked++;
                if (!stored.SequenceEqual(page.Node(level, (int)(index - first))))
                {
                    (problem, missing) = (index, false);
                    return false;
                }
                expected++;
                return true;
            });
            if (problem is null && expected < end)
            {
                (problem, missing) = (expected, true);
            }
            if (problem is { } index)
            {
                page.Report(((index + 1) << level) - 1, level, AuditVerifyPage.NodeProblem(level, index, missing));
            }
        }
    }

    /// <summary>A stored node, as read: its index and hash. Returns false to stop reading.</summary>
    protected delegate bool NodeVisitor(long index, ReadOnlySpan<byte> hash);

    /// <summary>Calls <paramref name="visit"/> for the stored nodes of <paramref name="level"/> with index in [from, to), in index order.</summary>
    protected virtual void ReadNodes(int level, long from, long to, NodeVisitor visit)
    {
        using var cmd = Command(NodeSql);
        AuditTreeStore.AddParameter(cmd, "@l", level);
        AuditTreeStore.AddParameter(cmd, "@f", from);
        AuditTreeStore.AddParameter(cmd, "@t", to);
        using var reader = cmd.ExecuteReader();
        while (reader.Read() && visit(reader.GetInt64(0), (byte[])reader.GetValue(1)))
        {
        }
    }

    protected DbCommand Command(string sql)
    {
        var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Connection.Dispose();
        }
    }
}
