using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SmartGov.Crypto;

namespace SmartGov.Hub.Modules.Applications.Handover;

/// <summary>One material in a handover package: its metadata always; its bytes (base64) when small enough (see <see cref="HandoverFile"/>).</summary>
public sealed record HandoverMaterial(
    string Name,
    string Source,
    string? FileName,
    string? Sm3,
    long? Size,
    bool Missing,
    string? Note,
    string? ContentBase64);

/// <summary>
/// 异地代收代办: what a region that accepted an application hands to the region that decides it. The applicant's ID
/// number and mobile are included in clear (the receiving region needs them to decide), so the file is personal data:
/// it is signed, not encrypted, and must travel over the exchange's protected channel. Times are ISO 8601 UTC strings.
/// </summary>
public sealed record HandoverPackage(
    Guid PackageId,
    string OriginRegionCode,
    string TargetRegionCode,
    string Number,
    string ImplementationCode,
    string ItemName,
    string ApplicantKind,
    string ApplicantName,
    string? ApplicantIdNumber,
    string? Mobile,
    string? BusinessName,
    string? BusinessCreditCode,
    string Channel,
    string? SubmittedAt,
    string ExportedAt,
    string ExportedBy,
    SortedDictionary<string, string?> Form,
    IReadOnlyList<HandoverMaterial> Materials);

/// <summary>Why a handover file is or is not acceptable. The codes are stable (the API returns them).</summary>
public static class HandoverReasons
{
    public const string Valid = "valid";
    public const string Malformed = "malformed";
    public const string UnsupportedFormat = "unsupported-format";
    public const string UnsupportedAlgorithm = "unsupported-algorithm";
    public const string SignatureMismatch = "signature-mismatch";

    public static (string Zh, string En) Describe(string reason) => reason switch
    {
        Valid => ("签名有效：移交包由持有该私钥的平台签发，内容未被改动。", "The signature is valid: the platform holding the key signed this package and it is unchanged."),
        Malformed => ("无法读取：这不是移交包文件（*.sgh.json），或文件已损坏。", "Cannot be read: this is not a handover package (*.sgh.json), or it is damaged."),
        UnsupportedFormat => ("不支持的移交包格式版本。", "The package format version is not supported."),
        UnsupportedAlgorithm => ("签名算法与验签公钥不符或不受支持。", "The signature algorithm does not match the verification key or is not supported."),
        SignatureMismatch => ("签名无效：移交包已被改动，或并非由该公钥对应的平台签发。", "The signature is invalid: the package was altered, or the key's platform did not sign it."),
        _ => (reason, reason),
    };
}

public sealed record HandoverVerification(bool Valid, string Reason, string? Detail, HandoverPackage? Package)
{
    public string MessageZh => HandoverReasons.Describe(Reason).Zh;

    public string MessageEn => HandoverReasons.Describe(Reason).En;
}

/// <summary>
/// The file <c>*.sgh.json</c>: <c>{"format":"smartgov-handover/1","algorithm":"SM2-SM3","package":{…},"signature":"base64"}</c>.
/// The signature (DER, base64) is over the UTF-8 bytes of the package's canonical JSON: the record serialized with
/// camelCase names in declaration order, form keys sorted ordinally, no indentation, relaxed escaping. A verifier
/// parses the package, serializes it again the same way, and checks the signature over those bytes, so whitespace
/// and key order in the file do not matter but every value does.
/// </summary>
public static class HandoverFile
{
    public const string Format = "smartgov-handover/1";
    public const string Extension = ".sgh.json";

    /// <summary>A material's bytes travel inside the package up to this size; larger ones travel as metadata (name, size, SM3) only.</summary>
    public const long MaxInlineFileBytes = 256 * 1024;

    /// <summary>All inlined bytes of one package together stay under this, so the package fits the API's request limit.</summary>
    public const long MaxInlineTotalBytes = 512 * 1024;

    /// <summary>Largest package accepted for verification or import.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] CanonicalBytes(HandoverPackage package) => JsonSerializer.SerializeToUtf8Bytes(package, Canonical);

    public static byte[] Create(HandoverPackage package, ISigningKey key)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(key);
        var canonical = CanonicalBytes(package);
        var root = new JsonObject
        {
            ["format"] = Format,
            ["algorithm"] = ResultFile.AlgorithmFor(key),
            ["package"] = JsonNode.Parse(canonical),
            ["signature"] = Convert.ToBase64String(key.Sign(canonical)),
        };
        return Encoding.UTF8.GetBytes(root.ToJsonString(Pretty) + "\n");
    }

    public static string FileNameFor(HandoverPackage package)
    {
        var safe = new string(package.Number.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return (safe.Length == 0 ? "handover" : safe) + "-" + package.TargetRegionCode + Extension;
    }

    /// <summary>Checks a package against one key. Never throws on bad input: the verdict says what is wrong.</summary>
    public static HandoverVerification Verify(ReadOnlySpan<byte> file, IVerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parsed = Parse(file);
        if (parsed.Package is null || parsed.Signature is null)
        {
            return new HandoverVerification(false, parsed.Reason, parsed.Detail, null);
        }
        return Verify(parsed, key);
    }

    /// <summary>What a file claims, before any key is tried.</summary>
    public sealed record ParsedFile(string Reason, string? Detail, string? Algorithm, HandoverPackage? Package, byte[]? Signature);

    public static ParsedFile Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length > MaxFileBytes)
        {
            return new(HandoverReasons.Malformed, $"larger than {MaxFileBytes / 1024} KB", null, null, null);
        }
        if (file.StartsWith("\uFEFF"u8))
        {
            file = file[3..];
        }
        try
        {
            using var json = JsonDocument.Parse(file.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("algorithm", out var algorithm) || algorithm.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("package", out var packageJson) || packageJson.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("signature", out var signatureJson) || signatureJson.ValueKind != JsonValueKind.String)
            {
                return new(HandoverReasons.Malformed, "format, algorithm, package and signature are required", null, null, null);
            }
            if (format.GetString() != Format)
            {
                return new(HandoverReasons.UnsupportedFormat, $"format {format.GetString()}", null, null, null);
            }
            var package = packageJson.Deserialize<HandoverPackage>(Canonical);
            if (package is null || string.IsNullOrWhiteSpace(package.Number) || string.IsNullOrWhiteSpace(package.ImplementationCode)
                || string.IsNullOrWhiteSpace(package.OriginRegionCode) || package.Form is null || package.Materials is null)
            {
                return new(HandoverReasons.Malformed, "the package lacks its number, item, origin, form or materials", null, null, null);
            }
            byte[] signature;
            try
            {
                signature = Convert.FromBase64String(signatureJson.GetString()!);
            }
            catch (FormatException)
            {
                return new(HandoverReasons.SignatureMismatch, "signature is not base64", algorithm.GetString(), package, null);
            }
            return new(HandoverReasons.Valid, null, algorithm.GetString(), package, signature);
        }
        catch (JsonException ex)
        {
            return new(HandoverReasons.Malformed, ex.Message, null, null, null);
        }
    }

    public static HandoverVerification Verify(ParsedFile parsed, IVerificationKey key)
    {
        if (parsed.Package is null || parsed.Signature is null)
        {
            return new HandoverVerification(false, parsed.Reason, parsed.Detail, parsed.Package);
        }
        string expected;
        try
        {
            expected = ResultFile.AlgorithmFor(key.Algorithm);
        }
        catch (ArgumentException ex)
        {
            return new HandoverVerification(false, HandoverReasons.UnsupportedAlgorithm, ex.Message, parsed.Package);
        }
        if (parsed.Algorithm != expected)
        {
            return new HandoverVerification(false, HandoverReasons.UnsupportedAlgorithm, $"file says {parsed.Algorithm}, key is {expected}", parsed.Package);
        }
        return key.Verify(CanonicalBytes(parsed.Package), parsed.Signature)
            ? new HandoverVerification(true, HandoverReasons.Valid, null, parsed.Package)
            : new HandoverVerification(false, HandoverReasons.SignatureMismatch, null, parsed.Package);
    }
}
