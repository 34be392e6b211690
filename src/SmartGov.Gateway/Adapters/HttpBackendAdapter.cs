using SmartGov.Exchange.Protocol;

namespace SmartGov.Gateway.Adapters;

/// <summary>Passes the request to the department's HTTP backend: BaseUrl + path + query, with the exchange headers.</summary>
public sealed class HttpBackendAdapter : IServiceAdapter
{
    private readonly ServiceOptions _service;
    private readonly IHttpClientFactory _httpClients;
    private readonly long _maxBodyBytes;
    private readonly Uri _baseUrl;

    public HttpBackendAdapter(ServiceOptions service, IHttpClientFactory httpClients, long maxBodyBytes)
    {
        _service = service;
        _httpClients = httpClients;
        _maxBodyBytes = maxBodyBytes;
        if (!Uri.TryCreate(service.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"Service '{service.Code}': BaseUrl must be an absolute http(s) URL.");
        }

        _baseUrl = baseUrl;
        foreach (var name in service.Headers.Keys)
        {
            if (name.StartsWith("SmartGov-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Any(c => c <= ' ' || c >= 127 || c == ':'))
            {
                // The name only: the value may be a secret.
                throw new InvalidOperationException($"Service '{service.Code}': header '{name}' cannot be set by Headers.");
            }
        }
    }

    public async Task<AdapterResult> CallAsync(AdapterRequest request, CancellationToken ct)
    {
        var url = new Uri(_baseUrl.AbsoluteUri.TrimEnd('/') + CanonicalMessage.CanonicalPath(request.Path) + CanonicalMessage.ForwardQuery(request.Query));
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), url);
        if (request.Body.Length > 0 || request.ContentType.Length > 0)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType.Length > 0)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        // Fixed headers of this service (a backend's API token): first, so the exchange headers below always win.
        foreach (var (name, value) in _service.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        message.Headers.TryAddWithoutValidation(ExchangeHeaders.Client, request.Client);
        message.Headers.TryAddWithoutValidation(ExchangeHeaders.MessageId, request.MessageId);
        if (request.Purpose.Length > 0)
        {
            message.Headers.TryAddWithoutValidation(ExchangeHeaders.Purpose, request.Purpose);
        }

        if (request.UserId.Length > 0)
        {
            message.Headers.TryAddWithoutValidation(ExchangeHeaders.UserId, request.UserId);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_service.TimeoutSeconds));
        try
        {
            using var response = await _httpClients.CreateClient("backend").SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await BodyReader.ReadAsync(response.Content, _maxBodyBytes, timeout.Token);
            if (body is null)
            {
                return AdapterResult.Fail(ExchangeErrors.BodyTooLarge, $"The backend's response is larger than {_maxBodyBytes} bytes.");
            }

            var contentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var ctValues) ? ctValues.ToString() : "";
            return new AdapterResult((int)response.StatusCode, contentType, body);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return AdapterResult.Fail(ExchangeErrors.BackendTimeout, $"The backend did not answer within {_service.TimeoutSeconds} s.");
        }
        catch (HttpRequestException ex)
        {
            return AdapterResult.Fail(ExchangeErrors.BackendUnavailable, "The backend cannot be reached: " + ex.Message);
        }
    }
}

public static class BodyReader
{
    /// <summary>Reads a body of at most <paramref name="limit"/> bytes; null when it is larger.</summary>
    public static async Task<byte[]?> ReadAsync(Stream stream, long? declaredLength, long limit, CancellationToken ct)
    {
        if (declaredLength > limit)
        {
            return null;
        }

        if (declaredLength is > 0)
        {
            // The length is known: one buffer of exactly that size, no copies (bulk chunks are megabytes).
            var exact = new byte[declaredLength.Value];
            await stream.ReadExactlyAsync(exact, ct);
            return await stream.ReadAsync(new byte[1], ct) == 0 ? exact : null;
        }

        using var buffer = new MemoryStream(declaredLength is > 0 ? (int)declaredLength.Value : 0);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static async Task<byte[]?> ReadAsync(HttpContent content, long limit, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        return await ReadAsync(stream, content.Headers.ContentLength, limit, ct);
    }
}
