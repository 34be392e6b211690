using System.Globalization;
using System.Threading.Channels;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;

namespace SmartGov.Gateway;

/// <summary>One exchange as a gateway logs it. Bodies are base64 when the service logs them in full, else null.</summary>
public sealed record MessageRecord(
    DateTimeOffset Time,
    string Side,
    string MessageId,
    string Client,
    string Service,
    string Method,
    string Path,
    string Query,
    string Purpose,
    string UserId,
    int Status,
    string? Error,
    string? Detail,
    string RequestHash,
    string RequestBodyHash,
    string ResponseBodyHash,
    string? RequestBody,
    string? ResponseBody,
    string TraceId,
    double DurationMs);

public sealed record SignedTreeHead(string Member, long TreeSize, string RootHash, long Timestamp, string Signature);

public sealed record LoggedEntry(long Index, string LeafHash, MessageRecord Record);

/// <summary>
/// A page of the log from <see cref="From"/>: the entries in index order, <see cref="Next"/> = the index to ask for next
/// (equal to <see cref="TreeSize"/> when the reader is at the end), <see cref="TreeSize"/> = the leaf count when read.
/// </summary>
public sealed record MessageLogPage(long From, long Next, long TreeSize, IReadOnlyList<LoggedEntry> Entries);

/// <summary>Who signs the log's heads (the gateway's member and key): needed to close a segment with a signed head.</summary>
public sealed record HeadSigner(string Member, Sm2KeyPair Key);

/// <summary>A closed segment of the log: records [<see cref="First"/>, <see cref="End"/>) and the signed head at its end.</summary>
public sealed record LogSegment(long First, long End, string File, DateTimeOffset ArchivedAt, long Bytes, SignedTreeHead? Head);

/// <summary>Rotation of the message log (section <c>Gateway:MessageLog</c>); see docs/exchange-protocol.md, "Message log".</summary>
public sealed class MessageLogOptions
{
    /// <summary>A segment is closed when it holds this many records…</summary>
    public long SegmentMaxRecords { get; set; } = 1_000_000;

    /// <summary>…or this many bytes of records…</summary>
    public long SegmentMaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>…or when its first record is this old (hours; 0 = no age limit).</summary>
    public double SegmentMaxAgeHours { get; set; } = 24;

    /// <summary>Where closed segments go; relative paths are under the data directory. Default <c>messagelog-archive</c>.</summary>
    public string ArchiveFolder { get; set; } = "messagelog-archive";

    /// <summary>How many archived segments stay in <see cref="ArchiveFolder"/>; older ones are deleted (0 = keep all, the operator moves them).</summary>
    public int KeepArchivedSegments { get; set; }

    /// <summary>Whether every commit reaches the disk (SQLite synchronous=FULL: survives power loss) or the OS (NORMAL: survives a process crash).</summary>
    public bool SyncToDisk { get; set; }
}

/// <summary>
/// The gateway's append-only message log: an RFC 6962 Merkle tree over SM3 (leaf = SM3(0x00‖record)) whose leaves are the
/// JSON records. Records are written by one writer in group commits (all records that queued while the last transaction
/// ran share the next one); <see cref="AppendAsync"/> completes when its record is committed, so a gateway answers only
/// after the exchange is in its log. The records of the open segment live in <c>messagelog.db</c> (SQLite, WAL); closed
/// segments are archived as self-contained SQLite files with their signed heads; the tree's nodes live in
/// <c>messagelog-tree/</c> (<see cref="FileMerkleNodeSource"/>), so heads and proofs span every segment.
/// </summary>
public sealed class MessageLog : IMerkleNodeSource, IDisposable
{
    private const int MaxBatch = 512;
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly FileMerkleNodeSource _tree;
    private readonly Lock _gate = new();
    private readonly MessageLogOptions _options;
    private readonly HeadSigner? _signer;
    private readonly TimeProvider _time;
    private readonly string _archiveFolder;
    private readonly Channel<(byte[] Record, byte[] Leaf, TaskCompletionSource<long> Done)> _queue =
        Channel.CreateUnbounded<(byte[], byte[], TaskCompletionSource<long>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly CancellationTokenSource _stop = new();
    private long _segmentFirst;
    private long _segmentBytes;
    private long _segmentStartedMs;

    public MessageLog(string path)
        : this(path, new MessageLogOptions(), signer: null, TimeProvider.System)
    {
    }

    public MessageLog(string path, MessageLogOptions options, HeadSigner? signer, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _signer = signer;
        _time = time;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        _archiveFolder = Path.Combine(folder, options.ArchiveFolder);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute($"PRAGMA journal_mode=WAL; PRAGMA synchronous={(options.SyncToDisk ? "FULL" : "NORMAL")};");
        Execute("""
            CREATE TABLE IF NOT EXISTS log_entries (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL, record BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS tree_heads (tree_size INTEGER NOT NULL, root_hash TEXT NOT NULL, timestamp INTEGER NOT NULL, signature TEXT NOT NULL,
                member TEXT NOT NULL DEFAULT '');
            CREATE TABLE IF NOT EXISTS segments (first_idx INTEGER PRIMARY KEY, end_idx INTEGER NOT NULL, file TEXT NOT NULL,
                archived_at INTEGER NOT NULL, bytes INTEGER NOT NULL, head_size INTEGER);
            CREATE TABLE IF NOT EXISTS segment_state (id INTEGER PRIMARY KEY CHECK (id = 1), started_ms INTEGER NOT NULL);
            """);
        if (Scalar("SELECT COUNT(*) FROM pragma_table_info('tree_heads') WHERE name = 'member'") == 0)
        {
            // A log made before heads named their member.
            Execute("ALTER TABLE tree_heads ADD COLUMN member TEXT NOT NULL DEFAULT ''");
        }

        _tree = new FileMerkleNodeSource(Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + "-tree"));
        _segmentFirst = Scalar("SELECT COALESCE(MAX(end_idx), 0) FROM segments");
        var committed = Math.Max(_segmentFirst, Scalar("SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries"));
        if (_tree.LeafCount > committed)
        {
            // The process stopped between a commit's tree nodes and the commit: drop the nodes of records never committed.
            _tree.Truncate(committed);
        }

        if (_tree.LeafCount < committed)
        {
            // Nodes not yet written when the process stopped (or a log from before the tree files): rebuild from the records.
            using var read = _connection.CreateCommand();
            read.CommandText = "SELECT idx, leaf_hash FROM log_entries WHERE idx >= $from ORDER BY idx";
            read.Parameters.AddWithValue("$from", _tree.LeafCount);
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetInt64(0) != _tree.LeafCount)
                {
                    throw new InvalidOperationException($"The message log {path} misses record {_tree.LeafCount}: its tree cannot be rebuilt.");
                }

                _tree.AppendLeafHash((byte[])reader[1]);
            }

            _tree.Flush();
        }

        _segmentBytes = Scalar("SELECT COALESCE(SUM(LENGTH(record)), 0) FROM log_entries");
        _segmentStartedMs = Scalar("SELECT COALESCE(MAX(started_ms), 0) FROM segment_state");
        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO log_entries (idx, leaf_hash, record) VALUES ($idx, $leaf, $record)";
        _insert.Parameters.Add("$idx", SqliteType.Integer);
        _insert.Parameters.Add("$leaf", SqliteType.Blob);
        _insert.Parameters.Add("$record", SqliteType.Blob);
        _writer = Task.Run(WriteLoopAsync);
    }

    public long LeafCount
    {
        get
        {
            lock (_gate)
            {
                return _tree.LeafCount;
            }
        }
    }

    /// <summary>The number of records in the log (the size of the tree), archived segments included.</summary>
    public long TreeSize => LeafCount;

    /// <summary>The first record of the open segment: those before it are in archived segments.</summary>
    public long OpenSegmentFirst
    {
        get
        {
            lock (_gate)
            {
                return _segmentFirst;
            }
        }
    }

    public byte[] GetSubtreeHash(long start, int height)
    {
        lock (_gate)
        {
            return _tree.GetSubtreeHash(start, height);
        }
    }

    /// <summary>Appends a record and waits until it is committed; returns its index.</summary>
    public long Append(MessageRecord record) => AppendAsync(record).GetAwaiter().GetResult();

    /// <summary>Queues a record for the next group commit; the task ends with its index once the commit is done.</summary>
    public Task<long> AppendAsync(MessageRecord record)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, _json);
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((bytes, MerkleHasher.Sm3.HashLeaf(bytes), done)))
        {
            done.SetException(new ObjectDisposedException(nameof(MessageLog)));
        }

        return done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(byte[] Record, byte[] Leaf, TaskCompletionSource<long> Done)>(MaxBatch);
        while (true)
        {
            bool more;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                // Wake up now and then without traffic, so a segment also closes by age.
                idle.CancelAfter(TimeSpan.FromMinutes(1));
                try
                {
                    more = await _queue.Reader.WaitToReadAsync(idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    more = true;
                }
                catch (OperationCanceledException)
                {
                    more = false;
                }
            }

            if (!more)
            {
                return;
            }

            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                long first;
                lock (_gate)
                {
                    first = Commit(batch);
                    RotateIfDue();
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(first + i);
                }
            }
            catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                foreach (var b in batch)
                {
                    b.Done.TrySetException(ex);
                }
            }
        }
    }

    private long Commit(List<(byte[] Record, byte[] Leaf, TaskCompletionSource<long> Done)> batch)
    {
        var first = _tree.LeafCount;
        if (batch.Count == 0)
        {
            return first;
        }

        using (var tx = _connection.BeginTransaction())
        {
            _insert.Transaction = tx;
            for (var i = 0; i < batch.Count; i++)
            {
                _insert.Parameters["$idx"].Value = first + i;
                _insert.Parameters["$leaf"].Value = batch[i].Leaf;
                _insert.Parameters["$record"].Value = batch[i].Record;
                _insert.ExecuteNonQuery();
                _segmentBytes += batch[i].Record.Length;
            }

            if (_segmentStartedMs == 0)
            {
                _segmentStartedMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
                using var state = _connection.CreateCommand();
                state.Transaction = tx;
                state.CommandText = "INSERT OR REPLACE INTO segment_state (id, started_ms) VALUES (1, $t)";
                state.Parameters.AddWithValue("$t", _segmentStartedMs);
                state.ExecuteNonQuery();
            }

            tx.Commit();
            _insert.Transaction = null;
        }

        // The tree grows only by committed records, so every head signed covers records that are in the log.
        foreach (var b in batch)
        {
            _tree.AppendLeafHash(b.Leaf);
        }

        _tree.Flush();

        return first;
    }

    private void RotateIfDue()
    {
        var records = _tree.LeafCount - _segmentFirst;
        if (records == 0)
        {
            return;
        }

        var ageHours = (_time.GetUtcNow().ToUnixTimeMilliseconds() - _segmentStartedMs) / 3_600_000.0;
        if (records >= _options.SegmentMaxRecords || _segmentBytes >= _options.SegmentMaxBytes
            || (_options.SegmentMaxAgeHours > 0 && _segmentStartedMs > 0 && ageHours >= _options.SegmentMaxAgeHours))
        {
            RotateLocked();
        }
    }

    /// <summary>
    /// Closes the open segment now (if it has records): signs the head at its end, copies its records and every head so far
    /// into a self-contained archive file, and removes them from the open database. Returns the segment, or null when empty.
    /// </summary>
    public LogSegment? Rotate()
    {
        lock (_gate)
        {
            return RotateLocked();
        }
    }

    private LogSegment? RotateLocked()
    {
        var end = _tree.LeafCount;
        if (end == _segmentFirst)
        {
            return null;
        }

        var head = _signer is null ? null : SignHeadLocked(_signer.Member, _signer.Key, _time.GetUtcNow());
        Directory.CreateDirectory(_archiveFolder);
        var name = $"messagelog-{_segmentFirst:D12}-{end:D12}.db";
        var final = Path.Combine(_archiveFolder, name);
        var part = final + ".part";
        File.Delete(part);
        Execute($"ATTACH DATABASE '{part.Replace("'", "''", StringComparison.Ordinal)}' AS archive");
        try
        {
            using var copy = _connection.CreateCommand();
            copy.CommandText = """
                CREATE TABLE archive.log_entries (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL, record BLOB NOT NULL);
                INSERT INTO archive.log_entries SELECT idx, leaf_hash, record FROM main.log_entries WHERE idx >= $first AND idx < $end;
                CREATE TABLE archive.tree_heads AS SELECT tree_size, root_hash, timestamp, signature, member FROM main.tree_heads;
                CREATE TABLE archive.segment (first_idx INTEGER NOT NULL, end_idx INTEGER NOT NULL, root_hash TEXT NOT NULL, archived_at INTEGER NOT NULL);
                INSERT INTO archive.segment VALUES ($first, $end, $root, $at);
                """;
            copy.Parameters.AddWithValue("$first", _segmentFirst);
            copy.Parameters.AddWithValue("$end", end);
            copy.Parameters.AddWithValue("$root", Convert.ToHexStringLower(MerkleTree.RootHash(MerkleHasher.Sm3, _tree, end)));
            copy.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
            copy.ExecuteNonQuery();
        }
        finally
        {
            Execute("DETACH DATABASE archive");
        }

        File.Move(part, final, overwrite: true);
        var bytes = new FileInfo(final).Length;
        var at = _time.GetUtcNow();
        using (var tx = _connection.BeginTransaction())
        using (var cmd = _connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                DELETE FROM log_entries WHERE idx < $end;
                INSERT OR REPLACE INTO segments (first_idx, end_idx, file, archived_at, bytes, head_size) VALUES ($first, $end, $file, $at, $bytes, $head);
                DELETE FROM segment_state;
                """;
            cmd.Parameters.AddWithValue("$end", end);
            cmd.Parameters.AddWithValue("$first", _segmentFirst);
            cmd.Parameters.AddWithValue("$file", name);
            cmd.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$bytes", bytes);
            cmd.Parameters.AddWithValue("$head", head is null ? DBNull.Value : head.TreeSize);
            cmd.ExecuteNonQuery();
            tx.Commit();
        }

        var segment = new LogSegment(_segmentFirst, end, name, at, bytes, head);
        _segmentFirst = end;
        _segmentBytes = 0;
        _segmentStartedMs = 0;
        if (_options.KeepArchivedSegments > 0)
        {
            foreach (var old in Directory.GetFiles(_archiveFolder, "messagelog-*.db").Order(StringComparer.Ordinal)
                .SkipLast(_options.KeepArchivedSegments))
            {
                File.Delete(old);
            }
        }

        return segment;
    }

    /// <summary>The closed segments, oldest first (their archive file may have been moved or deleted by retention).</summary>
    public IReadOnlyList<LogSegment> Segments()
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = """
                SELECT s.first_idx, s.end_idx, s.file, s.archived_at, s.bytes, h.member, h.tree_size, h.root_hash, h.timestamp, h.signature
                FROM segments s LEFT JOIN tree_heads h ON h.rowid = (SELECT MAX(rowid) FROM tree_heads WHERE tree_size = s.head_size)
                ORDER BY s.first_idx
                """;
            using var reader = cmd.ExecuteReader();
            var list = new List<LogSegment>();
            while (reader.Read())
            {
                var head = reader.IsDBNull(6) ? null
                    : new SignedTreeHead(reader.GetString(5), reader.GetInt64(6), reader.GetString(7), reader.GetInt64(8), reader.GetString(9));
                list.Add(new LogSegment(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetInt64(4), head));
            }

            return list;
        }
    }

    /// <summary>Disk use: the open segment's database, the tree files, and the archive folder.</summary>
    public (long OpenSegmentBytes, long TreeBytes, long ArchiveBytes, long OpenSegmentRecords) Usage()
    {
        lock (_gate)
        {
            var db = _connection.DataSource;
            long Size(string f) => File.Exists(f) ? new FileInfo(f).Length : 0;
            var archive = Directory.Exists(_archiveFolder) ? Directory.GetFiles(_archiveFolder).Sum(Size) : 0;
            return (Size(db) + Size(db + "-wal"), _tree.SizeOnDisk, archive, _tree.LeafCount - _segmentFirst);
        }
    }

    /// <summary>Signs the current tree head with the gateway key and keeps it (the witness copy goes to the center).</summary>
    public SignedTreeHead SignHead(string member, Sm2KeyPair key, DateTimeOffset now)
    {
        lock (_gate)
        {
            return SignHeadLocked(member, key, now);
        }
    }

    private SignedTreeHead SignHeadLocked(string member, Sm2KeyPair key, DateTimeOffset now)
    {
        var size = _tree.LeafCount;
        var root = Convert.ToHexStringLower(MerkleTree.RootHash(MerkleHasher.Sm3, _tree, size));
        var ts = now.ToUnixTimeMilliseconds();
        var signature = Convert.ToBase64String(key.Sign(Sm3.Hash(HeadBytes(member, size, root, ts))));
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT INTO tree_heads (tree_size, root_hash, timestamp, signature, member) VALUES ($s, $r, $t, $g, $m)";
        cmd.Parameters.AddWithValue("$m", member);
        cmd.Parameters.AddWithValue("$s", size);
        cmd.Parameters.AddWithValue("$r", root);
        cmd.Parameters.AddWithValue("$t", ts);
        cmd.Parameters.AddWithValue("$g", signature);
        cmd.ExecuteNonQuery();
        return new SignedTreeHead(member, size, root, ts, signature);
    }

    /// <summary>The last head signed (by <see cref="SignHead"/> or at a rotation), or null when none has been signed yet.</summary>
    public SignedTreeHead? LatestHead()
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT tree_size, root_hash, timestamp, signature, member FROM tree_heads ORDER BY rowid DESC LIMIT 1";
            using var reader = cmd.ExecuteReader();
            return reader.Read()
                ? new SignedTreeHead(reader.GetString(4), reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3))
                : null;
        }
    }

    /// <summary>The signed heads kept, oldest first, from the <paramref name="skip"/>-th on (at most <paramref name="count"/>).</summary>
    public IReadOnlyList<SignedTreeHead> Heads(int skip, int count)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT tree_size, root_hash, timestamp, signature, member FROM tree_heads ORDER BY rowid LIMIT $c OFFSET $s";
            cmd.Parameters.AddWithValue("$c", count);
            cmd.Parameters.AddWithValue("$s", skip);
            using var reader = cmd.ExecuteReader();
            var list = new List<SignedTreeHead>();
            while (reader.Read())
            {
                list.Add(new SignedTreeHead(reader.GetString(4), reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
            }

            return list;
        }
    }

    /// <summary>The hex root of the first <paramref name="size"/> records (RFC 6962 MTH).</summary>
    /// <exception cref="ArgumentOutOfRangeException">size is negative or beyond <see cref="TreeSize"/>.</exception>
    public string RootHash(long size)
    {
        lock (_gate)
        {
            return Convert.ToHexStringLower(MerkleTree.RootHash(MerkleHasher.Sm3, _tree, size));
        }
    }

    /// <summary>
    /// The RFC 6962 §2.1.2 consistency proof that the log of <paramref name="oldSize"/> records is a prefix of the log of
    /// <paramref name="newSize"/> records, with both roots; check it with <see cref="MessageLogHeads.VerifyConsistency(LogConsistencyProof)"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 ≤ oldSize ≤ newSize ≤ <see cref="TreeSize"/>.</exception>
    public LogConsistencyProof ConsistencyProof(long oldSize, long newSize)
    {
        lock (_gate)
        {
            var path = MerkleTree.ConsistencyProof(MerkleHasher.Sm3, _tree, oldSize, newSize);
            return new LogConsistencyProof(
                oldSize, Convert.ToHexStringLower(MerkleTree.RootHash(MerkleHasher.Sm3, _tree, oldSize)),
                newSize, Convert.ToHexStringLower(MerkleTree.RootHash(MerkleHasher.Sm3, _tree, newSize)),
                [.. path.Select(Convert.ToHexStringLower)]);
        }
    }

    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        lock (_gate)
        {
            return MerkleTree.InclusionProof(MerkleHasher.Sm3, _tree, index, size);
        }
    }

    /// <summary>The bytes a tree head signature covers: "SMARTGOV-STH-1\n{member}\n{size}\n{root hex}\n{timestamp ms}".</summary>
    public static byte[] HeadBytes(string member, long size, string rootHex, long timestamp) =>
        MessageLogHeads.HeadBytes(member, size, rootHex, timestamp);

    /// <summary>
    /// Up to <paramref name="count"/> (1–1000) records from index <paramref name="from"/>, with the index to read next: the
    /// paging the exchange management center and operators use to read the log. A page does not span segments; records of
    /// an archived segment are read from its archive file (a page of none, skipping to the segment's end, if it was removed).
    /// </summary>
    public MessageLogPage ReadPage(long from, int count)
    {
        from = Math.Max(0, from);
        count = Math.Clamp(count, 1, 1000);
        long size;
        long openFirst;
        lock (_gate)
        {
            size = _tree.LeafCount;
            openFirst = _segmentFirst;
        }

        if (from >= openFirst)
        {
            var entries = Read(from, count);
            return new MessageLogPage(from, entries.Count > 0 ? entries[^1].Index + 1 : Math.Min(from, size), size, entries);
        }

        var segment = Segments().LastOrDefault(s => s.First <= from && from < s.End);
        if (segment is null)
        {
            return new MessageLogPage(from, openFirst, size, []);
        }

        var file = Path.Combine(_archiveFolder, segment.File);
        if (!File.Exists(file))
        {
            return new MessageLogPage(from, segment.End, size, []);
        }

        using var archive = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        archive.Open();
        var list = ReadFrom(archive, from, count);
        return new MessageLogPage(from, list.Count > 0 ? list[^1].Index + 1 : segment.End, size, list);
    }

    /// <summary>Records of the open segment from <paramref name="from"/> (archived ones: <see cref="ReadPage"/>).</summary>
    public IReadOnlyList<LoggedEntry> Read(long from, int count)
    {
        lock (_gate)
        {
            return ReadFrom(_connection, from, count);
        }
    }

    private static List<LoggedEntry> ReadFrom(SqliteConnection connection, long from, int count)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT idx, leaf_hash, record FROM log_entries WHERE idx >= $from ORDER BY idx LIMIT $count";
        cmd.Parameters.AddWithValue("$from", from);
        cmd.Parameters.AddWithValue("$count", count);
        using var reader = cmd.ExecuteReader();
        var list = new List<LoggedEntry>();
        while (reader.Read())
        {
            list.Add(new LoggedEntry(reader.GetInt64(0), Convert.ToHexStringLower((byte[])reader[1]),
                JsonSerializer.Deserialize<MessageRecord>((byte[])reader[2], _json)!));
        }

        return list;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        try
        {
            _writer.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The writer's failures went to the appenders already.
        }

        _stop.Cancel();
        _stop.Dispose();
        lock (_gate)
        {
            _insert.Dispose();
            _connection.Dispose();
            _tree.Dispose();
        }
    }

    private long Scalar(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
