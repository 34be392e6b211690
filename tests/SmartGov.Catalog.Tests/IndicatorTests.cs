using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Catalog.Tests.CatalogDriver;

namespace SmartGov.Catalog.Tests;

/// <summary>The catalog's evaluation indicators, as an evaluator reads them.</summary>
public sealed class IndicatorTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static async Task<JsonElement> ValueAsync(HttpClient client, string rule, string dept, string from, string to) =>
        await OkJsonAsync(await client.GetAsync($"/api/v1/evaluation/rules/{rule}/value?departmentId={HubClient.DepartmentId(dept)}&from={from}&to={to}"));

    [Fact]
    public async Task Resources_catalogued_requests_decided_and_turnaround_come_from_the_catalog()
    {
        using var evaluator = await factory.SignedInStaffAsync("evaluator");
        var today = SmartGov.Core.Calendar.ChinaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // 公安局 catalogued four demo resources: 40 points (ten or more score 100); the demo indicator system's name gives the same.
        var resources = await ValueAsync(evaluator, "catalog.resources", "gaj", "2020-01-01", today);
        Assert.Equal(4, resources.GetProperty("raw").GetDouble());
        Assert.Equal(40, resources.GetProperty("score").GetDouble());
        Assert.Equal(4, (await ValueAsync(evaluator, "sharing.resources-catalogued", "gaj", "2020-01-01", today)).GetProperty("raw").GetDouble());

        // The demo grants to the hub were asked for on Monday 5 January 2026 and decided on the Wednesday: two working days, 80 points.
        var turnaround = await ValueAsync(evaluator, "sharing.turnaround", "gaj", "2026-01-01", "2026-01-31");
        Assert.False((await ValueAsync(evaluator, "sharing.turnaround", "gaj", "2025-01-01", "2025-12-31")).GetProperty("available").GetBoolean());
        Assert.Equal(2, turnaround.GetProperty("raw").GetDouble());
        Assert.Equal(80, turnaround.GetProperty("score").GetDouble());

        // 民政局 received nothing today: not available, not zero. A pending request makes it 0/1; the decision 1/1.
        var none = await ValueAsync(evaluator, "sharing.requests-served", "mzj", today, today);
        Assert.False(none.GetProperty("available").GetBoolean());
        using var zjj = await factory.SignedInStaffAsync("zjj.data");
        var request = await OkJsonAsync(await RequestAsync(zjj, Marriage, ["男方姓名", "女方姓名"], purpose: "住房公积金提取婚姻状况核验"), HttpStatusCode.Created);
        var pending = await ValueAsync(evaluator, "sharing.requests-served", "mzj", today, today);
        Assert.Equal(0, pending.GetProperty("score").GetDouble());
        Assert.Contains("0/1", pending.ToString(), StringComparison.Ordinal);
        using var mzj = await factory.SignedInStaffAsync("mzj.data");
        await OkJsonAsync(await mzj.PostAsJsonAsync($"/api/v1/catalog/sharing-requests/{request.GetProperty("id").GetGuid()}/decision", new { approve = true }));
        var served = await ValueAsync(evaluator, "sharing.requests-served", "mzj", today, today);
        Assert.Equal(100, served.GetProperty("score").GetDouble());
        var sameDay = await ValueAsync(evaluator, "sharing.turnaround", "mzj", today, today);
        Assert.Equal(0, sameDay.GetProperty("raw").GetDouble());
        Assert.Equal(100, sameDay.GetProperty("score").GetDouble());
    }
}
