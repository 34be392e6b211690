using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Data;
using SmartGov.Hub.Seeding;

namespace SmartGov.Audit.Tests.Infrastructure;

/// <summary>The whole hub (WebApplicationFactory) on a fresh database with a small demo city; the audit sequencer runs every 50 ms.</summary>
public sealed class HubFactory(TestDb db, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public TestDb Db { get; } = db;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Db.Settings())
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Seed:DemoCity", "true");
        builder.UseSetting("Seed:Citizens", "5");
        builder.UseSetting("Seed:HistoricalApplications", "0");
        builder.UseSetting("Seed:Businesses", "1");
        builder.UseSetting("PersonalData:EncryptionKey", AuditTestHost.EncryptionKey);
        builder.UseSetting("PersonalData:IndexKey", AuditTestHost.IndexKey);
        builder.UseSetting("Web:SignInPermitPerMinute", "100000");
        builder.UseSetting("Web:ApiPermitPerMinute", "100000");
        builder.UseSetting("Audit:SequencerIntervalMilliseconds", "50");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Keeps cookies, does not follow redirects.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}

/// <summary>One hub per provider of this run, started on first use and shared by the tests of a class.</summary>
public sealed class HubFixture : IAsyncLifetime
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DatabaseProvider, Lazy<Task<HubFactory>>> _hubs = new();

    public Task<HubFactory> GetAsync(string provider) =>
        _hubs.GetOrAdd(Enum.Parse<DatabaseProvider>(provider), p => new Lazy<Task<HubFactory>>(async () =>
        {
            var hub = new HubFactory(await TestDb.CreateAsync(p));
            _ = hub.Services; // start now: migrations and the demo city
            return hub;
        })).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var lazy in _hubs.Values)
        {
            var hub = await lazy.Value;
            await hub.DisposeAsync();
            await hub.Db.DisposeAsync();
        }
    }
}

/// <summary>What a browser does: forms with their anti-forgery token, and staff sign-in with a TOTP code (RFC 6238).</summary>
public static partial class Browser
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string page, params (string Name, string Value)[] fields)
    {
        var html = await client.GetStringAsync(page);
        var token = WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(token), $"no anti-forgery token on {page}");
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token));
        return await client.PostAsync(page, new FormUrlEncodedContent(form));
    }

    public static async Task SignInStaffAsync(this HttpClient client, string userName)
    {
        var first = await client.SubmitAsync("/account/login", ("identifier", userName), ("password", DemoCitySeeder.DemoPassword));
        var next = first.Headers.Location?.OriginalString ?? "";
        Assert.True(next.StartsWith("/account/login-2fa", StringComparison.Ordinal), $"{userName}: password step → {(int)first.StatusCode} {next}");
        var second = await client.SubmitAsync(next, ("code", TotpCode(DemoCitySeeder.TotpSecretFor(userName))));
        Assert.True(second.StatusCode == HttpStatusCode.Redirect, $"{userName}: TOTP step → {(int)second.StatusCode}");
    }

    public static async Task SignInCitizenAsync(this HttpClient client, string identifier, string password = DemoCitySeeder.DemoPassword)
    {
        var response = await client.SubmitAsync("/account/login", ("identifier", identifier), ("password", password));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"citizen sign-in → {(int)response.StatusCode}");
    }

    /// <summary>RFC 6238: HMAC-SHA1 over the 30-second step, RFC 4226 §5.3 dynamic truncation, 6 digits.</summary>
    public static string TotpCode(string base32)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in base32.TrimEnd('=').ToUpperInvariant())
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
#pragma warning disable CA5350 // authenticator apps use HMAC-SHA1 (RFC 6238); the test computes what they compute
        var hash = HMACSHA1.HashData(bytes.ToArray(), counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var code = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7FFFFFFF) % 1_000_000;
        return code.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }
}
