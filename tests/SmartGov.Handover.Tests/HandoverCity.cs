extern alias gateway;

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Core;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;
using gateway::SmartGov.Gateway;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Handover.Tests;

/// <summary>One region's hub with settings the city fills in before it starts; on Kestrel, so its gateway can reach it.</summary>
public sealed class RegionHub : SmartGovFactory
{
    public RegionHub() => UseKestrel(k => k.Listen(IPAddress.Loopback, 0));

    public Dictionary<string, string> Settings { get; } = [];

    public string Address => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    // A plain HttpClient on the server's real address (the factory's own client follows redirects on Kestrel).
    protected override HttpClient CreateHttpClient(bool handleCookies) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = handleCookies }, disposeHandler: true) { BaseAddress = new Uri(Address) };

    public Task StartAsync() => ((IAsyncLifetime)this).InitializeAsync();

    public Task StopAsync() => ((IAsyncLifetime)this).DisposeAsync();
}

/// <summary>
/// Two regions of the exchange on loopback: hub A (the demo city, 371800, node 01) behind gateway A, and hub B (region
/// 371702, node 02, its own database and platform key) behind gateway B, whose service <c>hub/handover</c> is an Http
/// adapter to B's inbox with B's API token as a fixed header. The global configuration, signed here with a test center
/// key, lets A's hub client POST to it for purpose 异地代收代办. Everything goes in DisposeAsync.
/// </summary>
public sealed class HandoverCity : IAsyncLifetime
{
    public const string Instance = "CN-DEMO";
    public const string RegionA = "371800";
    public const string RegionB = "371702";
    public const string Purpose = "异地代收代办";

    private readonly List<WebApplication> _gateways = [];
    private readonly Sm2KeyPair _keyA = Sm2KeyPair.Generate();
    private readonly Sm2KeyPair _keyB = Sm2KeyPair.Generate();
    private long _version;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sgov-ho-" + Guid.NewGuid().ToString("N")[..8]);

    public Sm2KeyPair CenterKey { get; } = Sm2KeyPair.Generate();

    public RegionHub HubA { get; } = new();

    public RegionHub HubB { get; } = new();

    /// <summary>Hub A's exchange member: the demo city's 大数据局 (its client is {MemberA}/hub).</summary>
    public string MemberA { get; } = $"{Instance}/GOV/{DemoCitySeeder.Population(30, 5).DepartmentCreditCodes["dsj"]}";

    /// <summary>Hub B's member: the other region's 大数据局.</summary>
    public string MemberB { get; } = $"{Instance}/GOV/{CreditCode.Compose('1', '1', RegionB, "30000009")}";

    public string ClientA => MemberA + "/hub";

    public string ServiceB => MemberB + "/hub/handover";

    public string GatewayA { get; private set; } = "";

    public string GatewayB { get; private set; } = "";

    /// <summary>The API token hub B issued to its gateway (sent by gateway B as a fixed header).</summary>
    public string InboxToken { get; private set; } = "";

    public string ConfigFile => Path.Combine(Root, "global-configuration.json");

    /// <summary>A department system's client: header values in UTF-8 (the purpose is Chinese).</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8, UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        await File.WriteAllTextAsync(Path.Combine(Root, "center.pem"), CenterKey.PublicKeyPem());
        await File.WriteAllTextAsync(Path.Combine(Root, "a.key"), _keyA.PrivateKeyPem());
        await File.WriteAllTextAsync(Path.Combine(Root, "b.key"), _keyB.PrivateKeyPem());

        // Gateway A serves nothing here: hub A only sends through it.
        GatewayA = await StartGatewayAsync("a", MemberA, []);
        HubA.Settings["Exchange:GatewayUrl"] = GatewayA;
        HubA.Settings["Exchange:TimeoutSeconds"] = "20";
        HubA.Settings["Exchange:IssueSweepSeconds"] = "3600";
        HubA.Settings["Applications:CityRegionCode"] = RegionA;
        HubA.Settings["Applications:NodeId"] = "01";
        HubA.Settings[$"Handover:Peers:{RegionB}"] = ServiceB;
        await HubA.StartAsync();
        var keyOfA = await HubA.CreateApiClient().GetStringAsync("/api/v1/results/public-key");

        HubB.Settings["Exchange:ClientId"] = MemberB + "/hub";
        HubB.Settings["Exchange:IssueSweepSeconds"] = "3600";
        HubB.Settings["Applications:CityRegionCode"] = RegionB;
        HubB.Settings["Applications:NodeId"] = "02";
        // B takes handovers from the demo city (371800 and its districts), from A's hub client only, under A's platform key.
        HubB.Settings[$"Handover:Peers:{RegionA}"] = MemberA + "/hub/handover";
        HubB.Settings[$"Handover:TrustedKeys:{RegionA}"] = keyOfA;
        await HubB.StartAsync();
        using (var dataAdmin = await HubB.SignedInStaffAsync("dsj.data"))
        {
            InboxToken = (await dataAdmin.IssueApiTokenAsync(HubClient.DepartmentId("dsj"), "gateway-handover")).Token;
        }
        GatewayB = await StartGatewayBAsync();
        await PublishAsync();
    }

    public Task<string> StartGatewayBAsync() => StartGatewayAsync("b", MemberB,
    [
        "--Gateway:Services:0:Code=hub/handover", "--Gateway:Services:0:Adapter=Http",
        $"--Gateway:Services:0:BaseUrl={HubB.Address}/api/v1/handovers/inbox", "--Gateway:Services:0:TimeoutSeconds=20",
        $"--Gateway:Services:0:Headers:Authorization=Bearer {InboxToken}",
    ]);

    /// <summary>Stops gateway B (hub B's side of the exchange is down).</summary>
    public async Task StopGatewayBAsync()
    {
        var app = _gateways.First(a => a.Urls.First().TrimEnd('/') == GatewayB);
        _gateways.Remove(app);
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Starts gateway B again on its data directory (a new port) and publishes the configuration with its address.</summary>
    public async Task RestartGatewayBAsync()
    {
        GatewayB = await StartGatewayBAsync();
        await PublishAsync();
    }

    /// <summary>Signs and publishes the configuration: two members, their gateways, B's handover service and A's right to it.</summary>
    public async Task PublishAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var config = new GlobalConfiguration
        {
            Instance = Instance,
            Version = ++_version,
            IssuedAt = now.AddMinutes(-1),
            ExpiresAt = now.AddDays(1),
            Members = [new(MemberA, "示范市大数据局"), new(MemberB, "邻市大数据局")],
            Gateways = [new(MemberA, GatewayA, _keyA.PublicKeyPem()), new(MemberB, GatewayB, _keyB.PublicKeyPem())],
            Services = [new(ServiceB, "异地代收代办收件", true, null)],
            AccessRights = [new(ClientA, ServiceB, ["POST"], ["/", "/**"], [Purpose], now.AddDays(-1), null)],
        };
        await File.WriteAllTextAsync(ConfigFile, GlobalConfigurationCodec.ToJson(GlobalConfigurationCodec.Sign(config, CenterKey)));
        foreach (var gw in _gateways.Select(g => g.Urls.First().TrimEnd('/')))
        {
            using var response = await Http.PostAsync(new Uri(gw + "/admin/config/refresh"), null);
            response.EnsureSuccessStatusCode();
        }
    }

    private async Task<string> StartGatewayAsync(string name, string member, string[] extra)
    {
        var app = GatewayHost.Build(
        [
            "--urls=http://127.0.0.1:0", $"--Gateway:MemberId={member}", $"--Gateway:KeyFile={Path.Combine(Root, name + ".key")}",
            $"--Gateway:DataDirectory={Path.Combine(Root, "gw-" + name)}", $"--Gateway:ConfigSource={ConfigFile}",
            $"--Gateway:CenterPublicKeyFile={Path.Combine(Root, "center.pem")}", "--Gateway:ConfigRefreshSeconds=3600",
            "--Gateway:PeerTimeoutSeconds=5", "--Logging:LogLevel:Default=Warning", .. extra,
        ]);
        _gateways.Add(app);
        await app.StartAsync();
        return app.Urls.First().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _gateways)
        {
            try
            {
                await app.StopAsync();
            }
            finally
            {
                await app.DisposeAsync();
            }
        }
        await HubA.StopAsync();
        await HubB.StopAsync();
        Http.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temp folder.
        }
    }
}
