using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SmartGov.Crypto;

namespace SmartGov.Exchange.Protocol;

/// <summary>What a signature covers in a request. Header values are the ones sent; absent headers are empty strings.</summary>
public sealed record RequestToSign(
    string Method,
    string Service,
    string Path,
    string Query,
    string Client,
    string Purpose,
    string UserId,
    string ContentType,
    long Timestamp,
    string Nonce,
    byte[] Body);

/// <summary>What a signature covers in a response.</summary>
public sealed record ResponseToSign(
    string RequestHashHex,
    int Status,
    string ContentType,
    string Error,
    long Timestamp,
    byte[] Body);

/// <summary>
/// The canonical forms the gateways sign (docs/exchange-protocol.md, "Canonical form"). Lines are joined by a single LF,
/// UTF-8, with no trailing LF:
/// <code>
/// SMARTGOV-REQUEST-1        SMARTGOV-RESPONSE-1
/// METHOD                     request hash (hex)
/// service id                 status (decimal)
/// canonical path             content-type:…
/// canonical query            smartgov-error:…
/// smartgov-client:…          smartgov-timestamp:…
/// smartgov-purpose:…         SM3(body) (hex)
/// smartgov-userid:…
/// content-type:…
/// smartgov-timestamp:…
/// smartgov-nonce:…
/// SM3(body) (hex)
/// </code>
/// The signature is SM2 (GB/T 32918.2, ID 1234567812345678) over the 32-byte SM3 hash of those bytes.
/// </summary>
public static class CanonicalMessage
{
    public const string RequestPrefix = "SMARTGOV-REQUEST-1";
    public const string ResponsePrefix = "SMARTGOV-RESPONSE-1";

    public static byte[] RequestBytes(RequestToSign r) => RequestBytes(r, null);

    /// <summary>The canonical request, with the SM3 of the body given when the caller has it already (a bulk chunk).</summary>
    public static byte[] RequestBytes(RequestToSign r, byte[]? bodyHash)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder(256);
        sb.Append(RequestPrefix).Append('\n')
            .Append(r.Method.ToUpperInvariant()).Append('\n')
            .Append(r.Service).Append('\n')
            .Append(CanonicalPath(r.Path)).Append('\n')
            .Append(CanonicalQuery(r.Query)).Append('\n')
            .Append("smartgov-client:").Append(HeaderValue(r.Client)).Append('\n')
            .Append("smartgov-purpose:").Append(HeaderValue(r.Purpose)).Append('\n')
            .Append("smartgov-userid:").Append(HeaderValue(r.UserId)).Append('\n')
            .Append("content-type:").Append(HeaderValue(r.ContentType)).Append('\n')
            .Append("smartgov-timestamp:").Append(r.Timestamp.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("smartgov-nonce:").Append(HeaderValue(r.Nonce)).Append('\n')
            .Append(Hex(bodyHash ?? Sm3.Hash(r.Body)));
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static byte[] ResponseBytes(ResponseToSign r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var text = string.Join('\n',
            ResponsePrefix,
            r.RequestHashHex.ToLowerInvariant(),
            r.Status.ToString(CultureInfo.InvariantCulture),
            "content-type:" + HeaderValue(r.ContentType),
            "smartgov-error:" + HeaderValue(r.Error),
            "smartgov-timestamp:" + r.Timestamp.ToString(CultureInfo.InvariantCulture),
            Hex(Sm3.Hash(r.Body)));
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>SM3 of the canonical request: the value the response's <c>SmartGov-Request-Hash</c> carries.</summary>
    public static byte[] RequestHash(RequestToSign r) => Sm3.Hash(RequestBytes(r));

    /// <summary>As <see cref="RequestHash(RequestToSign)"/>, with the body's SM3 already computed.</summary>
    public static byte[] RequestHash(RequestToSign r, byte[]? bodyHash) => Sm3.Hash(RequestBytes(r, bodyHash));

    public static byte[] ResponseHash(ResponseToSign r) => Sm3.Hash(ResponseBytes(r));

    public static string SignRequest(Sm2KeyPair key, RequestToSign r) => Convert.ToBase64String(key.Sign(RequestHash(r)));

    public static string SignResponse(Sm2KeyPair key, ResponseToSign r) => Convert.ToBase64String(key.Sign(ResponseHash(r)));

    /// <summary>Checks a request signature, plain or batch (<see cref="BatchSignature"/>).</summary>
    public static bool VerifyRequest(Sm2PublicKey key, RequestToSign r, string? signature) =>
        BatchSignature.Verify(key, RequestHash(r), signature);

    /// <summary>Checks a response signature, plain or batch (<see cref="BatchSignature"/>).</summary>
    public static bool VerifyResponse(Sm2PublicKey key, ResponseToSign r, string? signature) =>
        BatchSignature.Verify(key, ResponseHash(r), signature);

    /// <summary>
    /// The path after the service id: each segment percent-decoded once and re-encoded with RFC 3986 unreserved
    /// characters only; empty becomes "/". Both gateways derive it from the decoded path, so encodings that mean the
    /// same path sign the same.
    /// </summary>
    public static string CanonicalPath(string path)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            return "/";
        }

        var segments = path.TrimStart('/').Split('/');
        return "/" + string.Join('/', segments.Select(s => Uri.EscapeDataString(s)));
    }

    /// <summary>
    /// The query: pairs split on '&amp;' and the first '=', '+' read as a space, percent-decoded, re-encoded
    /// (RFC 3986 unreserved), sorted by name then value (ordinal), joined by '&amp;'. "a" and "a=" both become "a=".
    /// </summary>
    public static string CanonicalQuery(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return "";
        }

        var q = query[0] == '?' ? query[1..] : query;
        var pairs = new List<(string Name, string Value)>();
        foreach (var part in q.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add((Uri.EscapeDataString(Decode(name)), Uri.EscapeDataString(Decode(value))));
        }

        return string.Join('&', pairs
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>The query as a gateway forwards it: the canonical query, so both sides see the same bytes.</summary>
    public static string ForwardQuery(string? query)
    {
        var canonical = CanonicalQuery(query);
        return canonical.Length == 0 ? "" : "?" + canonical;
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    public static string NewNonce() => Base64Url(RandomNumberGenerator.GetBytes(16));

    public static bool IsValidNonce(string? nonce) =>
        nonce is { Length: >= 16 and <= 64 } && nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    // A header value cannot carry a line break into the canonical form, so no two messages share one form.
    private static string HeaderValue(string? v) => (v ?? "").Trim().Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
}
