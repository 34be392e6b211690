using SmartGov.Crypto;

namespace SmartGov.Gateway;

/// <summary>
/// The message log's Merkle tree kept on disk: one file per level of complete subtrees (<c>level-00.bin</c> holds the
/// leaf hashes, <c>level-01.bin</c> their pairs, …), 32 bytes per node, append-only. A node is one positioned read, so
/// roots and proofs cost O(log n) reads and memory stays flat however long the log grows (≈ 64 bytes of disk per record).
/// The tree outlives the record segments that are rotated into the archive, so heads and proofs keep working.
/// </summary>
internal sealed class FileMerkleNodeSource : IMerkleNodeSource, IDisposable
{
    private const int HashSize = 32;
    private readonly string _folder;
    private readonly List<Microsoft.Win32.SafeHandles.SafeFileHandle> _levels = [];
    private readonly List<long> _nodes = [];
    private readonly List<byte[]?> _last = [];

    // Nodes appended since the last Flush, per level: written with one call per level per group commit.
    private readonly List<List<byte[]>> _pending = [];

    public FileMerkleNodeSource(string folder)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        for (var h = 0; File.Exists(LevelPath(h)); h++)
        {
            Open(h);
        }

        if (_levels.Count == 0)
        {
            Open(0);
        }

        Truncate(_nodes[0]);
    }

    public long LeafCount { get; private set; }

    public byte[] GetSubtreeHash(long start, int height)
    {
        var size = 1L << height;
        if (height < 0 || height >= _levels.Count || start < 0 || start % size != 0 || start + size > LeafCount)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"No complete subtree of height {height} starts there.");
        }

        return Node(height, start >> height);
    }

    private byte[] Node(int height, long index)
    {
        var flushed = _nodes[height] - _pending[height].Count;
        if (index >= flushed)
        {
            return _pending[height][(int)(index - flushed)];
        }

        var hash = new byte[HashSize];
        RandomAccess.Read(_levels[height], hash, index * HashSize);
        return hash;
    }

    public void AppendLeafHash(byte[] leafHash)
    {
        Write(0, leafHash);
        var count = ++LeafCount;
        var height = 0;
        // Each time a level gains its second (even-aligned) node, the parent subtree is complete (RFC 6962 §2.1).
        while (count % 2 == 0)
        {
            var left = Node(height, _nodes[height] - 2);
            var parent = MerkleHasher.Sm3.HashChildren(left, _last[height]!);
            height++;
            if (_levels.Count == height)
            {
                Open(height);
            }

            Write(height, parent);
            count /= 2;
        }
    }

    /// <summary>Cuts the tree back to <paramref name="leaves"/> leaves (after a crash left hashes of uncommitted records).</summary>
    public void Truncate(long leaves)
    {
        Flush();
        for (var h = 0; h < _levels.Count; h++)
        {
            var nodes = Math.Min(leaves >> h, _nodes[h]);
            if (RandomAccess.GetLength(_levels[h]) != nodes * HashSize)
            {
                RandomAccess.SetLength(_levels[h], nodes * HashSize);
            }

            _nodes[h] = nodes;
            _last[h] = null;
            if (nodes > 0)
            {
                var last = new byte[HashSize];
                RandomAccess.Read(_levels[h], last, (nodes - 1) * HashSize);
                _last[h] = last;
            }
        }

        LeafCount = _nodes[0];
    }

    /// <summary>Writes the appended nodes through to the disk.</summary>
    public void Flush()
    {
        for (var h = 0; h < _levels.Count; h++)
        {
            var pending = _pending[h];
            if (pending.Count > 0)
            {
                RandomAccess.Write(_levels[h], pending.SelectMany(p => p).ToArray(), (_nodes[h] - pending.Count) * HashSize);
                pending.Clear();
            }
        }
    }

    public long SizeOnDisk => _nodes.Sum() * HashSize;

    public void Dispose()
    {
        Flush();
        foreach (var level in _levels)
        {
            level.Dispose();
        }
    }

    private void Write(int height, byte[] hash)
    {
        _pending[height].Add(hash);
        _nodes[height]++;
        _last[height] = hash;
    }

    private void Open(int height)
    {
        var handle = File.OpenHandle(LevelPath(height), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, FileOptions.RandomAccess);
        _levels.Add(handle);
        _nodes.Add(RandomAccess.GetLength(handle) / HashSize);
        _last.Add(null);
        _pending.Add([]);
    }

    private string LevelPath(int height) => Path.Combine(_folder, $"level-{height:D2}.bin");
}
