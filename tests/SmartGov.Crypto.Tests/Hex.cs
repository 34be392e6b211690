namespace SmartGov.Crypto.Tests;

internal static class Hex
{
    /// <summary>Decodes hex written the way standards print it: spaces and line breaks are ignored.</summary>
    public static byte[] Decode(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    public static string Encode(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
