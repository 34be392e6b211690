using System.Diagnostics;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Hub.Modules.Catalog.Search;
using SmartGov.Bench.Services;

namespace SmartGov.Bench.Catalog;

/// <summary>
/// The resource search engine alone (Lucene.NET, SmartCn, facet counts over every match) over the catalog in memory,
/// against a plain substring scan of the same names in the same run (the cheapest search one could write, without
/// facets, word segmentation or ranking).
/// </summary>
internal static class EngineBench
{
    public static Dictionary<string, object> Run(List<IndexedResource> resources, int queries)
    {
        var build = Stopwatch.StartNew();
        using var engine = new ResourceSearchEngine(resources);
        build.Stop();
        Console.WriteLine($"  index built: {resources.Count} resources in {build.Elapsed.TotalSeconds:F1} s");
        var q = Generator.Queries;
        for (var i = 0; i < 300; i++)
        {
            engine.Search(new ResourceSearchQuery(q[i % q.Length], IncludeInternal: true));
            Scan(resources, q[i % q.Length]);
        }
        var lucene = new Samples();
        var scan = new Samples();
        long matched = 0;
        for (var i = 0; i < queries; i++)
        {
            var text = q[i % q.Length];
            // Half as staff (the whole catalog), half as the public; every fifth with a facet filter.
            var query = new ResourceSearchQuery(text, IncludeInternal: i % 2 == 0, SharingType: i % 5 == 4 ? SharingType.Unconditional : null);
            var sw = Stopwatch.StartNew();
            var result = engine.Search(query);
            sw.Stop();
            lucene.Add(sw.Elapsed.TotalMilliseconds);
            matched += result.Total;

            sw.Restart();
            Scan(resources, text);
            sw.Stop();
            scan.Add(sw.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"  Lucene search + facets:  {lucene}");
        Console.WriteLine($"  baseline substring scan: {scan}");
        Console.WriteLine($"  average matches per query: {matched / Math.Max(1, queries)}");
        Console.WriteLine($"  p95 ratio Lucene / scan: {lucene.P95 / scan.P95:F2}");
        return new Dictionary<string, object>
        {
            ["resources"] = resources.Count,
            ["buildSeconds"] = Math.Round(build.Elapsed.TotalSeconds, 2),
            ["lucene"] = lucene.ToJson(),
            ["baselineScan"] = scan.ToJson(),
            ["p95Ratio"] = Math.Round(lucene.P95 / scan.P95, 3),
            ["averageMatches"] = matched / Math.Max(1, queries),
        };
    }

    private static int Scan(List<IndexedResource> resources, string text)
    {
        var hits = new List<IndexedResource>();
        foreach (var r in resources)
        {
            if (r.Name.Contains(text, StringComparison.Ordinal) || r.Abstract.Contains(text, StringComparison.Ordinal))
            {
                hits.Add(r);
            }
        }
        return hits.OrderBy(h => h.Code, StringComparer.Ordinal).Take(20).Any() ? hits.Count : 0;
    }
}
