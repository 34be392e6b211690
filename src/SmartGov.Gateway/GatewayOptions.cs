namespace SmartGov.Gateway;

/// <summary>The gateway's own settings, section <c>Gateway</c> (docs/exchange-protocol.md, "Installing a gateway").</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>This department's member id, INSTANCE/CLASS/MEMBER.</summary>
    public string MemberId { get; set; } = "";

    /// <summary>The gateway's SM2 private key (PKCS#8 PEM), made by <c>--init</c> or <c>sgov crypto keygen</c>.</summary>
    public string KeyFile { get; set; } = "gateway-key.pem";

    /// <summary>Holds the message log (messagelog.db) and the last good global configuration.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Where the signed global configuration comes from: an http(s) URL polled, or a file path.</summary>
    public string ConfigSource { get; set; } = "";

    /// <summary>The exchange management center's SM2 public key (PEM) that signs the global configuration.</summary>
    public string CenterPublicKeyFile { get; set; } = "";

    public int ConfigRefreshSeconds { get; set; } = 60;

    /// <summary>The largest request or response body the gateway passes, in bytes (1 MiB).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How far a request's timestamp may be from the provider's clock.</summary>
    public int TimestampWindowSeconds { get; set; } = 300;

    /// <summary>How many (client, nonce) pairs the provider remembers; beyond it the oldest go and older timestamps are refused.</summary>
    public int NonceCacheCapacity { get; set; } = 100_000;

    /// <summary>How long the client gateway waits for the provider gateway.</summary>
    public int PeerTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// HTTP/2 to provider gateways (default true): over TLS (<c>https</c> addresses) negotiated by ALPN, falling back to
    /// HTTP/1.1 for a peer that does not offer it; many exchanges share one connection's frames and system calls.
    /// </summary>
    public bool PeerHttp2 { get; set; } = true;

    /// <summary>
    /// Cleartext (<c>http</c>) provider addresses speak HTTP/2 with prior knowledge (h2c). Off by default: a cleartext
    /// Kestrel port answers HTTP/2 only when it is HTTP/2-only (<c>Kestrel:Endpoints:NAME:Protocols=Http2</c>), so every
    /// provider gateway of the instance must publish such a port as its address first (docs/exchange-protocol.md).
    /// </summary>
    public bool PeerHttp2PriorKnowledge { get; set; }

    /// <summary>Whether the consumer side logs full bodies (Full) or only their hashes (Metadata).</summary>
    public string ConsumerMessageLog { get; set; } = "Full";

    /// <summary>Rotation and archiving of the message log (<c>Gateway:MessageLogArchive:*</c>).</summary>
    public MessageLogOptions MessageLogArchive { get; set; } = new();

    /// <summary>Optional mutual TLS between gateways (<c>Gateway:Tls:*</c>).</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>Bulk and asynchronous transfers (<c>Gateway:Transfers:*</c>).</summary>
    public TransferOptions Transfers { get; set; } = new();

    /// <summary>The services this department provides, by SUBSYSTEM/SERVICE code.</summary>
    public List<ServiceOptions> Services { get; set; } = [];
}

public sealed class ServiceOptions
{
    /// <summary>SUBSYSTEM/SERVICE, under this gateway's member.</summary>
    public string Code { get; set; } = "";

    /// <summary>Http, Sql or FileDrop.</summary>
    public string Adapter { get; set; } = "Http";

    /// <summary>Full (bodies kept in the message log) or Metadata (hashes only).</summary>
    public string MessageLog { get; set; } = "Full";

    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Http: the backend base URL; the path after the service id is appended.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Http: fixed headers added to every request to the backend, e.g. <c>"Authorization": "Bearer sgv_…"</c> (a hub's API
    /// token). Secrets: never logged or reported. They cannot replace the exchange headers (SmartGov-*) or Content-Type.
    /// </summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sql: Sqlite or Postgres.</summary>
    public string? SqlProvider { get; set; }

    public string? ConnectionString { get; set; }

    /// <summary>Sql: one SELECT (or WITH … SELECT) with @name parameters.</summary>
    public string? Query { get; set; }

    public List<SqlParameterOptions> Parameters { get; set; } = [];

    public int MaxRows { get; set; } = 1000;

    /// <summary>FileDrop: the folder files are dropped into and read from.</summary>
    public string? Folder { get; set; }
}

public sealed class SqlParameterOptions
{
    public string Name { get; set; } = "";

    /// <summary>string, integer, number, boolean or date (yyyy-MM-dd).</summary>
    public string Type { get; set; } = "string";

    public bool Required { get; set; } = true;

    public int MaxLength { get; set; } = 256;

    /// <summary>An optional regular expression the whole value must match.</summary>
    public string? Pattern { get; set; }
}

public sealed class TransferOptions
{
    /// <summary>Size of the chunks this gateway sends (4 MiB).</summary>
    public int ChunkBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest chunk this gateway accepts (16 MiB).</summary>
    public int MaxChunkBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The largest transfer accepted, either direction (8 GiB).</summary>
    public long MaxTransferBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Chunks of one transfer in flight at once.</summary>
    public int ParallelChunks { get; set; } = 4;

    /// <summary>Seconds between attempts at a transfer that could not finish (peer down, backend down…).</summary>
    public int RetrySeconds { get; set; } = 10;
}

/// <summary>
/// Mutual TLS between gateways. With a certificate set, the gateway presents it on HTTPS endpoints and to peers, and
/// requires of every peer (on /p1 and /p1t) a TLS client certificate whose SHA-256 thumbprint is pinned for the calling
/// member; as a client it accepts only pinned server certificates. TLS uses ECDSA/RSA certificates (.NET has no TLCP);
/// the SM2 signatures on every message are unchanged.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>The gateway's certificate (PEM). Empty: no TLS of its own (plain HTTP between gateways).</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The certificate's private key (PEM).</summary>
    public string? KeyFile { get; set; }

    /// <summary>Pinned peers, each "MEMBER=SHA-256 thumbprint (hex)"; a member may have several (certificate renewal).</summary>
    public List<string> PinnedPeers { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile);
}
