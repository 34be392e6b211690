namespace SmartGov.Crypto;

/// <summary>The available <see cref="ICryptoProfile"/>s, looked up by the name in configuration.</summary>
public static class CryptoProfiles
{
    /// <summary>Name of the 国密 profile.</summary>
    public const string GmName = "gm";

    /// <summary>Name of the international profile.</summary>
    public const string IntlName = "intl";

    /// <summary>SM3, HMAC-SM3, SM4-GCM (16-byte keys), SM2 with SM3. The default for government deployments.</summary>
    public static ICryptoProfile Gm { get; } = new GmProfile();

    /// <summary>SHA-256, HMAC-SHA256, AES-256-GCM (32-byte keys), ECDSA P-256 with SHA-256.</summary>
    public static ICryptoProfile Intl { get; } = new IntlProfile();

    /// <summary>Returns the profile named <paramref name="name"/> ("gm" or "intl", case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is not a known profile.</exception>
    public static ICryptoProfile Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            GmName => Gm,
            IntlName => Intl,
            _ => throw new ArgumentException(
                $"Unknown crypto profile \"{name}\". Use \"{GmName}\" (SM2/SM3/SM4) or \"{IntlName}\" (ECDSA P-256/SHA-256/AES-256-GCM).",
                nameof(name)),
        };
    }
}
