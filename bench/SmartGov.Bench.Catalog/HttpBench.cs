using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Hub.Modules.Catalog.Model;
using SmartGov.Hub.Modules.Catalog.Search;
using SmartGov.Bench.Services;

namespace SmartGov.Bench.Catalog;

/// <summary>
/// The whole path: the hub on Kestrel (loopback), SQLite, the demo city plus generated resources to make N in the
/// database, GET /api/v1/catalog/resources?q=… (anonymous: the public catalog, with facets). Baseline in the same run:
/// GET /healthz, the bare endpoint of the same server.
/// </summary>
internal static class HttpBench
{
    public static async Task<Dictionary<string, object>> RunAsync(List<IndexedResource> generated, int queries)
    {
        var dir = Path.Combine(Path.GetTempPath(), "smartgov-bench-catalog", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SMARTGOV_WEB", AppContext.BaseDirectory);
            await using var factory = new HubFactory(dir);
            factory.UseKestrel(0);
            factory.StartServer();
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

            var seed = Stopwatch.StartNew();
            await SeedAsync(factory.Services, generated);
            await factory.Services.GetRequiredService<ResourceSearchIndex>().RebuildAsync();
            seed.Stop();
            Console.WriteLine($"  database seeded and index built in {seed.Elapsed.TotalSeconds:F1} s");

            using var client = new HttpClient { BaseAddress = new Uri(address) };
            var q = Generator.Queries;
            for (var i = 0; i < 200; i++)
            {
                (await client.GetAsync("/api/v1/catalog/resources?q=" + Uri.EscapeDataString(q[i % q.Length]))).EnsureSuccessStatusCode();
                (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();
            }
            var search = new Samples();
            var bare = new Samples();
            long total = 0;
            for (var i = 0; i < queries; i++)
            {
                var url = "/api/v1/catalog/resources?q=" + Uri.EscapeDataString(q[i % q.Length]) + (i % 5 == 4 ? "&format=Database" : "");
                var sw = Stopwatch.StartNew();
                using (var response = await client.GetAsync(url))
                {
                    var body = await response.Content.ReadAsByteArrayAsync();
                    response.EnsureSuccessStatusCode();
                    sw.Stop();
                    total += JsonDocument.Parse(body).RootElement.GetProperty("total").GetInt32();
                }
                search.Add(sw.Elapsed.TotalMilliseconds);

                sw.Restart();
                using (var response = await client.GetAsync("/healthz"))
                {
                    await response.Content.ReadAsByteArrayAsync();
                }
                sw.Stop();
                bare.Add(sw.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"  GET /api/v1/catalog/resources?q=: {search}");
            Console.WriteLine($"  baseline GET /healthz:            {bare}");
            Console.WriteLine($"  average public matches per query: {total / Math.Max(1, queries)}");
            Console.WriteLine($"  p95 ratio search / bare:          {search.P95 / bare.P95:F2}");
            return new Dictionary<string, object>
            {
                ["search"] = search.ToJson(),
                ["baselineBareEndpoint"] = bare.ToJson(),
                ["p95Ratio"] = Math.Round(search.P95 / bare.P95, 3),
                ["seedSeconds"] = Math.Round(seed.Elapsed.TotalSeconds, 1),
            };
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Generated resources straight into the tables (a bulk load, not 100,000 audited publications).</summary>
    private static async Task SeedAsync(IServiceProvider services, List<IndexedResource> generated)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
        var now = DateTime.UtcNow;
        var n = 0;
        foreach (var chunk in generated.Chunk(2000))
        {
            foreach (var g in chunk)
            {
                // Sequences from 500,000 on, clear of the demo city's own resources.
                var sequence = 500_000 + n++;
                var resource = new DataResource
                {
                    Id = g.ResourceId, ClassificationCode = g.ClassificationCode, Sequence = sequence, Code = ResourceCatalog.FormatCode(g.ClassificationCode, sequence),
                    ProviderDepartmentId = g.ProviderDepartmentId, LatestVersion = 1, CreatedAt = now, UpdatedAt = now,
                };
                db.Add(resource);
                db.Add(new DataResourceVersion
                {
                    Id = Guid.CreateVersion7(), ResourceId = resource.Id, Version = 1, Name = g.Name, ClassificationCode = g.ClassificationCode,
                    ProviderDepartmentId = g.ProviderDepartmentId, ProviderCode = "bench", Abstract = g.Abstract, Format = g.Format,
                    DataItemsJson = JsonSerializer.Serialize(g.DataItemNames.Select(x => new { name = x, type = "Text", personalData = false })),
                    SharingType = g.SharingType, SharingConditions = g.SharingType == SharingType.Unconditional ? null : "仅限政务用途",
                    SharingMethods = SharingMethods.Interface, OpenToPublic = g.OpenToPublic, UpdateCycle = g.UpdateCycle, ReleaseDate = g.ReleaseDate, PublishedAt = now,
                });
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    private sealed class HubFactory(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:DataDirectory", dataDirectory);
            builder.UseSetting("ConnectionStrings:SmartGov", "");
            builder.UseSetting("Seed:DemoCity", "true");
            builder.UseSetting("Seed:Citizens", "10");
            builder.UseSetting("Seed:HistoricalApplications", "0");
            builder.UseSetting("Seed:Businesses", "2");
            builder.UseSetting("PersonalData:EncryptionKey", "00112233445566778899aabbccddeeff");
            builder.UseSetting("PersonalData:IndexKey", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");
            builder.UseSetting("Web:ApiPermitPerMinute", "10000000");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
