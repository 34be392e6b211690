using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;
using SmartGov.Gateway.Adapters;

namespace SmartGov.Gateway;

/// <summary>The gateway's identity and its provided services, built once at start.</summary>
public sealed class GatewayContext : IDisposable
{
    public GatewayContext(IOptions<GatewayOptions> options, IHttpClientFactory httpClients, TimeProvider time, IMeterFactory meters)
    {
        Options = options.Value;
        if (!ExchangeId.TryParse(Options.MemberId, ExchangeIdKind.Member, out var member, out var error))
        {
            throw new InvalidOperationException($"Gateway:MemberId '{Options.MemberId}' is not a member id: {error}");
        }

        Member = member;
        if (!File.Exists(Options.KeyFile))
        {
            throw new InvalidOperationException(
                $"The key file '{Options.KeyFile}' does not exist. Create it with `SmartGov.Gateway --init` or `sgov crypto keygen`.");
        }

        Key = Sm2KeyPair.FromPrivateKeyPem(File.ReadAllText(Options.KeyFile));
        foreach (var service in Options.Services)
        {
            if (!ExchangeId.TryParse($"{Member}/{service.Code}", ExchangeIdKind.Service, out var id, out error))
            {
                throw new InvalidOperationException($"Gateway:Services code '{service.Code}' is not SUBSYSTEM/SERVICE: {error}");
            }

            Adapters[id.ToString()] = (service, AdapterFactory.Create(service, httpClients, Options.MaxBodyBytes));
        }

        Log = new MessageLog(Path.Combine(Options.DataDirectory, "messagelog.db"), Options.MessageLogArchive,
            new HeadSigner(Member.ToString(), Key), time);
        Signer = new BatchSigner(Key);
        Metrics = new GatewayMetrics(meters, this);
    }

    public GatewayOptions Options { get; }

    public ExchangeId Member { get; }

    public Sm2KeyPair Key { get; }

    public MessageLog Log { get; }

    /// <summary>Signs requests and responses, one SM2 signature per batch of messages signed at the same moment.</summary>
    public BatchSigner Signer { get; }

    /// <summary>The meter SmartGov.Gateway.</summary>
    public GatewayMetrics Metrics { get; }

    /// <summary>Batch signatures of peers already verified.</summary>
    public VerifiedSignatureCache VerifiedSignatures { get; } = new();

    public void Dispose()
    {
        Signer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Log.Dispose();
    }

    public Dictionary<string, (ServiceOptions Options, IServiceAdapter Adapter)> Adapters { get; } = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Sm2PublicKey?> _keys = new(StringComparer.Ordinal);

    /// <summary>A peer's public key from its PEM in the global configuration (parsed once), or null when the PEM is bad.</summary>
    public Sm2PublicKey? PeerKey(string pem) => _keys.GetOrAdd(pem, p =>
    {
        try
        {
            return Sm2PublicKey.FromPem(p);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    });
}

public static class ExchangeEndpoints
{
    public const string ConsumerPrefix = "/r1";
    public const string ProviderPrefix = "/p1";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public static WebApplication MapExchange(this WebApplication app)
    {
        app.Map(ConsumerPrefix + "/{instance}/{memberClass}/{member}/{subsystem}/{service}/{**path}", ConsumerAsync)
            .WithName("ExchangeConsumer").WithSummary("Call another department's service through this gateway").WithTags("Exchange");
        app.Map(ProviderPrefix + "/{instance}/{memberClass}/{member}/{subsystem}/{service}/{**path}", ProviderAsync)
            .WithName("ExchangeProvider").WithSummary("A peer gateway's signed request to a service of this department").WithTags("Exchange");
        return app;
    }

    internal sealed class Exchange
    {
        public long Started { get; } = Stopwatch.GetTimestamp();
        public string MessageId { get; set; } = "";
        public string Method { get; set; } = "";
        public string Client { get; set; } = "";
        public string Service { get; set; } = "";
        public string Path { get; set; } = "/";
        public string Query { get; set; } = "";
        public string Purpose { get; set; } = "";
        public string UserId { get; set; } = "";
        public string RequestHash { get; set; } = "";
        public byte[] RequestBody { get; set; } = [];

        /// <summary>The request body's SM3 when it is known already (a bulk chunk, which is not kept here).</summary>
        public string? RequestBodyHash { get; set; }

        public bool FullBodies { get; set; }
    }

    // ---- Consumer side: a department system calls another department's service. ----
    private static async Task ConsumerAsync(HttpContext http, GatewayContext gw, GlobalConfigState configState,
        IHttpClientFactory httpClients, TimeProvider time, ILoggerFactory loggers)
    {
        var x = new Exchange { FullBodies = !string.Equals(gw.Options.ConsumerMessageLog, "Metadata", StringComparison.OrdinalIgnoreCase) };
        var logger = loggers.CreateLogger("SmartGov.Gateway.Consumer");
        var request = http.Request;
        x.Method = request.Method;
        x.Client = Header(request, ExchangeHeaders.Client);
        x.Purpose = Header(request, ExchangeHeaders.Purpose);
        x.UserId = Header(request, ExchangeHeaders.UserId);
        x.Path = CanonicalMessage.CanonicalPath((string?)http.GetRouteValue("path") ?? "");
        x.Query = CanonicalMessage.CanonicalQuery(request.QueryString.Value);
        var serviceText = RouteService(http);
        x.Service = serviceText;
        x.MessageId = CanonicalMessage.NewNonce();

        var config = configState.Current;
        if (config is null)
        {
            await FailAsync(http, gw, x, "client", ExchangeErrors.ConfigUnavailable, configState.Unavailability, logger, time, sign: null);
            return;
        }

        if (!ExchangeId.TryParse(serviceText, ExchangeIdKind.Service, out var serviceId, out var error))
        {
            await FailAsync(http, gw, x, "client", ExchangeErrors.BadRequest, "The service id in the path is not valid: " + error, logger, time, null);
            return;
        }

        if (!ExchangeId.TryParse(x.Client, ExchangeIdKind.Subsystem, out var clientId, out error))
        {
            await FailAsync(http, gw, x, "client", ExchangeErrors.BadRequest,
                $"The {ExchangeHeaders.Client} header must be INSTANCE/CLASS/MEMBER/SUBSYSTEM: " + error, logger, time, null);
            return;
        }

        if (clientId.Member != gw.Member)
        {
            await FailAsync(http, gw, x, "client", ExchangeErrors.ClientNotLocal,
                $"This gateway serves the subsystems of {gw.Member} only.", logger, time, null);
            return;
        }

        if (x.Purpose.Length > 256 || x.UserId.Length > 128 || x.Path.Contains("/../", StringComparison.Ordinal) || x.Path.EndsWith("/..", StringComparison.Ordinal))
        {
            await FailAsync(http, gw, x, "client", ExchangeErrors.BadRequest,
                "The purpose (≤ 256), the user id (≤ 128) or the path ('..' segments) is not acceptable.", logger, time, null);
            return;
        }

        var body = await BodyReader.ReadAsync(request.Body, request.ContentLength, gw.Options.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            await FailAsync(http, gw, x, "client", ExchangeErrors.BodyTooLarge,
                $"The request body is larger than {gw.Options.MaxBodyBytes} bytes.", logger, time, null);
            return;
        }

        x.RequestBody = body;
        var provider = config.GatewayOf(serviceId.Member.ToString());
        if (config.Service(serviceId.ToString()) is null || provider is null)
        {
            await FailAsync(http, gw, x, "client", ExchangeErrors.ServiceUnknown,
                $"The global configuration (version {config.Version}) has no service {serviceId} with a gateway.", logger, time, null);
            return;
        }

        var providerKey = gw.PeerKey(provider.PublicKeyPem);
        var toSign = new RequestToSign(request.Method, serviceId.ToString(), x.Path, x.Query, x.Client, x.Purpose, x.UserId,
            request.ContentType ?? "", time.GetUtcNow().ToUnixTimeMilliseconds(), x.MessageId, body);
        var requestHashBytes = CanonicalMessage.RequestHash(toSign);
        var requestHash = CanonicalMessage.Hex(requestHashBytes);
        x.RequestHash = requestHash;
        var providerUri = new Uri(provider.Address.TrimEnd('/') + ProviderPrefix + "/" + serviceId + x.Path + CanonicalMessage.ForwardQuery(x.Query));
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), providerUri);
        PeerProtocol.Apply(message, gw.Options);
        if (body.Length > 0 || toSign.ContentType.Length > 0)
        {
            message.Content = new ByteArrayContent(body);
            if (toSign.ContentType.Length > 0)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", toSign.ContentType);
            }
        }

        message.Headers.TryAddWithoutValidation(ExchangeHeaders.Client, x.Client);
        if (x.Purpose.Length > 0)
        {
            message.Headers.TryAddWithoutValidation(ExchangeHeaders.Purpose, x.Purpose);
        }

        if (x.UserId.Length > 0)
        {
            message.Headers.TryAddWithoutValidation(ExchangeHeaders.UserId, x.UserId);
        }

        message.Headers.TryAddWithoutValidation(ExchangeHeaders.Timestamp, toSign.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation(ExchangeHeaders.Nonce, x.MessageId);
        message.Headers.TryAddWithoutValidation(ExchangeHeaders.Signature, await gw.Signer.SignAsync(requestHashBytes));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(gw.Options.PeerTimeoutSeconds));
        HttpResponseMessage response;
        byte[]? responseBody;
        try
        {
            response = await httpClients.CreateClient("peer").SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            responseBody = await BodyReader.ReadAsync(response.Content, gw.Options.MaxBodyBytes, timeout.Token);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            await FailAsync(http, gw, x, "client", ExchangeErrors.PeerTimeout,
                $"The provider gateway {provider.Address} did not answer within {gw.Options.PeerTimeoutSeconds} s.", logger, time, null);
            return;
        }
        catch (HttpRequestException ex)
        {
            await FailAsync(http, gw, x, "client", ExchangeErrors.PeerUnavailable,
                $"The provider gateway {provider.Address} cannot be reached: {ex.Message}", logger, time, null);
            return;
        }

        using (response)
        {
            if (responseBody is null)
            {
                await FailAsync(http, gw, x, "client", ExchangeErrors.BodyTooLarge,
                    $"The provider's response is larger than {gw.Options.MaxBodyBytes} bytes.", logger, time, null);
                return;
            }

            var contentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var ct) ? ct.ToString() : "";
            var providerError = ResponseHeader(response, ExchangeHeaders.Error);
            long.TryParse(ResponseHeader(response, ExchangeHeaders.Timestamp), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var responseTs);
            var signed = new ResponseToSign(requestHash, (int)response.StatusCode, contentType, providerError, responseTs, responseBody);
            if (providerKey is null
                || ResponseHeader(response, ExchangeHeaders.RequestHash) != requestHash
                || !BatchSignature.Verify(providerKey, CanonicalMessage.ResponseHash(signed), ResponseHeader(response, ExchangeHeaders.Signature),
                    gw.VerifiedSignatures))
            {
                var claimed = providerError.Length > 0 ? $" (it claims {providerError})" : "";
                await FailAsync(http, gw, x, "client", ExchangeErrors.ResponseSignatureInvalid,
                    $"The provider gateway's response (HTTP {(int)response.StatusCode}){claimed} is not signed by {serviceId.Member}'s key for this request.",
                    logger, time, null);
                return;
            }

            http.Response.StatusCode = (int)response.StatusCode;
            if (contentType.Length > 0)
            {
                http.Response.ContentType = contentType;
            }

            http.Response.Headers[ExchangeHeaders.MessageId] = x.MessageId;
            if (providerError.Length > 0)
            {
                http.Response.Headers[ExchangeHeaders.Error] = providerError;
                http.Response.Headers[ExchangeHeaders.ErrorSource] = "provider";
            }

            await AppendAsync(gw, x, "consumer", (int)response.StatusCode, providerError.Length > 0 ? providerError : null, null, responseBody);
            await http.Response.Body.WriteAsync(responseBody, http.RequestAborted);
        }
    }

    // ---- Provider side: a peer gateway calls a service of this department. ----
    private static async Task ProviderAsync(HttpContext http, GatewayContext gw, GlobalConfigState configState, NonceCache nonces,
        TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("SmartGov.Gateway.Provider");
        var request = http.Request;
        var x = new Exchange
        {
            Method = request.Method,
            Client = Header(request, ExchangeHeaders.Client),
            Purpose = Header(request, ExchangeHeaders.Purpose),
            UserId = Header(request, ExchangeHeaders.UserId),
            MessageId = Header(request, ExchangeHeaders.Nonce),
            Path = CanonicalMessage.CanonicalPath((string?)http.GetRouteValue("path") ?? ""),
            Query = CanonicalMessage.CanonicalQuery(request.QueryString.Value),
            Service = RouteService(http),
        };
        if (!gw.Adapters.TryGetValue(x.Service, out var local))
        {
            await FailAsync(http, gw, x, "provider", ExchangeErrors.ServiceUnknown, $"This gateway provides no service {x.Service}.", logger, time, null);
            return;
        }

        x.FullBodies = !string.Equals(local.Options.MessageLog, "Metadata", StringComparison.OrdinalIgnoreCase);
        var body = await BodyReader.ReadAsync(request.Body, request.ContentLength, gw.Options.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            await FailAsync(http, gw, x, "provider", ExchangeErrors.BodyTooLarge,
                $"The request body is larger than {gw.Options.MaxBodyBytes} bytes.", logger, time, null);
            return;
        }

        x.RequestBody = body;
        var tsText = Header(request, ExchangeHeaders.Timestamp);
        var hasTs = long.TryParse(tsText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ts);
        var toSign = new RequestToSign(request.Method, x.Service, x.Path, x.Query, x.Client, x.Purpose, x.UserId,
            request.ContentType ?? "", ts, x.MessageId, body);
        var requestHashBytes = CanonicalMessage.RequestHash(toSign);
        x.RequestHash = CanonicalMessage.Hex(requestHashBytes);

        var config = configState.Current;
        if (config is null)
        {
            await FailAsync(http, gw, x, "provider", ExchangeErrors.ConfigUnavailable, configState.Unavailability, logger, time, x.RequestHash);
            return;
        }

        if (!ExchangeId.TryParse(x.Client, ExchangeIdKind.Subsystem, out var clientId, out var error))
        {
            await FailAsync(http, gw, x, "provider", ExchangeErrors.BadRequest, $"{ExchangeHeaders.Client}: {error}", logger, time, x.RequestHash);
            return;
        }

        var clientGateway = config.GatewayOf(clientId.Member.ToString());
        var clientKey = clientGateway is null ? null : gw.PeerKey(clientGateway.PublicKeyPem);
        if (clientKey is null)
        {
            await FailAsync(http, gw, x, "provider", ExchangeErrors.ClientUnknown,
                $"{clientId.Member} has no registered gateway in the global configuration (version {config.Version}).", logger, time, x.RequestHash);
            return;
        }

        if (http.RequestServices.GetRequiredService<PeerTls>().Check(http, clientId.Member.ToString()) is { } tlsRefusal)
        {
            await FailAsync(http, gw, x, "provider", ExchangeErrors.PeerCertificateRefused, tlsRefusal, logger, time, x.RequestHash);
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = gw.Options.TimestampWindowSeconds * 1000L;
        if (!hasTs || Math.Abs(now - ts) > windowMs)
        {
            await FailAsync(http, gw, x, "provider", ExchangeErrors.TimestampOutOfWindow,
                $"The request timestamp must be within {gw.Options.TimestampWindowSeconds} s of the provider's clock.", logger, time, x.RequestHash);
            return;
        }

        if (!CanonicalMessage.IsValidNonce(x.MessageId)
            || !BatchSignature.Verify(clientKey, requestHashBytes, Header(request, ExchangeHeaders.Signature), gw.VerifiedSignatures))
        {
            await FailAsync(http, gw, x, "provider", ExchangeErrors.SignatureInvalid,
                $"The request signature does not verify with {clientId.Member}'s gateway key: the message was altered or not signed by it.",
                logger, time, x.RequestHash);
            return;
        }

        switch (nonces.Use(x.Client, x.MessageId, ts, now))
        {
            case NonceCheck.Replayed:
                await FailAsync(http, gw, x, "provider", ExchangeErrors.NonceReplayed,
                    "This request (its nonce) was already received: a replay is refused.", logger, time, x.RequestHash);
                return;
            case NonceCheck.TooOld:
                await FailAsync(http, gw, x, "provider", ExchangeErrors.TimestampOutOfWindow,
                    "The request is older than the nonces this gateway still remembers.", logger, time, x.RequestHash);
                return;
        }

        var service = config.Service(x.Service);
        if (service is null)
        {
            await FailAsync(http, gw, x, "provider", ExchangeErrors.ServiceUnknown,
                $"The global configuration (version {config.Version}) has no service {x.Service}.", logger, time, x.RequestHash);
            return;
        }

        var nowTime = time.GetUtcNow();
        var rights = config.AccessRights
            .Where(a => a.Client == x.Client && a.Service == x.Service && a.IsValidAt(nowTime) && a.AllowsMethod(request.Method) && a.AllowsPath(x.Path))
            .ToList();
        if (rights.Count == 0)
        {
            await FailAsync(http, gw, x, "provider", ExchangeErrors.AccessDenied,
                $"{x.Client} has no access right to {request.Method} {x.Path} of {x.Service}.", logger, time, x.RequestHash);
            return;
        }

        if (service.PersonalData && x.Purpose.Length == 0)
        {
            await FailAsync(http, gw, x, "provider", ExchangeErrors.PurposeRequired,
                $"{x.Service} holds personal data: state the purpose in {ExchangeHeaders.Purpose}.", logger, time, x.RequestHash);
            return;
        }

        if (!rights.Any(a => a.Purposes.Count == 0 || a.Purposes.Contains(x.Purpose)))
        {
            await FailAsync(http, gw, x, "provider", ExchangeErrors.PurposeNotAllowed,
                $"The purpose '{x.Purpose}' is not one {x.Client} was granted for {x.Service}.", logger, time, x.RequestHash);
            return;
        }

        var result = await local.Adapter.CallAsync(
            new AdapterRequest(request.Method, x.Path, x.Query, toSign.ContentType, body, x.Client, x.Purpose, x.UserId, x.MessageId), http.RequestAborted);
        if (result.Error is not null)
        {
            await FailAsync(http, gw, x, "provider", result.Error, result.Detail ?? result.Error, logger, time, x.RequestHash);
            return;
        }

        await AppendAsync(gw, x, "provider", result.Status, null, null, result.Body);
        await WriteSignedAsync(http, gw, x.RequestHash, result.Status, result.ContentType, "", result.Body, time);
    }

    internal static async Task FailAsync(HttpContext http, GatewayContext gw, Exchange x, string source, string error, string detail,
        ILogger logger, TimeProvider time, string? sign)
    {
        var status = ExchangeErrors.Status[error];
        logger.LogWarning("Exchange refused: {Error} ({Source} gateway) client={Client} service={Service} message={MessageId}: {Detail}",
            error, source, x.Client, x.Service, x.MessageId, detail);
        var problem = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = ExchangeErrors.ProblemType(error),
            title = error,
            status,
            detail,
            error,
            source,
            messageId = x.MessageId,
            traceId = Activity.Current?.TraceId.ToString(),
        }, _json);
        // The exchange is in the log before the answer leaves.
        await AppendAsync(gw, x, source == "client" ? "consumer" : "provider", status, error, detail, problem);
        http.Response.Headers[ExchangeHeaders.ErrorSource] = source;
        if (x.MessageId.Length > 0 && CanonicalMessage.IsValidNonce(x.MessageId))
        {
            http.Response.Headers[ExchangeHeaders.MessageId] = x.MessageId;
        }

        if (sign is not null)
        {
            // The provider signs its own errors too, so the client gateway can tell them from a forged answer.
            await WriteSignedAsync(http, gw, sign, status, "application/problem+json", error, problem, time);
        }
        else
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/problem+json";
            http.Response.Headers[ExchangeHeaders.Error] = error;
            await http.Response.Body.WriteAsync(problem);
        }
    }

    internal static async Task WriteSignedAsync(HttpContext http, GatewayContext gw, string requestHash, int status, string contentType,
        string error, byte[] body, TimeProvider time)
    {
        var ts = time.GetUtcNow().ToUnixTimeMilliseconds();
        var signature = await gw.Signer.SignAsync(CanonicalMessage.ResponseHash(new ResponseToSign(requestHash, status, contentType, error, ts, body)));
        http.Response.StatusCode = status;
        if (contentType.Length > 0)
        {
            http.Response.ContentType = contentType;
        }

        var headers = http.Response.Headers;
        if (error.Length > 0)
        {
            headers[ExchangeHeaders.Error] = error;
        }

        headers[ExchangeHeaders.Timestamp] = ts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers[ExchangeHeaders.RequestHash] = requestHash;
        headers[ExchangeHeaders.Signature] = signature;
        await http.Response.Body.WriteAsync(body);
    }

    internal static Task<long> AppendAsync(GatewayContext gw, Exchange x, string side, int status, string? error, string? detail, byte[] responseBody)
    {
        var record = new MessageRecord(
            DateTimeOffset.UtcNow, side, x.MessageId, x.Client, x.Service, x.Method, x.Path, x.Query, x.Purpose, x.UserId, status, error, detail,
            x.RequestHash, x.RequestBodyHash ?? CanonicalMessage.Hex(Sm3.Hash(x.RequestBody)), CanonicalMessage.Hex(Sm3.Hash(responseBody)),
            x.FullBodies ? Convert.ToBase64String(x.RequestBody) : null,
            x.FullBodies ? Convert.ToBase64String(responseBody) : null,
            Activity.Current?.TraceId.ToString() ?? "",
            Stopwatch.GetElapsedTime(x.Started).TotalMilliseconds);
        gw.Metrics.Exchange(side, x.Client, x.Service, status, error, record.DurationMs);
        return gw.Log.AppendAsync(record);
    }

    internal static string RouteService(HttpContext http) => string.Join('/',
        new[] { "instance", "memberClass", "member", "subsystem", "service" }.Select(k => (string?)http.GetRouteValue(k) ?? ""));

    internal static string Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out StringValues v) && v.Count == 1 ? v.ToString().Trim() : "";

    internal static string ResponseHeader(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var v) ? v.ToString() : "";
}
