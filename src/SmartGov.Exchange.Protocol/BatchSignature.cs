using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using SmartGov.Crypto;

namespace SmartGov.Exchange.Protocol;

/// <summary>
/// Batch signatures, as X-Road's security servers sign: the messages a gateway signs at the same moment become the leaves
/// of an RFC 6962 Merkle tree (leaf = SM3(0x00‖message hash)), one SM2 signature covers the tree's root, and each message
/// carries that signature with its own audit path. Every message keeps a signature a third party can check on its own
/// (non-repudiation is unchanged); a busy gateway makes one SM2 signature per batch instead of one per message.
/// <para>
/// <c>SmartGov-Signature</c> is either the base64 DER signature over the message hash (a batch of one, the original form)
/// or <c>batch;{size};{index};{root hex};{base64 of the audit path, 32-byte hashes concatenated};{base64 DER signature}</c>
/// where the signature is over SM3("SMARTGOV-BATCH-1\n{size}\n{root hex}").
/// </para>
/// </summary>
public static class BatchSignature
{
    public const string Prefix = "batch;";
    private const int MaxPathHashes = 32;

    /// <summary>The bytes a batch signature covers: "SMARTGOV-BATCH-1\n{size}\n{root hex}".</summary>
    public static byte[] BatchBytes(int size, string rootHex) =>
        Encoding.ASCII.GetBytes("SMARTGOV-BATCH-1\n" + size.ToString(CultureInfo.InvariantCulture) + "\n" + rootHex);

    /// <summary>
    /// Signs the 32-byte message hashes together: one SM2 signature, one header value per hash (in order). A single hash
    /// gets the plain form.
    /// </summary>
    public static string[] Sign(Sm2KeyPair key, IReadOnlyList<byte[]> messageHashes)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(messageHashes);
        if (messageHashes.Count == 1)
        {
            return [Convert.ToBase64String(key.Sign(messageHashes[0]))];
        }

        var tree = new InMemoryMerkleNodeSource(MerkleHasher.Sm3);
        foreach (var h in messageHashes)
        {
            tree.Append(h);
        }

        var size = messageHashes.Count;
        var root = Convert.ToHexStringLower(MerkleTree.RootHash(MerkleHasher.Sm3, tree, size));
        var signature = Convert.ToBase64String(key.Sign(Sm3.Hash(BatchBytes(size, root))));
        var head = Prefix + size.ToString(CultureInfo.InvariantCulture) + ";";
        var result = new string[size];
        for (var i = 0; i < size; i++)
        {
            var path = MerkleTree.InclusionProof(MerkleHasher.Sm3, tree, i, size);
            result[i] = head + i.ToString(CultureInfo.InvariantCulture) + ";" + root + ";" + Convert.ToBase64String([.. path.SelectMany(p => p)]) + ";" + signature;
        }

        return result;
    }

    /// <summary>
    /// Whether <paramref name="header"/> is a valid signature by <paramref name="key"/> over <paramref name="messageHash"/>,
    /// in either form. <paramref name="cache"/> remembers batch signatures already verified, so the other messages of a
    /// batch cost hashing only.
    /// </summary>
    public static bool Verify(Sm2PublicKey key, byte[] messageHash, string? header, VerifiedSignatureCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(messageHash);
        if (string.IsNullOrEmpty(header) || header.Length > 4096)
        {
            return false;
        }

        if (!header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return VerifyDer(key, messageHash, header);
        }

        var parts = header.Split(';');
        if (parts.Length != 6
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || size < 2 || index >= size || parts[3].Length != 64)
        {
            return false;
        }

        byte[] root;
        byte[] pathBytes;
        try
        {
            root = Convert.FromHexString(parts[3]);
            pathBytes = Convert.FromBase64String(parts[4]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (pathBytes.Length % 32 != 0 || pathBytes.Length / 32 > MaxPathHashes
            || !MerkleTree.VerifyInclusion(MerkleHasher.Sm3, MerkleHasher.Sm3.HashLeaf(messageHash), index, size,
                [.. pathBytes.Chunk(32)], root))
        {
            return false;
        }

        var rootHex = parts[3].ToLowerInvariant();
        var signed = Sm3.Hash(BatchBytes(size, rootHex));
        return cache is null
            ? VerifyDer(key, signed, parts[5])
            : cache.Verify(key, size + ";" + rootHex + ";" + parts[5], () => VerifyDer(key, signed, parts[5]));
    }

    private static bool VerifyDer(Sm2PublicKey key, byte[] hash, string signatureBase64)
    {
        if (signatureBase64.Length > 200)
        {
            return false;
        }

        var buffer = new byte[150];
        return Convert.TryFromBase64String(signatureBase64, buffer, out var n) && key.Verify(hash, buffer[..n]);
    }
}

/// <summary>
/// Batch signatures already checked, per key: the first message of a batch pays the SM2 verification, the others (often
/// arriving at the same moment: they share one evaluation) find it here. Bounded; only the outcome of a real
/// verification of exactly these bytes is kept.
/// </summary>
public sealed class VerifiedSignatureCache(int capacity = 8192)
{
    private readonly ConcurrentDictionary<(Sm2PublicKey Key, string Signed), Lazy<bool>> _entries = new();

    public bool Verify(Sm2PublicKey key, string batch, Func<bool> verify)
    {
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        return _entries.GetOrAdd((key, batch), _ => new Lazy<bool>(verify, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }
}

/// <summary>
/// Collects the hashes callers want signed and signs whatever has queued up in one batch (<see cref="BatchSignature"/>):
/// alone, a message is signed at once (no waiting for company); under load, the messages that arrived while the last
/// signature was being computed share the next one.
/// </summary>
public sealed class BatchSigner : IAsyncDisposable
{
    private readonly Sm2KeyPair _key;
    private readonly int _maxBatch;
    private readonly Channel<(byte[] Hash, TaskCompletionSource<string> Done)> _queue =
        Channel.CreateUnbounded<(byte[], TaskCompletionSource<string>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public BatchSigner(Sm2KeyPair key, int maxBatch = 64)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        _maxBatch = maxBatch;
        _loop = Task.Run(RunAsync);
    }

    private long _batches;
    private long _messages;

    /// <summary>SM2 signatures made so far (one per batch).</summary>
    public long Signatures => Interlocked.Read(ref _batches);

    /// <summary>Messages signed so far.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    public Task<string> SignAsync(byte[] messageHash)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((messageHash, done)))
        {
            done.SetException(new ObjectDisposedException(nameof(BatchSigner)));
        }

        return done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<(byte[] Hash, TaskCompletionSource<string> Done)>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                var signatures = BatchSignature.Sign(_key, [.. batch.Select(b => b.Hash)]);
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _messages, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(signatures[i]);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                foreach (var b in batch)
                {
                    b.Done.TrySetException(ex);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
