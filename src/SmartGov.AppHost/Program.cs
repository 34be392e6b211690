// The demo city in one command: `dotnet run --project src/SmartGov.AppHost` (docs/demo-city.md).
// Starts the hub on embedded SQLite with the demo city seeded, plus the Aspire dashboard that shows its
// logs, metrics and traces, and the four department gateways (前置机) of the exchange, which register themselves with
// the hub's exchange management center at their first start (pre-approved demo codes) and then poll its configuration.

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

// The gateways: dsj (the hub's own, consumer side) and the licence-issuing departments, each serving its licence
// services from its department system (the demo department systems on 5401–5403) as Http adapters.
var gatewayPorts = new Dictionary<string, int> { ["dsj"] = 5300, ["gaj"] = 5301, ["mzj"] = 5302, ["scjg"] = 5303 };
var departmentSystemPorts = new Dictionary<string, int> { ["gaj"] = 5401, ["mzj"] = 5402, ["scjg"] = 5403 };
hub.WithEnvironment("Exchange__GatewayUrl", Text($"http://127.0.0.1:{gatewayPorts["dsj"]}"));
foreach (var (code, port) in gatewayPorts)
{
    var data = Path.Combine(repoRoot, "data", "gateways", code);
    var gateway = builder.AddProject<Projects.SmartGov_Gateway>("gateway-" + code, launchProfileName: null)
        // Not proxied: the address registered with the center is where the gateway itself listens.
        .WithHttpEndpoint(port: port, name: "http", isProxied: false)
        .WithEnvironment("Gateway__DataDirectory", data)
        .WithEnvironment("Gateway__KeyFile", Path.Combine(data, "gateway-key.pem"))
        .WithEnvironment("Gateway__CenterPublicKeyFile", Path.Combine(data, "center-public.pem"))
        .WithEnvironment("Gateway__ConfigSource", Text($"http://127.0.0.1:{HubPort}/exchange/global-configuration"))
        .WithEnvironment("Gateway__ConfigRefreshSeconds", "30")
        .WithEnvironment("Center__Url", Text($"http://127.0.0.1:{HubPort}"))
        .WithEnvironment("Center__RegistrationCode", SmartGov.Hub.Modules.Exchange.Seeding.ExchangeDemoSeeder.RegistrationCodeFor(code))
        .WithEnvironment("Center__Address", Text($"http://127.0.0.1:{port}"))
        .WithEnvironment("Center__ReportSeconds", "30")
        .WithHttpHealthCheck("/healthz")
        .WaitFor(hub);
    if (departmentSystemPorts.TryGetValue(code, out var systemPort))
    {
        var services = SmartGov.Hub.Modules.Exchange.Seeding.ExchangeDemoSeeder.LicenceServices.Where(s => s.Dept == code).Select(s => s.Code).Append("issue").ToList();
        for (var i = 0; i < services.Count; i++)
        {
            gateway.WithEnvironment($"Gateway__Services__{i}__Code", "licences/" + services[i])
                .WithEnvironment($"Gateway__Services__{i}__Adapter", "Http")
                .WithEnvironment($"Gateway__Services__{i}__BaseUrl", Text($"http://127.0.0.1:{systemPort}/api/licences/{services[i]}"))
                .WithEnvironment($"Gateway__Services__{i}__MessageLog", "Metadata");
        }
    }
}

// The demo systems of 公安局, 民政局 and 市场监管局: each its own licence library (SQLite under data/departments/{code}),
// seeded with the same people and businesses as the hub, on loopback only: their gateways are their only callers.
foreach (var (code, port) in departmentSystemPorts)
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

// A plain string, not an Aspire reference expression (WithEnvironment takes interpolated strings as expressions).
static string Text(FormattableString value) => FormattableString.Invariant(value);
