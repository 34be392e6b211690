using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Web.Tests;

/// <summary>What operators and API clients see first: the schema is current, health probes, request ids, the OpenAPI document.</summary>
public sealed class HealthAndOpenApiTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task Startup_migrates_an_empty_database_of_the_configured_provider_to_the_current_schema()
    {
        var (provider, pending, applied) = await factory.WithDbAsync(async db =>
            (db.Database.ProviderName, (await db.Database.GetPendingMigrationsAsync()).ToList(), (await db.Database.GetAppliedMigrationsAsync()).ToList()));

        // The run really uses the provider it was asked for: a Postgres run that quietly fell back to SQLite would prove nothing.
        Assert.Contains(factory.Provider == DatabaseProvider.Postgres ? "Npgsql" : "Sqlite", provider, StringComparison.Ordinal);
        Assert.Empty(pending);
        Assert.NotEmpty(applied);
        // And the seeded demo city is there: the schema is usable, not just recorded as migrated.
        var departments = await factory.WithDbAsync(db => db.Set<SmartGov.Hub.Modules.Organizations.Model.Department>().CountAsync());
        Assert.Equal(12, departments);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_probes_answer_200(string path)
    {
        using var client = factory.CreateApiClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/healthz")]
    [InlineData("/api/v1/regions")]
    [InlineData("/api/v1/no-such-thing")]
    [InlineData("/no-such-page")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/account/login")]
    public async Task Every_response_carries_a_request_id(string path)
    {
        using var client = factory.CreateApiClient();
        var response = await client.GetAsync(path);
        Assert.True(response.Headers.TryGetValues("X-Request-Id", out var values), $"{path} has no X-Request-Id");
        Assert.False(string.IsNullOrWhiteSpace(values!.Single()));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/api/v1/regions")]
    public async Task Responses_carry_the_security_headers(string path)
    {
        using var client = factory.CreateApiClient();
        var response = await client.GetAsync(path);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_request_id_is_replaced_so_it_cannot_inject_log_lines()
    {
        using var client = factory.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "evil id; level=error " + new string('x', 80));
        var response = await client.SendAsync(request);
        var id = response.Headers.GetValues("X-Request-Id").Single();
        Assert.DoesNotContain("evil", id, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9._-]{1,64}$", id);
    }

    [Fact]
    public async Task A_plain_caller_request_id_is_echoed_so_that_logs_can_be_correlated()
    {
        using var client = factory.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/departments");
        request.Headers.Add("X-Request-Id", "gateway-42.abc");
        var response = await client.SendAsync(request);
        Assert.Equal("gateway-42.abc", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task OpenApi_document_is_valid_and_every_operation_is_named_and_summarised()
    {
        using var client = factory.CreateApiClient();
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("info").GetProperty("title").GetString()));

        var paths = root.GetProperty("paths");
        var names = paths.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/regions", names);
        Assert.Contains("/api/v1/accounts/citizens", names);
        Assert.Contains("/api/v1/departments/{departmentId}/staff", names);

        string[] verbs = ["get", "put", "post", "delete", "patch", "head", "options"];
        var operationIds = new List<string>();
        var missing = new List<string>();
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => verbs.Contains(o.Name)))
            {
                var id = op.Value.TryGetProperty("operationId", out var idValue) ? idValue.GetString() : null;
                var summary = op.Value.TryGetProperty("summary", out var s) ? s.GetString() : null;
                if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(summary))
                {
                    missing.Add($"{op.Name.ToUpperInvariant()} {path.Name}");
                }
                else
                {
                    operationIds.Add(id);
                }
            }
        }
        Assert.True(missing.Count == 0, "Operations without operationId or summary: " + string.Join(", ", missing));
        Assert.Equal(operationIds.Count, operationIds.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("RegisterCitizen", operationIds);
    }
}
