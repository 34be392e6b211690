using SmartGov.Exchange.Protocol;

namespace SmartGov.Gateway.Adapters;

public sealed record AdapterRequest(
    string Method, string Path, string Query, string ContentType, byte[] Body, string Client, string Purpose, string UserId, string MessageId);

/// <summary>What an adapter answers. <see cref="Error"/> is a gateway error type when the adapter itself failed.</summary>
public sealed record AdapterResult(int Status, string ContentType, byte[] Body, string? Error = null, string? Detail = null)
{
    public static AdapterResult Fail(string error, string detail) =>
        new(ExchangeErrors.Status[error], "application/problem+json", [], error, detail);
}

/// <summary>Connects a provided service to the department's own system.</summary>
public interface IServiceAdapter
{
    Task<AdapterResult> CallAsync(AdapterRequest request, CancellationToken ct);
}

public static class AdapterFactory
{
    /// <summary>Builds the adapter of a service, or throws a clear configuration error at start.</summary>
    public static IServiceAdapter Create(ServiceOptions service, IHttpClientFactory httpClients, long maxBodyBytes) =>
        service.Adapter.ToUpperInvariant() switch
        {
            "HTTP" => new HttpBackendAdapter(service, httpClients, maxBodyBytes),
            "SQL" => new SqlQueryAdapter(service),
            "FILEDROP" => new FileDropAdapter(service, maxBodyBytes),
            _ => throw new InvalidOperationException($"Service '{service.Code}': Adapter must be Http, Sql or FileDrop; got '{service.Adapter}'."),
        };
}
