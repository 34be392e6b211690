using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations.Model;

namespace SmartGov.Web.Pages.Console.Organizations;

/// <summary>
/// Read-only lists for the organization pages. Writes go through OrganizationAdmin, which validates and audits;
/// these queries only read, the way the module's own GET endpoints do.
/// </summary>
public static class OrganizationLists
{
    public static async Task<List<Region>> RegionsAsync(SmartGovDbContext db, CancellationToken ct) =>
        await db.Set<Region>().AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);

    /// <summary>How deep a region sits below the city, for indenting the list (city 0, county 1, township 2, village 3).</summary>
    public static int Depth(RegionLevel level) => Math.Max((int)level - (int)RegionLevel.City, 0);

    /// <summary>Regions as select options, "371802 东湖区", indented by level so the hierarchy reads without styling.</summary>
    public static IReadOnlyList<SelectOption> RegionOptions(IEnumerable<Region> regions) =>
        regions.Select(r => new SelectOption(r.Code, new string('\u3000', Depth(r.Level)) + r.Code + " " + r.Name)).ToList();

    public static IReadOnlyList<string> HallLevels { get; } = Enum.GetNames<HallLevel>();

    /// <summary>Parses a posted hall level by name only; anything else is left for OrganizationAdmin to reject.</summary>
    public static HallLevel? ParseHallLevel(string? value) =>
        value is not null && HallLevels.Contains(value, StringComparer.Ordinal) ? Enum.Parse<HallLevel>(value) : null;
}
