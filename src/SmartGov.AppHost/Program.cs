// The demo city in one command: `dotnet run --project src/SmartGov.AppHost` (docs/demo-city.md).
// Starts the hub on embedded SQLite with the demo city seeded, plus the Aspire dashboard that shows its
// logs, metrics and traces. Later issues add the department gateways and their demo systems here.

var builder = DistributedApplication.CreateBuilder(args);

// The repository root is two levels above this project; every resource keeps its data under {repo}/data,
// so `rm -rf data` resets the whole demo city.
var repoRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var hubData = Path.Combine(repoRoot, "data", "hub");

const int HubPort = 5080;
var hubUrl = $"http://localhost:{HubPort}";
var consoleUrl = hubUrl + "/console";

var hub = builder.AddProject<Projects.SmartGov_Web>("hub", launchProfileName: null)
    .WithHttpEndpoint(port: HubPort, name: "http")
    .WithExternalHttpEndpoints()
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
    .WithEnvironment("Database__Provider", "Sqlite")
    .WithEnvironment("Database__DataDirectory", hubData)
    .WithEnvironment("Seed__DemoCity", "true")
    .WithHttpHealthCheck("/healthz")
    .WithUrlForEndpoint("http", u => u.DisplayText = "Portal 门户")
    .WithUrl(consoleUrl, "Console 后台");

// The demo systems of 公安局, 民政局 and 市场监管局: each its own licence library (SQLite under data/departments/{code}),
// seeded with the same people and businesses as the hub, on loopback only: their gateways are their only callers.
foreach (var (code, port) in new[] { ("gaj", 5401), ("mzj", 5402), ("scjg", 5403) })
{
    builder.AddProject<Projects.SmartGov_DemoDepartment>("dept-" + code, launchProfileName: null)
        .WithHttpEndpoint(port: port, name: "http", isProxied: false)
        .WithArgs("--urls", $"http://127.0.0.1:{port}", "--Department", code, "--DataDirectory", Path.Combine(repoRoot, "data", "departments", code))
        .WithHttpHealthCheck("/healthz");
}

DemoCityBanner.Print(hubUrl, hubData);
// The first start migrates and seeds the database, which takes a while: say when the portal answers.
builder.Eventing.Subscribe<ResourceReadyEvent>(hub.Resource, (_, _) =>
{
    Console.WriteLine($"==== The hub is ready 门户已就绪: {hubUrl}/  (console 后台: {consoleUrl}) ====");
    return Task.CompletedTask;
});

builder.Build().Run();
