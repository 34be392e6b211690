using System.Security.Cryptography;

namespace SmartGov.Crypto;

/// <summary>
/// SM3 cryptographic hash (GB/T 32905-2016, GM/T 0004-2012): 256-bit digest.
/// </summary>
/// <remarks>
/// Two implementations give the same digests: <see cref="Sm3Managed"/> (always there, allocation-free) and the system's
/// OpenSSL 3 libcrypto when it is installed and passes the standard's example (<see cref="Sm3Native"/>). libcrypto is used
/// whenever it is there: measured on the development machine (x86-64, OpenSSL 3.0) it is about 1.5 times the managed code
/// even for a 65-byte Merkle node, the native call included. Setting the environment variable
/// <c>SMARTGOV_SM3_NATIVE=0</c> keeps everything managed.
/// </remarks>
public static class Sm3
{
    /// <summary>Digest length in bytes (GB/T 32905 §4: 256-bit hash value).</summary>
    public const int HashSizeInBytes = 32;

    private const int BlockSize = 64;

    // Large enough that hashing a big upload is dominated by the compression function, not by calls.
    private const int StreamBufferSize = 81920;

    /// <summary>Which implementation is in use: "openssl" (libcrypto) or "managed".</summary>
    public static string Implementation => UseNative ? "openssl" : "managed";

    /// <summary>Tests set this to hold the managed implementation to the same vectors while libcrypto is installed.</summary>
    internal static bool ForceManaged { get; set; }

    private static bool UseNative => !ForceManaged && Sm3Native.IsAvailable;

    /// <summary>Computes the SM3 digest of <paramref name="data"/>.</summary>
    public static byte[] Hash(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Hash(data.AsSpan());
    }

    /// <summary>Computes the SM3 digest of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var output = new byte[HashSizeInBytes];
        Hash(data, output);
        return output;
    }

    /// <summary>Writes the SM3 digest of <paramref name="data"/> to the first 32 bytes of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination) => HashPrefixed([], data, destination);

    /// <summary>SM3 of <paramref name="prefix"/> ‖ <paramref name="data"/> without concatenating them (Merkle leaves and nodes).</summary>
    internal static void HashPrefixed(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSizeInBytes)
        {
            throw new ArgumentException($"The destination must hold {HashSizeInBytes} bytes.", nameof(destination));
        }
        if (UseNative && Sm3Native.TryHash(prefix, data, destination))
        {
            return;
        }
        var s = Sm3Managed.Create();
        s.Append(prefix);
        s.Append(data);
        s.Finish(destination);
    }

    /// <summary>
    /// Computes the SM3 digest of the rest of <paramref name="data"/>, reading it to the end.
    /// The stream is not disposed.
    /// </summary>
    public static byte[] Hash(Stream data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var buffer = new byte[StreamBufferSize];
        var output = new byte[HashSizeInBytes];
        using (var native = UseNative ? Sm3Native.Start() : null)
        {
            if (native is not null)
            {
                int n;
                var ok = true;
                while (ok && (n = data.Read(buffer, 0, buffer.Length)) > 0)
                {
                    ok = native.Append(buffer.AsSpan(0, n));
                }
                if (ok && native.Finish(output))
                {
                    return output;
                }
                throw new CryptographicException("OpenSSL failed to compute an SM3 digest.");
            }
        }
        var s = Sm3Managed.Create();
        int read;
        while ((read = data.Read(buffer, 0, buffer.Length)) > 0)
        {
            s.Append(buffer.AsSpan(0, read));
        }
        s.Finish(output);
        return output;
    }

    /// <summary>
    /// HMAC-SM3: the RFC 2104 / GB/T 15852.2 HMAC construction instantiated with SM3
    /// (64-byte block, 32-byte output). Any key length is accepted; keys longer than
    /// 64 bytes are hashed first, as RFC 2104 §2 requires.
    /// </summary>
    public static byte[] Hmac(byte[] key, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(data);
        Span<byte> block = stackalloc byte[BlockSize];
        if (key.Length > BlockSize)
        {
            Hash(key, block);
        }
        else
        {
            key.CopyTo(block);
        }

        // H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))
        Span<byte> pad = stackalloc byte[BlockSize];
        for (var i = 0; i < BlockSize; i++)
        {
            pad[i] = (byte)(block[i] ^ 0x36);
        }
        Span<byte> inner = stackalloc byte[HashSizeInBytes];
        HashPrefixed(pad, data, inner);
        for (var i = 0; i < BlockSize; i++)
        {
            pad[i] = (byte)(block[i] ^ 0x5c);
        }
        var output = new byte[HashSizeInBytes];
        HashPrefixed(pad, inner, output);
        CryptographicOperations.ZeroMemory(block);
        CryptographicOperations.ZeroMemory(pad);
        return output;
    }
}
