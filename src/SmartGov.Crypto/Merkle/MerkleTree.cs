using System.Numerics;
using System.Security.Cryptography;

namespace SmartGov.Crypto;

/// <summary>
/// Roots, audit paths and consistency proofs of the Merkle Hash Tree of RFC 6962 §2.1, read from an
/// <see cref="IMerkleNodeSource"/>, and their verification (the algorithms of RFC 9162 §2.1.3.2 and
/// §2.1.4.2, which restate RFC 6962's for verifiers).
/// </summary>
/// <remarks>
/// Every range the RFC 6962 recursion visits starts at a multiple of the largest power of two not
/// larger than its size, so it splits into at most log2(n) complete subtrees. Each of those is one
/// <see cref="IMerkleNodeSource.GetSubtreeHash"/> call; a root or a proof therefore costs O(log n) reads.
/// </remarks>
public static class MerkleTree
{
    /// <summary>MTH(D[0:size]), the root of the first <paramref name="size"/> leaves (RFC 6962 §2.1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative or beyond the source's leaf count.</exception>
    public static byte[] RootHash(MerkleHasher hasher, IMerkleNodeSource source, long size)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(source);
        if (size < 0 || size > source.LeafCount)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The tree size must be between 0 and {source.LeafCount}.");
        }

        return size == 0 ? hasher.EmptyRoot() : RangeHash(hasher, source, 0, size);
    }

    /// <summary>
    /// PATH(m, D[0:n]), the audit path proving that leaf <paramref name="index"/> is in the tree of
    /// <paramref name="size"/> leaves (RFC 6962 §2.1.1), ordered from the leaf's sibling up to the root's child.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not in [0, size) or size is beyond the source's leaf count.</exception>
    public static IReadOnlyList<byte[]> InclusionProof(MerkleHasher hasher, IMerkleNodeSource source, long index, long size)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(source);
        if (size < 1 || size > source.LeafCount)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The tree size must be between 1 and {source.LeafCount}.");
        }

        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The leaf index must be between 0 and {size - 1}.");
        }

        var proof = new List<byte[]>();
        AppendPath(hasher, source, index, 0, size, proof);
        return proof;
    }

    /// <summary>
    /// PROOF(m, D[0:n]), the consistency proof that the tree of <paramref name="oldSize"/> leaves is a
    /// prefix of the tree of <paramref name="newSize"/> leaves (RFC 6962 §2.1.2). Empty when
    /// <paramref name="oldSize"/> is 0 or equals <paramref name="newSize"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 ≤ oldSize ≤ newSize ≤ leaf count.</exception>
    public static IReadOnlyList<byte[]> ConsistencyProof(MerkleHasher hasher, IMerkleNodeSource source, long oldSize, long newSize)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(source);
        if (newSize < 0 || newSize > source.LeafCount)
        {
            throw new ArgumentOutOfRangeException(nameof(newSize), newSize, $"The new tree size must be between 0 and {source.LeafCount}.");
        }

        if (oldSize < 0 || oldSize > newSize)
        {
            throw new ArgumentOutOfRangeException(nameof(oldSize), oldSize, $"The old tree size must be between 0 and {newSize}.");
        }

        var proof = new List<byte[]>();
        if (oldSize > 0 && oldSize < newSize)
        {
            AppendSubproof(hasher, source, oldSize, 0, newSize, haveOldRoot: true, proof);
        }

        return proof;
    }

    /// <summary>
    /// Checks an audit path (RFC 9162 §2.1.3.2): that <paramref name="leafHash"/> is leaf
    /// <paramref name="index"/> of the tree of <paramref name="size"/> leaves whose root is <paramref name="rootHash"/>.
    /// </summary>
    /// <returns><see langword="true"/> only if the proof is exactly right; any malformed input gives <see langword="false"/>.</returns>
    public static bool VerifyInclusion(
        MerkleHasher hasher, byte[] leafHash, long index, long size, IReadOnlyList<byte[]> proof, byte[] rootHash)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(leafHash);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(rootHash);
        if (index < 0 || index >= size || !AllHashesWellFormed(hasher, proof) || leafHash.Length != hasher.HashSizeInBytes)
        {
            return false;
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash;
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                // The path is longer than the tree is high.
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = hasher.HashChildren(p, r);
                // A right-most node with no sibling at this level is promoted: skip levels until fn is a right child.
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = hasher.HashChildren(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, rootHash);
    }

    /// <summary>
    /// Checks a consistency proof (RFC 9162 §2.1.4.2): that the tree of <paramref name="oldSize"/>
    /// leaves with root <paramref name="oldRoot"/> is a prefix of the tree of <paramref name="newSize"/>
    /// leaves with root <paramref name="newRoot"/>.
    /// </summary>
    /// <remarks>
    /// When the sizes are equal the proof must be empty and the roots equal. When <paramref name="oldSize"/> is 0
    /// the proof must be empty and <paramref name="oldRoot"/> must be the empty-tree root, since every tree extends the empty one.
    /// </remarks>
    /// <returns><see langword="true"/> only if the proof is exactly right; any malformed input gives <see langword="false"/>.</returns>
    public static bool VerifyConsistency(
        MerkleHasher hasher, long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(oldRoot);
        ArgumentNullException.ThrowIfNull(newRoot);
        ArgumentNullException.ThrowIfNull(proof);
        if (oldSize < 0 || oldSize > newSize || !AllHashesWellFormed(hasher, proof))
        {
            return false;
        }

        if (oldSize == newSize)
        {
            return proof.Count == 0 && CryptographicOperations.FixedTimeEquals(oldRoot, newRoot);
        }

        if (oldSize == 0)
        {
            return proof.Count == 0 && CryptographicOperations.FixedTimeEquals(oldRoot, hasher.EmptyRoot());
        }

        if (proof.Count == 0)
        {
            return false;
        }

        // When the old tree is a complete subtree its root is not in the proof: the verifier already has it.
        var path = BitOperations.IsPow2(oldSize) ? [oldRoot, .. proof] : proof.ToList();

        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = hasher.HashChildren(c, fr);
                sr = hasher.HashChildren(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = hasher.HashChildren(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0
            && CryptographicOperations.FixedTimeEquals(fr, oldRoot)
            && CryptographicOperations.FixedTimeEquals(sr, newRoot);
    }

    /// <summary>MTH(D[start:start+count]) for a range the RFC 6962 recursion can visit.</summary>
    private static byte[] RangeHash(MerkleHasher hasher, IMerkleNodeSource source, long start, long count)
    {
        if (BitOperations.IsPow2(count))
        {
            return source.GetSubtreeHash(start, BitOperations.Log2((ulong)count));
        }

        // RFC 6962 §2.1: k is the largest power of two smaller than n; MTH = H(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])).
        var k = SplitPoint(count);
        var left = source.GetSubtreeHash(start, BitOperations.Log2((ulong)k));
        return hasher.HashChildren(left, RangeHash(hasher, source, start + k, count - k));
    }

    /// <summary>RFC 6962 §2.1.1: PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) if m &lt; k, else PATH(m - k, D[k:n]) : MTH(D[0:k]).</summary>
    private static void AppendPath(MerkleHasher hasher, IMerkleNodeSource source, long m, long start, long count, List<byte[]> proof)
    {
        if (count == 1)
        {
            return;
        }

        var k = SplitPoint(count);
        if (m < k)
        {
            AppendPath(hasher, source, m, start, k, proof);
            proof.Add(RangeHash(hasher, source, start + k, count - k));
        }
        else
        {
            AppendPath(hasher, source, m - k, start + k, count - k, proof);
            proof.Add(source.GetSubtreeHash(start, BitOperations.Log2((ulong)k)));
        }
    }

    /// <summary>
    /// RFC 6962 §2.1.2: SUBPROOF(m, D[n], b). When m = n the subtree root is included unless it is the
    /// old root itself (b); otherwise recurse into the half that holds the old tree's right edge.
    /// </summary>
    private static void AppendSubproof(
        MerkleHasher hasher, IMerkleNodeSource source, long m, long start, long count, bool haveOldRoot, List<byte[]> proof)
    {
        if (m == count)
        {
            if (!haveOldRoot)
            {
                proof.Add(RangeHash(hasher, source, start, count));
            }

            return;
        }

        var k = SplitPoint(count);
        if (m <= k)
        {
            AppendSubproof(hasher, source, m, start, k, haveOldRoot, proof);
            proof.Add(RangeHash(hasher, source, start + k, count - k));
        }
        else
        {
            AppendSubproof(hasher, source, m - k, start + k, count - k, haveOldRoot: false, proof);
            proof.Add(source.GetSubtreeHash(start, BitOperations.Log2((ulong)k)));
        }
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2).</summary>
    private static long SplitPoint(long n) => 1L << BitOperations.Log2((ulong)(n - 1));

    private static bool AllHashesWellFormed(MerkleHasher hasher, IReadOnlyList<byte[]> hashes)
    {
        foreach (var h in hashes)
        {
            if (h is null || h.Length != hasher.HashSizeInBytes)
            {
                return false;
            }
        }

        return true;
    }
}
