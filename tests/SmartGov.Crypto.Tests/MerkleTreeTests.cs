using System.Numerics;
using System.Security.Cryptography;

namespace SmartGov.Crypto.Tests;

public class MerkleTreeTests
{
    // The reference tree of google/certificate-transparency (cpp/merkletree/merkle_tree_test.cc):
    // eight leaves, SHA-256, RFC 6962 hashing.
    private static readonly byte[][] CtInputs =
    [
        [],
        Hex.Decode("00"),
        Hex.Decode("10"),
        Hex.Decode("2021"),
        Hex.Decode("3031"),
        Hex.Decode("40414243"),
        Hex.Decode("5051525354555657"),
        Hex.Decode("606162636465666768696a6b6c6d6e6f"),
    ];

    private static readonly string[] CtRoots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    // CT's path vectors use 1-based leaf numbers; these are converted to 0-based indexes.
    public static TheoryData<int, int, string[]> CtInclusionProofs => new()
    {
        { 0, 1, [] },
        {
            0, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        },
        {
            5, 8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        },
        { 2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
        {
            1, 5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        },
    };

    public static TheoryData<int, int, string[]> CtConsistencyProofs => new()
    {
        { 1, 1, [] },
        {
            1, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        },
        {
            6, 8,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        },
        {
            2, 5,
            [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        },
    };

    private static readonly MerkleHasher Sha256 = MerkleHasher.Sha256;

    [Fact]
    public void Roots_match_the_certificate_transparency_reference_tree_for_every_size()
    {
        var log = CtLog();

        for (var size = 0; size <= 8; size++)
        {
            Assert.Equal(CtRoots[size], Hex.Encode(MerkleTree.RootHash(Sha256, log, size)));
        }
    }

    [Theory]
    [MemberData(nameof(CtInclusionProofs))]
    public void Inclusion_proofs_match_the_certificate_transparency_vectors(int index, int size, string[] expected)
    {
        var log = CtLog();

        var proof = MerkleTree.InclusionProof(Sha256, log, index, size);

        Assert.Equal(expected, proof.Select(Hex.Encode));
        Assert.True(MerkleTree.VerifyInclusion(
            Sha256, Sha256.HashLeaf(CtInputs[index]), index, size, proof, Hex.Decode(CtRoots[size])));
    }

    [Theory]
    [MemberData(nameof(CtConsistencyProofs))]
    public void Consistency_proofs_match_the_certificate_transparency_vectors(int oldSize, int newSize, string[] expected)
    {
        var log = CtLog();

        var proof = MerkleTree.ConsistencyProof(Sha256, log, oldSize, newSize);

        Assert.Equal(expected, proof.Select(Hex.Encode));
        Assert.True(MerkleTree.VerifyConsistency(
            Sha256, oldSize, newSize, Hex.Decode(CtRoots[oldSize]), Hex.Decode(CtRoots[newSize]), proof));
    }

    [Fact]
    public void The_empty_tree_root_is_the_hash_of_nothing()
    {
        Assert.Equal(CtRoots[0], Hex.Encode(Sha256.EmptyRoot()));
        Assert.Equal(Sm3.Hash([]), MerkleHasher.Sm3.EmptyRoot());
    }

    [Fact]
    public void Leaves_and_nodes_are_domain_separated_as_RFC_6962_requires()
    {
        var a = RandomNumberGenerator.GetBytes(32);
        var b = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(SHA256.HashData([0x00, .. a]), Sha256.HashLeaf(a));
        Assert.Equal(SHA256.HashData([0x01, .. a, .. b]), Sha256.HashChildren(a, b));
        Assert.Equal(Sm3.Hash([0x00, .. a]), MerkleHasher.Sm3.HashLeaf(a));
        Assert.Equal(Sm3.Hash([0x01, .. a, .. b]), MerkleHasher.Sm3.HashChildren(a, b));
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("sm3")]
    public void Roots_equal_a_direct_transcription_of_the_RFC_6962_definition(string hash)
    {
        var hasher = hash == "sm3" ? MerkleHasher.Sm3 : MerkleHasher.Sha256;
        var entries = Enumerable.Range(0, 70).Select(i => RandomNumberGenerator.GetBytes(i % 9)).ToArray();
        var log = new InMemoryMerkleNodeSource(hasher);
        foreach (var entry in entries)
        {
            log.Append(entry);
        }

        for (var n = 0; n <= entries.Length; n++)
        {
            Assert.Equal(ReferenceRoot(hasher, entries.AsSpan(0, n)), MerkleTree.RootHash(hasher, log, n));
        }
    }

    [Fact]
    public void Every_inclusion_proof_verifies_and_every_tampering_fails_for_all_sizes_up_to_33()
    {
        var (log, leafHashes) = RandomLog(Sha256, 33);

        for (var size = 1; size <= 33; size++)
        {
            var root = MerkleTree.RootHash(Sha256, log, size);
            for (var index = 0; index < size; index++)
            {
                var proof = MerkleTree.InclusionProof(Sha256, log, index, size);
                var leaf = leafHashes[index];

                Assert.True(MerkleTree.VerifyInclusion(Sha256, leaf, index, size, proof, root), $"leaf {index} of {size}");
                Assert.Equal(ExpectedPathLength(index, size), proof.Count);

                foreach (var tampered in Tamperings(proof))
                {
                    Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf, index, size, tampered, root), $"tampered proof, leaf {index} of {size}");
                }

                Assert.False(MerkleTree.VerifyInclusion(Sha256, leafHashes[(index + 1) % 33], index, size, proof, root));
                Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf, index, size, proof, Flip(root)));
                if (index > 0)
                {
                    Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf, index - 1, size, proof, root));
                }

                if (index + 1 < size)
                {
                    Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf, index + 1, size, proof, root));
                }

                // The same mutations of the claimed size as the certificate-transparency verifier tests.
                // (A proof is not bound to one exact size: the signed tree head binds size and root together.)
                Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf, index, size * 2, proof, root));
                Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf, index, size / 2, proof, root));
            }
        }
    }

    [Fact]
    public void Every_consistency_proof_verifies_and_every_tampering_fails_for_all_sizes_up_to_33()
    {
        var (log, _) = RandomLog(Sha256, 33);
        var roots = Enumerable.Range(0, 34).Select(n => MerkleTree.RootHash(Sha256, log, n)).ToArray();

        for (var newSize = 0; newSize <= 33; newSize++)
        {
            for (var oldSize = 0; oldSize <= newSize; oldSize++)
            {
                var proof = MerkleTree.ConsistencyProof(Sha256, log, oldSize, newSize);

                Assert.True(
                    MerkleTree.VerifyConsistency(Sha256, oldSize, newSize, roots[oldSize], roots[newSize], proof),
                    $"{oldSize} -> {newSize}");

                foreach (var tampered in Tamperings(proof))
                {
                    Assert.False(MerkleTree.VerifyConsistency(Sha256, oldSize, newSize, roots[oldSize], roots[newSize], tampered));
                }

                if (oldSize == 0 || oldSize == newSize)
                {
                    Assert.Empty(proof);
                    continue;
                }

                Assert.False(MerkleTree.VerifyConsistency(Sha256, oldSize, newSize, Flip(roots[oldSize]), roots[newSize], proof));
                Assert.False(MerkleTree.VerifyConsistency(Sha256, oldSize, newSize, roots[oldSize], Flip(roots[newSize]), proof));
                Assert.False(MerkleTree.VerifyConsistency(Sha256, oldSize, newSize, roots[newSize], roots[oldSize], proof));
                Assert.False(MerkleTree.VerifyConsistency(Sha256, oldSize - 1, newSize, roots[oldSize], roots[newSize], proof));
                Assert.False(MerkleTree.VerifyConsistency(Sha256, oldSize + 1, newSize, roots[oldSize], roots[newSize], proof));
                Assert.False(MerkleTree.VerifyConsistency(Sha256, oldSize, newSize * 2, roots[oldSize], roots[newSize], proof));
                Assert.False(MerkleTree.VerifyConsistency(Sha256, oldSize, newSize / 2, roots[oldSize], roots[newSize], proof));
                Assert.False(MerkleTree.VerifyConsistency(Sha256, oldSize, newSize, roots[oldSize], roots[newSize], []));
            }
        }
    }

    [Fact]
    public void A_log_whose_history_was_rewritten_fails_the_consistency_check()
    {
        var (honest, leafHashes) = RandomLog(Sha256, 20);
        var rewritten = new InMemoryMerkleNodeSource(Sha256);
        for (var i = 0; i < 20; i++)
        {
            rewritten.AppendLeafHash(i == 6 ? Sha256.HashLeaf("forged"u8.ToArray()) : leafHashes[i]);
        }

        var oldRoot = MerkleTree.RootHash(Sha256, honest, 11);
        var proof = MerkleTree.ConsistencyProof(Sha256, rewritten, 11, 20);

        Assert.False(MerkleTree.VerifyConsistency(Sha256, 11, 20, oldRoot, MerkleTree.RootHash(Sha256, rewritten, 20), proof));
    }

    [Fact]
    public void Consistency_from_the_empty_tree_needs_the_empty_root_and_no_proof()
    {
        var root = Hex.Decode(CtRoots[8]);

        Assert.True(MerkleTree.VerifyConsistency(Sha256, 0, 8, Sha256.EmptyRoot(), root, []));
        Assert.False(MerkleTree.VerifyConsistency(Sha256, 0, 8, root, root, []));
        Assert.False(MerkleTree.VerifyConsistency(Sha256, 0, 8, Sha256.EmptyRoot(), root, [Sha256.EmptyRoot()]));
        Assert.True(MerkleTree.VerifyConsistency(Sha256, 0, 0, Sha256.EmptyRoot(), Sha256.EmptyRoot(), []));
        Assert.False(MerkleTree.VerifyConsistency(Sha256, 8, 8, root, Sha256.EmptyRoot(), []));
        Assert.False(MerkleTree.VerifyConsistency(Sha256, 8, 8, root, root, [root]));
        Assert.False(MerkleTree.VerifyConsistency(Sha256, 8, 7, root, root, []));
    }

    [Fact]
    public void Verifiers_return_false_for_malformed_input_instead_of_throwing()
    {
        var root = Hex.Decode(CtRoots[8]);
        var leaf = Sha256.HashLeaf(CtInputs[0]);
        var proof = MerkleTree.InclusionProof(Sha256, CtLog(), 0, 8);

        Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf, -1, 8, proof, root));
        Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf, 8, 8, proof, root));
        Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf, 0, 0, proof, root));
        Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf, 0, -5, proof, root));
        Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf[..31], 0, 8, proof, root));
        Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf, 0, 8, [proof[0], [], proof[2]], root));
        Assert.False(MerkleTree.VerifyInclusion(Sha256, leaf, 0, 8, proof, []));
        Assert.False(MerkleTree.VerifyConsistency(Sha256, -1, 8, root, root, proof));
        Assert.False(MerkleTree.VerifyConsistency(Sha256, 3, 8, root, root, [proof[0], new byte[33]]));
    }

    [Fact]
    public void Proof_generation_validates_its_arguments()
    {
        var log = CtLog();

        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.RootHash(Sha256, log, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.RootHash(Sha256, log, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.InclusionProof(Sha256, log, 8, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.InclusionProof(Sha256, log, 0, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.InclusionProof(Sha256, log, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.ConsistencyProof(Sha256, log, 5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.ConsistencyProof(Sha256, log, 1, 9));
    }

    [Fact]
    public void The_in_memory_source_only_serves_complete_aligned_subtrees()
    {
        var log = CtLog();

        Assert.Equal(8, log.LeafCount);
        Assert.Equal(Hex.Decode(CtRoots[8]), log.GetSubtreeHash(0, 3));
        Assert.Equal(Hex.Decode(CtRoots[4]), log.GetSubtreeHash(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.GetSubtreeHash(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.GetSubtreeHash(8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.GetSubtreeHash(0, 4));
        Assert.Throws<ArgumentException>(() => log.AppendLeafHash(new byte[31]));
    }

    [Fact]
    public void Proofs_for_a_trillion_leaf_log_take_a_logarithmic_number_of_aligned_reads()
    {
        var source = new CountingSource(1_000_000_000_037);

        MerkleTree.RootHash(Sha256, source, source.LeafCount);
        Assert.InRange(source.Reads, 1, 40);

        foreach (var index in new[] { 0L, 1L, 999_999_999_999L, 1_000_000_000_036L, 549_755_813_888L })
        {
            source.Reads = 0;
            var proof = MerkleTree.InclusionProof(Sha256, source, index, source.LeafCount);
            Assert.InRange(proof.Count, 1, 40);
            Assert.InRange(source.Reads, 1, 2 * 40);
        }

        foreach (var oldSize in new[] { 1L, 2L, 3L, 1L << 39, 999_999_999_999L })
        {
            source.Reads = 0;
            var proof = MerkleTree.ConsistencyProof(Sha256, source, oldSize, source.LeafCount);
            Assert.InRange(proof.Count, 1, 2 * 40);
            Assert.InRange(source.Reads, 1, 3 * 40);
        }
    }

    [Fact]
    public void A_profile_gives_the_tree_its_hash()
    {
        Assert.Same(MerkleHasher.Sm3, MerkleHasher.For(CryptoProfiles.Gm));
        Assert.Same(MerkleHasher.Sha256, MerkleHasher.For(CryptoProfiles.Intl));
        Assert.Equal(32, MerkleHasher.Sm3.HashSizeInBytes);
    }

    private static InMemoryMerkleNodeSource CtLog()
    {
        var log = new InMemoryMerkleNodeSource(Sha256);
        foreach (var input in CtInputs)
        {
            log.Append(input);
        }

        return log;
    }

    private static (InMemoryMerkleNodeSource Log, byte[][] LeafHashes) RandomLog(MerkleHasher hasher, int size)
    {
        var log = new InMemoryMerkleNodeSource(hasher);
        var leafHashes = new byte[size][];
        for (var i = 0; i < size; i++)
        {
            leafHashes[i] = hasher.HashLeaf(RandomNumberGenerator.GetBytes(i % 5 + 1));
            Assert.Equal(i, log.AppendLeafHash(leafHashes[i]));
        }

        return (log, leafHashes);
    }

    /// <summary>MTH exactly as RFC 6962 §2.1 writes it, by recursion over the entries.</summary>
    private static byte[] ReferenceRoot(MerkleHasher hasher, ReadOnlySpan<byte[]> entries)
    {
        if (entries.Length == 0)
        {
            return hasher.EmptyRoot();
        }

        if (entries.Length == 1)
        {
            return hasher.HashLeaf(entries[0]);
        }

        var k = 1;
        while (k * 2 < entries.Length)
        {
            k *= 2;
        }

        return hasher.HashChildren(ReferenceRoot(hasher, entries[..k]), ReferenceRoot(hasher, entries[k..]));
    }

    /// <summary>The audit path has one node per level, minus the levels where the leaf's ancestor has no sibling.</summary>
    private static int ExpectedPathLength(long index, long size)
    {
        var length = 0;
        while (size > 1)
        {
            var k = 1L << BitOperations.Log2((ulong)(size - 1));
            (index, size) = index < k ? (index, k) : (index - k, size - k);
            length++;
        }

        return length;
    }

    private static IEnumerable<IReadOnlyList<byte[]>> Tamperings(IReadOnlyList<byte[]> proof)
    {
        for (var i = 0; i < proof.Count; i++)
        {
            var flipped = proof.ToArray();
            flipped[i] = Flip(proof[i]);
            yield return flipped;

            var removed = proof.ToList();
            removed.RemoveAt(i);
            yield return removed;
        }

        yield return [.. proof, new byte[32]];
        yield return [new byte[32], .. proof];
        if (proof.Count > 1)
        {
            yield return proof.Reverse().ToArray();
        }
    }

    private static byte[] Flip(byte[] hash)
    {
        var copy = (byte[])hash.Clone();
        copy[0] ^= 0x01;
        return copy;
    }

    /// <summary>A log too big to build: hands out made-up hashes and checks the tree only asks for aligned, existing subtrees.</summary>
    [Fact]
    public void Span_leaf_and_node_hashes_equal_the_array_ones_and_the_plain_definition()
    {
        var data = new byte[700];
        Random.Shared.NextBytes(data);
        foreach (var (hasher, hash) in new (MerkleHasher, Func<byte[], byte[]>)[] { (MerkleHasher.Sm3, Sm3.Hash), (MerkleHasher.Sha256, System.Security.Cryptography.SHA256.HashData) })
        {
            var leaf = hash([0x00, .. data]);
            Assert.Equal(leaf, hasher.HashLeaf(data));
            var into = new byte[32];
            hasher.HashLeaf(data.AsSpan(), into);
            Assert.Equal(leaf, into);

            var other = hash([0x00]);
            var node = hash([0x01, .. leaf, .. other]);
            Assert.Equal(node, hasher.HashChildren(leaf, other));
            hasher.HashChildren(leaf.AsSpan(), other.AsSpan(), into);
            Assert.Equal(node, into);
            Assert.Equal(hash([]), hasher.EmptyRoot());
        }
    }

    private sealed class CountingSource(long leafCount) : IMerkleNodeSource
    {
        public long LeafCount { get; } = leafCount;

        public int Reads { get; set; }

        public byte[] GetSubtreeHash(long start, int height)
        {
            Reads++;
            Assert.InRange(height, 0, 62);
            Assert.Equal(0, start % (1L << height));
            Assert.True(start + (1L << height) <= LeafCount, $"subtree [{start}, +2^{height}) is beyond the log");
            return SHA256.HashData(BitConverter.GetBytes(start * 64 + height));
        }
    }
}
