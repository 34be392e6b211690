using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Modules.Services.Model;
using SmartGov.Services.Tests.Infrastructure;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Services.Tests;

/// <summary>The hub with Services:SearchRefreshSeconds = 1, so that another node's publication shows within a second or two.</summary>
public sealed class FastRefreshFactory : SmartGovFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Services:SearchRefreshSeconds", "1");
    }
}

/// <summary>
/// Several hub nodes share one database, each with its own in-memory index. A version written by another node (here:
/// straight into the database, behind this node's back) must reach this node's search without a restart.
/// </summary>
public sealed class MultiNodeTests(FastRefreshFactory factory) : IClassFixture<FastRefreshFactory>
{
    [Fact]
    public async Task An_item_published_by_another_node_becomes_searchable_here()
    {
        using var client = factory.CreateApiClient();
        const string name = "另一节点发布的测试事项";
        Assert.DoesNotContain(name, (await client.SearchAsync("q=" + Uri.EscapeDataString(name))).Names());

        await factory.WithDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var item = new ServiceItem { Id = Guid.CreateVersion7(), ImplementationCode = "OTHERNODE0000000012010098000001", DepartmentId = HubClient.DepartmentId("jyj"), LatestVersion = 1, CreatedAt = now, UpdatedAt = now };
            item.Versions.Add(new ServiceItemVersion
            {
                Id = Guid.CreateVersion7(), ItemId = item.Id, Version = 1, BasicCode = "2010098000", Name = name, ItemType = ItemType.PublicService,
                DepartmentId = item.DepartmentId, LegalBasis = "测试", AcceptanceConditions = "测试", ApplicantTypes = ApplicantTypes.NaturalPerson,
                StatutoryDays = 5, PromisedDays = 1, Fees = "不收费", HandlingForm = HandlingForm.Online, MaxVisits = 0, CityWide = true,
                EffectiveFrom = new DateOnly(2025, 1, 1), PublishedAt = now, ContentHash = "other-node",
            });
            db.Add(item);
            await db.SaveChangesAsync();
            return 0;
        });

        // The node notices at its next check (every second here) and rebuilds in the background.
        var found = false;
        for (var attempt = 0; attempt < 150 && !found; attempt++)
        {
            await Task.Delay(200);
            found = (await client.SearchAsync("q=" + Uri.EscapeDataString(name))).Names().Contains(name);
        }
        Assert.True(found, "The other node's item never reached this node's search.");
        // The guide reads the database and never waited for the index.
        var v1 = await client.ItemAsync("OTHERNODE0000000012010098000001");
        Assert.Equal(name, v1.Str("name"));

        // This node has read (and cached) version 1; the other node publishes version 2. The very next read here shows
        // version 2 as current, and version 1, pinned by its id, keeps its own content with the item's new latest version.
        await factory.WithDbAsync(async db =>
        {
            var item = await db.Set<ServiceItem>().SingleAsync(i => i.ImplementationCode == "OTHERNODE0000000012010098000001");
            var first = await db.Set<ServiceItemVersion>().AsNoTracking().SingleAsync(v => v.ItemId == item.Id);
            item.LatestVersion = 2;
            db.Add(new ServiceItemVersion
            {
                Id = Guid.CreateVersion7(), ItemId = item.Id, Version = 2, BasicCode = first.BasicCode, Name = name + "（第二版）", ItemType = first.ItemType,
                DepartmentId = first.DepartmentId, LegalBasis = "测试", AcceptanceConditions = "测试", ApplicantTypes = first.ApplicantTypes, StatutoryDays = 5,
                PromisedDays = 2, Fees = "不收费", HandlingForm = HandlingForm.Online, MaxVisits = 0, CityWide = true, EffectiveFrom = new DateOnly(2025, 1, 1),
                PublishedAt = DateTime.UtcNow, ContentHash = "other-node-2",
            });
            return await db.SaveChangesAsync();
        });
        var current = await client.ItemAsync("OTHERNODE0000000012010098000001");
        Assert.Equal((name + "（第二版）", 2, 2, 2), (current.Str("name"), current.GetProperty("version").GetInt32(), current.GetProperty("latestVersion").GetInt32(),
            current.GetProperty("promisedDays").GetInt32()));
        var pinned = await (await client.GetAsync($"/api/v1/service-versions/{v1.GetProperty("versionId").GetGuid()}")).ReadJsonAsync();
        Assert.Equal((name, 1, 2, 1), (pinned.Str("name"), pinned.GetProperty("version").GetInt32(), pinned.GetProperty("latestVersion").GetInt32(),
            pinned.GetProperty("promisedDays").GetInt32()));
    }
}
