using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SmartGov.Supervision.Tests.Infrastructure;

/// <summary>
/// The authenticator app's side of RFC 6238 (TOTP): HMAC-SHA1 over the 30-second time step, dynamic truncation
/// (RFC 4226 §5.3), 6 digits. Written here, not borrowed from the hub, so the test checks the hub against the RFC.
/// </summary>
public static class Totp
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Code(string base32Secret, DateTimeOffset at) => Code(Base32Decode(base32Secret), at.ToUnixTimeSeconds() / 30);

    public static string Code(string base32Secret) => Code(base32Secret, DateTimeOffset.UtcNow);

    public static string Code(byte[] key, long timeStep)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, timeStep);
#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA1; the test must compute what they compute.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 Base32; spaces, dashes and padding are ignored, letters in either case.</summary>
    public static byte[] Base32Decode(string text)
    {
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var raw in text)
        {
            if (raw is ' ' or '-' or '=')
            {
                continue;
            }
            var value = Alphabet.IndexOf(char.ToUpperInvariant(raw), StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"'{raw}' is not a Base32 character.");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)((buffer >> (bits - 8)) & 0xFF));
                bits -= 8;
            }
        }
        return [.. output];
    }
}
