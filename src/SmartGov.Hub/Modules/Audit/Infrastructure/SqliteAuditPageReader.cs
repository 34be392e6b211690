using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SmartGov.Crypto;
using SQLitePCL;

namespace SmartGov.Hub.Modules.Audit.Infrastructure;

/// <summary>
/// The SQLite path of <c>audit verify</c>: steps its own prepared statements and copies each column's stored UTF-8
/// bytes straight into the canonical form (<see cref="AuditCanonicalJson.Utf8Builder"/>): no .NET string, GUID or
/// DateTime per column, no AuditRecord, no allocation per row. Stored leaf hashes and nodes are compared where they
/// lie. A row with a value the builder does not take as stored (another type than the schema's, text that is not
/// UTF-8 or holds a NUL, a GUID or time in another layout, sub-millisecond digits) is read again by its id through
/// ADO.NET and checked exactly as <see cref="AuditPageReader"/> checks it, so every verdict stays the same.
/// </summary>
internal sealed class SqliteAuditPageReader : AuditPageReader
{
    private const string EntrySql =
        "SELECT " + AuditTreeStore.RecordColumns + " FROM \"audit_records\" WHERE \"Sequence\" >= ?1 AND \"Sequence\" < ?2 ORDER BY \"Sequence\"";

    private const string NodeSql =
        "SELECT \"Index\", \"Hash\" FROM \"audit_tree_nodes\" WHERE \"Level\" = ?1 AND \"Index\" >= ?2 AND \"Index\" < ?3 ORDER BY \"Index\"";

    private const string RowByIdSql = "SELECT " + AuditTreeStore.RecordColumns + " FROM \"audit_records\" WHERE \"Id\" = @id";

    // Columns in AuditTreeStore.RecordColumns order.
    private const int IdColumn = 0, AtColumn = 1, ActionColumn = 2, OutcomeColumn = 3, ActorTypeColumn = 4, ActorIdColumn = 5, ActorNameColumn = 6,
        ActorDepartmentColumn = 7, SubjectTypeColumn = 8, SubjectIdColumn = 9, PersonColumn = 10, PurposeColumn = 11, SourceAddressColumn = 12,
        RequestIdColumn = 13, TraceIdColumn = 14, DetailsColumn = 15, SequenceColumn = 16, LeafHashColumn = 17;

    private readonly SqliteConnection _sqlite;
    private readonly sqlite3 _db;
    private readonly bool _ownsDb;
    private readonly AuditCanonicalJson.Utf8Builder _canonical = new();
    private byte[] _scratch = new byte[4096];
    private sqlite3_stmt? _entries;
    private sqlite3_stmt? _nodes;

    public SqliteAuditPageReader(SqliteConnection connection, MerkleHasher hasher, long size) : base(connection, hasher, size)
    {
        _sqlite = connection;
        // The hot statements run on a second, read-only handle to the same file opened without SQLite's per-connection
        // mutex (each column call would take it; only this reader's thread uses the handle). An in-memory or temporary
        // database has no file to open again: then the ADO.NET connection's own handle serves.
        _db = connection.Handle!;
        var file = raw.sqlite3_db_filename(connection.Handle, "main").utf8_to_string();
        if (!string.IsNullOrEmpty(file))
        {
            var rc = raw.sqlite3_open_v2(file, out var db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX | raw.SQLITE_OPEN_PRIVATECACHE, null);
            if (rc == raw.SQLITE_OK)
            {
                _db = db;
                _ownsDb = true;
            }
            else
            {
                db.Dispose();
            }
        }
    }

    public override bool IsFastPath => true;

    /// <summary>
    /// Whether the fast path may run on <paramref name="connection"/>: the database stores text as UTF-8, and the
    /// bundled e_sqlite3 answers the direct calls below as the same library Microsoft.Data.Sqlite uses.
    /// </summary>
    public static bool CanUse(SqliteConnection connection)
    {
        try
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA encoding";
            return cmd.ExecuteScalar() is "UTF-8"
                && raw.GetNativeLibraryName() == "e_sqlite3"
                && Native.sqlite3_libversion_number() == raw.sqlite3_libversion_number();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or SqliteException)
        {
            return false;
        }
    }

    protected override long ReadEntries(AuditVerifyPage page, long cursor, long to, CancellationToken ct)
    {
        var stmt = Prepare(ref _entries, EntrySql);
        Check(raw.sqlite3_bind_int64(stmt, 1, cursor));
        Check(raw.sqlite3_bind_int64(stmt, 2, to));
        var handle = stmt.DangerousGetHandle();
        try
        {
            var expected = to - cursor;
            for (long read = 0; read < expected && Step(stmt); read++)
            {
                if ((read & 1023) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }
                var leafType = Native.sqlite3_column_type(handle, LeafHashColumn);
                if (Native.sqlite3_column_type(handle, SequenceColumn) != raw.SQLITE_INTEGER
                    || leafType is not (raw.SQLITE_BLOB or raw.SQLITE_NULL)
                    || !Canonical(handle))
                {
                    // Not as the hub writes it: the row the way it has always been read and checked.
                    var (row, error) = ReadById(Native.sqlite3_column_int64(handle, IdColumn));
                    if (!Accept(page, ref cursor, row, error))
                    {
                        break;
                    }
                    continue;
                }
                var sequence = Native.sqlite3_column_int64(handle, SequenceColumn);
                if (sequence != cursor)
                {
                    StopAt(page, cursor, Missing(sequence));
                    break;
                }
                var leaf = page.Leaf(page.Count);
                Hasher.HashLeaf(_canonical.Written, leaf);
                var stored = leafType == raw.SQLITE_NULL ? default : Column(handle, LeafHashColumn);
                if (leafType == raw.SQLITE_NULL || !leaf.SequenceEqual(stored))
                {
                    StopAt(page, cursor, Mismatch(leaf, stored, leafType == raw.SQLITE_NULL));
                    break;
                }
                page.Count++;
                page.Entries++;
                cursor++;
            }
        }
        finally
        {
            raw.sqlite3_reset(stmt);
        }
        return cursor;
    }

    /// <summary>Writes the current row's canonical form; false if a value is not as the hub writes it.</summary>
    private bool Canonical(nint stmt)
    {
        var w = _canonical;
        w.Reset();
        w.Key(0);
        if (!RequiredText(stmt, ActionColumn))
        {
            return false;
        }
        w.Key(1);
        if (!OptionalGuid(stmt, ActorDepartmentColumn))
        {
            return false;
        }
        w.Key(2);
        if (!OptionalGuid(stmt, ActorIdColumn))
        {
            return false;
        }
        w.Key(3);
        if (!OptionalText(stmt, ActorNameColumn))
        {
            return false;
        }
        w.Key(4);
        if (!RequiredText(stmt, ActorTypeColumn))
        {
            return false;
        }
        w.Key(5);
        if (!OptionalText(stmt, DetailsColumn))
        {
            return false;
        }
        w.Key(6);
        if (!RequiredText(stmt, OutcomeColumn))
        {
            return false;
        }
        w.Key(7);
        if (!OptionalText(stmt, PersonColumn))
        {
            return false;
        }
        w.Key(8);
        if (!OptionalText(stmt, PurposeColumn))
        {
            return false;
        }
        w.Key(9);
        if (!OptionalText(stmt, RequestIdColumn))
        {
            return false;
        }
        w.Key(10);
        w.Integer(Native.sqlite3_column_int64(stmt, SequenceColumn));
        w.Key(11);
        if (!OptionalText(stmt, SourceAddressColumn))
        {
            return false;
        }
        w.Key(12);
        if (!OptionalText(stmt, SubjectIdColumn))
        {
            return false;
        }
        w.Key(13);
        if (!OptionalText(stmt, SubjectTypeColumn))
        {
            return false;
        }
        w.Key(14);
        if (Native.sqlite3_column_type(stmt, AtColumn) != raw.SQLITE_TEXT || !w.TryStoredTime(Column(stmt, AtColumn)))
        {
            return false;
        }
        w.Key(15);
        if (!OptionalText(stmt, TraceIdColumn))
        {
            return false;
        }
        w.Key(16);
        w.Integer(AuditCanonicalJson.Version);
        w.End();
        return true;
    }

    private bool RequiredText(nint stmt, int column) =>
        Native.sqlite3_column_type(stmt, column) == raw.SQLITE_TEXT && _canonical.TryString(Column(stmt, column));

    private bool OptionalText(nint stmt, int column)
    {
        switch (Native.sqlite3_column_type(stmt, column))
        {
            case raw.SQLITE_NULL:
                _canonical.Null();
                return true;
            case raw.SQLITE_TEXT:
                return _canonical.TryString(Column(stmt, column));
            default:
                return false;
        }
    }

    private bool OptionalGuid(nint stmt, int column)
    {
        switch (Native.sqlite3_column_type(stmt, column))
        {
            case raw.SQLITE_NULL:
                _canonical.Null();
                return true;
            case raw.SQLITE_TEXT:
                return _canonical.TryGuid(Column(stmt, column));
            default:
                return false;
        }
    }

    /// <summary>The column's bytes (text as stored, UTF-8), copied into a buffer the reader reuses; valid until the next call.</summary>
    private ReadOnlySpan<byte> Column(nint stmt, int column)
    {
        var pointer = Native.sqlite3_column_blob(stmt, column);
        var length = Native.sqlite3_column_bytes(stmt, column);
        if (length == 0 || pointer == 0)
        {
            return [];
        }
        if (length > _scratch.Length)
        {
            _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        }
        Marshal.Copy(pointer, _scratch, 0, length);
        return _scratch.AsSpan(0, length);
    }

    private (Model.AuditRecord Row, string? Error) ReadById(long id)
    {
        using var cmd = Command(RowByIdSql);
        AuditTreeStore.AddParameter(cmd, "@id", id);
        using var reader = cmd.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException($"Audit row {id} vanished while it was being verified.");
        }
        return Decode(reader);
    }

    protected override void ReadNodes(int level, long from, long to, NodeVisitor visit)
    {
        var stmt = Prepare(ref _nodes, NodeSql);
        Check(raw.sqlite3_bind_int64(stmt, 1, level));
        Check(raw.sqlite3_bind_int64(stmt, 2, from));
        Check(raw.sqlite3_bind_int64(stmt, 3, to));
        var handle = stmt.DangerousGetHandle();
        try
        {
            while (Step(stmt))
            {
                if (Native.sqlite3_column_type(handle, 1) != raw.SQLITE_BLOB)
                {
                    // As the ADO.NET path: a hash column that holds no bytes cannot be compared.
                    throw new InvalidCastException($"Tree node (level {level}, index {Native.sqlite3_column_int64(handle, 0)}) does not hold a hash.");
                }
                if (!visit(Native.sqlite3_column_int64(handle, 0), Column(handle, 1)))
                {
                    break;
                }
            }
        }
        finally
        {
            raw.sqlite3_reset(stmt);
        }
    }

    private sqlite3_stmt Prepare(ref sqlite3_stmt? statement, string sql)
    {
        if (statement is null)
        {
            Check(raw.sqlite3_prepare_v2(_db, sql, out var prepared));
            statement = prepared;
        }
        return statement;
    }

    /// <summary>One step: true for a row, false at the end. A busy database (a WAL checkpoint) is retried for up to 30 s.</summary>
    private bool Step(sqlite3_stmt stmt)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (true)
        {
            var rc = raw.sqlite3_step(stmt);
            switch (rc)
            {
                case raw.SQLITE_ROW:
                    return true;
                case raw.SQLITE_DONE:
                    return false;
                case raw.SQLITE_BUSY or raw.SQLITE_LOCKED when Environment.TickCount64 < deadline:
                    // A read outside a transaction may simply be stepped again.
                    Thread.Sleep(5);
                    continue;
                default:
                    Check(rc);
                    return false;
            }
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _entries?.Dispose();
            _nodes?.Dispose();
            if (_ownsDb)
            {
                _db.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    /// <summary>
    /// The few per-column calls, made directly on the statement pointer: through SQLitePCL each one adds and releases a
    /// SafeHandle reference and a GC transition, which cost more than the call itself (none of these blocks).
    /// </summary>
    private static class Native
    {
        private const string Library = "e_sqlite3";

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int sqlite3_libversion_number();

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        public static extern int sqlite3_column_type(nint stmt, int column);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        public static extern nint sqlite3_column_blob(nint stmt, int column);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        public static extern int sqlite3_column_bytes(nint stmt, int column);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        public static extern long sqlite3_column_int64(nint stmt, int column);
    }
}
