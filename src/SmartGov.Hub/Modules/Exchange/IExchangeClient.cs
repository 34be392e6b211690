using System.Net;

namespace SmartGov.Hub.Modules.Exchange;

/// <summary>
/// One call to another department's (or region's) service through the hub's own gateway: <c>POST|GET …/r1/{ServiceId}{PathAndQuery}</c>
/// as the hub's client subsystem, with the purpose (用途) and the end user the exchange logs.
/// </summary>
/// <param name="ServiceId">INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE.</param>
/// <param name="PathAndQuery">Appended to the service id: empty, or starting with '/' or '?'.</param>
public sealed record ExchangeCall(
    HttpMethod Method,
    string ServiceId,
    string Purpose,
    string? UserId = null,
    string PathAndQuery = "",
    byte[]? Body = null,
    string? ContentType = null);

/// <summary>How a call through the exchange ended.</summary>
public enum ExchangeCallStatus
{
    /// <summary>The hub has no gateway (Exchange:GatewayUrl) or no client id (its department is missing): nothing was sent.</summary>
    NotConfigured,

    /// <summary>The hub's own gateway could not be reached, or did not answer in time.</summary>
    Unreachable,

    /// <summary>A gateway refused or failed the exchange: <see cref="ExchangeAnswer.Error"/> is its <c>SmartGov-Error</c> code.</summary>
    ExchangeError,

    /// <summary>The provider's system answered (any HTTP status): <see cref="ExchangeAnswer.StatusCode"/> and the body are its own.</summary>
    Answered,
}

/// <summary>The outcome of an <see cref="ExchangeCall"/>; the message id (<c>SmartGov-Message-Id</c>) names it in both gateways' logs.</summary>
public sealed record ExchangeAnswer(ExchangeCallStatus Status, HttpStatusCode StatusCode, byte[] Body, string? Error, string? MessageId)
{
    public bool Answered => Status == ExchangeCallStatus.Answered;
}

/// <summary>
/// The hub's one client of the data exchange (docs/exchange-protocol.md): the gateway signs, verifies and logs; this sets the
/// exchange headers and sorts the answer into the provider's own, the exchange's refusal, or no exchange at all. Never
/// throws for exchange failures; the W3C trace context flows with HttpClient's instrumentation.
/// </summary>
public interface IExchangeClient
{
    /// <summary>The hub's client id (<c>{Instance}/GOV/{credit code}/hub</c> unless configured), or null when it has none.</summary>
    Task<string?> ClientIdAsync(CancellationToken ct);

    Task<ExchangeAnswer> SendAsync(ExchangeCall call, CancellationToken ct);
}
