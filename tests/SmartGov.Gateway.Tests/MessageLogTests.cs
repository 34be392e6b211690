using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;

namespace SmartGov.Gateway.Tests;

/// <summary>The message log's witness interface: signed heads, consistency proofs and paging, as the center reads them.</summary>
public sealed class MessageLogTests : IDisposable
{
    private const string Member = "CN-DEMO/GOV/11350100300000012X";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sgov-log-" + Guid.NewGuid().ToString("N")[..8]);

    private static MessageRecord Record(int i) => new(
        DateTimeOffset.UnixEpoch.AddSeconds(i), "provider", $"message-{i:D6}-abcdefgh", "CN-DEMO/GOV/X/app", "CN-DEMO/GOV/Y/a/b", "GET", "/p/" + i, "",
        "purpose", "", 200, null, null, new string('0', 64), new string('1', 64), new string('2', 64), null, null, "", 1.5);

    [Fact]
    public void A_later_head_is_consistent_with_an_earlier_one_and_a_tampered_proof_is_not()
    {
        var key = Sm2KeyPair.Generate();
        using var log = new MessageLog(Path.Combine(_dir, "messagelog.db"));
        Assert.Null(log.LatestHead());
        for (var i = 0; i < 7; i++)
        {
            log.Append(Record(i));
        }

        var first = log.SignHead(Member, key, DateTimeOffset.UtcNow);
        for (var i = 7; i < 20; i++)
        {
            log.Append(Record(i));
        }

        var second = log.SignHead(Member, key, DateTimeOffset.UtcNow);
        Assert.Equal(second, log.LatestHead());
        Assert.True(MessageLogHeads.VerifyHead(key.PublicKey, second.Member, second.TreeSize, second.RootHash, second.Timestamp, second.Signature));
        Assert.False(MessageLogHeads.VerifyHead(key.PublicKey, second.Member, second.TreeSize - 1, second.RootHash, second.Timestamp, second.Signature));

        var proof = log.ConsistencyProof(first.TreeSize, second.TreeSize);
        Assert.Equal(first.RootHash, proof.OldRoot);
        Assert.Equal(second.RootHash, proof.NewRoot);
        Assert.True(MessageLogHeads.VerifyConsistency(proof));
        var forged = proof with { Path = [.. proof.Path.Select((h, i) => i == 0 ? new string('0', 64) : h)] };
        Assert.False(MessageLogHeads.VerifyConsistency(forged));
        Assert.Equal([first, second], log.Heads(0, 10));
    }

    [Fact]
    public void Pages_cover_every_record_once_in_order_and_survive_a_reopen()
    {
        var path = Path.Combine(_dir, "messagelog.db");
        using (var log = new MessageLog(path))
        {
            for (var i = 0; i < 25; i++)
            {
                log.Append(Record(i));
            }
        }

        using var reopened = new MessageLog(path);
        var seen = new List<string>();
        long from = 0;
        while (true)
        {
            var page = reopened.ReadPage(from, 10);
            Assert.Equal(25, page.TreeSize);
            if (page.Entries.Count == 0)
            {
                Assert.Equal(25, page.Next);
                break;
            }

            seen.AddRange(page.Entries.Select(e => e.Record.MessageId));
            from = page.Next;
        }

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"message-{i:D6}-abcdefgh"), seen);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}

/// <summary>Rotation: bounded open segment, self-contained archives with signed heads, and one continuous Merkle tree.</summary>
public sealed class MessageLogRotationTests : IDisposable
{
    private const string Member = "CN-DEMO/GOV/11350100300000012X";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sgov-rot-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Sm2KeyPair _key = Sm2KeyPair.Generate();

    private static MessageRecord Record(int i) => new(
        DateTimeOffset.UnixEpoch.AddSeconds(i), "provider", $"message-{i:D6}-abcdefgh", "CN-DEMO/GOV/X/app", "CN-DEMO/GOV/Y/a/b", "GET", "/p/" + i, "",
        "purpose", "", 200, null, null, new string('0', 64), new string('1', 64), new string('2', 64), null, Convert.ToBase64String(new byte[500]), "", 1.5);

    private MessageLog Open(int keep = 0) => new(Path.Combine(_dir, "messagelog.db"),
        new MessageLogOptions { SegmentMaxRecords = 10, SegmentMaxAgeHours = 0, KeepArchivedSegments = keep }, new HeadSigner(Member, _key), TimeProvider.System);

    [Fact]
    public void Full_segments_go_to_the_archive_with_signed_heads_and_proofs_still_span_the_whole_log()
    {
        string firstRoot;
        using (var log = Open())
        {
            for (var i = 0; i < 35; i++)
            {
                log.Append(Record(i));
            }

            firstRoot = log.RootHash(10);
            var segments = log.Segments();
            Assert.Equal([(0L, 10L), (10L, 20L), (20L, 30L)], segments.Select(s => (s.First, s.End)));
            Assert.All(segments, s => Assert.True(File.Exists(Path.Combine(_dir, "messagelog-archive", s.File))));
            // Only the open segment's records stay in the open database.
            Assert.Equal(5, log.Usage().OpenSegmentRecords);
            Assert.Equal(30, log.OpenSegmentFirst);

            var head = segments[0].Head!;
            Assert.Equal(10, head.TreeSize);
            Assert.Equal(firstRoot, head.RootHash);
            Assert.True(MessageLogHeads.VerifyHead(_key.PublicKey, Member, head.TreeSize, head.RootHash, head.Timestamp, head.Signature));
            var latest = log.SignHead(Member, _key, DateTimeOffset.UtcNow);
            var proof = log.ConsistencyProof(head.TreeSize, latest.TreeSize);
            Assert.Equal(latest.RootHash, proof.NewRoot);
            Assert.True(MessageLogHeads.VerifyConsistency(proof));
        }

        // After a restart the tree, the segments and the archived records are all there.
        using var reopened = Open();
        Assert.Equal(35, reopened.TreeSize);
        Assert.Equal(firstRoot, reopened.RootHash(10));
        var seen = new List<long>();
        for (long from = 0; from < reopened.TreeSize;)
        {
            var page = reopened.ReadPage(from, 7);
            seen.AddRange(page.Entries.Select(e => e.Index));
            from = page.Next;
        }

        Assert.Equal(Enumerable.Range(0, 35).Select(i => (long)i), seen);
        Assert.Equal("message-000003-abcdefgh", reopened.ReadPage(3, 1).Entries.Single().Record.MessageId);

        // An archive stands alone: its records, their root and the signed head, readable without the gateway.
        using var archive = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(_dir, "messagelog-archive", reopened.Segments()[1].File)};Mode=ReadOnly;Pooling=False");
        archive.Open();
        using var cmd = archive.CreateCommand();
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM log_entries), (SELECT root_hash FROM segment), (SELECT COUNT(*) FROM tree_heads WHERE tree_size = 20)";
        using var reader = cmd.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(10, reader.GetInt64(0));
        Assert.Equal(reopened.RootHash(20), reader.GetString(1));
        Assert.Equal(1, reader.GetInt64(2));
    }

    [Fact]
    public void Retention_removes_the_oldest_archives_but_the_tree_and_later_records_stay()
    {
        using var log = Open(keep: 1);
        for (var i = 0; i < 31; i++)
        {
            log.Append(Record(i));
        }

        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "messagelog-archive")));
        Assert.Equal(3, log.Segments().Count);
        // Records of a removed archive are gone (the page says where to go on); later ones read as before.
        var page = log.ReadPage(0, 5);
        Assert.Empty(page.Entries);
        Assert.Equal(10, page.Next);
        Assert.Equal(20, log.ReadPage(20, 5).Entries[0].Index);
        Assert.True(MessageLogHeads.VerifyConsistency(log.ConsistencyProof(3, 31)));
    }

    [Fact]
    public void A_lost_tree_is_rebuilt_from_the_open_segment_with_the_same_root()
    {
        string root;
        using (var log = new MessageLog(Path.Combine(_dir, "messagelog.db")))
        {
            for (var i = 0; i < 9; i++)
            {
                log.Append(Record(i));
            }

            root = log.RootHash(9);
        }

        Directory.Delete(Path.Combine(_dir, "messagelog-tree"), recursive: true);
        using var reopened = new MessageLog(Path.Combine(_dir, "messagelog.db"));
        Assert.Equal(9, reopened.TreeSize);
        Assert.Equal(root, reopened.RootHash(9));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
