using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Bench.Applications;

/// <summary>The real hub on Kestrel (127.0.0.1, a free port), SQLite in a temporary directory that is deleted afterwards.</summary>
internal sealed partial class Hub : IAsyncDisposable
{
    private readonly HubFactory _factory;
    private readonly string _dir;

    public Uri Url { get; }

    public IServiceProvider Services => _factory.Services;

    public string DatabasePath => Path.Combine(_dir, "smartgov.db");

    private Hub(HubFactory factory, string dir, Uri url)
    {
        _factory = factory;
        _dir = dir;
        Url = url;
    }

    public static Hub Start(int citizens, int businesses, int historical)
    {
        // Named after the running benchmark (the file is shared by the applications and insight benchmarks).
        var dir = Path.Combine(Path.GetTempPath(), "smartgov-" + (System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "bench").ToLowerInvariant(), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SMARTGOV_WEB", AppContext.BaseDirectory);
        var factory = new HubFactory(dir, citizens, businesses, historical);
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Hub(factory, dir, new Uri(address));
    }

    public HttpClient Client(bool cookies = true) => new(new SocketsHttpHandler
    {
        UseCookies = cookies,
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = 1,
    })
    { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"__RequestVerificationToken\"")]
    private static partial Regex TokenInput();

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string post, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        var m = TokenInput().Match(html);
        if (!m.Success)
        {
            throw new InvalidOperationException("no anti-forgery token on " + page);
        }
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
        return await client.PostAsync(post, new FormUrlEncodedContent(fields));
    }

    /// <summary>Password, then the demo TOTP code: a signed-in staff session (cookies).</summary>
    public async Task<HttpClient> StaffAsync(string userName)
    {
        var client = Client();
        var first = await PostFormAsync(client, "/account/login", "/account/login", new() { ["identifier"] = userName, ["password"] = DemoCitySeeder.DemoPassword });
        var next = first.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"{userName}: sign-in answered {(int)first.StatusCode}");
        var second = await PostFormAsync(client, next, next, new() { ["code"] = Totp.Code(DemoCitySeeder.TotpSecretFor(userName)) });
        if (second.StatusCode != HttpStatusCode.Redirect && second.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException($"{userName}: TOTP step answered {(int)second.StatusCode}");
        }
        return client;
    }

    /// <summary>A citizen's signed-in session.</summary>
    public async Task<HttpClient> CitizenAsync(string identifier, string password)
    {
        var client = Client();
        var response = await PostFormAsync(client, "/account/login", "/account/login", new() { ["identifier"] = identifier, ["password"] = password });
        if ((int)response.StatusCode is not (302 or 303))
        {
            throw new InvalidOperationException($"citizen sign-in answered {(int)response.StatusCode}");
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class HubFactory(string dataDirectory, int citizens, int businesses, int historical) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:DataDirectory", dataDirectory);
            builder.UseSetting("ConnectionStrings:SmartGov", "");
            builder.UseSetting("Seed:DemoCity", "true");
            builder.UseSetting("Seed:Citizens", citizens.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Seed:Businesses", businesses.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Seed:HistoricalApplications", historical.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("PersonalData:EncryptionKey", "00112233445566778899aabbccddeeff");
            builder.UseSetting("PersonalData:IndexKey", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");
            builder.UseSetting("Web:ApiPermitPerMinute", "100000000");
            builder.UseSetting("Web:SignInPermitPerMinute", "100000000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", Environment.GetEnvironmentVariable("BENCH_SQL_LOG") ?? "Warning");
        }
    }
}
