using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Applications.Rollups;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Ratings.Tests.RatingsDriver;

namespace SmartGov.Insight.Tests;

/// <summary>
/// Two residence permits completed by the public security bureau and rated 2 and 4 by the applicant: the dashboard's
/// completions, on-time rate, weekly satisfaction and worst-rated items show exactly that, for the city and for the
/// bureau's leader, and the ratings behind the figure are listed worst first.
/// </summary>
public sealed class SatisfactionTests(InsightFactory factory) : IClassFixture<InsightFactory>
{
    private static DateOnly Today => ChinaTime.Today(TimeProvider.System);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Completions_on_time_and_ratings_show_as_the_satisfaction_trend_and_the_worst_rated_items()
    {
        var anonymous = factory.CreateApiClient();
        var code = await CodeOfAsync(anonymous, ResidencePermit);
        var hall = (await HallsAsync(anonymous))[0];
        using var clerk = await factory.SignedInStaffAsync("clerk2");
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var numbers = new List<string>();
        foreach (var score in new[] { 2, 4 })
        {
            var (id, number) = await WindowIntakeAsync(clerk, code, hall);
            await CompleteAsync(factory, id);
            var rated = await RateAsync(citizen, id, new { score, comment = score == 2 ? "排队太久" : "办得很快" });
            Assert.Equal(HttpStatusCode.Created, rated.StatusCode);
            numbers.Add(number);
        }
        await Task.Delay(ApplicationRollup.SettleTime + TimeSpan.FromMilliseconds(200));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApplicationRollup>().RunAsync(CancellationToken.None);
        }

        using var mayor = await factory.SignedInStaffAsync("mayor");
        using var gajLeader = await factory.SignedInStaffAsync("gaj.leader");
        var range = $"from={Iso(Today)}&to={Iso(Today)}";
        foreach (var viewer in new[] { mayor, gajLeader })
        {
            var d = await GetAsync(viewer, "/api/v1/insight/dashboard?" + range);
            var figures = d.GetProperty("figures");
            Assert.Equal(2, figures.GetProperty("completed").GetInt32());
            Assert.Equal(2, figures.GetProperty("completedOnTime").GetInt32());
            Assert.Equal(1.0, figures.GetProperty("onTimeRate").GetDouble());
            Assert.Equal(2, figures.GetProperty("ratings").GetInt32());
            Assert.Equal(3.0, figures.GetProperty("averageSatisfaction").GetDouble());
            var week = Assert.Single(d.GetProperty("satisfaction").EnumerateArray());
            Assert.Equal(2, week.GetProperty("ratings").GetInt32());
            Assert.Equal(3.0, week.GetProperty("average").GetDouble());
            Assert.Equal(1, week.GetProperty("poor").GetInt32());
            var worst = d.GetProperty("worstItems").EnumerateArray().Single(i => i.Str("itemCode") == code);
            Assert.Equal(ResidencePermit, worst.Str("itemName"));
            Assert.Equal(3.0, worst.GetProperty("average").GetDouble());
            var gaj = d.GetProperty("byDepartment").EnumerateArray().Single(r => r.Str("key") == HubClient.DepartmentId("gaj").ToString());
            Assert.Equal(1.0, gaj.GetProperty("onTimeRate").GetDouble());

            // Behind the figure: both ratings, the poor one first.
            var list = await GetAsync(viewer, $"/api/v1/insight/ratings?{range}&item={code}");
            var items = list.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(2, items.Count);
            Assert.Equal(2, items[0].GetProperty("score").GetInt32());
            Assert.Equal(numbers.ToHashSet(), items.Select(i => i.Str("applicationNumber")!).ToHashSet());
        }

        // The pages show it without JavaScript; another department's leader sees none of it.
        var html = await (await mayor.GetAsync($"/console/insight?{range}")).Content.ReadAsStringAsync();
        Assert.Contains($"data-key=\"{code}\"", html, StringComparison.Ordinal);
        Assert.Contains("排队太久", await (await mayor.GetAsync($"/console/insight/ratings?{range}&item={code}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var zrzyLeader = await factory.SignedInStaffAsync("zrzy.leader");
        var zrzy = await GetAsync(zrzyLeader, "/api/v1/insight/dashboard?" + range);
        Assert.Equal(0, zrzy.GetProperty("figures").GetProperty("ratings").GetInt32());
        Assert.Empty((await GetAsync(zrzyLeader, $"/api/v1/insight/ratings?{range}&item={code}")).GetProperty("items").EnumerateArray());
    }
}
