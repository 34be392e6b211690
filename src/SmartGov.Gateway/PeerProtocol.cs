using System.Net;

namespace SmartGov.Gateway;

/// <summary>Which HTTP version a gateway asks its provider gateways for (<see cref="GatewayOptions.PeerHttp2"/>).</summary>
public static class PeerProtocol
{
    /// <summary>
    /// HTTP/2 over TLS by ALPN (HTTP/1.1 when the peer does not offer it); over cleartext HTTP/2 with prior knowledge only
    /// when <see cref="GatewayOptions.PeerHttp2PriorKnowledge"/> says every provider's address is an HTTP/2-only port.
    /// Bulk chunks (<paramref name="bulk"/>) keep HTTP/1.1 over TLS: one large body per request gains nothing from
    /// multiplexing and HTTP/2's flow-control windows slow it down; an HTTP/2-only cleartext port leaves no choice.
    /// </summary>
    public static void Apply(HttpRequestMessage message, GatewayOptions options, bool bulk = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.PeerHttp2 || message.RequestUri is null)
        {
            return;
        }

        if (message.RequestUri.Scheme == Uri.UriSchemeHttps)
        {
            if (bulk)
            {
                return;
            }

            message.Version = HttpVersion.Version20;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }
        else if (options.PeerHttp2PriorKnowledge)
        {
            message.Version = HttpVersion.Version20;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
    }
}
