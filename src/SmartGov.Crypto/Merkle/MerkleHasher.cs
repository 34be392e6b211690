using System.Security.Cryptography;

namespace SmartGov.Crypto;

/// <summary>
/// The hashing rules of an RFC 6962 §2.1 Merkle Hash Tree over a chosen hash function H:
/// empty tree MTH({}) = H(), leaf MTH({d}) = H(0x00 ‖ d), interior node = H(0x01 ‖ left ‖ right).
/// </summary>
/// <remarks>
/// The distinct 0x00 and 0x01 prefixes are what RFC 6962 §2.1 uses to separate leaves from interior
/// nodes, so that no leaf can be passed off as a subtree (second-preimage resistance of the tree).
/// </remarks>
public sealed class MerkleHasher
{
    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    private readonly Func<byte[], byte[]> _hash;
    private readonly byte[] _emptyRoot;

    /// <summary>Creates the tree hasher for hash function <paramref name="hash"/>.</summary>
    /// <param name="hash">A collision-resistant hash with a fixed output length.</param>
    public MerkleHasher(Func<byte[], byte[]> hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        _hash = hash;
        _emptyRoot = hash([]);
        HashSizeInBytes = _emptyRoot.Length;
        if (HashSizeInBytes == 0)
        {
            throw new ArgumentException("The hash function returned an empty digest.", nameof(hash));
        }
    }

    /// <summary>The tree with SHA-256, exactly as RFC 6962 (Certificate Transparency) specifies it.</summary>
    public static MerkleHasher Sha256 { get; } = new(SHA256.HashData);

    /// <summary>The same tree structure with SM3 (GB/T 32905), for the 国密 profile.</summary>
    public static MerkleHasher Sm3 { get; } = new(SmartGov.Crypto.Sm3.Hash);

    /// <summary>Length of every node hash in bytes.</summary>
    public int HashSizeInBytes { get; }

    /// <summary>The tree hasher for a profile's hash function.</summary>
    public static MerkleHasher For(ICryptoProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.Name == CryptoProfiles.GmName ? Sm3
            : profile.Name == CryptoProfiles.IntlName ? Sha256
            : new MerkleHasher(profile.Hash);
    }

    /// <summary>MTH({}) = H(), the root of the empty tree (RFC 6962 §2.1).</summary>
    public byte[] EmptyRoot() => (byte[])_emptyRoot.Clone();

    /// <summary>MTH({d}) = H(0x00 ‖ d), the hash of a leaf holding <paramref name="data"/> (RFC 6962 §2.1).</summary>
    public byte[] HashLeaf(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var buffer = new byte[1 + data.Length];
        buffer[0] = LeafPrefix;
        data.CopyTo(buffer, 1);
        return _hash(buffer);
    }

    /// <summary>H(0x01 ‖ left ‖ right), the hash of an interior node (RFC 6962 §2.1).</summary>
    public byte[] HashChildren(byte[] left, byte[] right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var buffer = new byte[1 + left.Length + right.Length];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer, 1);
        right.CopyTo(buffer, 1 + left.Length);
        return _hash(buffer);
    }
}
