extern alias gateway;

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;
using gateway::SmartGov.Gateway;
using gateway::SmartGov.Gateway.Center;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Hub.Modules.Exchange.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Exchange.Tests;

/// <summary>The hub on a real Kestrel (gateways poll and report over HTTP), with the test's catalog grants.</summary>
public sealed class ExchangeHubFactory : SmartGovFactory
{
    public TestCatalogSharing Catalog { get; } = new();

    public ExchangeHubFactory() => UseKestrel(k => k.Listen(IPAddress.Loopback, 0));

    public string Address => Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Built on every request: a revocation is in the very next configuration a gateway fetches.
        builder.UseSetting("Exchange:ConfigCacheSeconds", "0");
        builder.ConfigureTestServices(services => services.AddSingleton<ICatalogSharing>(Catalog));
    }

    protected override HttpClient CreateHttpClient(bool handleCookies)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = handleCookies };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(Address) };
    }
}

/// <summary>
/// The exchange of a small city: the hub (the exchange management center) on Kestrel, the 大数据局 gateway (the hub's
/// consumer side) and the 公安局 gateway (provider of licence services) as real gateway hosts on loopback, and the
/// 公安局's licence system. Both gateways register with one-time codes from the console API and are approved by the
/// center admin before they start.
/// </summary>
public sealed class ExchangeCenterCity : IAsyncLifetime
{
    public const string Purpose = ExchangeDemoSeeder.Purpose;
    private readonly List<WebApplication> _apps = [];

    public ExchangeHubFactory Hub { get; } = new();

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sgov-center-" + Guid.NewGuid().ToString("N")[..8]);

    // UTF-8 header values: the demo purpose 一网通办材料共享 is Chinese text in SmartGov-Purpose.
    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false, RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public HttpClient Admin { get; private set; } = null!;

    public string Backend { get; private set; } = "";

    public string DsjGateway { get; private set; } = "";

    public string GajGateway { get; private set; } = "";

    public WebApplication GajApp { get; private set; } = null!;

    public Sm2KeyPair GajKey { get; } = Sm2KeyPair.Generate();

    public string DsjMember { get; private set; } = "";

    public string GajMember { get; private set; } = "";

    public Guid DsjMemberRef { get; private set; }

    public Guid GajMemberRef { get; private set; }

    public Guid DsjGatewayId { get; private set; }

    public Guid GajGatewayId { get; private set; }

    public string HubClient => DsjMember + "/" + ExchangeDemoSeeder.HubSubsystem;

    public string Service(string code) => $"{GajMember}/licences/{code}";

    /// <summary>The configuration the center published while both registrations were still pending.</summary>
    public GlobalConfiguration ConfigBeforeApproval { get; private set; } = null!;

    public CenterRegistration.Result DsjRegistration { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        await Hub.InitializeAsync();
        Admin = await Hub.SignedInStaffAsync("sysadmin");

        var backend = WebApplication.CreateSlimBuilder();
        backend.WebHost.UseUrls("http://127.0.0.1:0");
        // The licence system takes the purpose header as UTF-8, as the gateway forwards it.
        backend.WebHost.ConfigureKestrel(k => k.RequestHeaderEncodingSelector = _ => System.Text.Encoding.UTF8);
        var b = backend.Build();
        b.MapGet("/api/licences/{type}", (string type, string? holder, HttpRequest r) =>
            Results.Json(new { type, holder, number = "L-" + holder, purpose = r.Headers[ExchangeHeaders.Purpose].ToString() }));
        Backend = await StartAsync(b);

        var members = await (await Admin.GetAsync("/api/v1/exchange/members")).ReadJsonAsync();
        JsonElement Member(string dept) => members.EnumerateArray().First(m => m.GetProperty("departmentId").GetGuid() == HubClient_Dept(dept));
        DsjMember = Member("dsj").Str("memberId")!;
        GajMember = Member("gaj").Str("memberId")!;
        DsjMemberRef = Member("dsj").GetProperty("id").GetGuid();
        GajMemberRef = Member("gaj").GetProperty("id").GetGuid();

        var dsjPort = FreePort();
        var gajPort = FreePort();
        DsjRegistration = await RegisterAsync("dsj", DsjMemberRef, $"http://127.0.0.1:{dsjPort}", Sm2KeyPair.Generate());
        var gajRegistration = await RegisterAsync("gaj", GajMemberRef, $"http://127.0.0.1:{gajPort}", GajKey);
        Assert.True(DsjRegistration.Ok, DsjRegistration.Message);
        Assert.True(gajRegistration.Ok, gajRegistration.Message);
        DsjGatewayId = DsjRegistration.Record!.GatewayId;
        GajGatewayId = gajRegistration.Record!.GatewayId;
        ConfigBeforeApproval = await FetchConfigurationAsync();

        foreach (var id in new[] { DsjGatewayId, GajGatewayId })
        {
            var approved = await Admin.PostAsJsonAsync($"/api/v1/exchange/gateways/{id}/approve", new { note = "checked by phone" });
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        DsjGateway = await StartGatewayAsync("dsj", dsjPort, []);
        var api = Backend + "/api/licences/";
        GajApp = BuildGateway("gaj", gajPort,
        [
            "--Gateway:Services:0:Code=licences/gaj.resident-id-card", $"--Gateway:Services:0:BaseUrl={api}gaj.resident-id-card",
            "--Gateway:Services:1:Code=licences/gaj.household-register", $"--Gateway:Services:1:BaseUrl={api}gaj.household-register",
            "--Gateway:Services:2:Code=licences/test-grant", $"--Gateway:Services:2:BaseUrl={api}test-grant",
            "--Gateway:Services:3:Code=licences/test-right", $"--Gateway:Services:3:BaseUrl={api}test-right",
        ]);
        GajGateway = await StartAsync(GajApp);
    }

    private static Guid HubClient_Dept(string code) => SmartGov.Web.Tests.Infrastructure.HubClient.DepartmentId(code);

    private string DataDir(string name) => Path.Combine(Root, "gw-" + name);

    private IConfiguration GatewayConfiguration(string name, string address, string code) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Center:Url"] = Hub.Address,
        ["Center:RegistrationCode"] = code,
        ["Center:Address"] = address,
        ["Gateway:KeyFile"] = Path.Combine(Root, name + ".key"),
        ["Gateway:DataDirectory"] = DataDir(name),
        ["Gateway:CenterPublicKeyFile"] = Path.Combine(DataDir(name), "center-public.pem"),
    }).Build();

    /// <summary>A registration code from the console API, then the gateway's own register command.</summary>
    public async Task<CenterRegistration.Result> RegisterAsync(string name, Guid memberRef, string address, Sm2KeyPair key, HttpClient? issuer = null)
    {
        await File.WriteAllTextAsync(Path.Combine(Root, name + ".key"), key.PrivateKeyPem());
        var response = await (issuer ?? Admin).PostAsJsonAsync($"/api/v1/exchange/members/{memberRef}/registration-codes", new { validHours = 2 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.ReadJsonAsync()).Str("code")!;
        return await CenterRegistration.RegisterAsync(GatewayConfiguration(name, address, code), TextWriter.Null, CancellationToken.None);
    }

    public WebApplication BuildGateway(string name, int port, string[] extra)
    {
        var record = CenterRegistration.ReadRecord(DataDir(name))!;
        string[] args =
        [
            $"--urls=http://127.0.0.1:{port}",
            $"--Gateway:MemberId={record.MemberId}",
            $"--Gateway:KeyFile={Path.Combine(Root, name + ".key")}",
            $"--Gateway:DataDirectory={DataDir(name)}",
            $"--Gateway:ConfigSource={Hub.Address}/exchange/global-configuration",
            $"--Gateway:CenterPublicKeyFile={Path.Combine(DataDir(name), "center-public.pem")}",
            "--Gateway:ConfigRefreshSeconds=3600",
            $"--Center:Url={Hub.Address}",
            "--Center:ReportSeconds=0",
            "--Logging:LogLevel:Default=Warning",
            .. extra,
        ];
        return GatewayHost.Build(args);
    }

    public async Task<string> StartGatewayAsync(string name, int port, string[] extra) => await StartAsync(BuildGateway(name, port, extra));

    public async Task<GlobalConfiguration> FetchConfigurationAsync()
    {
        var json = await Http.GetStringAsync(new Uri(Hub.Address + "/exchange/global-configuration"));
        var centerKey = Sm2PublicKey.FromPem(await Http.GetStringAsync(new Uri(Hub.Address + "/exchange/center-public-key")));
        var verified = GlobalConfigurationCodec.Verify(json, [centerKey], DateTimeOffset.UtcNow);
        Assert.True(verified.IsValid, verified.Reason);
        return verified.Config!;
    }

    /// <summary>Both gateways fetch the configuration now (one refresh).</summary>
    public async Task RefreshAsync()
    {
        foreach (var gw in new[] { DsjGateway, GajGateway })
        {
            using var response = await Http.PostAsync(new Uri(gw + "/admin/config/refresh"), null);
            var body = await response.ReadJsonAsync();
            Assert.True(body.GetProperty("accepted").GetBoolean(), body.ToString());
        }
    }

    /// <summary>The hub's own call through its gateway, as the licences module makes it.</summary>
    public async Task<HttpResponseMessage> CallAsync(string serviceCode, string holder = "371802198506151234", string? purpose = Purpose)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{DsjGateway}/r1/{Service(serviceCode)}?holder={holder}"));
        request.Headers.Add(ExchangeHeaders.Client, HubClient);
        if (purpose is not null)
        {
            request.Headers.Add(ExchangeHeaders.Purpose, purpose);
        }
        return await Http.SendAsync(request);
    }

    public static string Error(HttpResponseMessage r) => r.Headers.TryGetValues(ExchangeHeaders.Error, out var v) ? v.Single() : "";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task<string> StartAsync(WebApplication app)
    {
        _apps.Add(app);
        await app.StartAsync();
        return app.Urls.First().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
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
        Admin?.Dispose();
        Http.Dispose();
        await ((IAsyncLifetime)Hub).DisposeAsync();
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
