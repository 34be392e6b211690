using System.Net;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Web.Tests;

/// <summary>The API allows Web:ApiPermitPerMinute requests a minute per client; the next gets a 429 that says when to retry.</summary>
public sealed class RateLimitTests(RateLimitedFactory factory) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task The_sixth_api_request_in_a_minute_is_refused_with_429_and_retry_after()
    {
        using var client = factory.CreateApiClient();
        for (var i = 1; i <= 5; i++)
        {
            var allowed = await client.GetAsync("/api/v1/regions");
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"request {i} of 5 answered {(int)allowed.StatusCode}");
        }

        var refused = await client.GetAsync("/api/v1/departments");
        var problem = await ProblemAssert.IsProblemAsync(refused, 429, "rate-limited");
        Assert.NotNull(refused.Headers.RetryAfter);
        var wait = refused.Headers.RetryAfter!.Delta;
        Assert.True(wait is { } delta && delta > TimeSpan.Zero && delta <= TimeSpan.FromMinutes(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Contains("一分钟", problem.GetProperty("messages").GetProperty("zh-CN").GetString(), StringComparison.Ordinal);

        // Pages and health probes are not counted against the API budget.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/halls")).StatusCode);
    }
}

/// <summary>The API budget belongs to the caller, not to whatever Authorization header the caller makes up.</summary>
public sealed class RateLimitBypassTests(RateLimitedFactory factory) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task Made_up_bearer_tokens_do_not_buy_a_fresh_budget()
    {
        using var client = factory.CreateApiClient();
        var statuses = new List<int>();
        for (var i = 1; i <= 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/regions");
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer sgv_made-up-{i}-{Guid.NewGuid():N}");
            statuses.Add((int)(await client.SendAsync(request)).StatusCode);
        }
        // Whatever the first five got (200, or 401 for a bad token), the sixth from the same client is throttled.
        Assert.True(statuses[5] == 429, "statuses: " + string.Join(", ", statuses));
    }
}
