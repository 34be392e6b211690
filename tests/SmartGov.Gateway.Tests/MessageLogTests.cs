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

public sealed class FastSm3Tests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(65537)]
    public void The_bulk_sm3_gives_the_same_digest_as_the_reference_sm3(int size)
    {
        var data = new byte[size];
        Random.Shared.NextBytes(data);
        Assert.Equal(SmartGov.Crypto.Sm3.Hash(data), Transfers.FastSm3.Hash(data));
    }
}
