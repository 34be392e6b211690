using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SmartGov.Crypto;

namespace SmartGov.Exchange.Protocol;

/// <summary>
/// The global configuration the exchange management center publishes and every gateway enforces
/// (docs/exchange-protocol.md, "Global configuration").
/// </summary>
public sealed record GlobalConfiguration
{
    public const string CurrentFormat = "smartgov-global-configuration/1";

    public string Format { get; init; } = CurrentFormat;

    public required string Instance { get; init; }

    /// <summary>Increases with every publication; a gateway never goes back to a lower version.</summary>
    public required long Version { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>After this instant a gateway stops serving on this configuration (fail closed).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public IReadOnlyList<MemberEntry> Members { get; init; } = [];

    public IReadOnlyList<GatewayEntry> Gateways { get; init; } = [];

    public IReadOnlyList<ServiceEntry> Services { get; init; } = [];

    public IReadOnlyList<AccessRight> AccessRights { get; init; } = [];

    public GatewayEntry? GatewayOf(string memberId) => Gateways.FirstOrDefault(g => g.Member == memberId);

    public ServiceEntry? Service(string serviceId) => Services.FirstOrDefault(s => s.Id == serviceId);

    /// <summary>The same configuration with every list in canonical order (by id), as it is signed.</summary>
    public GlobalConfiguration Sorted() => this with
    {
        Members = [.. Members.OrderBy(m => m.Id, StringComparer.Ordinal)],
        Gateways = [.. Gateways.OrderBy(g => g.Member, StringComparer.Ordinal)],
        Services = [.. Services.OrderBy(s => s.Id, StringComparer.Ordinal)],
        AccessRights = [.. AccessRights
            .Select(a => a with
            {
                Methods = [.. a.Methods.Select(m => m.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal)],
                Paths = [.. a.Paths.Distinct().Order(StringComparer.Ordinal)],
                Purposes = [.. a.Purposes.Distinct().Order(StringComparer.Ordinal)],
            })
            .OrderBy(a => a.Client, StringComparer.Ordinal)
            .ThenBy(a => a.Service, StringComparer.Ordinal)
            .ThenBy(a => a.ValidFrom)],
    };
}

public sealed record MemberEntry(string Id, string Name);

/// <summary>A member's gateway: where it listens and the SM2 public key (PEM, SubjectPublicKeyInfo) it signs with.</summary>
public sealed record GatewayEntry(string Member, string Address, string PublicKeyPem);

/// <summary>A service. <see cref="PersonalData"/> services refuse calls without a stated purpose.</summary>
public sealed record ServiceEntry(string Id, string Name, bool PersonalData, string? CatalogResourceCode);

/// <summary>
/// A client subsystem's right to call a service: which methods, which paths (patterns: <c>*</c> matches within one
/// segment, a trailing <c>/**</c> any rest), which purposes (empty = any, or none), and when.
/// </summary>
public sealed record AccessRight(
    string Client,
    string Service,
    IReadOnlyList<string> Methods,
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Purposes,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil)
{
    public bool IsValidAt(DateTimeOffset now) => now >= ValidFrom && (ValidUntil is null || now < ValidUntil);

    public bool AllowsMethod(string method) => Methods.Contains("*") || Methods.Contains(method.ToUpperInvariant());

    public bool AllowsPath(string path) => Paths.Any(p => PathPattern.Matches(p, path));
}

public static class PathPattern
{
    /// <summary>Matches a canonical path ("/a/b") against a pattern: "*" is one whole segment, a final "**" is any rest (also none).</summary>
    public static bool Matches(string pattern, string path)
    {
        var p = pattern.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var s = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] == "**" && i == p.Length - 1)
            {
                return true;
            }

            if (i >= s.Length || (p[i] != "*" && !string.Equals(p[i], s[i], StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return p.Length == s.Length;
    }
}

/// <summary>
/// The file (or HTTP body) the center publishes: the canonical JSON bytes of the configuration in base64,
/// and the center's SM2 signature over the SM3 hash of those bytes.
/// </summary>
public sealed record SignedGlobalConfiguration(string Payload, string Signature, string Algorithm = Sm2.SignatureAlgorithm);

public static class GlobalConfigurationCodec
{
    private static readonly JsonSerializerOptions _canonical = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcSecondsConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly JsonSerializerOptions _envelope = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Canonical JSON: camelCase properties in declaration order, no whitespace, lists sorted by id, times as UTC
    /// <c>yyyy-MM-ddTHH:mm:ssZ</c>, non-ASCII text as UTF-8 (not escaped).
    /// </summary>
    public static byte[] CanonicalBytes(GlobalConfiguration config) =>
        JsonSerializer.SerializeToUtf8Bytes(config.Sorted(), _canonical);

    public static SignedGlobalConfiguration Sign(GlobalConfiguration config, Sm2KeyPair centerKey)
    {
        ArgumentNullException.ThrowIfNull(centerKey);
        var bytes = CanonicalBytes(config);
        return new SignedGlobalConfiguration(Convert.ToBase64String(bytes), Convert.ToBase64String(centerKey.Sign(Sm3.Hash(bytes))));
    }

    public static string ToJson(SignedGlobalConfiguration envelope) => JsonSerializer.Serialize(envelope, _envelope);

    /// <summary>
    /// Verifies a published configuration: the envelope, the signature with one of the trusted center keys, canonical
    /// form, format, freshness (issued no later than now + skew, not expired) and, given the version a gateway already
    /// has, no rollback to an older version.
    /// </summary>
    public static ConfigVerification Verify(
        string json, IReadOnlyList<Sm2PublicKey> trustedCenterKeys, DateTimeOffset now, long? currentVersion = null, TimeSpan? clockSkew = null)
    {
        ArgumentNullException.ThrowIfNull(trustedCenterKeys);
        var skew = clockSkew ?? TimeSpan.FromMinutes(5);
        SignedGlobalConfiguration? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<SignedGlobalConfiguration>(json, _envelope);
        }
        catch (JsonException)
        {
            return ConfigVerification.Fail(ConfigFailure.Malformed, "The file is not a signed global configuration (JSON).");
        }

        if (envelope is null || string.IsNullOrEmpty(envelope.Payload) || string.IsNullOrEmpty(envelope.Signature))
        {
            return ConfigVerification.Fail(ConfigFailure.Malformed, "The payload or the signature is missing.");
        }

        if (envelope.Algorithm != Sm2.SignatureAlgorithm)
        {
            return ConfigVerification.Fail(ConfigFailure.Malformed, $"Unsupported signature algorithm '{envelope.Algorithm}'.");
        }

        byte[] payload, signature;
        try
        {
            payload = Convert.FromBase64String(envelope.Payload);
            signature = Convert.FromBase64String(envelope.Signature);
        }
        catch (FormatException)
        {
            return ConfigVerification.Fail(ConfigFailure.Malformed, "The payload or the signature is not base64.");
        }

        var hash = Sm3.Hash(payload);
        if (!trustedCenterKeys.Any(k => k.Verify(hash, signature)))
        {
            return ConfigVerification.Fail(ConfigFailure.BadSignature,
                "The signature does not verify with the trusted center key: altered, or signed by another key.");
        }

        GlobalConfiguration? config;
        try
        {
            config = JsonSerializer.Deserialize<GlobalConfiguration>(payload, _canonical);
        }
        catch (JsonException ex)
        {
            return ConfigVerification.Fail(ConfigFailure.Malformed, "The signed payload is not a global configuration: " + ex.Message);
        }

        if (config is null || config.Format != GlobalConfiguration.CurrentFormat)
        {
            return ConfigVerification.Fail(ConfigFailure.Malformed, $"The format is not {GlobalConfiguration.CurrentFormat}.");
        }

        if (!CanonicalBytes(config).AsSpan().SequenceEqual(payload))
        {
            return ConfigVerification.Fail(ConfigFailure.Malformed, "The signed payload is not in canonical form.");
        }

        if (config.IssuedAt > now + skew)
        {
            return ConfigVerification.Fail(ConfigFailure.NotYetValid, $"Issued at {config.IssuedAt:u}, in the future.");
        }

        if (now >= config.ExpiresAt)
        {
            return ConfigVerification.Fail(ConfigFailure.Expired, $"Expired at {config.ExpiresAt:u}.");
        }

        if (currentVersion is { } v && config.Version < v)
        {
            return ConfigVerification.Fail(ConfigFailure.Rollback, $"Version {config.Version} is older than the version {v} in use.");
        }

        return new ConfigVerification(config, null, null);
    }

    private sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.ParseExact(reader.GetString() ?? "", "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}

public enum ConfigFailure
{
    Malformed,
    BadSignature,
    NotYetValid,
    Expired,
    Rollback,
}

public sealed record ConfigVerification(GlobalConfiguration? Config, ConfigFailure? Failure, string? Reason)
{
    public bool IsValid => Config is not null;

    public static ConfigVerification Fail(ConfigFailure failure, string reason) => new(null, failure, reason);
}
