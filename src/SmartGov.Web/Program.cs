using SmartGov.Hub;
using SmartGov.ServiceDefaults;
using SmartGov.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddHubModules(builder.Configuration);
builder.AddWebServices();

var app = builder.Build();

app.UseWebPipeline();
app.MapDefaultEndpoints();
app.MapHubApis();
app.MapWebEndpoints();

await app.Services.InitializeHubAsync();
app.LogStartupBanner();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
