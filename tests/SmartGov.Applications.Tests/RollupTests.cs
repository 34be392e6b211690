using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Modules.Applications.Rollups;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Tests;

/// <summary>Accepted applications show in the daily rollups the dashboards read, without scanning the applications.</summary>
public sealed class RollupTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task Window_applications_are_counted_by_day_department_item_hall_and_channel()
    {
        var anonymous = factory.CreateApiClient();
        var search = await (await anonymous.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString("居住证办理"))).ReadJsonAsync();
        var code = search.GetProperty("items").EnumerateArray().First(i => i.Str("name") == "居住证办理").Str("implementationCode")!;
        var item = await (await anonymous.GetAsync($"/api/v1/services/{code}")).ReadJsonAsync();
        var hall = (await (await anonymous.GetAsync("/api/v1/service-halls")).ReadJsonAsync()).EnumerateArray().First().GetProperty("id").GetGuid();
        using var clerk = await factory.SignedInStaffAsync("clerk2");
        for (var i = 0; i < 3; i++)
        {
            var response = await clerk.PostAsJsonAsync("/api/v1/window/applications", new
            {
                itemCode = code, hallId = hall, applicantIdNumber = DemoCitySeeder.DemoCitizen.IdNumber, applicantName = DemoCitySeeder.DemoCitizen.Name,
                form = new Dictionary<string, string>
                {
                    ["applicantName"] = DemoCitySeeder.DemoCitizen.Name, ["idNumber"] = DemoCitySeeder.DemoCitizen.IdNumber,
                    ["mobile"] = DemoCitySeeder.DemoCitizen.Mobile, ["address"] = "示范市中心区人民路 4 号",
                },
                materials = item.GetProperty("materials").EnumerateArray().Where(m => m.Str("source") == "Applicant")
                    .Select(m => new { paper = true, name = m.Str("name") }).ToArray(),
                acceptNow = i < 2,
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        await Task.Delay(ApplicationRollup.SettleTime + TimeSpan.FromMilliseconds(200));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApplicationRollup>().RunAsync(CancellationToken.None);
        }
        var rows = await factory.WithDbAsync(db => db.Set<ApplicationDailyRollup>().AsNoTracking()
            .Where(r => r.ImplementationCode == code && r.HallId == hall).ToListAsync());
        Assert.Equal(3, rows.Sum(r => r.Submitted));
        Assert.Equal(2, rows.Sum(r => r.Accepted));
        Assert.All(rows, r => Assert.Equal(Hub.Modules.Applications.ApplicationChannel.Window, r.Channel));

        // Folding again adds nothing: the checkpoint remembers what was counted.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApplicationRollup>().RunAsync(CancellationToken.None);
        }
        var again = await factory.WithDbAsync(db => db.Set<ApplicationDailyRollup>().AsNoTracking()
            .Where(r => r.ImplementationCode == code && r.HallId == hall).SumAsync(r => r.Submitted));
        Assert.Equal(3, again);
    }
}
