using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Identity.Model;
using SmartGov.Hub.PersonalData;

namespace SmartGov.Web.Tests.Infrastructure;

/// <summary>
/// The hub on a fresh database of its own: one per test class (IClassFixture), so classes that run in parallel
/// never see each other's data. Start-up migrates the empty database and seeds a small demo city.
/// </summary>
public class SmartGovFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    // Fixed keys, so a test can compute the blind index of a number it registered.
    public const string EncryptionKey = "00112233445566778899aabbccddeeff";
    public const string IndexKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The factory has not been initialised.");

    public DatabaseProvider Provider => Database.Provider;

    /// <summary>API requests per minute; high, so that only the rate-limit test ever meets the limiter.</summary>
    protected virtual int ApiPermitPerMinute => 100_000;

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        // Start the host now: a database that cannot be migrated or seeded fails the fixture, loudly.
        StartServer();
    }

    /// <summary>Disposes what a derived fixture added (a browser), before the host and the database go.</summary>
    protected virtual Task DisposeExtrasAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeExtrasAsync();
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting reaches the host before Program.cs reads its configuration (the provider, the
        // connection string and the rate limits are read while services are registered).
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Database.Settings())
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Seed:DemoCity", "true");
        builder.UseSetting("Seed:Citizens", "30");
        builder.UseSetting("Seed:Businesses", "5");
        // The 5,000 historical applications are for the demo and the dashboards; suites that need them ask for them.
        builder.UseSetting("Seed:HistoricalApplications", "0");
        builder.UseSetting("PersonalData:EncryptionKey", EncryptionKey);
        builder.UseSetting("PersonalData:IndexKey", IndexKey);
        builder.UseSetting("Web:ApiPermitPerMinute", ApiPermitPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Every class signs several people in; the sign-in limiter is tested by its own settings, not here.
        builder.UseSetting("Web:SignInPermitPerMinute", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at them).</summary>
    public HttpClient CreateBrowser(string? acceptLanguage = null)
    {
        var client = CreateHttpClient(handleCookies: true);
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }
        return client;
    }

    /// <summary>A client without cookies, for API tokens and anonymous calls.</summary>
    public HttpClient CreateApiClient() => CreateHttpClient(handleCookies: false);

    protected virtual HttpClient CreateHttpClient(bool handleCookies) =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = handleCookies });

    public async Task<TResult> WithDbAsync<TResult>(Func<SmartGovDbContext, Task<TResult>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<SmartGovDbContext>());
    }

    public string BlindIndex(PersonalDataKind kind, string normalized) =>
        Services.GetRequiredService<IPersonalDataCipher>().BlindIndex(kind, normalized);

    /// <summary>The account id of the citizen with this ID number, found through the blind index like the hub does.</summary>
    public Task<Guid> CitizenIdAsync(string idNumber)
    {
        var index = BlindIndex(PersonalDataKind.IdNumber, idNumber);
        return WithDbAsync(async db =>
        {
            var user = db.Users.Single(u => u.IdNumberIndex == index && u.Kind == UserKind.Citizen);
            await Task.CompletedTask;
            return user.Id;
        });
    }

    /// <summary>The path a redirect sends the browser to, whether the Location is absolute or relative.</summary>
    public static string? RedirectPath(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? new Uri(new Uri("http://localhost"), location).AbsolutePath : null;

    public static bool IsRedirect(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect;
}

/// <summary>The same hub with a tiny API rate limit: 5 requests a minute.</summary>
public sealed class RateLimitedFactory : SmartGovFactory
{
    protected override int ApiPermitPerMinute => 5;
}

/// <summary>
/// The hub behind a real Kestrel on a loopback port, for what only a real server does: enforcing the request body
/// limit on a chunked upload while it is being read.
/// </summary>
public sealed class KestrelFactory : SmartGovFactory
{
    // Loopback only, on a free port.
    public KestrelFactory() => UseKestrel(k => k.Listen(IPAddress.Loopback, 0));

    // A plain HttpClient on the server's real address: the factory's own client follows redirects on Kestrel.
    protected override HttpClient CreateHttpClient(bool handleCookies)
    {
        var address = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = handleCookies };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(address) };
    }
}
