using System.Buffers;
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

    // Inputs up to this size are assembled on the stack when the hash cannot take its prefix separately.
    private const int StackLimit = 1024;

    private readonly Func<byte[], byte[]>? _hash;
    private readonly PrefixedHash? _prefixed;
    private readonly byte[] _emptyRoot;

    /// <summary>H(prefix ‖ data) into destination, without concatenating (the built-in hashes).</summary>
    internal delegate void PrefixedHash(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data, Span<byte> destination);

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

    private MerkleHasher(PrefixedHash prefixed, int hashSize)
    {
        _prefixed = prefixed;
        HashSizeInBytes = hashSize;
        _emptyRoot = new byte[hashSize];
        prefixed([], [], _emptyRoot);
    }

    /// <summary>The tree with SHA-256, exactly as RFC 6962 (Certificate Transparency) specifies it.</summary>
    public static MerkleHasher Sha256 { get; } = new(Sha256Prefixed, SHA256.HashSizeInBytes);

    /// <summary>The same tree structure with SM3 (GB/T 32905), for the 国密 profile.</summary>
    public static MerkleHasher Sm3 { get; } = new(SmartGov.Crypto.Sm3.HashPrefixed, SmartGov.Crypto.Sm3.HashSizeInBytes);

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
        return HashLeaf(data.AsSpan());
    }

    /// <summary>MTH({d}) = H(0x00 ‖ d), the hash of a leaf holding <paramref name="data"/> (RFC 6962 §2.1).</summary>
    public byte[] HashLeaf(ReadOnlySpan<byte> data)
    {
        var output = new byte[HashSizeInBytes];
        HashLeaf(data, output);
        return output;
    }

    /// <summary>Writes H(0x00 ‖ <paramref name="data"/>) to the first <see cref="HashSizeInBytes"/> bytes of <paramref name="destination"/>.</summary>
    public void HashLeaf(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        ReadOnlySpan<byte> prefix = [LeafPrefix];
        Hash(prefix, data, destination);
    }

    /// <summary>H(0x01 ‖ left ‖ right), the hash of an interior node (RFC 6962 §2.1).</summary>
    public byte[] HashChildren(byte[] left, byte[] right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var output = new byte[HashSizeInBytes];
        HashChildren(left, right, output);
        return output;
    }

    /// <summary>Writes H(0x01 ‖ left ‖ right) to the first <see cref="HashSizeInBytes"/> bytes of <paramref name="destination"/>.</summary>
    public void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[1 + left.Length + right.Length <= StackLimit ? 1 + left.Length + right.Length : 0];
        var pooled = buffer.IsEmpty ? ArrayPool<byte>.Shared.Rent(1 + left.Length + right.Length) : null;
        if (pooled is not null)
        {
            buffer = pooled.AsSpan(0, 1 + left.Length + right.Length);
        }
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + left.Length)..]);
        Hash([], buffer, destination);
        if (pooled is not null)
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }

    private void Hash(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSizeInBytes)
        {
            throw new ArgumentException($"The destination must hold {HashSizeInBytes} bytes.", nameof(destination));
        }
        if (_prefixed is not null)
        {
            _prefixed(prefix, data, destination);
            return;
        }
        var buffer = new byte[prefix.Length + data.Length];
        prefix.CopyTo(buffer);
        data.CopyTo(buffer.AsSpan(prefix.Length));
        var digest = _hash!(buffer);
        if (digest.Length != HashSizeInBytes)
        {
            throw new CryptographicException($"The hash function returned {digest.Length} bytes; it returned {HashSizeInBytes} before.");
        }
        digest.CopyTo(destination);
    }

    private static void Sha256Prefixed(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (prefix.IsEmpty)
        {
            SHA256.HashData(data, destination);
            return;
        }
        var length = prefix.Length + data.Length;
        var pooled = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        var buffer = pooled is null ? stackalloc byte[length] : pooled.AsSpan(0, length);
        prefix.CopyTo(buffer);
        data.CopyTo(buffer[prefix.Length..]);
        SHA256.HashData(buffer, destination);
        if (pooled is not null)
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }
}
