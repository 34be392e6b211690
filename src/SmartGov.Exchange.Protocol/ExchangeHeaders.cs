namespace SmartGov.Exchange.Protocol;

/// <summary>The HTTP headers of the exchange protocol (docs/exchange-protocol.md).</summary>
public static class ExchangeHeaders
{
    /// <summary>The calling subsystem, INSTANCE/CLASS/MEMBER/SUBSYSTEM. Required.</summary>
    public const string Client = "SmartGov-Client";

    /// <summary>Why the data is needed (e.g. a service item code or a case number). Required by services that hold personal data.</summary>
    public const string Purpose = "SmartGov-Purpose";

    /// <summary>The end user on whose behalf the client calls (a staff user name or id). Optional.</summary>
    public const string UserId = "SmartGov-UserId";

    /// <summary>Set only on errors raised by a gateway, never on the provider's own answers: one of <see cref="ExchangeErrors"/>.</summary>
    public const string Error = "SmartGov-Error";

    /// <summary>Which gateway raised <see cref="Error"/>: <c>client</c> (the caller's own gateway) or <c>provider</c>.</summary>
    public const string ErrorSource = "SmartGov-Error-Source";

    /// <summary>Unix time in milliseconds when the message was signed.</summary>
    public const string Timestamp = "SmartGov-Timestamp";

    /// <summary>A single-use random value (16–64 characters of base64url), per client.</summary>
    public const string Nonce = "SmartGov-Nonce";

    /// <summary>Base64 of the DER SM2 signature (GM/T 0009) over the SM3 hash of the canonical message.</summary>
    public const string Signature = "SmartGov-Signature";

    /// <summary>On a response: hex SM3 hash of the canonical request it answers, binding the two.</summary>
    public const string RequestHash = "SmartGov-Request-Hash";

    /// <summary>The message id both gateways log the exchange under (the request's nonce).</summary>
    public const string MessageId = "SmartGov-Message-Id";

    /// <summary>Headers the client may not set itself: the gateway sets them.</summary>
    public static IReadOnlyList<string> GatewayOwned { get; } = [Error, ErrorSource, Timestamp, Nonce, Signature, RequestHash, MessageId];
}

/// <summary>The values of <see cref="ExchangeHeaders.Error"/>: stable, machine-readable error types.</summary>
public static class ExchangeErrors
{
    public const string BadRequest = "request.invalid";
    public const string ClientNotLocal = "client.not_local";
    public const string ClientUnknown = "client.unknown";
    public const string ServiceUnknown = "service.unknown";
    public const string AccessDenied = "access.denied";
    public const string PurposeRequired = "purpose.required";
    public const string PurposeNotAllowed = "purpose.not_allowed";
    public const string SignatureInvalid = "signature.invalid";
    public const string TimestampOutOfWindow = "timestamp.out_of_window";
    public const string NonceReplayed = "nonce.replayed";
    public const string BodyTooLarge = "body.too_large";
    public const string ConfigUnavailable = "config.unavailable";
    public const string PeerUnavailable = "peer.unavailable";
    public const string PeerTimeout = "peer.timeout";
    public const string ResponseSignatureInvalid = "response.signature_invalid";
    public const string BackendUnavailable = "backend.unavailable";
    public const string BackendTimeout = "backend.timeout";
    public const string ParameterInvalid = "parameter.invalid";
    public const string MethodNotAllowed = "method.not_allowed";
    public const string Internal = "gateway.internal";

    /// <summary>Mutual TLS is on and the peer's client certificate is missing or not pinned for its member.</summary>
    public const string PeerCertificateRefused = "tls.certificate_refused";

    /// <summary>Bulk transfer: no such transfer (the manifest never arrived or the id is wrong).</summary>
    public const string TransferUnknown = "transfer.unknown";

    /// <summary>Bulk transfer: a chunk's SM3 or the whole transfer's SM3 root does not match the manifest.</summary>
    public const string TransferChecksumMismatch = "transfer.checksum_mismatch";

    /// <summary>Bulk transfer: completion asked while chunks are still missing, or a manifest that contradicts the first one.</summary>
    public const string TransferIncomplete = "transfer.incomplete";

    /// <summary>Every error type with the HTTP status a gateway answers it with.</summary>
    public static IReadOnlyDictionary<string, int> Status { get; } = new Dictionary<string, int>
    {
        [BadRequest] = 400,
        [ClientNotLocal] = 403,
        [ClientUnknown] = 403,
        [ServiceUnknown] = 404,
        [AccessDenied] = 403,
        [PurposeRequired] = 403,
        [PurposeNotAllowed] = 403,
        [SignatureInvalid] = 401,
        [TimestampOutOfWindow] = 401,
        [NonceReplayed] = 409,
        [BodyTooLarge] = 413,
        [ConfigUnavailable] = 503,
        [PeerUnavailable] = 502,
        [PeerTimeout] = 504,
        [ResponseSignatureInvalid] = 502,
        [BackendUnavailable] = 502,
        [BackendTimeout] = 504,
        [ParameterInvalid] = 400,
        [MethodNotAllowed] = 405,
        [Internal] = 500,
        [PeerCertificateRefused] = 403,
        [TransferUnknown] = 404,
        [TransferChecksumMismatch] = 422,
        [TransferIncomplete] = 409,
    };

    /// <summary>The RFC 9457 problem type URI of an error type.</summary>
    public static string ProblemType(string error) => "urn:smartgov:exchange:" + error;
}
