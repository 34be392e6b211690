using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Services.Model;
using SmartGov.Hub.Modules.Services.Search;
using SmartGov.Hub.Seeding;

namespace SmartGov.Bench.Services;

/// <summary>
/// The whole path a portal or department system takes: the hub on Kestrel (loopback), SQLite, the demo city plus
/// enough generated items to make 10,000, GET /api/v1/services?q=… over HTTP. Baseline in the same run: GET /healthz,
/// the bare endpoint of the same server (routing, middleware, HTTP, no work).
/// </summary>
internal static class HttpBench
{
    public static async Task<Dictionary<string, object>> RunAsync(int itemCount, int queries)
    {
        var dir = Path.Combine(Path.GetTempPath(), "smartgov-bench-services", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            // Run from the build output, where the Web project's resources are copied (not from a source checkout).
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SMARTGOV_WEB", AppContext.BaseDirectory);
            await using var factory = new HubFactory(dir);
            factory.UseKestrel(0);
            factory.StartServer();
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

            var seed = Stopwatch.StartNew();
            await SeedAsync(factory.Services, itemCount);
            await factory.Services.GetRequiredService<ServiceSearchIndex>().RebuildAsync();
            seed.Stop();
            Console.WriteLine($"  database seeded and index built in {seed.Elapsed.TotalSeconds:F1} s");

            using var client = new HttpClient { BaseAddress = new Uri(address) };
            var q = Catalog.Queries;
            for (var i = 0; i < 200; i++)
            {
                (await client.GetAsync("/api/v1/services?q=" + Uri.EscapeDataString(q[i % q.Length]))).EnsureSuccessStatusCode();
                (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();
            }
            var search = new Samples();
            var bare = new Samples();
            for (var i = 0; i < queries; i++)
            {
                var url = "/api/v1/services?q=" + Uri.EscapeDataString(q[i % q.Length]) + (i % 5 == 4 ? "&lifeEvent=MarriageAndChildbirth" : "");
                var sw = Stopwatch.StartNew();
                using (var response = await client.GetAsync(url))
                {
                    await response.Content.ReadAsByteArrayAsync();
                    response.EnsureSuccessStatusCode();
                }
                sw.Stop();
                search.Add(sw.Elapsed.TotalMilliseconds);

                sw.Restart();
                using (var response = await client.GetAsync("/healthz"))
                {
                    await response.Content.ReadAsByteArrayAsync();
                }
                sw.Stop();
                bare.Add(sw.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"  GET /api/v1/services?q=: {search}");
            Console.WriteLine($"  baseline GET /healthz:   {bare}");
            Console.WriteLine($"  p95 ratio search / bare: {search.P95 / bare.P95:F2}");
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

    /// <summary>Generated items straight into the tables (a bulk load, not 10,000 audited publications).</summary>
    private static async Task SeedAsync(IServiceProvider services, int itemCount)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmartGovDbContext>();
        var existing = db.Set<ServiceItem>().Count();
        var departments = DemoCitySeeder.DepartmentList.Select(d => DemoCitySeeder.DeterministicGuid("dept:" + d.Code)).ToArray();
        var generated = Catalog.Build(itemCount + 200).Skip(40).Take(Math.Max(0, itemCount - existing)).ToList();
        var now = DateTime.UtcNow;
        var n = 0;
        foreach (var chunk in generated.Chunk(1000))
        {
            foreach (var g in chunk)
            {
                var department = departments[n++ % departments.Length];
                var item = new ServiceItem { Id = Guid.CreateVersion7(), ImplementationCode = $"B{n:D9}{g.BasicCode}", DepartmentId = department, LatestVersion = 1, CreatedAt = now, UpdatedAt = now };
                var version = new ServiceItemVersion
                {
                    Id = Guid.CreateVersion7(), ItemId = item.Id, Version = 1, BasicCode = g.BasicCode, Name = g.Name, ItemType = g.ItemType, DepartmentId = department,
                    LegalBasis = "示范法规", AcceptanceConditions = g.AcceptanceConditions, ApplicantTypes = Hub.Modules.Services.ApplicantTypes.NaturalPerson,
                    StatutoryDays = 20, PromisedDays = g.PromisedDays, Fees = "不收费", HandlingForm = g.HandlingForm, MaxVisits = g.MaxVisits, CityWide = g.CityWide,
                    LifeEvents = [.. g.LifeEvents], BusinessStages = [.. g.BusinessStages], Keywords = [.. g.Keywords], EffectiveFrom = new DateOnly(2025, 1, 1),
                    PublishedAt = now, ContentHash = "bench",
                    Materials = g.MaterialNames.Select((m, i) => new MaterialRequirement
                    {
                        Id = Guid.CreateVersion7(), Order = i + 1, Name = m, Necessity = Hub.Modules.Services.MaterialNecessity.Required,
                        Forms = Hub.Modules.Services.MaterialForm.Original, Source = Hub.Modules.Services.MaterialSource.Applicant,
                    }).ToList(),
                };
                item.Versions.Add(version);
                db.Add(item);
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
