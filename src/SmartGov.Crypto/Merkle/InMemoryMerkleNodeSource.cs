namespace SmartGov.Crypto;

/// <summary>
/// An append-only Merkle log kept in memory, with every complete subtree hash cached, so that each
/// <see cref="GetSubtreeHash"/> is an array lookup. For tests, tools and small logs; a database-backed
/// log implements <see cref="IMerkleNodeSource"/> the same way with a node table.
/// </summary>
/// <remarks>Not thread-safe: synchronise appends with reads.</remarks>
public sealed class InMemoryMerkleNodeSource : IMerkleNodeSource
{
    private readonly MerkleHasher _hasher;

    // _levels[h][i] is the hash of the complete subtree over leaves [i·2^h, (i+1)·2^h).
    private readonly List<List<byte[]>> _levels = [[]];

    /// <summary>Creates an empty log whose leaves and nodes are hashed with <paramref name="hasher"/>.</summary>
    public InMemoryMerkleNodeSource(MerkleHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        _hasher = hasher;
    }

    /// <inheritdoc />
    public long LeafCount => _levels[0].Count;

    /// <summary>Appends an entry, hashing it as a leaf (H(0x00 ‖ data)); returns its index.</summary>
    public long Append(byte[] data) => AppendLeafHash(_hasher.HashLeaf(data));

    /// <summary>Appends an already computed leaf hash; returns its index.</summary>
    public long AppendLeafHash(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        if (leafHash.Length != _hasher.HashSizeInBytes)
        {
            throw new ArgumentException($"A leaf hash is {_hasher.HashSizeInBytes} bytes; got {leafHash.Length}.", nameof(leafHash));
        }

        var index = LeafCount;
        _levels[0].Add((byte[])leafHash.Clone());

        // Each time a level gains its second (even-aligned) node, the parent subtree is complete.
        var height = 0;
        while (_levels[height].Count % 2 == 0)
        {
            var level = _levels[height];
            var parent = _hasher.HashChildren(level[^2], level[^1]);
            if (_levels.Count == height + 1)
            {
                _levels.Add([]);
            }

            _levels[height + 1].Add(parent);
            height++;
        }

        return index;
    }

    /// <inheritdoc />
    public byte[] GetSubtreeHash(long start, int height)
    {
        if (height < 0 || height >= _levels.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, "No complete subtree of that height exists yet.");
        }

        var size = 1L << height;
        if (start < 0 || start % size != 0 || start + size > LeafCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(start), start, $"Not the start of a complete subtree of height {height} in a log of {LeafCount} leaves.");
        }

        return (byte[])_levels[height][(int)(start >> height)].Clone();
    }
}
