using System.Net;
using SmartGov.Services.Tests.Infrastructure;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Services.Tests;

/// <summary>Department systems build against the OpenAPI document: every catalog and calendar action is in it, named.</summary>
public sealed class OpenApiTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task The_catalog_and_calendar_endpoints_are_documented()
    {
        using var client = factory.CreateApiClient();
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.ReadJsonAsync();
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/services", "/api/v1/services/{code}", "/api/v1/services/{code}/versions", "/api/v1/services/import",
                     "/api/v1/services/export", "/api/v1/service-versions/{versionId}", "/api/v1/calendar/{year}", "/api/v1/calendar/deadline", "/api/v1/calendar/days/{date}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
        var operations = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).Select(o => o.Value.Str("operationId")).ToHashSet();
        Assert.Superset(new HashSet<string?> { "SearchServiceItems", "GetServiceItem", "PublishServiceItemVersion", "CreateServiceItem", "ImportServiceItems", "ComputeDeadline", "SetCalendarDay" }, operations);
    }
}
