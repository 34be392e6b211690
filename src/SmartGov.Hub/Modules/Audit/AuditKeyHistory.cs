using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Hub.Modules.Audit;

/// <summary>
/// The history of the platform's audit signing keys, so that the key can be replaced (密钥更新, GB/T 39786-2021 key
/// life cycle) without the heads signed before becoming unverifiable. The sequencer registers the first key with the
/// first batch it signs; when it finds a new key configured, the old key (Audit:PreviousSigningKeyFile) and the new one
/// both sign a statement naming the new key, the old key's fingerprint and the first tree size the new key signs. A
/// verifier that trusts any one key of the chain can then trust every key in it, and checks each head with the key of
/// its size.
/// </summary>
public static class AuditKeyHistory
{
    /// <summary>The <c>type</c> value of the signed statement; a signature over any other object cannot pass as one.</summary>
    public const string Type = "smartgov-audit-signing-key";

    /// <summary>Lowercase hex of the profile's hash of the key's SubjectPublicKeyInfo DER (what <c>openssl pkey -pubin -outform DER | openssl dgst</c> prints).</summary>
    public static string Fingerprint(ICryptoProfile profile, IVerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(profile.Hash(key.ToDer()));
    }

    /// <summary>
    /// <c>{"fromTreeSize":N,"number":K,"previousKey":"&lt;hex&gt;"|null,"profile":"gm","publicKey":"&lt;hex&gt;","timestamp":"…Z","type":"smartgov-audit-signing-key","v":1}</c>
    /// (keys sorted, no whitespace, ASCII).
    /// </summary>
    public static byte[] Statement(string profile, int number, string fingerprint, string? previousFingerprint, long fromTreeSize, long timestamp)
    {
        var time = AuditCanonicalJson.FormatTime(DateTimeOffset.FromUnixTimeMilliseconds(timestamp).UtcDateTime);
        var previous = previousFingerprint is null ? "null" : $"\"{previousFingerprint}\"";
        return Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"fromTreeSize\":{fromTreeSize},\"number\":{number},\"previousKey\":{previous},\"profile\":\"{profile}\",\"publicKey\":\"{fingerprint}\",\"timestamp\":\"{time}\",\"type\":\"{Type}\",\"v\":1}}"));
    }

    /// <summary>The statement a stored key row claims to be signed over.</summary>
    public static byte[] Statement(AuditSigningKey key, string? previousFingerprint)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Statement(key.Profile, key.Number, key.Fingerprint, previousFingerprint, key.FromTreeSize, key.Timestamp);
    }

    /// <summary>The first key of a log: signs every head from size 0.</summary>
    public static AuditSigningKey First(ICryptoProfile profile, ISigningKey key, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(key);
        var fingerprint = Fingerprint(profile, key.PublicKey);
        return new AuditSigningKey
        {
            Number = 0, Profile = profile.Name, PublicKeyPem = key.PublicKeyPem(), Fingerprint = fingerprint, FromTreeSize = 0, Timestamp = timestamp,
            Signature = key.Sign(Statement(profile.Name, 0, fingerprint, null, 0, timestamp)),
        };
    }

    /// <summary>Key <paramref name="previous"/>.Number + 1, signing heads from <paramref name="fromTreeSize"/> on, signed by both keys.</summary>
    public static AuditSigningKey Next(ICryptoProfile profile, AuditSigningKey previous, ISigningKey previousKey, ISigningKey next, long fromTreeSize, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(previousKey);
        ArgumentNullException.ThrowIfNull(next);
        var fingerprint = Fingerprint(profile, next.PublicKey);
        var statement = Statement(profile.Name, previous.Number + 1, fingerprint, previous.Fingerprint, fromTreeSize, timestamp);
        return new AuditSigningKey
        {
            Number = previous.Number + 1, Profile = profile.Name, PublicKeyPem = next.PublicKeyPem(), Fingerprint = fingerprint,
            FromTreeSize = fromTreeSize, Timestamp = timestamp, Signature = next.Sign(statement), PreviousSignature = previousKey.Sign(statement),
        };
    }

    /// <summary>
    /// Checks a stored key history against the one key the verifier trusts: numbers 0, 1, … without gaps; each key's PEM
    /// matching its fingerprint; sizes rising from 0; each statement signed by its own key and (from key 1) by the key
    /// before; and the trusted key among them. An empty history (a log started before keys were recorded) means every
    /// head is checked with the trusted key.
    /// </summary>
    /// <returns>The chain, or null with <paramref name="problem"/> naming the first key that fails.</returns>
    public static AuditKeyChain? Validate(IReadOnlyList<AuditSigningKey> keys, ICryptoProfile profile, IVerificationKey trusted, out AuditVerifyProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(trusted);
        problem = null;
        if (keys.Count == 0)
        {
            return new AuditKeyChain([(0, trusted)]);
        }
        var parsed = new List<(long From, IVerificationKey Key)>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            var k = keys[i];
            var where = $"key {k.Number}";
            if (k.Number != i)
            {
                problem = new("key", $"key {i}", $"the key history has a gap or is out of order: found key {k.Number} at place {i}. / 签名密钥记录不连续。");
                return null;
            }
            if (k.Profile != profile.Name)
            {
                problem = new("key", where, $"uses profile \"{k.Profile}\", the log uses \"{profile.Name}\".");
                return null;
            }
            IVerificationKey key;
            try
            {
                key = profile.ImportVerificationKey(k.PublicKeyPem);
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException or FormatException or InvalidOperationException)
            {
                problem = new("key", where, $"its public key is not a valid {AuditSigner.Algorithm(profile)} public key: {ex.Message} / 签名公钥格式无效。");
                return null;
            }
            if (Fingerprint(profile, key) != k.Fingerprint)
            {
                problem = new("key", where, "its stored fingerprint is not the hash of its public key. / 公钥指纹不符。");
                return null;
            }
            if (i == 0 ? k.FromTreeSize != 0 : k.FromTreeSize <= keys[i - 1].FromTreeSize)
            {
                problem = new("key", where, $"it claims heads from size {k.FromTreeSize}, which does not follow the key before it. / 密钥启用位置无效。");
                return null;
            }
            var statement = Statement(k, i == 0 ? null : keys[i - 1].Fingerprint);
            if (!key.Verify(statement, k.Signature))
            {
                problem = new("key", where, "its statement is not signed by the key itself. / 密钥声明的自签名无效。");
                return null;
            }
            if (i > 0 && (k.PreviousSignature is null || !parsed[i - 1].Key.Verify(statement, k.PreviousSignature)))
            {
                problem = new("key", where, $"the key before it (key {i - 1}) did not sign its hand-over. / 密钥更换未经原密钥签署。");
                return null;
            }
            parsed.Add((k.FromTreeSize, key));
        }
        var trustedFingerprint = Fingerprint(profile, trusted);
        if (!keys.Any(k => k.Fingerprint == trustedFingerprint))
        {
            problem = new("key", "key history",
                $"the trusted public key ({trustedFingerprint[..16]}…) is not one of the log's {keys.Count} signing keys; the history cannot be trusted from it. / 可信公钥不在签名密钥记录中。");
            return null;
        }
        return new AuditKeyChain(parsed);
    }
}

/// <summary>The key history as the API, bundles and other modules hold it (<see cref="AuditSigningKeyDto"/>).</summary>
public static class AuditKeyHistoryExtensions
{
    /// <summary><see cref="AuditKeyHistory.Validate"/> over keys as shown; a key whose signatures are not base64 is named.</summary>
    public static AuditKeyChain? Validate(this IReadOnlyList<AuditSigningKeyDto> history, ICryptoProfile profile, IVerificationKey trusted, out AuditVerifyProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(history);
        var keys = new List<AuditSigningKey>(history.Count);
        foreach (var k in history)
        {
            try
            {
                keys.Add(k.ToKey());
            }
            catch (FormatException ex)
            {
                problem = new("key", $"key {k.Number}", ex.Message);
                return null;
            }
        }
        return AuditKeyHistory.Validate(keys, profile, trusted, out problem);
    }

    /// <summary>
    /// The key that had taken over last at <paramref name="timestampMs"/> (ms since the Unix epoch), from a history
    /// trusted through <paramref name="trusted"/>; null when there is no history of two keys or more, or it does not verify.
    /// </summary>
    public static IVerificationKey? KeyInForceAt(this IReadOnlyList<AuditSigningKeyDto> history, ICryptoProfile profile, IVerificationKey trusted, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(profile);
        if (history.Count < 2 || history.Validate(profile, trusted, out _) is null)
        {
            return null;
        }
        var inForce = history.LastOrDefault(k => k.TimestampMs <= timestampMs) ?? history[0];
        return profile.ImportVerificationKey(inForce.PublicKeyPem);
    }
}

/// <summary>A verified key history: which key signs a head of a given size.</summary>
public sealed class AuditKeyChain
{
    private readonly IReadOnlyList<(long From, IVerificationKey Key)> _keys;

    internal AuditKeyChain(IReadOnlyList<(long From, IVerificationKey Key)> keys) => _keys = keys;

    /// <summary>How many keys the log has had (1 for a log without a recorded history).</summary>
    public int Count => _keys.Count;

    /// <summary>The number of the key that signs heads of <paramref name="treeSize"/>.</summary>
    public int NumberFor(long treeSize)
    {
        var n = 0;
        while (n + 1 < _keys.Count && _keys[n + 1].From <= treeSize)
        {
            n++;
        }
        return n;
    }

    /// <summary>The key that signs heads of <paramref name="treeSize"/>.</summary>
    public IVerificationKey For(long treeSize) => _keys[NumberFor(treeSize)].Key;
}

/// <summary>A key of the history as the API and export bundles show it; <c>signedText</c> is the exact (ASCII) statement both signatures cover.</summary>
public sealed record AuditSigningKeyDto(
    int Number, string Profile, string Fingerprint, long FromTreeSize, string Timestamp, long TimestampMs, string PublicKeyPem, string Signature,
    string? PreviousSignature, string SignedText)
{
    public static AuditSigningKeyDto From(AuditSigningKey k, string? previousFingerprint)
    {
        ArgumentNullException.ThrowIfNull(k);
        return new(k.Number, k.Profile, k.Fingerprint, k.FromTreeSize,
            AuditCanonicalJson.FormatTime(DateTimeOffset.FromUnixTimeMilliseconds(k.Timestamp).UtcDateTime), k.Timestamp, k.PublicKeyPem,
            Convert.ToBase64String(k.Signature), k.PreviousSignature is null ? null : Convert.ToBase64String(k.PreviousSignature),
            Encoding.ASCII.GetString(AuditKeyHistory.Statement(k, previousFingerprint)));
    }

    /// <summary>Reads a key back; throws <see cref="FormatException"/> on malformed base64.</summary>
    public AuditSigningKey ToKey()
    {
        try
        {
            return new AuditSigningKey
            {
                Number = Number, Profile = Profile, Fingerprint = Fingerprint, FromTreeSize = FromTreeSize, Timestamp = TimestampMs, PublicKeyPem = PublicKeyPem,
                Signature = Convert.FromBase64String(Signature), PreviousSignature = PreviousSignature is null ? null : Convert.FromBase64String(PreviousSignature),
            };
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Signing key {Number}: the signatures must be base64 ({ex.Message}).", ex);
        }
    }

    public static IReadOnlyList<AuditSigningKeyDto> FromHistory(IReadOnlyList<AuditSigningKey> keys) =>
        [.. keys.Select((k, i) => From(k, i == 0 ? null : keys[i - 1].Fingerprint))];
}
