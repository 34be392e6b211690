namespace SmartGov.Crypto;

/// <summary>
/// Where <see cref="MerkleTree"/> reads a log's node hashes from: the hashes of complete, aligned
/// subtrees. A store that keeps interior nodes (for example one table row per node) answers each call
/// with one read, so roots and proofs cost O(log n) reads; see <see cref="InMemoryMerkleNodeSource"/>.
/// </summary>
public interface IMerkleNodeSource
{
    /// <summary>Number of leaves currently in the log.</summary>
    long LeafCount { get; }

    /// <summary>
    /// The hash of the complete subtree over leaves [<paramref name="start"/>, <paramref name="start"/> + 2^<paramref name="height"/>).
    /// Height 0 is a leaf hash, H(0x00 ‖ entry). <see cref="MerkleTree"/> only asks for subtrees that
    /// lie within <see cref="LeafCount"/> and whose <paramref name="start"/> is a multiple of 2^<paramref name="height"/>:
    /// those nodes never change once written, because the log is append-only.
    /// </summary>
    byte[] GetSubtreeHash(long start, int height);
}
