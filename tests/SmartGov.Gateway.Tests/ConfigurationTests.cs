using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;

namespace SmartGov.Gateway.Tests;

/// <summary>Each test has its own city: these tests change the global configuration.</summary>
public sealed class ConfigurationTests : IAsyncLifetime
{
    private readonly ExchangeCity _city = new();

    public Task InitializeAsync() => _city.InitializeAsync();

    public Task DisposeAsync() => _city.DisposeAsync();

    private static string Error(HttpResponseMessage r) => r.Headers.TryGetValues(ExchangeHeaders.Error, out var v) ? v.Single() : "";

    private async Task<JsonElement> StatusAsync(string gateway) =>
        await _city.Http.GetFromJsonAsync<JsonElement>(new Uri(gateway + "/admin/status"));

    [Fact]
    public async Task A_badly_signed_configuration_is_refused_and_the_good_one_stays_in_force()
    {
        await _city.PublishAsync(_city.Configuration(version: 2) with { AccessRights = [] }, signer: Sm2KeyPair.Generate());
        var status = await StatusAsync(_city.GatewayB);
        Assert.Equal(1, status.GetProperty("configVersion").GetInt64());
        Assert.Contains("BadSignature", status.GetProperty("configError").GetString());
        using var response = await _city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/350102199001011234");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_gateway_with_only_a_badly_signed_configuration_serves_nothing_and_says_why()
    {
        var source = Path.Combine(_city.Root, "forged.json");
        await File.WriteAllTextAsync(source, GlobalConfigurationCodec.ToJson(GlobalConfigurationCodec.Sign(_city.Configuration(), Sm2KeyPair.Generate())));
        var gw = await _city.StartGatewayAsync("forged", ExchangeCity.MemberA, "a.key", [], source);
        using var response = await _city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/1", gateway: gw);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(ExchangeErrors.ConfigUnavailable, Error(response));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("BadSignature", problem.GetProperty("detail").GetString());
        var log = await _city.LogAsync(gw);
        Assert.Equal(ExchangeErrors.ConfigUnavailable, Assert.Single(log).GetProperty("record").GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_expired_configuration_is_refused()
    {
        var source = Path.Combine(_city.Root, "expired.json");
        await File.WriteAllTextAsync(source, GlobalConfigurationCodec.ToJson(GlobalConfigurationCodec.Sign(
            _city.Configuration(expiresAt: DateTimeOffset.UtcNow.AddSeconds(-5)), _city.CenterKey)));
        var gw = await _city.StartGatewayAsync("expired", ExchangeCity.MemberA, "a.key", [], source);
        using var response = await _city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/1", gateway: gw);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(ExchangeErrors.ConfigUnavailable, Error(response));
        Assert.Contains("Expired", (await StatusAsync(gw)).GetProperty("configError").GetString());
    }

    [Fact]
    public async Task A_revoked_access_right_takes_effect_with_the_next_configuration()
    {
        await _city.PublishAsync(_city.Configuration(version: 2) with { AccessRights = [] });
        using var response = await _city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/350102199001011234");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ExchangeErrors.AccessDenied, Error(response));
    }

    [Fact]
    public async Task A_gateway_restarted_while_the_center_is_down_serves_on_its_cached_configuration()
    {
        // A gateway that fetched the configuration over HTTP from a tiny "center", then restarts after the center went away.
        var center = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        center.WebHost.UseUrls("http://127.0.0.1:0");
        var app = center.Build();
        app.MapGet("/config", () => Microsoft.AspNetCore.Http.Results.Text(File.ReadAllText(_city.ConfigFile), "application/json"));
        var centerUrl = await _city.StartAsync(app);
        var gw = await _city.StartGatewayAsync("cached", ExchangeCity.MemberA, "a.key", [], centerUrl + "/config");
        Assert.Equal(1, (await StatusAsync(gw)).GetProperty("configVersion").GetInt64());
        await _city.StopAsync(centerUrl);
        await _city.StopAsync(gw);

        var again = await _city.StartGatewayAsync("cached", ExchangeCity.MemberA, "a.key", [], centerUrl + "/config");
        var status = await StatusAsync(again);
        Assert.Equal(1, status.GetProperty("configVersion").GetInt64());
        Assert.Contains("unreachable", status.GetProperty("configError").GetString());
        using var response = await _city.CallAsync(HttpMethod.Get, ExchangeCity.HukouService, "/persons/350102199001011234", gateway: again);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
