using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SmartGov.Exchange.Protocol;

namespace SmartGov.Gateway.Tests;

/// <summary>
/// The link between gateways: mutual TLS, each peer pinned by its certificate's SHA-256 thumbprint, and HTTP/2 (ALPN over
/// TLS; prior knowledge on an HTTP/2-only cleartext port).
/// </summary>
public sealed class TlsTests(ExchangeCity city) : IClassFixture<ExchangeCity>
{
    private static (string Cert, string Key, string Thumbprint) MakeCertificate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }

    private async Task<(string Http, string Https)> StartAsync(string name, string member, string key, (string Cert, string Key, string Thumbprint) tls,
        string[] pins, params string[] extra)
    {
        var cert = Path.Combine(city.Root, name + ".crt");
        var certKey = Path.Combine(city.Root, name + ".tls.key");
        await File.WriteAllTextAsync(cert, tls.Cert);
        await File.WriteAllTextAsync(certKey, tls.Key);
        var app = GatewayHost.Build(
        [
            "--urls=http://127.0.0.1:0;https://127.0.0.1:0", $"--Gateway:MemberId={member}", $"--Gateway:KeyFile={Path.Combine(city.Root, key)}",
            $"--Gateway:DataDirectory={Path.Combine(city.Root, "data-" + name)}", $"--Gateway:ConfigSource={city.ConfigFile}",
            $"--Gateway:CenterPublicKeyFile={Path.Combine(city.Root, "center.pem")}", "--Gateway:ConfigRefreshSeconds=3600",
            "--Logging:LogLevel:Default=Warning", $"--Gateway:Tls:CertificateFile={cert}", $"--Gateway:Tls:KeyFile={certKey}",
            .. pins.Select((p, i) => $"--Gateway:Tls:PinnedPeers:{i}={p}"), .. extra,
        ]);
        await city.StartAsync(app);
        var urls = app.Urls.Select(u => u.TrimEnd('/')).ToList();
        return (urls.First(u => u.StartsWith("http:", StringComparison.Ordinal)), urls.First(u => u.StartsWith("https:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Gateways_talk_over_mutual_tls_and_a_peer_without_a_pinned_certificate_is_refused()
    {
        var tlsA = MakeCertificate("gateway-a");
        var tlsB = MakeCertificate("gateway-b");
        var rogue = MakeCertificate("rogue");
        var a = await StartAsync("tls-a", ExchangeCity.MemberA, "a.key", tlsA, [$"{ExchangeCity.MemberB}={tlsB.Thumbprint}"]);
        var b = await StartAsync("tls-b", ExchangeCity.MemberB, "b.key", tlsB, [$"{ExchangeCity.MemberA}={tlsA.Thumbprint}"],
            "--Gateway:Services:0:Code=hukou/household", $"--Gateway:Services:0:BaseUrl={city.Backend}");
        // Versions only grow: a later version than whatever the other test of this class left in the shared file.
        var config = city.Configuration(version: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) with
        {
            Gateways = [new(ExchangeCity.MemberA, a.Https, city.KeyA.PublicKeyPem()), new(ExchangeCity.MemberB, b.Https, city.KeyB.PublicKeyPem())],
        };
        await city.PublishAsync(config, null, a.Http, b.Http);

        // The department system calls its own gateway as before; the gateways use mutual TLS between them, and HTTP/2
        // (negotiated by ALPN), as the provider's own request metrics show.
        using var protocols = new ServerProtocols();
        using var ok = await city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/350102199001011234", gateway: a.Http);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("张明华", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Contains(("https", "2"), await protocols.ProviderSideAsync());

        // A caller with a valid SM2 signature but a certificate not pinned for member A is refused, and logged.
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                ClientCertificates = [X509Certificate2.CreateFromPem(rogue.Cert, rogue.Key)],
                // The rogue knows whom it calls: gateway B's own certificate.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == tlsB.Thumbprint,
            },
        };
        using var client = new HttpClient(handler);
        var nonce = CanonicalMessage.NewNonce();
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var toSign = new RequestToSign("GET", ExchangeCity.HukouService, "/persons/1", "", ExchangeCity.ClientA, "SP-HUKOU-MOVE", "", "", ts, nonce, []);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{b.Https}/p1/{ExchangeCity.HukouService}/persons/1"));
        request.Headers.Add(ExchangeHeaders.Client, ExchangeCity.ClientA);
        request.Headers.Add(ExchangeHeaders.Purpose, "SP-HUKOU-MOVE");
        request.Headers.Add(ExchangeHeaders.Timestamp, ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(ExchangeHeaders.Nonce, nonce);
        request.Headers.Add(ExchangeHeaders.Signature, CanonicalMessage.SignRequest(city.KeyA, toSign));
        using var refused = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(ExchangeErrors.PeerCertificateRefused, refused.Headers.GetValues(ExchangeHeaders.Error).Single());
        var logged = Assert.Single(await city.LoggedAsync(b.Http, nonce));
        Assert.Equal(ExchangeErrors.PeerCertificateRefused, logged.GetProperty("error").GetString());

        // Plain HTTP to the provider side is refused too while TLS is on.
        using var plain = await city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/1", gateway: a.Http);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        var direct = new HttpRequestMessage(HttpMethod.Get, new Uri($"{b.Http}/p1/{ExchangeCity.HukouService}/persons/1"));
        direct.Headers.Add(ExchangeHeaders.Client, ExchangeCity.ClientA);
        direct.Headers.Add(ExchangeHeaders.Timestamp, ts.ToString(CultureInfo.InvariantCulture));
        direct.Headers.Add(ExchangeHeaders.Nonce, CanonicalMessage.NewNonce());
        using var overHttp = await city.Http.SendAsync(direct);
        Assert.Equal(ExchangeErrors.PeerCertificateRefused, overHttp.Headers.GetValues(ExchangeHeaders.Error).Single());
    }

    [Fact]
    public async Task With_prior_knowledge_gateways_talk_http2_to_an_http2_only_cleartext_port_and_the_department_port_keeps_http1()
    {
        static int FreePort()
        {
            var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        // Gateway B: its department-facing port as before, and an HTTP/2-only port that it publishes as its address.
        var (local, peer) = ($"http://127.0.0.1:{FreePort()}", $"http://127.0.0.1:{FreePort()}");
        var a = await city.StartGatewayAsync("h2c-a", ExchangeCity.MemberA, "a.key", ["--Gateway:PeerHttp2PriorKnowledge=true"]);
        await city.StartGatewayAsync("h2c-b", ExchangeCity.MemberB, "b.key",
        [
            "--Gateway:Services:0:Code=hukou/household", $"--Gateway:Services:0:BaseUrl={city.Backend}",
            "--Gateway:Services:1:Code=files/inbox", "--Gateway:Services:1:Adapter=FileDrop", $"--Gateway:Services:1:Folder={Path.Combine(city.Root, "h2c-inbox")}",
            $"--Kestrel:Endpoints:Local:Url={local}", $"--Kestrel:Endpoints:Peer:Url={peer}", "--Kestrel:Endpoints:Peer:Protocols=Http2",
        ]);
        // Versions only grow: a later version than whatever the other test of this class left in the shared file.
        var config = city.Configuration(version: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) with
        {
            Gateways = [new(ExchangeCity.MemberA, a, city.KeyA.PublicKeyPem()), new(ExchangeCity.MemberB, peer, city.KeyB.PublicKeyPem())],
        };
        await city.PublishAsync(config, null, a, local);

        using var protocols = new ServerProtocols();
        using var ok = await city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/350102199001011234", gateway: a);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("张明华", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Contains(("http", "2"), await protocols.ProviderSideAsync());

        // A bulk transfer's chunks take the same HTTP/2 link (the port answers nothing else) and arrive whole.
        using var submit = new HttpRequestMessage(HttpMethod.Post, new Uri($"{a}/t1/{ExchangeCity.InboxService}"))
        {
            Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("户籍信息批量上报")),
        };
        submit.Headers.Add(ExchangeHeaders.Client, ExchangeCity.ClientA);
        submit.Headers.Add("SmartGov-Transfer-Name", "h2c.txt");
        using var accepted = await city.Http.SendAsync(submit);
        accepted.EnsureSuccessStatusCode();
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        string? status = null;
        for (var i = 0; i < 200 && status is not ("delivered" or "failed"); i++)
        {
            await Task.Delay(50);
            status = (await city.Http.GetFromJsonAsync<JsonElement>(new Uri($"{a}/t1/{id}"))).GetProperty("status").GetString();
        }

        Assert.Equal("delivered", status);

        // The provider's department-facing port still speaks HTTP/1.1 to its department's systems.
        using var health = await city.Http.GetAsync(new Uri(local + "/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpVersion.Version11, health.Version);
    }

    /// <summary>The scheme and HTTP version of the requests that reached a provider side (<c>/p1</c>), from ASP.NET Core's request metrics.</summary>
    private sealed class ServerProtocols : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string Scheme, string Version)> _seen = new();

        public ServerProtocols()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
            {
                string? route = null, scheme = null, version = null;
                foreach (var tag in tags)
                {
                    switch (tag.Key)
                    {
                        case "http.route": route = tag.Value as string; break;
                        case "url.scheme": scheme = tag.Value as string; break;
                        case "network.protocol.version": version = tag.Value as string; break;
                    }
                }

                if (route?.StartsWith("/p1/", StringComparison.Ordinal) == true)
                {
                    _seen.Enqueue((scheme ?? "", version ?? ""));
                }
            });
            _listener.Start();
        }

        /// <summary>Waits for the provider's request to be measured (it ends just after its answer leaves).</summary>
        public async Task<List<(string Scheme, string Version)>> ProviderSideAsync()
        {
            for (var i = 0; i < 100 && _seen.IsEmpty; i++)
            {
                await Task.Delay(20);
            }

            return [.. _seen];
        }

        public void Dispose() => _listener.Dispose();
    }
}
