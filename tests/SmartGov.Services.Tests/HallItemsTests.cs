using System.Net;
using System.Text.Json;
using SmartGov.Services.Tests.Infrastructure;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Services.Tests;

/// <summary>就近办: each hall lists what it can accept — the items naming it and every city-wide item, nothing else.</summary>
public sealed class HallItemsTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task A_hall_lists_city_wide_items_and_those_naming_it_but_no_others()
    {
        using var client = factory.CreateApiClient();
        var halls = (await (await client.GetAsync("/api/v1/service-halls")).ReadJsonAsync()).EnumerateArray().ToList();
        var all = (await client.SearchAsync("pageSize=100")).GetProperty("items").EnumerateArray().ToList();
        var notCityWide = all.Where(i => !i.GetProperty("cityWide").GetBoolean()).ToList();
        Assert.NotEmpty(notCityWide);
        foreach (var hall in halls)
        {
            var id = hall.GetProperty("id").GetGuid();
            var listed = (await client.SearchAsync($"hallId={id}&pageSize=100")).GetProperty("items").EnumerateArray().ToList();
            Assert.All(all.Where(i => i.GetProperty("cityWide").GetBoolean()), i => Assert.Contains(listed, l => l.Str("implementationCode") == i.Str("implementationCode")));
            foreach (var item in listed.Where(l => !l.GetProperty("cityWide").GetBoolean()))
            {
                var full = await (await client.GetAsync($"/api/v1/services/{item.Str("implementationCode")}")).ReadJsonAsync();
                Assert.Contains(full.GetProperty("hallIds").EnumerateArray(), h => h.GetGuid() == id);
            }
        }
        // Some hall does not list some non-city-wide item: the filter really filters.
        var counts = new List<int>();
        foreach (var hall in halls)
        {
            counts.Add((await client.SearchAsync($"hallId={hall.GetProperty("id").GetGuid()}&pageSize=100")).GetProperty("total").GetInt32());
        }
        Assert.Contains(counts, c => c < all.Count);
        // A text search combines with the hall.
        var marriage = await client.SearchAsync($"q={Uri.EscapeDataString("结婚")}&hallId={halls[0].GetProperty("id").GetGuid()}");
        Assert.Contains("结婚登记", marriage.Names());
    }

    [Fact]
    public async Task The_hall_page_shows_what_it_accepts_in_both_languages()
    {
        using var browser = factory.CreateBrowser();
        var halls = (await (await browser.GetAsync("/api/v1/service-halls")).ReadJsonAsync()).EnumerateArray().ToList();
        var id = halls[0].GetProperty("id").GetGuid();
        var list = await browser.GetStringAsync("/halls");
        Assert.Contains($"href=\"/halls/{id}\"", list, StringComparison.Ordinal);
        var zh = await browser.GetStringAsync($"/halls/{id}");
        Assert.Contains("本大厅可办事项", zh, StringComparison.Ordinal);
        Assert.Contains("全城通办", zh, StringComparison.Ordinal);
        Assert.Contains("/services/", zh, StringComparison.Ordinal);
        Assert.Contains("What this hall can accept", await browser.GetStringAsync($"/halls/{id}?culture=en-US"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/halls/{Guid.NewGuid()}")).StatusCode);
    }
}
