using System.Net;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Ratings.Tests.RatingsDriver;

namespace SmartGov.Ratings.Tests;

/// <summary>The applicant rates on the application page itself, without JavaScript; a bad rating shows up as a rectification.</summary>
public sealed class RatingPageTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task The_applicant_rates_through_the_page_form_and_sees_the_rating_afterwards()
    {
        var anonymous = factory.CreateApiClient();
        var code = await CodeOfAsync(anonymous, ResidencePermit);
        using var clerk = await factory.SignedInStaffAsync("clerk2");
        var (id, number) = await WindowIntakeAsync(clerk, code, (await HallsAsync(anonymous))[0]);
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        Assert.DoesNotContain("data-testid=\"rating-form\"", await citizen.GetStringAsync($"/applications/{number}"), StringComparison.Ordinal);

        await CompleteAsync(factory, id);
        var page = await citizen.GetStringAsync($"/applications/{number}");
        Assert.Contains("data-testid=\"rating-form\"", page, StringComparison.Ordinal);
        Assert.Contains("非常满意", page, StringComparison.Ordinal);

        var posted = await citizen.SubmitFormAsync($"/applications/{number}",
            [new("score", "2"), new("attitude", "2"), new("comment", "窗口等候时间太长")], $"/applications/{number}/rate");
        Assert.True(SmartGovFactory.IsRedirect(posted), $"{(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        var after = await citizen.GetStringAsync($"/applications/{number}");
        Assert.Contains("data-score=\"2\"", after, StringComparison.Ordinal);
        Assert.Contains("窗口等候时间太长", after, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"rating-form\"", after, StringComparison.Ordinal);

        // The 2-star rating is now the department's rectification, on the supervisor's list.
        using var supervisor = await factory.SignedInStaffAsync("supervisor");
        var list = await supervisor.GetStringAsync("/console/rectifications");
        Assert.Contains(number, list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/console/ratings")).StatusCode);

        // Evaluation reads the same ratings: the department's average over today is 2 of 5 stars, 40 points.
        var today = SmartGov.Core.Calendar.ChinaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var gaj = HubClient.DepartmentId("gaj");
        var value = await (await supervisor.GetAsync($"/api/v1/evaluation/rules/ratings.average-score/value?departmentId={gaj}&from={today}&to={today}")).ReadJsonAsync();
        Assert.True(value.GetProperty("available").GetBoolean(), value.ToString());
        Assert.Equal(40, value.GetProperty("score").GetDouble());
        Assert.Equal(2, value.GetProperty("raw").GetDouble());
        var closure = await (await supervisor.GetAsync($"/api/v1/evaluation/rules/ratings.rectification-closure/value?departmentId={gaj}&from={today}&to={today}")).ReadJsonAsync();
        Assert.Equal(0, closure.GetProperty("score").GetDouble());
        Assert.Contains("0/1", closure.ToString(), StringComparison.Ordinal);
    }
}
