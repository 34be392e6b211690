using SmartGov.Crypto;

namespace SmartGov.Gateway.Transfers;

/// <summary>
/// SM3 (GB/T 32905-2016) for bulk data. <see cref="Sm3"/> itself now runs through OpenSSL 3's libcrypto when the system
/// has it (else its managed code), so this only keeps the transfer code's span-based call sites short.
/// </summary>
internal static class FastSm3
{
    /// <summary>Whether the native implementation is in use.</summary>
    public static bool IsNative => Sm3.Implementation == "openssl";

    public static byte[] Hash(ReadOnlySpan<byte> data) => Sm3.Hash(data);
}
