using System.Net;
using Microsoft.Extensions.Options;
using SmartGov.Crypto;
using SmartGov.Gateway.Center;
using SmartGov.ServiceDefaults;

namespace SmartGov.Gateway;

public static class GatewayHost
{
    /// <summary>Builds the gateway: configuration from appsettings, SMARTGOV_GATEWAY_* style env (Gateway__X) and the command line.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section)
            .Validate(o => o.MaxBodyBytes > 0 && o.TimestampWindowSeconds > 0 && o.NonceCacheCapacity > 0 && o.PeerTimeoutSeconds > 0,
                "Gateway: MaxBodyBytes, TimestampWindowSeconds, NonceCacheCapacity and PeerTimeoutSeconds must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConfigSource) && !string.IsNullOrWhiteSpace(o.CenterPublicKeyFile),
                "Gateway: ConfigSource (URL or file) and CenterPublicKeyFile are required.")
            .Validate(o => o.Transfers.ChunkBytes > 0 && o.Transfers.ChunkBytes <= o.Transfers.MaxChunkBytes && o.Transfers.ParallelChunks > 0
                    && o.Transfers.RetrySeconds > 0 && o.MessageLogArchive.SegmentMaxRecords > 0 && o.MessageLogArchive.SegmentMaxBytes > 0,
                "Gateway: Transfers (0 < ChunkBytes ≤ MaxChunkBytes, ParallelChunks and RetrySeconds > 0) and MessageLogArchive (segment limits > 0) must be positive.")
            .ValidateOnStart();
        var maxBody = builder.Configuration.GetValue<long?>("Gateway:MaxBodyBytes") ?? 1024 * 1024;
        var tls = new PeerTls(builder.Configuration.GetSection("Gateway:Tls").Get<TlsOptions>() ?? new TlsOptions());
        builder.Services.AddSingleton(tls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = maxBody + 1;
            // SmartGov-Purpose and SmartGov-UserId carry Chinese text: header values are UTF-8 (docs/exchange-protocol.md).
            k.RequestHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
            k.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
            if (tls.Enabled)
            {
                // Peers present their certificate; which one is acceptable is decided per member in the exchange (PeerTls.Check).
                k.ConfigureHttpsDefaults(h =>
                {
                    h.ServerCertificate = tls.Certificate;
                    h.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate;
                    h.AllowAnyClientCertificate();
                });
            }
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient("peer").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            SslOptions = tls.Enabled
                ? new System.Net.Security.SslClientAuthenticationOptions
                {
                    ClientCertificates = [tls.Certificate!],
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => tls.IsPinned(certificate),
                }
                : new System.Net.Security.SslClientAuthenticationOptions(),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // HTTP/2 to peers (PeerProtocol): a second connection opens when one has its streams all in use.
            EnableMultipleHttp2Connections = true,
            AllowAutoRedirect = false,
            UseProxy = false,
            RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
            ResponseHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
        }).ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            // The exchange logs every call itself (message log, metrics); no logging scope per request on the hot path.
            .RemoveAllLoggers();
        builder.Services.AddHttpClient("backend").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            UseProxy = false,
            RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
            ResponseHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
        }).ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        builder.Services.AddHttpClient("config").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false });
        builder.Services.AddSingleton<GatewayContext>();
        builder.Services.AddSingleton<Transfers.TransferService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Transfers.TransferService>());
        builder.Services.AddSingleton<GlobalConfigState>();
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return new NonceCache(o.NonceCacheCapacity, TimeSpan.FromSeconds(o.TimestampWindowSeconds));
        });
        builder.Services.AddHostedService<GlobalConfigPoller>();
        builder.Services.AddCenterLink();

        var app = builder.Build();
        // Fail at start, with the reason, rather than on the first request.
        _ = app.Services.GetRequiredService<GatewayContext>();
        app.UseRequestId();
        app.UseExceptionHandler(e => e.Run(async context =>
        {
            context.Response.StatusCode = 500;
            context.Response.ContentType = "application/problem+json";
            context.Response.Headers[SmartGov.Exchange.Protocol.ExchangeHeaders.Error] = SmartGov.Exchange.Protocol.ExchangeErrors.Internal;
            await context.Response.WriteAsJsonAsync(new { type = "urn:smartgov:exchange:gateway.internal", title = "gateway.internal", status = 500 });
        }));
        app.MapDefaultEndpoints();
        app.MapExchange();
        Transfers.TransferEndpoints.MapTransfers(app);
        MapAdmin(app);
        app.MapCenterLink();
        return app;
    }

    /// <summary>
    /// <c>--init</c>: writes a new SM2 key to Gateway:KeyFile (never over an existing one) and prints the public key,
    /// which the department registers with the exchange management center.
    /// </summary>
    public static int Init(string[] args, TextWriter output)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables().AddCommandLine(args).Build();
        var keyFile = configuration["Gateway:KeyFile"] ?? "gateway-key.pem";
        if (File.Exists(keyFile))
        {
            output.WriteLine($"The key file {Path.GetFullPath(keyFile)} exists already; its public key:");
            output.Write(Sm2KeyPair.FromPrivateKeyPem(File.ReadAllText(keyFile)).PublicKeyPem());
            return 0;
        }

        var key = Sm2KeyPair.Generate();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
        File.WriteAllText(keyFile, key.PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        output.WriteLine($"Wrote the gateway's SM2 private key to {Path.GetFullPath(keyFile)}. Register this public key with the exchange management center:");
        output.Write(key.PublicKeyPem());
        return 0;
    }

    /// <summary>Operator endpoints: answered only to callers on this machine (loopback).</summary>
    private static void MapAdmin(WebApplication app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(async (ctx, next) =>
            ctx.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                ? await next(ctx)
                : Results.Problem(statusCode: 403, title: "Operator endpoints answer only on this machine (loopback)."));
        admin.MapGet("/status", (GatewayContext gw, GlobalConfigState config) => Results.Ok(new
        {
            member = gw.Member.ToString(),
            configVersion = config.Current?.Version,
            configExpiresAt = config.Current?.ExpiresAt,
            configError = config.Current is null ? config.Unavailability : config.LastError,
            lastRefresh = config.LastRefresh,
            logSize = gw.Log.LeafCount,
        })).WithName("GatewayStatus").WithSummary("Configuration version, errors and log size").WithTags("Operations");
        admin.MapPost("/config/refresh", async (GlobalConfigState config, CancellationToken ct) =>
        {
            var result = await config.RefreshAsync(ct);
            return Results.Ok(new { configVersion = config.Current?.Version, accepted = result?.IsValid ?? false, error = config.LastError });
        }).WithName("RefreshConfiguration").WithSummary("Fetch the global configuration now").WithTags("Operations");
        admin.MapPost("/log/head", (GatewayContext gw, TimeProvider time) => Results.Ok(gw.Log.SignHead(gw.Member.ToString(), gw.Key, time.GetUtcNow())))
            .WithName("SignTreeHead").WithSummary("Sign and keep the message log's current tree head").WithTags("Operations");
        admin.MapGet("/log/entries", (GatewayContext gw, long? from, int? count) =>
                Results.Ok(gw.Log.Read(Math.Max(0, from ?? 0), Math.Clamp(count ?? 100, 1, 1000))))
            .WithName("ReadMessageLog").WithSummary("Message log entries from an index").WithTags("Operations");
        admin.MapPost("/log/rotate", (GatewayContext gw) => Results.Ok(gw.Log.Rotate()))
            .WithName("RotateMessageLog").WithSummary("Close the open message-log segment now and archive it with a signed head").WithTags("Operations");
        admin.MapGet("/log/segments", (GatewayContext gw) =>
            {
                var (openBytes, treeBytes, archiveBytes, openRecords) = gw.Log.Usage();
                return Results.Ok(new { treeSize = gw.Log.TreeSize, openRecords, openBytes, treeBytes, archiveBytes, segments = gw.Log.Segments() });
            })
            .WithName("MessageLogSegments").WithSummary("Archived segments of the message log and its disk use").WithTags("Operations");
        admin.MapGet("/log/page", (GatewayContext gw, long? from, int? count) => Results.Ok(gw.Log.ReadPage(from ?? 0, count ?? 100)))
            .WithName("ReadMessageLogPage").WithSummary("A page of message log entries and the index to read next").WithTags("Operations");
        admin.MapGet("/log/head", (GatewayContext gw) => gw.Log.LatestHead() is { } head ? Results.Ok(head) : Results.NotFound())
            .WithName("LatestTreeHead").WithSummary("The last signed tree head of the message log").WithTags("Operations");
        admin.MapGet("/log/consistency", (GatewayContext gw, long from, long? to) =>
            {
                var size = gw.Log.TreeSize;
                var newSize = to ?? size;
                return from < 0 || from > newSize || newSize > size
                    ? Results.Problem(statusCode: 400, title: $"Need 0 ≤ from ≤ to ≤ {size}.")
                    : Results.Ok(gw.Log.ConsistencyProof(from, newSize));
            })
            .WithName("LogConsistencyProof").WithSummary("RFC 6962 consistency proof between two sizes of the message log").WithTags("Operations");
    }
}
