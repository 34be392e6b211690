using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using SmartGov.Core;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;

namespace SmartGov.Gateway.Tests;

/// <summary>
/// Two real gateways (a consumer department A and a provider department B) and B's backend, each a Kestrel host on a
/// loopback port, plus a signed global configuration file. Everything is stopped and deleted in DisposeAsync.
/// </summary>
public sealed class ExchangeCity : IAsyncLifetime
{
    public const string Instance = "CN-DEMO";
    public static readonly string MemberA = $"{Instance}/GOV/{CreditCode.Compose('1', '1', "350100", "30000001")}";
    public static readonly string MemberB = $"{Instance}/GOV/{CreditCode.Compose('1', '1', "350100", "30000002")}";
    public static readonly string MemberC = $"{Instance}/GOV/{CreditCode.Compose('1', '1', "350100", "30000003")}";
    public static readonly string ClientA = MemberA + "/window";
    public static readonly string HukouService = MemberB + "/hukou/household";
    public static readonly string SqlService = MemberB + "/hukou/lookup";
    public static readonly string SlowService = MemberB + "/hukou/slow";
    public static readonly string DownService = MemberB + "/hukou/down";
    public static readonly string PeerDownService = MemberC + "/civil/marriage";
    public static readonly string InboxService = MemberB + "/files/inbox";
    public static readonly string UploadService = MemberB + "/files/upload";

    private readonly Dictionary<string, (string Member, string Key, string[] Extra)> _gatewayArgs = [];

    private readonly List<WebApplication> _apps = [];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sgov-gw-" + Guid.NewGuid().ToString("N")[..8]);

    public Sm2KeyPair CenterKey { get; } = Sm2KeyPair.Generate();

    public Sm2KeyPair KeyA { get; } = Sm2KeyPair.Generate();

    public Sm2KeyPair KeyB { get; } = Sm2KeyPair.Generate();

    public string ConfigFile => Path.Combine(Root, "global-configuration.json");

    /// <summary>A department system's client: header values in UTF-8 (a purpose in Chinese), as the protocol says.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public string GatewayA { get; private set; } = "";

    public string GatewayB { get; private set; } = "";

    public string Backend { get; private set; } = "";

    /// <summary>Where gateway B's FileDrop service <see cref="InboxService"/> delivers.</summary>
    public string Inbox => Path.Combine(Root, "inbox");

    /// <summary>Deliveries the backend received at /uploads, by transfer id (Idempotency-Key): content SM3 hex.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string TransferId, string Sm3)> Uploads { get; } = new();

    /// <summary>When set, the address the configuration gives for gateway B (a proxy in front of it).</summary>
    public string? GatewayBAddress { get; set; }

    /// <summary>The last traceparent header the backend received.</summary>
    public string? BackendTraceparent { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        await File.WriteAllTextAsync(Path.Combine(Root, "center.pem"), CenterKey.PublicKeyPem());
        await File.WriteAllTextAsync(Path.Combine(Root, "a.key"), KeyA.PrivateKeyPem());
        await File.WriteAllTextAsync(Path.Combine(Root, "b.key"), KeyB.PrivateKeyPem());
        CreateDepartmentDatabase(Path.Combine(Root, "hukou.db"));

        var backend = WebApplication.CreateSlimBuilder();
        backend.WebHost.UseUrls("http://127.0.0.1:0");
        var b = backend.Build();
        b.MapGet("/persons/{id}", (string id, HttpRequest r) =>
        {
            BackendTraceparent = r.Headers["traceparent"].ToString();
            return Results.Json(new { id, name = "张明华", purpose = r.Headers[ExchangeHeaders.Purpose].ToString() });
        });
        b.MapPost("/persons", async (HttpRequest r) => Results.Json(new { received = (await new StreamReader(r.Body).ReadToEndAsync()).Length }));
        b.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), ct);
            return Results.Ok();
        });
        b.MapPost("/uploads", async (HttpRequest r) =>
        {
            using var buffer = new MemoryStream();
            await r.Body.CopyToAsync(buffer);
            Uploads.Enqueue((r.Headers["Idempotency-Key"].ToString(), Convert.ToHexStringLower(Sm3.Hash(buffer.ToArray()))));
            return Results.Created();
        });
        Backend = await StartAsync(b);

        GatewayA = await StartGatewayAsync("a", MemberA, "a.key",
            ["--Gateway:Transfers:ChunkBytes=65536", "--Gateway:Transfers:RetrySeconds=1", "--Gateway:PeerTimeoutSeconds=3",
                "--Gateway:Services:0:Code=stats/households", "--Gateway:Services:0:Adapter=Sql", "--Gateway:Services:0:SqlProvider=Sqlite",
                $"--Gateway:Services:0:ConnectionString=Data Source={Path.Combine(Root, "hukou.db")}",
                "--Gateway:Services:0:Query=SELECT id_number AS idNumber, name, household FROM persons WHERE household LIKE @district || '%' ORDER BY id_number",
                "--Gateway:Services:0:Parameters:0:Name=district", "--Gateway:Services:0:Parameters:0:MaxLength=32"]);
        GatewayB = await StartGatewayAsync("b", MemberB, "b.key",
        [
            "--Gateway:Services:0:Code=hukou/household", "--Gateway:Services:0:Adapter=Http", $"--Gateway:Services:0:BaseUrl={Backend}",
            "--Gateway:Services:1:Code=hukou/lookup", "--Gateway:Services:1:Adapter=Sql", "--Gateway:Services:1:SqlProvider=Sqlite",
            $"--Gateway:Services:1:ConnectionString=Data Source={Path.Combine(Root, "hukou.db")}",
            "--Gateway:Services:1:Query=SELECT id_number AS idNumber, name, household FROM persons WHERE id_number = @idNumber",
            "--Gateway:Services:1:Parameters:0:Name=idNumber", "--Gateway:Services:1:Parameters:0:MaxLength=18",
            "--Gateway:Services:1:Parameters:0:Pattern=[0-9]{17}[0-9X]", "--Gateway:Services:1:MessageLog=Metadata",
            "--Gateway:Services:2:Code=hukou/slow", $"--Gateway:Services:2:BaseUrl={Backend}/slow", "--Gateway:Services:2:TimeoutSeconds=1",
            "--Gateway:Services:3:Code=hukou/down", "--Gateway:Services:3:BaseUrl=http://127.0.0.1:1",
            "--Gateway:Services:4:Code=files/inbox", "--Gateway:Services:4:Adapter=FileDrop", $"--Gateway:Services:4:Folder={Inbox}",
            "--Gateway:Services:5:Code=files/upload", $"--Gateway:Services:5:BaseUrl={Backend}/uploads",
        ]);
        await PublishAsync(Configuration());
    }

    /// <summary>Stops a gateway and starts it again on its data directory (a new port: publish the configuration again).</summary>
    public async Task<string> RestartGatewayAsync(string name)
    {
        var url = name == "a" ? GatewayA : GatewayB;
        await StopAsync(url);
        var (member, key, extra) = _gatewayArgs[name];
        var restarted = await StartGatewayAsync(name, member, key, extra);
        if (name == "a")
        {
            GatewayA = restarted;
        }
        else
        {
            GatewayB = restarted;
        }

        return restarted;
    }

    public async Task<string> StartGatewayAsync(string name, string member, string keyFile, string[] extra, string? configSource = null)
    {
        _gatewayArgs[name] = (member, keyFile, extra);
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Gateway:MemberId={member}",
            $"--Gateway:KeyFile={Path.Combine(Root, keyFile)}",
            $"--Gateway:DataDirectory={Path.Combine(Root, "data-" + name)}",
            $"--Gateway:ConfigSource={configSource ?? ConfigFile}",
            $"--Gateway:CenterPublicKeyFile={Path.Combine(Root, "center.pem")}",
            "--Gateway:ConfigRefreshSeconds=3600",
            "--Gateway:MaxBodyBytes=65536",
            "--Logging:LogLevel:Default=Warning",
            .. extra,
        ];
        return await StartAsync(GatewayHost.Build(args));
    }

    public GlobalConfiguration Configuration(long version = 1, DateTimeOffset? expiresAt = null) => new()
    {
        Instance = Instance,
        Version = version,
        IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        ExpiresAt = expiresAt ?? DateTimeOffset.UtcNow.AddDays(1),
        Members = [new(MemberA, "示范市行政审批局"), new(MemberB, "示范市公安局"), new(MemberC, "示范市民政局")],
        Gateways =
        [
            new(MemberA, GatewayA, KeyA.PublicKeyPem()),
            new(MemberB, GatewayBAddress ?? GatewayB, KeyB.PublicKeyPem()),
            new(MemberC, "http://127.0.0.1:1", Sm2KeyPair.Generate().PublicKeyPem()),
        ],
        Services =
        [
            new(HukouService, "户籍信息", true, null), new(SqlService, "户籍查询", true, null),
            new(SlowService, "慢服务", false, null), new(DownService, "停机服务", false, null),
            new(PeerDownService, "婚姻登记", false, null),
            new(InboxService, "文件收件箱", false, null), new(UploadService, "批量上报", true, null),
        ],
        AccessRights =
        [
            new(ClientA, HukouService, ["GET", "POST"], ["/persons/**", "/persons"], ["SP-HUKOU-MOVE", "一网通办材料共享"], DateTimeOffset.UtcNow.AddDays(-1), null),
            new(ClientA, SqlService, ["GET", "POST"], ["/**"], ["SP-HUKOU-MOVE"], DateTimeOffset.UtcNow.AddDays(-1), null),
            new(ClientA, SlowService, ["GET"], ["/**"], [], DateTimeOffset.UtcNow.AddDays(-1), null),
            new(ClientA, DownService, ["GET"], ["/**"], [], DateTimeOffset.UtcNow.AddDays(-1), null),
            new(ClientA, PeerDownService, ["GET"], ["/**"], [], DateTimeOffset.UtcNow.AddDays(-1), null),
            new(ClientA, InboxService, ["POST"], ["/"], [], DateTimeOffset.UtcNow.AddDays(-1), null),
            new(ClientA, UploadService, ["POST"], ["/"], ["SP-HUKOU-MOVE"], DateTimeOffset.UtcNow.AddDays(-1), null),
        ],
    };

    /// <summary>Signs and writes the configuration file, then has both gateways fetch it now.</summary>
    public async Task PublishAsync(GlobalConfiguration config, Sm2KeyPair? signer = null, params string[] gateways)
    {
        await File.WriteAllTextAsync(ConfigFile, GlobalConfigurationCodec.ToJson(GlobalConfigurationCodec.Sign(config, signer ?? CenterKey)));
        foreach (var gw in gateways.Length > 0 ? gateways : [GatewayA, GatewayB])
        {
            using var response = await Http.PostAsync(new Uri(gw + "/admin/config/refresh"), null);
            response.EnsureSuccessStatusCode();
        }
    }

    public async Task<HttpResponseMessage> CallAsync(HttpMethod method, string service, string path, string? purpose = "SP-HUKOU-MOVE",
        string client = "", HttpContent? content = null, string? gateway = null)
    {
        var request = new HttpRequestMessage(method, new Uri($"{gateway ?? GatewayA}/r1/{service}{path}")) { Content = content };
        request.Headers.Add(ExchangeHeaders.Client, client.Length > 0 ? client : ClientA);
        if (purpose is not null)
        {
            request.Headers.Add(ExchangeHeaders.Purpose, purpose);
        }

        request.Headers.Add(ExchangeHeaders.UserId, "clerk1");
        return await Http.SendAsync(request);
    }

    public async Task<List<JsonElement>> LogAsync(string gateway)
    {
        var entries = await Http.GetFromJsonAsync<List<JsonElement>>(new Uri(gateway + "/admin/log/entries?count=1000"));
        return entries!;
    }

    /// <summary>The log records (of one gateway) with this message id.</summary>
    public async Task<List<JsonElement>> LoggedAsync(string gateway, string messageId) =>
        [.. (await LogAsync(gateway)).Select(e => e.GetProperty("record")).Where(r => r.GetProperty("messageId").GetString() == messageId)];

    public async Task<string> StartAsync(WebApplication app)
    {
        _apps.Add(app);
        await app.StartAsync();
        return app.Urls.First().TrimEnd('/');
    }

    public async Task StopAsync(string url)
    {
        var app = _apps.First(a => a.Urls.First().TrimEnd('/') == url);
        _apps.Remove(app);
        await app.StopAsync();
        await app.DisposeAsync();
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

        Http.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is left in the temp folder.
        }
    }

    private static void CreateDepartmentDatabase(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            CREATE TABLE persons (id_number TEXT PRIMARY KEY, name TEXT NOT NULL, household TEXT NOT NULL);
            INSERT INTO persons VALUES ('350102199001011234', '张明华', '示范市鼓楼区东街1号');
            INSERT INTO persons VALUES ('35010219920202222X', '李芳', '示范市台江区江滨路8号');
            """;
        cmd.ExecuteNonQuery();
    }
}
