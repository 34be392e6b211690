using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Ratings.Tests.RatingsDriver;

namespace SmartGov.Ratings.Tests;

/// <summary>The statistics on a small known set: three ratings (5, 4, 1) of one item at two halls, on a database of their own.</summary>
public sealed class RatingStatsTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static JsonElement RowOf(JsonElement stats, string key) =>
        stats.GetProperty("rows").EnumerateArray().Single(r => r.Str("key") == key);

    [Fact]
    public async Task Counts_averages_shares_and_closure_rate_by_department_item_and_hall_and_each_leader_sees_only_their_own()
    {
        var anonymous = factory.CreateApiClient();
        var code = await CodeOfAsync(anonymous, ResidencePermit);
        var halls = await HallsAsync(anonymous);
        using var clerk = await factory.SignedInStaffAsync("clerk3");
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        Guid? rectification = null;
        foreach (var (hall, score) in new[] { (halls[0], 5), (halls[0], 4), (halls[1], 1) })
        {
            var (id, _) = await WindowIntakeAsync(clerk, code, hall);
            await CompleteAsync(factory, id);
            var rated = await (await RateAsync(citizen, id, new { score })).ReadJsonAsync();
            if (score == 1)
            {
                rectification = rated.GetProperty("rectificationId").GetGuid();
            }
        }

        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        var gaj = HubClient.DepartmentId("gaj").ToString();
        var byDept = await (await supervisor.GetAsync("/api/v1/ratings/stats?by=department")).ReadJsonAsync();
        var row = RowOf(byDept, gaj);
        Assert.Equal(3, row.GetProperty("count").GetInt32());
        Assert.Equal(3.33, row.GetProperty("average").GetDouble());
        Assert.Equal(2, row.GetProperty("good").GetInt32());
        Assert.Equal(1, row.GetProperty("bad").GetInt32());
        Assert.Equal(0.6667, row.GetProperty("goodShare").GetDouble());
        Assert.Equal(0.3333, row.GetProperty("badShare").GetDouble());
        Assert.Equal(1, row.GetProperty("rectifications").GetInt32());
        Assert.Equal(0, row.GetProperty("closureRate").GetDouble());
        Assert.Equal("示范市公安局", row.Str("name"));
        Assert.Equal(3, byDept.GetProperty("total").GetProperty("count").GetInt32());

        var byItem = await (await supervisor.GetAsync("/api/v1/ratings/stats?by=item")).ReadJsonAsync();
        Assert.Equal(ResidencePermit, RowOf(byItem, code).Str("name"));
        Assert.Equal(3, RowOf(byItem, code).GetProperty("count").GetInt32());
        var byHall = await (await supervisor.GetAsync("/api/v1/ratings/stats?by=hall")).ReadJsonAsync();
        Assert.Equal(4.5, RowOf(byHall, halls[0].ToString()).GetProperty("average").GetDouble());
        Assert.Equal(1.0, RowOf(byHall, halls[1].ToString()).GetProperty("badShare").GetDouble());

        // A date range that ends before today holds nothing.
        var past = await (await supervisor.GetAsync("/api/v1/ratings/stats?by=department&from=2020-01-01&to=2020-12-31")).ReadJsonAsync();
        Assert.Empty(past.GetProperty("rows").EnumerateArray());
        await ProblemAssert.IsValidationAsync(await supervisor.GetAsync("/api/v1/ratings/stats?by=weather"), "by");

        // Closing the rectification moves the closure rate to 100 %.
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/v1/rectifications/{rectification}/respond", new { text = "已优化排队叫号" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync($"/api/v1/rectifications/{rectification}/close", new { text = "同意" })).StatusCode);
        var after = await (await supervisor.GetAsync("/api/v1/ratings/stats?by=department")).ReadJsonAsync();
        Assert.Equal(1.0, RowOf(after, gaj).GetProperty("closureRate").GetDouble());

        // Evaluators see everything; a leader sees only their own department; citizens and officers not at all.
        using var evaluator = await factory.SignedInStaffAsync("evaluator");
        Assert.Equal(3, RowOf(await (await evaluator.GetAsync("/api/v1/ratings/stats")).ReadJsonAsync(), gaj).GetProperty("count").GetInt32());
        using var gajLeader = await factory.SignedInStaffAsync("gaj.leader");
        var own = await (await gajLeader.GetAsync("/api/v1/ratings/stats?by=department")).ReadJsonAsync();
        Assert.Equal(3, RowOf(own, gaj).GetProperty("count").GetInt32());
        using var mzjLeader = await factory.SignedInStaffAsync("mzj.leader");
        var none = await (await mzjLeader.GetAsync("/api/v1/ratings/stats?by=item")).ReadJsonAsync();
        Assert.Empty(none.GetProperty("rows").EnumerateArray());
        Assert.Equal(0, none.GetProperty("total").GetProperty("count").GetInt32());
        await ProblemAssert.IsProblemAsync(await citizen.GetAsync("/api/v1/ratings/stats"), 403);
        await ProblemAssert.IsProblemAsync(await officer.GetAsync("/api/v1/ratings/stats"), 403);
    }
}
