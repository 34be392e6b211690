using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartGov.Crypto;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>Why a result file is or is not valid. The codes are stable (the API returns them).</summary>
public static class ResultReasons
{
    public const string Valid = "valid";
    public const string Malformed = "malformed";
    public const string UnsupportedFormat = "unsupported-format";
    public const string UnsupportedAlgorithm = "unsupported-algorithm";
    public const string DocumentInvalid = "document-invalid";
    public const string SignatureMismatch = "signature-mismatch";

    public static (string Zh, string En) Describe(string reason) => reason switch
    {
        Valid => ("签名有效：文书由本平台签发，内容未被改动。", "The signature is valid: the platform issued this document and its content is unchanged."),
        Malformed => ("无法读取：这不是结果文书文件（*.sgr.json），或文件已损坏。", "Cannot be read: this is not a result document file (*.sgr.json), or it is damaged."),
        UnsupportedFormat => ("不支持的文件格式版本。", "The file format version is not supported."),
        UnsupportedAlgorithm => ("签名算法与验签公钥不符或不受支持。", "The signature algorithm does not match the verification key or is not supported."),
        DocumentInvalid => ("文书内容不完整或格式有误，可能已被改动。", "The document's content is incomplete or malformed; it may have been altered."),
        SignatureMismatch => ("签名无效：文书内容已被改动，或并非由本平台签发。", "The signature is invalid: the content was altered, or the platform did not issue it."),
        _ => (reason, reason),
    };
}

/// <summary>The verdict on a result file; <see cref="Document"/> is what the file claims (null when it cannot be read), even when invalid.</summary>
public sealed record ResultVerification(bool Valid, string Reason, string? Detail, ResultDocument? Document)
{
    public string MessageZh => ResultReasons.Describe(Reason).Zh;

    public string MessageEn => ResultReasons.Describe(Reason).En;
}

/// <summary>
/// The downloadable result file <c>*.sgr.json</c>:
/// <c>{"format":"smartgov-result/1","algorithm":"SM2-SM3","document":{…},"signature":"base64"}</c>.
/// The signature (DER, base64) is over the UTF-8 bytes of the document's canonical JSON (<see cref="ResultCanonicalJson"/>);
/// SM2 signatures use the default distinguishing ID 1234567812345678 (GM/T 0009-2012). Verifying needs only the file and
/// the platform's public key (GET /api/v1/results/public-key), e.g. <c>sgov result verify FILE --key PUB.pem</c>.
/// </summary>
public static class ResultFile
{
    public const string Format = "smartgov-result/1";
    public const string Sm2Algorithm = "SM2-SM3";
    public const string EcdsaAlgorithm = "ECDSA-P256-SHA256";
    public const string Extension = ".sgr.json";

    /// <summary>Largest result file accepted for verification (a real one is a few KB).</summary>
    public const int MaxFileBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string AlgorithmFor(ISigningKey key) => AlgorithmFor(key.Algorithm);

    public static string AlgorithmFor(string javaName) => javaName switch
    {
        Sm2.SignatureAlgorithm => Sm2Algorithm,
        "SHA256withECDSA" => EcdsaAlgorithm,
        _ => throw new ArgumentException($"No result file algorithm for {javaName}.", nameof(javaName)),
    };

    /// <summary>Signs <paramref name="document"/> and writes the file (UTF-8 JSON, indented for people who open it).</summary>
    public static byte[] Create(ResultDocument document, ISigningKey key)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(key);
        var canonical = ResultCanonicalJson.Serialize(document);
        var signature = key.Sign(canonical);
        var root = new JsonObject
        {
            ["format"] = Format,
            ["algorithm"] = AlgorithmFor(key),
            ["document"] = JsonNode.Parse(canonical),
            ["signature"] = Convert.ToBase64String(signature),
        };
        return Encoding.UTF8.GetBytes(root.ToJsonString(Pretty) + "\n");
    }

    /// <summary>A file name for the document: its application number, made safe, plus <see cref="Extension"/>.</summary>
    public static string FileNameFor(ResultDocument document)
    {
        var safe = new string(document.ApplicationNumber.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return (safe.Length == 0 ? "result" : safe) + Extension;
    }

    /// <summary>Checks a result file against <paramref name="key"/>. Never throws on bad input: the verdict says what is wrong.</summary>
    public static ResultVerification Verify(ReadOnlySpan<byte> file, IVerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (file.Length > MaxFileBytes)
        {
            return new ResultVerification(false, ResultReasons.Malformed, $"larger than {MaxFileBytes / 1024} KB", null);
        }
        // A UTF-8 byte order mark (Windows editors add one) is not part of the JSON.
        if (file.StartsWith("\uFEFF"u8))
        {
            file = file[3..];
        }
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(file.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            return new ResultVerification(false, ResultReasons.Malformed, ex.Message, null);
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("algorithm", out var algorithm) || algorithm.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("document", out var documentJson)
                || !root.TryGetProperty("signature", out var signatureJson) || signatureJson.ValueKind != JsonValueKind.String)
            {
                return new ResultVerification(false, ResultReasons.Malformed, "format, algorithm, document and signature are required", null);
            }
            if (format.GetString() != Format)
            {
                return new ResultVerification(false, ResultReasons.UnsupportedFormat, $"format {format.GetString()}", null);
            }
            ResultDocument document;
            byte[] canonical;
            try
            {
                document = ResultCanonicalJson.Parse(documentJson);
                canonical = ResultCanonicalJson.Serialize(document);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
            {
                return new ResultVerification(false, ResultReasons.DocumentInvalid, ex.Message, null);
            }
            string expected;
            try
            {
                expected = AlgorithmFor(key.Algorithm);
            }
            catch (ArgumentException ex)
            {
                return new ResultVerification(false, ResultReasons.UnsupportedAlgorithm, ex.Message, document);
            }
            if (algorithm.GetString() != expected)
            {
                return new ResultVerification(false, ResultReasons.UnsupportedAlgorithm, $"file says {algorithm.GetString()}, key is {expected}", document);
            }
            byte[] signature;
            try
            {
                signature = Convert.FromBase64String(signatureJson.GetString()!);
            }
            catch (FormatException)
            {
                return new ResultVerification(false, ResultReasons.SignatureMismatch, "signature is not base64", document);
            }
            return key.Verify(canonical, signature)
                ? new ResultVerification(true, ResultReasons.Valid, null, document)
                : new ResultVerification(false, ResultReasons.SignatureMismatch, null, document);
        }
    }
}
