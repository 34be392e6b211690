using System.Diagnostics;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Modules.Services.Search;

namespace SmartGov.Bench.Services;

/// <summary>
/// The search engine alone (Lucene.NET, SmartCn, synonyms, typo fallback) over the catalog in memory, against a plain
/// in-memory substring scan of the same names and keywords in the same run: the cheapest search one could write, and
/// one that finds neither 开公司 nor 结昏登记.
/// </summary>
internal static class EngineBench
{
    public static Dictionary<string, object> Run(List<IndexedItem> items, int queries)
    {
        var build = Stopwatch.StartNew();
        using var engine = new CatalogSearchEngine(items);
        build.Stop();
        Console.WriteLine($"  index built: {items.Count} items in {build.Elapsed.TotalSeconds:F1} s");

        var q = Catalog.Queries;
        for (var i = 0; i < 300; i++)
        {
            engine.Search(new ServiceSearchQuery(q[i % q.Length]));
            Scan(items, q[i % q.Length]);
        }
        var lucene = new Samples();
        var scan = new Samples();
        var found = 0;
        var scanFound = 0;
        for (var i = 0; i < queries; i++)
        {
            var text = q[i % q.Length];
            // Every fifth query also filters, as the portal's browse-and-search does.
            var query = i % 5 == 4 ? new ServiceSearchQuery(text, LifeEvent: LifeEvent.MarriageAndChildbirth) : new ServiceSearchQuery(text);
            var sw = Stopwatch.StartNew();
            var result = engine.Search(query);
            sw.Stop();
            lucene.Add(sw.Elapsed.TotalMilliseconds);
            found += result.Total > 0 ? 1 : 0;

            sw.Restart();
            var hits = Scan(items, text);
            sw.Stop();
            scan.Add(sw.Elapsed.TotalMilliseconds);
            scanFound += hits > 0 ? 1 : 0;
        }
        Console.WriteLine($"  Lucene search:          {lucene}");
        Console.WriteLine($"  baseline substring scan: {scan}");
        Console.WriteLine($"  queries with results:   Lucene {found}/{queries}, substring scan {scanFound}/{queries}");
        Console.WriteLine($"  p95 ratio Lucene / scan: {lucene.P95 / scan.P95:F2}");
        return new Dictionary<string, object>
        {
            ["items"] = items.Count,
            ["buildSeconds"] = Math.Round(build.Elapsed.TotalSeconds, 2),
            ["lucene"] = lucene.ToJson(),
            ["baselineScan"] = scan.ToJson(),
            ["p95Ratio"] = Math.Round(lucene.P95 / scan.P95, 3),
            ["answered"] = found,
            ["baselineAnswered"] = scanFound,
        };
    }

    /// <summary>The baseline: names and keywords that contain the text, first page sorted by name.</summary>
    private static int Scan(List<IndexedItem> items, string text)
    {
        var hits = new List<IndexedItem>();
        foreach (var item in items)
        {
            if (item.Name.Contains(text, StringComparison.Ordinal) || item.Keywords.Any(k => k.Contains(text, StringComparison.Ordinal)))
            {
                hits.Add(item);
            }
        }
        var firstPage = hits.OrderBy(h => h.Name, StringComparer.Ordinal).Take(20).ToList();
        return firstPage.Count == 0 ? 0 : hits.Count;
    }
}
