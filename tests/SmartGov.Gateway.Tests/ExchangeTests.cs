using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;

namespace SmartGov.Gateway.Tests;

public sealed class ExchangeTests(ExchangeCity city) : IClassFixture<ExchangeCity>
{
    private static string Error(HttpResponseMessage r) =>
        r.Headers.TryGetValues(ExchangeHeaders.Error, out var v) ? v.Single() : "";

    private static string MessageId(HttpResponseMessage r) => r.Headers.GetValues(ExchangeHeaders.MessageId).Single();

    private async Task AssertLoggedAsync(string gateway, string messageId, string? error)
    {
        var records = await city.LoggedAsync(gateway, messageId);
        Assert.Single(records);
        Assert.Equal(error, records[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_department_system_gets_another_departments_data_through_both_gateways_and_both_logs_keep_it()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{city.GatewayA}/r1/{ExchangeCity.HukouService}/persons/350102199001011234?b=2&a=1"));
        request.Headers.Add(ExchangeHeaders.Client, ExchangeCity.ClientA);
        request.Headers.Add(ExchangeHeaders.Purpose, "SP-HUKOU-MOVE");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        // The department system's own client: it sends its traceparent as it is (no propagator of this test process).
        using var departmentSystem = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null });
        using var response = await departmentSystem.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", Error(response));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("张明华", body.GetProperty("name").GetString());
        Assert.Equal("SP-HUKOU-MOVE", body.GetProperty("purpose").GetString());
        // The trace the department system started reaches the provider's backend across both gateways.
        Assert.Contains(traceId.ToString(), city.BackendTraceparent);

        var id = MessageId(response);
        var consumer = Assert.Single(await city.LoggedAsync(city.GatewayA, id));
        var provider = Assert.Single(await city.LoggedAsync(city.GatewayB, id));
        Assert.Equal(200, consumer.GetProperty("status").GetInt32());
        Assert.Equal(consumer.GetProperty("requestHash").GetString(), provider.GetProperty("requestHash").GetString());
        Assert.Equal(consumer.GetProperty("responseBodyHash").GetString(), provider.GetProperty("responseBodyHash").GetString());
        Assert.Equal("a=1&b=2", provider.GetProperty("query").GetString());
        Assert.Contains("张明华", Encoding.UTF8.GetString(Convert.FromBase64String(provider.GetProperty("responseBody").GetString()!)));
        Assert.Equal(traceId.ToString(), provider.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task The_sql_adapter_answers_a_parameterized_query_and_logs_metadata_only()
    {
        using var response = await city.CallAsync(HttpMethod.Get, ExchangeCity.SqlService, "?idNumber=35010219920202222X");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("count").GetInt32());
        Assert.Equal("李芳", body.GetProperty("rows")[0].GetProperty("name").GetString());
        var provider = Assert.Single(await city.LoggedAsync(city.GatewayB, MessageId(response)));
        Assert.Equal(JsonValueKind.Null, provider.GetProperty("responseBody").ValueKind);
        Assert.Equal(64, provider.GetProperty("responseBodyHash").GetString()!.Length);
        Assert.Single(await city.LoggedAsync(city.GatewayA, MessageId(response)));
    }

    [Theory]
    [InlineData("?idNumber=1%27%20OR%20%271%27=%271")]
    [InlineData("?idNumber=350102199001011234&extra=1")]
    [InlineData("")]
    public async Task Sql_parameters_that_do_not_fit_their_declaration_are_refused(string query)
    {
        using var response = await city.CallAsync(HttpMethod.Get, ExchangeCity.SqlService, query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ExchangeErrors.ParameterInvalid, Error(response));
        await AssertLoggedAsync(city.GatewayB, MessageId(response), ExchangeErrors.ParameterInvalid);
    }

    [Fact]
    public async Task A_request_with_a_tampered_body_is_refused_as_badly_signed()
    {
        var (request, _) = Signed(HttpMethod.Post, ExchangeCity.HukouService, "/persons", "{\"name\":\"张明华\"}", city.KeyA);
        request.Content = new StringContent("{\"name\":\"李芳\"}", Encoding.UTF8, "application/json");
        request.Content.Headers.ContentType = null;
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var response = await city.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ExchangeErrors.SignatureInvalid, Error(response));
        await AssertLoggedAsync(city.GatewayB, MessageId(response), ExchangeErrors.SignatureInvalid);
    }

    [Fact]
    public async Task A_request_signed_by_a_key_other_than_the_clients_gateway_is_refused()
    {
        var (request, _) = Signed(HttpMethod.Get, ExchangeCity.HukouService, "/persons/1", null, Sm2KeyPair.Generate());
        using var response = await city.Http.SendAsync(request);
        Assert.Equal(ExchangeErrors.SignatureInvalid, Error(response));
    }

    [Fact]
    public async Task A_replayed_request_is_refused_the_second_time()
    {
        var (first, nonce) = Signed(HttpMethod.Get, ExchangeCity.HukouService, "/persons/350102199001011234", null, city.KeyA);
        var (second, _) = Signed(HttpMethod.Get, ExchangeCity.HukouService, "/persons/350102199001011234", null, city.KeyA, nonce, first);
        using var ok = await city.Http.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var replay = await city.Http.SendAsync(second);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(ExchangeErrors.NonceReplayed, Error(replay));
        var records = await city.LoggedAsync(city.GatewayB, nonce);
        Assert.Equal(2, records.Count);
        Assert.Equal(ExchangeErrors.NonceReplayed, records[1].GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_client_whose_member_has_no_gateway_in_the_configuration_is_unknown()
    {
        var outsider = $"{ExchangeCity.Instance}/GOV/{SmartGov.Core.CreditCode.Compose('1', '1', "350100", "30000009")}/app";
        var (request, nonce) = Signed(HttpMethod.Get, ExchangeCity.HukouService, "/persons/1", null, Sm2KeyPair.Generate(), client: outsider);
        using var response = await city.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ExchangeErrors.ClientUnknown, Error(response));
        await AssertLoggedAsync(city.GatewayB, nonce, ExchangeErrors.ClientUnknown);
    }

    [Fact]
    public async Task A_subsystem_without_an_access_right_is_denied_and_the_error_is_marked_as_the_providers()
    {
        using var response = await city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/1", client: ExchangeCity.MemberA + "/archive");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ExchangeErrors.AccessDenied, Error(response));
        Assert.Equal("provider", response.Headers.GetValues(ExchangeHeaders.ErrorSource).Single());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:smartgov:exchange:access.denied", problem.GetProperty("type").GetString());
        await AssertLoggedAsync(city.GatewayB, MessageId(response), ExchangeErrors.AccessDenied);
        await AssertLoggedAsync(city.GatewayA, MessageId(response), ExchangeErrors.AccessDenied);
    }

    [Fact]
    public async Task A_path_outside_the_granted_patterns_is_denied()
    {
        using var response = await city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/companies/1");
        Assert.Equal(ExchangeErrors.AccessDenied, Error(response));
    }

    [Theory]
    [InlineData("SP-CURIOSITY", ExchangeErrors.PurposeNotAllowed)]
    [InlineData(null, ExchangeErrors.PurposeRequired)]
    public async Task Personal_data_needs_a_granted_purpose(string? purpose, string error)
    {
        using var response = await city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/1", purpose);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(error, Error(response));
        await AssertLoggedAsync(city.GatewayB, MessageId(response), error);
    }

    [Fact]
    public async Task A_slow_backend_times_out_with_a_typed_error()
    {
        using var response = await city.CallAsync(HttpMethod.Get, ExchangeCity.SlowService, "/", purpose: null);
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(ExchangeErrors.BackendTimeout, Error(response));
        await AssertLoggedAsync(city.GatewayB, MessageId(response), ExchangeErrors.BackendTimeout);
    }

    [Fact]
    public async Task A_backend_that_is_down_gives_a_typed_error()
    {
        using var response = await city.CallAsync(HttpMethod.Get, ExchangeCity.DownService, "/x", purpose: null);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(ExchangeErrors.BackendUnavailable, Error(response));
        Assert.Equal("provider", response.Headers.GetValues(ExchangeHeaders.ErrorSource).Single());
        await AssertLoggedAsync(city.GatewayB, MessageId(response), ExchangeErrors.BackendUnavailable);
    }

    [Fact]
    public async Task A_peer_gateway_that_is_down_gives_a_typed_error_from_the_clients_own_gateway()
    {
        using var response = await city.CallAsync(HttpMethod.Get, ExchangeCity.PeerDownService, "/records", purpose: null);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(ExchangeErrors.PeerUnavailable, Error(response));
        Assert.Equal("client", response.Headers.GetValues(ExchangeHeaders.ErrorSource).Single());
        await AssertLoggedAsync(city.GatewayA, MessageId(response), ExchangeErrors.PeerUnavailable);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_it_leaves_the_clients_gateway()
    {
        using var content = new ByteArrayContent(new byte[100_000]);
        using var response = await city.CallAsync(HttpMethod.Post, ExchangeCity.HukouService, "/persons", content: content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(ExchangeErrors.BodyTooLarge, Error(response));
        await AssertLoggedAsync(city.GatewayA, MessageId(response), ExchangeErrors.BodyTooLarge);
        Assert.Empty(await city.LoggedAsync(city.GatewayB, MessageId(response)));
    }

    [Theory]
    [InlineData("/r1/CN-DEMO/GOV/not-a-code/hukou/household/x")]
    [InlineData("/r1/CN-DEMO/XXX/1/2/3")]
    public async Task A_malformed_service_id_is_a_400_not_a_crash(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(city.GatewayA + path));
        request.Headers.Add(ExchangeHeaders.Client, ExchangeCity.ClientA);
        using var response = await city.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ExchangeErrors.BadRequest, Error(response));
    }

    [Fact]
    public async Task A_client_of_another_member_cannot_use_this_gateway()
    {
        using var response = await city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/1", client: ExchangeCity.MemberB + "/app");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ExchangeErrors.ClientNotLocal, Error(response));
    }

    [Fact]
    public async Task The_message_log_has_a_signed_tree_head_that_verifies_with_the_gateway_key()
    {
        using var call = await city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/350102199001011234");
        using var response = await city.Http.PostAsync(new Uri(city.GatewayB + "/admin/log/head"), null);
        var head = await response.Content.ReadFromJsonAsync<JsonElement>();
        var size = head.GetProperty("treeSize").GetInt64();
        Assert.True(size >= 1);
        var bytes = MessageLog.HeadBytes(ExchangeCity.MemberB, size, head.GetProperty("rootHash").GetString()!, head.GetProperty("timestamp").GetInt64());
        Assert.True(city.KeyB.PublicKey.Verify(Sm3.Hash(bytes), Convert.FromBase64String(head.GetProperty("signature").GetString()!)));
    }

    /// <summary>A request to gateway B's provider endpoint, signed as gateway A signs (the test plays a gateway).</summary>
    private (HttpRequestMessage Request, string Nonce) Signed(HttpMethod method, string service, string path, string? body, Sm2KeyPair key,
        string? nonce = null, HttpRequestMessage? copyOf = null, string client = "")
    {
        client = client.Length > 0 ? client : ExchangeCity.ClientA;
        nonce ??= CanonicalMessage.NewNonce();
        var ts = copyOf is null ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : long.Parse(copyOf.Headers.GetValues(ExchangeHeaders.Timestamp).Single(), CultureInfo.InvariantCulture);
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var contentType = body is null ? "" : "application/json";
        var toSign = new RequestToSign(method.Method, service, path, "", client, "SP-HUKOU-MOVE", "", contentType, ts, nonce, bytes);
        var request = new HttpRequestMessage(method, new Uri($"{city.GatewayB}/p1/{service}{path}"));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        request.Headers.Add(ExchangeHeaders.Client, client);
        request.Headers.Add(ExchangeHeaders.Purpose, "SP-HUKOU-MOVE");
        request.Headers.Add(ExchangeHeaders.Timestamp, ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(ExchangeHeaders.Nonce, nonce);
        request.Headers.Add(ExchangeHeaders.Signature, copyOf?.Headers.GetValues(ExchangeHeaders.Signature).Single() ?? CanonicalMessage.SignRequest(key, toSign));
        return (request, nonce);
    }
}

public sealed class ProviderInputTests(ExchangeCity city) : IClassFixture<ExchangeCity>
{
    private static string Error(HttpResponseMessage r) => r.Headers.TryGetValues(ExchangeHeaders.Error, out var v) ? v.Single() : "";

    private HttpRequestMessage Signed(string path, byte[] body, string? signature = null)
    {
        var nonce = CanonicalMessage.NewNonce();
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var toSign = new RequestToSign("POST", ExchangeCity.HukouService, path, "", ExchangeCity.ClientA, "SP-HUKOU-MOVE", "", "application/json", ts, nonce, body);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{city.GatewayB}/p1/{ExchangeCity.HukouService}{path}")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.Add(ExchangeHeaders.Client, ExchangeCity.ClientA);
        request.Headers.Add(ExchangeHeaders.Purpose, "SP-HUKOU-MOVE");
        request.Headers.Add(ExchangeHeaders.Timestamp, ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(ExchangeHeaders.Nonce, nonce);
        request.Headers.Add(ExchangeHeaders.Signature, signature ?? CanonicalMessage.SignRequest(city.KeyA, toSign));
        return request;
    }

    [Fact]
    public async Task A_tampered_signature_is_refused_and_logged_by_the_provider()
    {
        var body = Encoding.UTF8.GetBytes("{\"name\":\"张明华\"}");
        using var probe = Signed("/persons", body);
        var good = Convert.FromBase64String(probe.Headers.GetValues(ExchangeHeaders.Signature).Single());
        good[^3] ^= 0x01;
        using var request = Signed("/persons", body, Convert.ToBase64String(good));
        using var response = await city.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ExchangeErrors.SignatureInvalid, Error(response));
        var id = request.Headers.GetValues(ExchangeHeaders.Nonce).Single();
        Assert.Equal(ExchangeErrors.SignatureInvalid, Assert.Single(await city.LoggedAsync(city.GatewayB, id)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_batch_signature_borrowed_from_another_message_is_refused()
    {
        // A real batch signature of the client's key, over two other messages: its audit path does not fit this one.
        var batch = BatchSignature.Sign(city.KeyA, [Sm3.Hash([1]), Sm3.Hash([2])]);
        using var request = Signed("/persons", Encoding.UTF8.GetBytes("{}"), batch[0]);
        using var response = await city.Http.SendAsync(request);
        Assert.Equal(ExchangeErrors.SignatureInvalid, Error(response));
    }

    [Fact]
    public async Task An_oversized_body_sent_straight_to_the_provider_is_refused_with_a_signed_error_and_logged()
    {
        using var request = Signed("/persons", new byte[70_000]);
        using var response = await city.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(ExchangeErrors.BodyTooLarge, Error(response));
        var id = request.Headers.GetValues(ExchangeHeaders.Nonce).Single();
        Assert.Equal(ExchangeErrors.BodyTooLarge, Assert.Single(await city.LoggedAsync(city.GatewayB, id)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_transfer_to_an_unknown_client_or_without_a_right_is_refused_with_typed_errors()
    {
        // Straight to B's transfer endpoint, signed by a key the configuration does not know for an outsider's member.
        var outsider = $"{ExchangeCity.Instance}/GOV/{SmartGov.Core.CreditCode.Compose('1', '1', "350100", "30000009")}/app";
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"{city.GatewayB}/p1t/{ExchangeCity.InboxService}/abcdefghijklmnopqrstuv/manifest"))
        {
            Content = new ByteArrayContent("{}"u8.ToArray()),
        };
        request.Headers.Add(ExchangeHeaders.Client, outsider);
        request.Headers.Add(ExchangeHeaders.Timestamp, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(ExchangeHeaders.Nonce, CanonicalMessage.NewNonce());
        request.Headers.Add(ExchangeHeaders.Signature, "AAAA");
        using var response = await city.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ExchangeErrors.ClientUnknown, Error(response));

        // Through A: the hukou service grants GET/POST on /persons only, so a transfer (POST /) is not allowed.
        using var submit = new HttpRequestMessage(HttpMethod.Post, new Uri($"{city.GatewayA}/t1/{ExchangeCity.HukouService}"))
        {
            Content = new ByteArrayContent(new byte[10]),
        };
        submit.Headers.Add(ExchangeHeaders.Client, ExchangeCity.ClientA);
        submit.Headers.Add(ExchangeHeaders.Purpose, "SP-HUKOU-MOVE");
        using var accepted = await city.Http.SendAsync(submit);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        JsonElement status;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(100);
            status = await city.Http.GetFromJsonAsync<JsonElement>(new Uri($"{city.GatewayA}/t1/{id}"));
        }
        while (status.GetProperty("status").GetString() != "failed" && DateTime.UtcNow < deadline);

        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.StartsWith(ExchangeErrors.AccessDenied, status.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_purpose_in_chinese_crosses_both_gateways_and_reaches_the_backend()
    {
        using var response = await city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/350102199001011234", purpose: "一网通办材料共享");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("一网通办材料共享", body.GetProperty("purpose").GetString());
        var messageId = response.Headers.GetValues(ExchangeHeaders.MessageId).Single();
        Assert.Equal("一网通办材料共享", (Assert.Single(await city.LoggedAsync(city.GatewayB, messageId))).GetProperty("purpose").GetString());
    }

    [Fact]
    public async Task The_gateway_meter_counts_exchanges_by_side_and_error()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<(string Side, string Error)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "smartgov.gateway.exchanges")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var all = tags.ToArray();
            seen.Enqueue((all.FirstOrDefault(t => t.Key == "side").Value as string ?? "", all.FirstOrDefault(t => t.Key == "error").Value as string ?? ""));
        });
        listener.Start();

        using var refused = await city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/1", "SP-CURIOSITY");
        Assert.Equal(ExchangeErrors.PurposeNotAllowed, Error(refused));
        Assert.Contains(("provider", ExchangeErrors.PurposeNotAllowed), seen);
        Assert.Contains(("consumer", ExchangeErrors.PurposeNotAllowed), seen);
    }
}
