using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SmartGov.Crypto;

namespace SmartGov.Hub.Modules.Audit;

/// <summary>Raised when the audit trail cannot work with its configuration (no key, a malformed key, a profile mismatch).</summary>
public sealed class AuditConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The stored log is damaged: a node, leaf or head the computation needs is missing or inconsistent.</summary>
public sealed class AuditIntegrityException(string message) : Exception(message);

/// <summary>
/// The platform's audit signing key and the log's algorithms: the crypto profile, its Merkle hasher, and the key
/// pair that signs tree heads. The private key is read once, on first use.
/// </summary>
public sealed class AuditSigner
{
    private readonly Lazy<ISigningKey> _key;
    private readonly Lazy<ISigningKey?> _previous;

    public AuditSigner(IOptions<AuditOptions> options)
    {
        var o = options.Value;
        Profile = ResolveProfile(o.Profile);
        Hasher = MerkleHasher.For(Profile);
        _key = new Lazy<ISigningKey>(() => LoadOrCreate(o.SigningKeyFile, Profile, o.GenerateSigningKeyIfMissing), LazyThreadSafetyMode.ExecutionAndPublication);
        _previous = new Lazy<ISigningKey?>(() => string.IsNullOrWhiteSpace(o.PreviousSigningKeyFile) ? null
            : File.Exists(o.PreviousSigningKeyFile) ? ReadPrivateKey(File.ReadAllText(o.PreviousSigningKeyFile), Profile, o.PreviousSigningKeyFile)
            : throw new AuditConfigurationException($"Audit:PreviousSigningKeyFile not found: {o.PreviousSigningKeyFile} / 找不到原审计签名密钥文件。"),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>For tools and tests that hold the key in memory.</summary>
    public AuditSigner(ICryptoProfile profile, ISigningKey key, ISigningKey? previousKey = null)
    {
        Profile = profile;
        Hasher = MerkleHasher.For(profile);
        _key = new Lazy<ISigningKey>(key);
        _previous = new Lazy<ISigningKey?>(previousKey);
    }

    public ICryptoProfile Profile { get; }

    public MerkleHasher Hasher { get; }

    /// <exception cref="AuditConfigurationException">The key file is missing or not a valid private key of the profile.</exception>
    public ISigningKey SigningKey => _key.Value;

    public IVerificationKey PublicKey => SigningKey.PublicKey;

    /// <summary>The key being replaced (Audit:PreviousSigningKeyFile), or null when none is configured.</summary>
    /// <exception cref="AuditConfigurationException">The file is missing or not a valid private key of the profile.</exception>
    public ISigningKey? PreviousSigningKey => _previous.Value;

    public string PublicKeyPem => SigningKey.PublicKeyPem();

    public static ICryptoProfile ResolveProfile(string? name)
    {
        try
        {
            return CryptoProfiles.Get(string.IsNullOrWhiteSpace(name) ? CryptoProfiles.GmName : name);
        }
        catch (ArgumentException ex)
        {
            throw new AuditConfigurationException($"Audit:Profile: {ex.Message} / 审计日志算法配置无效。", ex);
        }
    }

    /// <summary>Reads a PEM private key of <paramref name="profile"/>; with <paramref name="generate"/>, creates the file (mode 0600) first if it is missing.</summary>
    public static ISigningKey LoadOrCreate(string? path, ICryptoProfile profile, bool generate)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new AuditConfigurationException(
                "The audit signing key is not configured: set Audit:SigningKeyFile to a PEM private key. / 未配置审计日志签名密钥（Audit:SigningKeyFile）。");
        }
        if (!File.Exists(path))
        {
            if (!generate)
            {
                throw new AuditConfigurationException($"Audit signing key file not found: {path} / 找不到审计日志签名密钥文件。");
            }
            Common.KeyFiles.WriteIfAbsent(path, profile.GenerateSigningKey().PrivateKeyPem());
        }
        return ReadPrivateKey(File.ReadAllText(path), profile, path);
    }

    /// <summary>Reads a PEM private key, turning every parse failure into one clear message.</summary>
    public static ISigningKey ReadPrivateKey(string pem, ICryptoProfile profile, string source)
    {
        try
        {
            return profile.ImportSigningKey(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException or FormatException or InvalidOperationException)
        {
            throw new AuditConfigurationException(
                $"{source} is not a valid {Algorithm(profile)} private key in PEM (PKCS#8 \"BEGIN PRIVATE KEY\"): {ex.Message} / 审计签名私钥格式无效。", ex);
        }
    }

    /// <summary>Reads a PEM public key, turning every parse failure into one clear message.</summary>
    public static IVerificationKey ReadPublicKey(string pem, ICryptoProfile profile, string source)
    {
        try
        {
            return profile.ImportVerificationKey(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException or FormatException or InvalidOperationException)
        {
            throw new AuditConfigurationException(
                $"{source} is not a valid {Algorithm(profile)} public key in PEM (\"BEGIN PUBLIC KEY\"): {ex.Message} / 审计验签公钥格式无效。", ex);
        }
    }

    public static string Algorithm(ICryptoProfile profile) => profile.Name == CryptoProfiles.GmName ? "SM2" : "ECDSA P-256";

    public static string HashName(ICryptoProfile profile) => profile.Name == CryptoProfiles.GmName ? "sm3" : "sha256";
}
