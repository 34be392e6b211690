using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Modules.Applications.Seeding;

namespace SmartGov.Bench.Applications;

/// <summary>
/// How long the demo start spends in the applications seeder, on the demo city's defaults (1,000 citizens, 100
/// businesses): the hub starts without history, then the seeder runs with Seed:HistoricalApplications = N; baseline:
/// the hub's own start (migrations and the rest of the demo city).
/// </summary>
internal static class SeedBench
{
    public static async Task<Dictionary<string, object>> RunAsync(int historical)
    {
        var start = System.Diagnostics.Stopwatch.StartNew();
        await using var hub = Hub.Start(citizens: 1000, businesses: 100, historical: 0);
        start.Stop();
        ApplicationsSeedResult first, again;
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var options = Options.Create(new ApplicationsSeedOptions { HistoricalApplications = historical });
            first = await ActivatorUtilities.CreateInstance<ApplicationsDemoSeeder>(scope.ServiceProvider, options).SeedAsync();
        }
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var options = Options.Create(new ApplicationsSeedOptions { HistoricalApplications = historical });
            again = await ActivatorUtilities.CreateInstance<ApplicationsDemoSeeder>(scope.ServiceProvider, options).SeedAsync();
        }
        Console.WriteLine($"  hub start with the rest of the demo city (baseline): {start.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"  applications seeder: {first.Workflows} workflows (already published at start: {36 - first.Workflows}), {first.Applications:N0} applications in {first.Elapsed.TotalSeconds:F1} s (SaveChanges {first.Saving.TotalSeconds:F1} s)");
        Console.WriteLine($"  seeding again: {again.Workflows} workflows, {again.Applications} applications ({again.Elapsed.TotalMilliseconds:F0} ms)");
        return new Dictionary<string, object>
        {
            ["historical"] = first.Applications,
            ["seederSeconds"] = Math.Round(first.Elapsed.TotalSeconds, 2),
            ["saveChangesSeconds"] = Math.Round(first.Saving.TotalSeconds, 2),
            ["hubStartSeconds"] = Math.Round(start.Elapsed.TotalSeconds, 1),
            ["ratio"] = Math.Round(first.Elapsed.TotalSeconds / start.Elapsed.TotalSeconds, 3),
        };
    }
}
