using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SmartGov.Exchange.Protocol;

namespace SmartGov.Gateway.Tests;

/// <summary>Mutual TLS between gateways, each peer pinned by its certificate's SHA-256 thumbprint.</summary>
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
        var config = city.Configuration(version: 2) with
        {
            Gateways = [new(ExchangeCity.MemberA, a.Https, city.KeyA.PublicKeyPem()), new(ExchangeCity.MemberB, b.Https, city.KeyB.PublicKeyPem())],
        };
        await city.PublishAsync(config, null, a.Http, b.Http);

        // The department system calls its own gateway as before; the gateways use mutual TLS between them.
        using var ok = await city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/350102199001011234", gateway: a.Http);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("张明华", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

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
}
