using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;

namespace SmartGov.Gateway.Tests;

/// <summary>
/// A loopback proxy standing in for the network between gateway A and gateway B: it can cut the line after some chunks,
/// or lose the answer to a completion (the provider delivered, the sender never heard).
/// </summary>
public sealed class FaultyLine
{
    private int _chunks;

    public string Target { get; set; } = "";

    /// <summary>Chunk messages let through before the line is cut (null: never cut).</summary>
    public int? CutAfterChunks { get; set; }

    /// <summary>Lose the answer of the next completion message, after the provider handled it.</summary>
    public bool LoseNextCompletionAnswer { get; set; }

    public int ChunksPassed => Volatile.Read(ref _chunks);

    /// <summary>Flip a byte in the body of the next chunk message on its way to the provider.</summary>
    public bool CorruptNextChunk { get; set; }

    /// <summary>Flip a byte in the body of the next answer to an exchange (/p1) on its way back.</summary>
    public bool TamperNextExchangeAnswer { get; set; }

    /// <summary>Hold exchanges (/p1) this long before passing them on: a peer too slow to answer.</summary>
    public TimeSpan HoldExchanges { get; set; }

    public void Reset() => Interlocked.Exchange(ref _chunks, 0);

    public async Task HandleAsync(HttpContext http, HttpClient client)
    {
        var path = http.Request.Path.Value ?? "";
        var isChunk = path.Contains("/chunks/", StringComparison.Ordinal);
        if (isChunk && CutAfterChunks is { } cut && Interlocked.Increment(ref _chunks) > cut)
        {
            Interlocked.Decrement(ref _chunks);
            http.Abort();
            return;
        }

        if (isChunk && CutAfterChunks is null)
        {
            Interlocked.Increment(ref _chunks);
        }

        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), new Uri(Target + path + http.Request.QueryString));
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var bytes = body.ToArray();
        if (isChunk && CorruptNextChunk && bytes.Length > 0)
        {
            CorruptNextChunk = false;
            bytes[bytes.Length / 2] ^= 0x5a;
        }

        var isExchange = path.StartsWith("/p1/", StringComparison.Ordinal);
        if (isExchange && HoldExchanges > TimeSpan.Zero)
        {
            await Task.Delay(HoldExchanges, http.RequestAborted);
        }

        request.Content = new ByteArrayContent(bytes);
        foreach (var h in http.Request.Headers)
        {
            if (h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(h.Key, (IEnumerable<string>)h.Value!);
            }
            else if (!h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(h.Key, (IEnumerable<string>)h.Value!);
            }
        }

        using var response = await client.SendAsync(request);
        if (path.EndsWith("/complete", StringComparison.Ordinal) && LoseNextCompletionAnswer)
        {
            LoseNextCompletionAnswer = false;
            http.Abort();
            return;
        }

        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var h in response.Headers.Concat(response.Content.Headers))
        {
            if (!h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                http.Response.Headers[h.Key] = h.Value.ToArray();
            }
        }

        var answer = await response.Content.ReadAsByteArrayAsync();
        if (isExchange && TamperNextExchangeAnswer && answer.Length > 0)
        {
            TamperNextExchangeAnswer = false;
            answer[answer.Length / 2] ^= 0x01;
        }

        await http.Response.Body.WriteAsync(answer);
    }
}

public sealed class TransferCity : IAsyncLifetime, IDisposable
{
    public ExchangeCity City { get; } = new();

    public FaultyLine Line { get; } = new();

    private WebApplication? _proxy;
    private readonly HttpClient _proxyClient = new(new SocketsHttpHandler { UseProxy = false, ActivityHeadersPropagator = null });

    public async Task InitializeAsync()
    {
        await City.InitializeAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _proxy = builder.Build();
        _proxy.Run(http => Line.HandleAsync(http, _proxyClient));
        await _proxy.StartAsync();
        Line.Target = City.GatewayB;
        City.GatewayBAddress = _proxy.Urls.First().TrimEnd('/');
        await City.PublishAsync(City.Configuration());
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.StopAsync();
            await _proxy.DisposeAsync();
        }

        await City.DisposeAsync();
    }

    public void Dispose() => _proxyClient.Dispose();
}

public sealed class TransferTests(TransferCity fixture) : IClassFixture<TransferCity>
{
    private ExchangeCity City => fixture.City;

    private static byte[] RandomFile(int size)
    {
        var data = new byte[size];
        Random.Shared.NextBytes(data);
        return data;
    }

    private async Task<JsonElement> SubmitAsync(byte[] data, string service, string name, bool encrypt = false, string? purpose = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{City.GatewayA}/t1/{service}")) { Content = new ByteArrayContent(data) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "text/csv");
        request.Headers.Add(ExchangeHeaders.Client, ExchangeCity.ClientA);
        request.Headers.Add(TransferProtocol.NameHeader, Uri.EscapeDataString(name));
        if (purpose is not null)
        {
            request.Headers.Add(ExchangeHeaders.Purpose, purpose);
        }

        if (encrypt)
        {
            request.Headers.Add(TransferProtocol.EncryptHeader, "sm4");
        }

        using var response = await City.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> StatusAsync(string id) =>
        await City.Http.GetFromJsonAsync<JsonElement>(new Uri($"{City.GatewayA}/t1/{id}"));

    private async Task<JsonElement> WaitAsync(string id, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await StatusAsync(id);
            if (until(status) || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(100);
        }
    }

    private static string Status(JsonElement t) => t.GetProperty("status").GetString()!;

    private string[] Delivered(string id) => Directory.Exists(City.Inbox)
        ? [.. Directory.GetFiles(City.Inbox).Select(Path.GetFileName).Where(f => f!.StartsWith(id, StringComparison.Ordinal))!]
        : [];

    [Fact]
    public async Task A_file_crosses_in_chunks_arrives_once_whole_and_the_operator_page_shows_it()
    {
        fixture.Line.CutAfterChunks = null;
        var data = RandomFile(1_000_000);
        var submitted = await SubmitAsync(data, ExchangeCity.InboxService, "户籍变更.csv");
        Assert.Equal(16, submitted.GetProperty("chunkCount").GetInt32());
        var id = submitted.GetProperty("id").GetString()!;

        var done = await WaitAsync(id, t => Status(t) == "delivered");
        Assert.Equal("delivered", Status(done));
        var file = Assert.Single(Delivered(id));
        Assert.EndsWith("户籍变更.csv", file, StringComparison.Ordinal);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(City.Inbox, file)));
        Assert.Equal(TransferProtocol.Root(data.Chunk(65536).Select(Sm3.Hash)), done.GetProperty("sm3Root").GetString());

        // The provider's operator page shows the transfer with a progress bar, without JavaScript.
        var page = await City.Http.GetStringAsync(new Uri(City.GatewayB + "/admin/transfers"));
        Assert.Contains("<meta http-equiv=\"refresh\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"transfer-{id}\"", page, StringComparison.Ordinal);
        Assert.Contains("<progress max=\"16\" value=\"16\"", page, StringComparison.Ordinal);
        var json = await City.Http.GetFromJsonAsync<List<JsonElement>>(new Uri(City.GatewayB + "/admin/transfers.json"));
        var incoming = json!.Single(t => t.GetProperty("id").GetString() == id);
        Assert.Equal("delivered", Status(incoming));
        Assert.Equal(100, incoming.GetProperty("percent").GetDouble());

        // Both message logs keep every transfer message (metadata).
        var log = await City.LogAsync(City.GatewayB);
        Assert.Equal(16, log.Count(e => e.GetProperty("record").GetProperty("method").GetString() == TransferProtocol.ChunkMethod
            && e.GetProperty("record").GetProperty("path").GetString()!.StartsWith("/" + id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_encrypted_table_extract_reaches_the_http_backend_decrypted_and_intact()
    {
        fixture.Line.CutAfterChunks = null;
        var data = RandomFile(200_000);
        var id = (await SubmitAsync(data, ExchangeCity.UploadService, "extract.csv", encrypt: true, purpose: "SP-HUKOU-MOVE")).GetProperty("id").GetString()!;
        var done = await WaitAsync(id, t => Status(t) == "delivered");
        Assert.Equal("delivered", Status(done));
        Assert.True(done.GetProperty("encrypted").GetBoolean());
        var upload = Assert.Single(City.Uploads, u => u.TransferId == id);
        Assert.Equal(Convert.ToHexStringLower(Sm3.Hash(data)), upload.Sm3);
    }

    [Fact]
    public async Task A_transfer_without_the_purpose_its_right_needs_fails_for_good_with_the_reason()
    {
        fixture.Line.CutAfterChunks = null;
        var id = (await SubmitAsync(RandomFile(1000), ExchangeCity.UploadService, "x.csv", purpose: "other")).GetProperty("id").GetString()!;
        var failed = await WaitAsync(id, t => Status(t) == "failed");
        Assert.Equal("failed", Status(failed));
        Assert.StartsWith(ExchangeErrors.PurposeNotAllowed, failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(City.Uploads, u => u.TransferId == id);
    }

    [Fact]
    public async Task A_transfer_cut_half_way_resumes_after_both_gateways_restart_and_is_delivered_once_with_its_checksum()
    {
        var line = fixture.Line;
        line.Reset();
        line.CutAfterChunks = 7;
        var data = RandomFile(20 * 65536 + 123);
        var id = (await SubmitAsync(data, ExchangeCity.InboxService, "不动产登记.zip")).GetProperty("id").GetString()!;

        // The line is cut after 7 chunks: the sender keeps the transfer and says why it waits.
        var waiting = await WaitAsync(id, t => Status(t) == "pending" && t.GetProperty("error").ValueKind == JsonValueKind.String);
        Assert.Equal("pending", Status(waiting));
        Assert.Contains(ExchangeErrors.PeerUnavailable, waiting.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(Delivered(id));
        // The sender sends chunks side by side: the 7th may still be on its way to the provider when the 8th is cut.
        // Let the provider store what the line let through before pulling the plug on both.
        for (var until = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < until; await Task.Delay(100))
        {
            var stored = (await City.Http.GetFromJsonAsync<List<JsonElement>>(new Uri(City.GatewayB + "/admin/transfers.json")))!
                .SingleOrDefault(t => t.GetProperty("id").GetString() == id);
            if (stored.ValueKind == JsonValueKind.Object && stored.GetProperty("chunks").GetInt32() >= 7)
            {
                break;
            }
        }

        // Both gateways restart (new ports); the provider kept its 7 chunks, the sender its spool.
        await City.RestartGatewayAsync("a");
        line.Target = await City.RestartGatewayAsync("b");
        await City.PublishAsync(City.Configuration());
        var incoming = (await City.Http.GetFromJsonAsync<List<JsonElement>>(new Uri(City.GatewayB + "/admin/transfers.json")))!
            .Single(t => t.GetProperty("id").GetString() == id);
        Assert.Equal(7, incoming.GetProperty("chunks").GetInt32());

        // The line is back, and the provider's answer to the completion is lost once: the sender asks again.
        line.Reset();
        line.LoseNextCompletionAnswer = true;
        line.CutAfterChunks = null;
        var done = await WaitAsync(id, t => Status(t) == "delivered");
        Assert.Equal("delivered", Status(done));
        // Only the 14 missing chunks crossed again.
        Assert.Equal(14, line.ChunksPassed);
        var file = Assert.Single(Delivered(id));
        Assert.Equal(Sm3.Hash(data), Sm3.Hash(await File.ReadAllBytesAsync(Path.Combine(City.Inbox, file))));
        Assert.False(line.LoseNextCompletionAnswer);
    }

    private static string Error(HttpResponseMessage r) => r.Headers.TryGetValues(ExchangeHeaders.Error, out var v) ? v.Single() : "";

    private async Task<JsonElement> LoggedAsync(string gateway, string messageId) =>
        Assert.Single(await City.LoggedAsync(gateway, messageId));

    [Fact]
    public async Task A_chunk_damaged_on_the_line_is_refused_and_sent_again_so_the_file_arrives_intact()
    {
        fixture.Line.CutAfterChunks = null;
        fixture.Line.CorruptNextChunk = true;
        var data = RandomFile(5 * 65536);
        var id = (await SubmitAsync(data, ExchangeCity.InboxService, "damaged.bin")).GetProperty("id").GetString()!;
        var done = await WaitAsync(id, t => Status(t) == "delivered");
        Assert.Equal("delivered", Status(done));
        Assert.False(fixture.Line.CorruptNextChunk);
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(City.Inbox, Assert.Single(Delivered(id)))));
        // The provider refused the damaged chunk as badly signed, and logged the refusal.
        var log = await City.LogAsync(City.GatewayB);
        Assert.Contains(log, e => e.GetProperty("record").GetProperty("method").GetString() == TransferProtocol.ChunkMethod
            && e.GetProperty("record").GetProperty("error").GetString() == ExchangeErrors.SignatureInvalid);
    }

    [Fact]
    public async Task An_answer_altered_on_the_way_back_is_refused_by_the_clients_gateway()
    {
        fixture.Line.TamperNextExchangeAnswer = true;
        using var response = await City.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/350102199001011234");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(ExchangeErrors.ResponseSignatureInvalid, Error(response));
        Assert.Equal("client", response.Headers.GetValues(ExchangeHeaders.ErrorSource).Single());
        var messageId = response.Headers.GetValues(ExchangeHeaders.MessageId).Single();
        Assert.Equal(ExchangeErrors.ResponseSignatureInvalid, (await LoggedAsync(City.GatewayA, messageId)).GetProperty("error").GetString());
        // The provider did answer (and logged it): the client's gateway is the one that refused the altered copy.
        Assert.Equal(200, (await LoggedAsync(City.GatewayB, messageId)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_peer_gateway_too_slow_to_answer_gives_a_timeout_from_the_clients_own_gateway()
    {
        fixture.Line.HoldExchanges = TimeSpan.FromSeconds(10);
        try
        {
            using var response = await City.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/350102199001011234");
            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.Equal(ExchangeErrors.PeerTimeout, Error(response));
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("urn:smartgov:exchange:peer.timeout", problem.GetProperty("type").GetString());
            var messageId = response.Headers.GetValues(ExchangeHeaders.MessageId).Single();
            Assert.Equal(ExchangeErrors.PeerTimeout, (await LoggedAsync(City.GatewayA, messageId)).GetProperty("error").GetString());
        }
        finally
        {
            fixture.Line.HoldExchanges = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task A_table_extract_from_the_senders_own_database_is_delivered_as_a_file()
    {
        fixture.Line.CutAfterChunks = null;
        using var request = new HttpRequestMessage(HttpMethod.Post,
            new Uri($"{City.GatewayA}/t1/{ExchangeCity.InboxService}?district={Uri.EscapeDataString("示范市")}"));
        request.Headers.Add(ExchangeHeaders.Client, ExchangeCity.ClientA);
        request.Headers.Add(TransferProtocol.ExtractHeader, "stats/households");
        using var response = await City.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal("delivered", Status(await WaitAsync(id, t => Status(t) == "delivered")));
        var file = Assert.Single(Delivered(id));
        Assert.EndsWith("stats-households.json", file, StringComparison.Ordinal);
        var extract = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(City.Inbox, file))).RootElement;
        Assert.Equal(2, extract.GetProperty("count").GetInt32());
        Assert.Equal("李芳", extract.GetProperty("rows")[1].GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_extract_with_bad_parameters_is_refused_before_anything_is_sent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{City.GatewayA}/t1/{ExchangeCity.InboxService}?district=x&drop=1"));
        request.Headers.Add(ExchangeHeaders.Client, ExchangeCity.ClientA);
        request.Headers.Add(TransferProtocol.ExtractHeader, "stats/households");
        using var response = await City.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ExchangeErrors.ParameterInvalid, Error(response));
    }
}
