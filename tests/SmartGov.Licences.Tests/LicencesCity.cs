extern alias department;
extern alias gateway;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using SmartGov.Crypto;
using department::SmartGov.DemoDepartment;
using SmartGov.Exchange.Protocol;
using gateway::SmartGov.Gateway;
using SmartGov.Hub.Modules.Licences;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Licences.Tests;

/// <summary>
/// The demo city's exchange on loopback: the demo department systems of 公安局, 民政局 and 市场监管局 (Kestrel), their
/// gateways and the hub's gateway (the 大数据局's, Kestrel), a global configuration signed here with a test center key,
/// and the hub on a fresh database (SQLite or PostgreSQL) pointed at its gateway. Everything goes in DisposeAsync.
/// </summary>
public class LicencesCity : SmartGovFactory
{
    public const int Citizens = 30;
    public const int Businesses = 5;
    public const string Instance = "CN-DEMO";
    public static readonly string[] Providers = ["gaj", "mzj", "scjg"];

    private readonly List<WebApplication> _apps = [];
    private readonly Dictionary<string, Sm2KeyPair> _keys = [];
    private long _version;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sgov-lic-" + Guid.NewGuid().ToString("N")[..8]);

    public Sm2KeyPair CenterKey { get; } = Sm2KeyPair.Generate();

    public DemoPopulation Population { get; } = DemoCitySeeder.Population(Citizens, Businesses);

    public Dictionary<string, string> Systems { get; } = [];

    public Dictionary<string, string> Gateways { get; } = [];

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public string ConfigFile => Path.Combine(Root, "global-configuration.json");

    public string Member(string dept) => $"{Instance}/GOV/{Population.DepartmentCreditCodes[dept]}";

    public string HubClient => Member("dsj") + "/hub";

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        await File.WriteAllTextAsync(Path.Combine(Root, "center.pem"), CenterKey.PublicKeyPem());
        foreach (var dept in Providers)
        {
            Systems[dept] = await StartAsync(DepartmentHost.Build(
            [
                $"--Department={dept}", "--urls=http://127.0.0.1:0", $"--DataDirectory={Path.Combine(Root, "dept-" + dept)}",
                $"--Seed:Citizens={Citizens}", $"--Seed:Businesses={Businesses}", "--Logging:LogLevel:Default=Warning",
            ]));
        }
        foreach (var dept in Providers.Prepend("dsj"))
        {
            _keys[dept] = Sm2KeyPair.Generate();
            await File.WriteAllTextAsync(Path.Combine(Root, dept + ".key"), _keys[dept].PrivateKeyPem());
            var services = new List<string>();
            if (dept != "dsj")
            {
                var codes = DepartmentHost.Serves[dept].Append("issue").ToList();
                for (var i = 0; i < codes.Count; i++)
                {
                    services.Add($"--Gateway:Services:{i}:Code=licences/{codes[i]}");
                    services.Add($"--Gateway:Services:{i}:Adapter=Http");
                    services.Add($"--Gateway:Services:{i}:BaseUrl={Systems[dept]}/api/licences/{codes[i]}");
                    services.Add($"--Gateway:Services:{i}:TimeoutSeconds=5");
                }
            }
            Gateways[dept] = await StartAsync(GatewayHost.Build(
            [
                "--urls=http://127.0.0.1:0", $"--Gateway:MemberId={Member(dept)}", $"--Gateway:KeyFile={Path.Combine(Root, dept + ".key")}",
                $"--Gateway:DataDirectory={Path.Combine(Root, "gw-" + dept)}", $"--Gateway:ConfigSource={ConfigFile}",
                $"--Gateway:CenterPublicKeyFile={Path.Combine(Root, "center.pem")}", "--Gateway:ConfigRefreshSeconds=3600",
                "--Gateway:PeerTimeoutSeconds=5", "--Logging:LogLevel:Default=Warning", .. services,
            ]));
        }
        await PublishAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Seed:Citizens", Citizens.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Seed:Businesses", Businesses.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Exchange:GatewayUrl", Gateways["dsj"]);
        builder.UseSetting("Exchange:TimeoutSeconds", "20");
        // The tests run the issue sweep themselves.
        builder.UseSetting("Exchange:IssueSweepSeconds", "3600");
    }

    /// <summary>
    /// Signs and publishes a configuration like the exchange center's for the demo: the four members and gateways, each
    /// provider's licence services (personal data), and the hub's access rights for purpose 一网通办材料共享 only.
    /// <paramref name="gatewayAddress"/> may move one member's gateway (to a dead port, say).
    /// </summary>
    public async Task PublishAsync(Func<string, string?>? gatewayAddress = null)
    {
        var now = DateTimeOffset.UtcNow;
        var depts = Providers.Prepend("dsj").ToList();
        var services = new List<ServiceEntry>();
        var rights = new List<AccessRight>();
        foreach (var dept in Providers)
        {
            foreach (var code in DepartmentHost.Serves[dept])
            {
                var id = $"{Member(dept)}/licences/{code}";
                services.Add(new(id, LicenceTypes.Find(code)!.NameZh, true, null));
                rights.Add(new(HubClient, id, ["GET"], ["/", "/**"], [LicenceExchange.ApplicationPurpose], now.AddDays(-1), null));
            }
            var issue = $"{Member(dept)}/licences/issue";
            services.Add(new(issue, "证照归集", true, null));
            rights.Add(new(HubClient, issue, ["POST"], ["/", "/**"], [LicenceExchange.ApplicationPurpose], now.AddDays(-1), null));
        }
        var config = new GlobalConfiguration
        {
            Instance = Instance,
            Version = ++_version,
            IssuedAt = now.AddMinutes(-1),
            ExpiresAt = now.AddDays(1),
            Members = [.. depts.Select(d => new MemberEntry(Member(d), DemoCitySeeder.DepartmentList.First(x => x.Code == d).Name))],
            Gateways = [.. depts.Select(d => new GatewayEntry(Member(d), gatewayAddress?.Invoke(d) ?? Gateways[d], _keys[d].PublicKeyPem()))],
            Services = services,
            AccessRights = rights,
        };
        await File.WriteAllTextAsync(ConfigFile, GlobalConfigurationCodec.ToJson(GlobalConfigurationCodec.Sign(config, CenterKey)));
        foreach (var gw in Gateways.Values)
        {
            using var response = await Http.PostAsync(new Uri(gw + "/admin/config/refresh"), null);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>The message-log records of a gateway with this message id.</summary>
    public async Task<List<System.Text.Json.JsonElement>> LoggedAsync(string dept, string messageId)
    {
        var entries = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<List<System.Text.Json.JsonElement>>(Http,
            new Uri(Gateways[dept] + "/admin/log/entries?count=1000"));
        return [.. entries!.Select(e => e.GetProperty("record")).Where(r => r.GetProperty("messageId").GetString() == messageId)];
    }

    private async Task<string> StartAsync(WebApplication app)
    {
        _apps.Add(app);
        await app.StartAsync();
        return app.Urls.First().TrimEnd('/');
    }

    protected override async Task DisposeExtrasAsync()
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
