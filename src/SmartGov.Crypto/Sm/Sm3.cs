using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace SmartGov.Crypto;

/// <summary>
/// SM3 cryptographic hash (GB/T 32905-2016, GM/T 0004-2012): 256-bit digest.
/// </summary>
public static class Sm3
{
    /// <summary>Digest length in bytes (GB/T 32905 §4: 256-bit hash value).</summary>
    public const int HashSizeInBytes = 32;

    // Large enough that hashing a big upload is dominated by the compression function, not by calls.
    private const int StreamBufferSize = 81920;

    /// <summary>Computes the SM3 digest of <paramref name="data"/>.</summary>
    public static byte[] Hash(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var digest = new SM3Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var output = new byte[HashSizeInBytes];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>
    /// Computes the SM3 digest of the rest of <paramref name="data"/>, reading it to the end.
    /// The stream is not disposed.
    /// </summary>
    public static byte[] Hash(Stream data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var digest = new SM3Digest();
        var buffer = new byte[StreamBufferSize];
        int read;
        while ((read = data.Read(buffer, 0, buffer.Length)) > 0)
        {
            digest.BlockUpdate(buffer, 0, read);
        }

        var output = new byte[HashSizeInBytes];
        digest.DoFinal(output, 0);
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
        var mac = new HMac(new SM3Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data, 0, data.Length);
        var output = new byte[HashSizeInBytes];
        mac.DoFinal(output, 0);
        return output;
    }
}
