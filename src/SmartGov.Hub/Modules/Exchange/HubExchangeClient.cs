using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Modules.Licences;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Hub.Modules.Exchange;

/// <summary>
/// <see cref="IExchangeClient"/> over the hub's gateway. Its settings are the section <c>Exchange</c>
/// (<see cref="LicencesOptions"/>: GatewayUrl, Instance, ClientId, HubDepartmentCode, TimeoutSeconds).
/// </summary>
public sealed class HubExchangeClient(
    IHttpClientFactory http,
    IOptions<LicencesOptions> options,
    IOrganizationDirectory organizations,
    ILogger<HubExchangeClient> logger) : IExchangeClient
{
    public const string HttpClientName = "hub-exchange";

    /// <summary>Registers the client and its HTTP connection pool (once, whichever module asks first).</summary>
    public static IServiceCollection Register(IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // The purpose (用途) is Chinese: send header values as UTF-8, which Kestrel (the gateway) reads by default.
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        });
        services.TryAddScoped<IExchangeClient, HubExchangeClient>();
        return services;
    }

    public Task<string?> ClientIdAsync(CancellationToken ct) => options.Value.ResolveClientIdAsync(organizations, ct);

    public async Task<ExchangeAnswer> SendAsync(ExchangeCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var o = options.Value;
        var client = await ClientIdAsync(ct);
        if (string.IsNullOrWhiteSpace(o.GatewayUrl) || client is null)
        {
            return new(ExchangeCallStatus.NotConfigured, 0, [], null, null);
        }

        using var request = new HttpRequestMessage(call.Method, new Uri($"{o.GatewayUrl.TrimEnd('/')}/r1/{call.ServiceId.Trim('/')}{call.PathAndQuery}"));
        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(call.Body);
            if (!string.IsNullOrEmpty(call.ContentType))
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", call.ContentType);
            }
        }

        request.Headers.Add("SmartGov-Client", client);
        // HTTP header values are ISO-8859-1 on the wire in .NET unless encoded: the gateway reads UTF-8 (docs/exchange-protocol.md).
        request.Headers.TryAddWithoutValidation("SmartGov-Purpose", call.Purpose);
        if (!string.IsNullOrWhiteSpace(call.UserId))
        {
            request.Headers.TryAddWithoutValidation("SmartGov-UserId", call.UserId.Length > 128 ? call.UserId[..128] : call.UserId);
        }

        try
        {
            var c = http.CreateClient(HttpClientName);
            c.Timeout = TimeSpan.FromSeconds(Math.Max(1, o.TimeoutSeconds));
            using var response = await c.SendAsync(request, ct);
            var messageId = response.Headers.TryGetValues("SmartGov-Message-Id", out var ids) ? ids.FirstOrDefault() : null;
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            return response.Headers.TryGetValues("SmartGov-Error", out var errors) && errors.FirstOrDefault() is { Length: > 0 } error
                ? new(ExchangeCallStatus.ExchangeError, response.StatusCode, body, error, messageId)
                : new(ExchangeCallStatus.Answered, response.StatusCode, body, null, messageId);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Exchange call to {Service}: the hub's gateway {Gateway} cannot be reached", call.ServiceId, o.GatewayUrl);
            return new(ExchangeCallStatus.Unreachable, 0, [], null, null);
        }
    }
}
