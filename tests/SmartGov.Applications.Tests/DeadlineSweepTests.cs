using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Tests;

/// <summary>Yellow steps remind their officers, red ones escalate to the department leader, once each; the queue puts red first.</summary>
public sealed class DeadlineSweepTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task An_overdue_step_is_escalated_to_the_leader_once_and_tops_the_queue()
    {
        var anonymous = factory.CreateApiClient();
        var search = await (await anonymous.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString("居住证办理"))).ReadJsonAsync();
        var code = search.GetProperty("items").EnumerateArray().First(i => i.Str("name") == "居住证办理").Str("implementationCode");
        var item = await (await anonymous.GetAsync($"/api/v1/services/{code}")).ReadJsonAsync();
        var hall = (await (await anonymous.GetAsync("/api/v1/service-halls")).ReadJsonAsync()).EnumerateArray().First().GetProperty("id").GetGuid();
        using var clerk = await factory.SignedInStaffAsync("clerk1");
        var ids = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var response = await clerk.PostAsJsonAsync("/api/v1/window/applications", new
            {
                itemCode = code, hallId = hall, applicantIdNumber = DemoCitySeeder.DemoCitizen.IdNumber, applicantName = DemoCitySeeder.DemoCitizen.Name,
                form = new Dictionary<string, string>
                {
                    ["applicantName"] = DemoCitySeeder.DemoCitizen.Name, ["idNumber"] = DemoCitySeeder.DemoCitizen.IdNumber,
                    ["mobile"] = DemoCitySeeder.DemoCitizen.Mobile, ["address"] = "示范市中心区人民路 3 号",
                },
                materials = item.GetProperty("materials").EnumerateArray().Where(m => m.Str("source") == "Applicant")
                    .Select(m => new { paper = true, name = m.Str("name") }).ToArray(),
            });
            var view = await response.ReadJsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, view.ToString());
            Assert.Equal("InReview", view.Str("status"));
            ids.Add(view.GetProperty("id").GetGuid());
        }
        // The second application's review is three days overdue.
        var today = ChinaTime.Today(TimeProvider.System);
        await factory.WithDbAsync(db => db.Set<WorkTask>().Where(t => t.ApplicationId == ids[1] && t.Status == WorkTaskStatus.Open)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.DueOn, today.AddDays(-3))));

        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        var red = await (await officer.GetAsync("/api/v1/work-queue?light=red")).ReadJsonAsync();
        Assert.Equal(ids[1], red.GetProperty("items")[0].GetProperty("applicationId").GetGuid());
        Assert.Equal("Red", red.GetProperty("items")[0].Str("light"));
        var all = await (await officer.GetAsync("/api/v1/work-queue")).ReadJsonAsync();
        Assert.Equal(ids[1], all.GetProperty("items")[0].GetProperty("applicationId").GetGuid());

        using var leader = await factory.SignedInStaffAsync("gaj.leader");
        await ProblemAssert.IsProblemAsync(await officer.PostAsync("/api/v1/work-queue/sweep", null), 403);
        var first = await (await leader.PostAsync("/api/v1/work-queue/sweep", null)).ReadJsonAsync();
        Assert.True(first.GetProperty("escalations").GetInt32() >= 1);
        var again = await (await leader.PostAsync("/api/v1/work-queue/sweep", null)).ReadJsonAsync();
        Assert.Equal(0, again.GetProperty("escalations").GetInt32());
        Assert.Equal(0, again.GetProperty("reminders").GetInt32());

        var leaderInbox = await (await leader.GetAsync("/api/v1/me/notifications")).ReadJsonAsync();
        Assert.Contains("超期督办", leaderInbox.ToString(), StringComparison.Ordinal);
        var officerInbox = await (await officer.GetAsync("/api/v1/me/notifications")).ReadJsonAsync();
        Assert.Contains("催办", officerInbox.ToString(), StringComparison.Ordinal);
    }
}
