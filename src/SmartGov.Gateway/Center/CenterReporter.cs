using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartGov.Crypto;

namespace SmartGov.Gateway.Center;

/// <summary>One client–service pair's figures in a report (never payloads).</summary>
public sealed record PairReport(string Side, string Client, string Service, long Calls, IReadOnlyDictionary<string, long> Errors, double P50Ms, double P95Ms);

public sealed record HeadReport(long TreeSize, string RootHash, long Timestamp, string Signature);

public sealed record ConsistencyReport(long FromSize, IReadOnlyList<string> Proof);

/// <summary>The report the center verifies with this gateway's registered key (the hub's GatewayReports reads the same JSON).</summary>
public sealed record GatewayReportPayload(
    string Member, long SentAt, long? ConfigVersion, long FromIndex, long ToIndex, IReadOnlyList<PairReport> Pairs, HeadReport Head,
    ConsistencyReport? Consistency);

/// <summary>What the reporter remembers across restarts: {DataDirectory}/center-report.json.</summary>
public sealed record ReporterState(long NextIndex, long WitnessedSize);

/// <summary>
/// Every Center:ReportSeconds, posts to the center the operational metadata of the message-log records since the last
/// report (per side, client and service: calls, errors by type, latency p50/p95) and a freshly signed tree head with a
/// consistency proof from the size the center witnessed last. Signed with the gateway's key. A failed report is retried
/// with the same records next time, so the center's figures lose nothing.
/// </summary>
public sealed class CenterReporter(
    GatewayContext gateway,
    GlobalConfigState config,
    IOptions<CenterOptions> options,
    IOptions<GatewayOptions> gatewayOptions,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger<CenterReporter> logger) : IDisposable
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ReporterState? _state;

    public CenterOptions Options => options.Value;

    public void Dispose() => _gate.Dispose();

    public string? LastError { get; private set; }

    public DateTimeOffset? LastReportAt { get; private set; }

    private string StatePath => Path.Combine(gatewayOptions.Value.DataDirectory, "center-report.json");

    public ReporterState State => _state ??= File.Exists(StatePath)
        ? JsonSerializer.Deserialize<ReporterState>(File.ReadAllText(StatePath), _json) ?? new(0, 0)
        : new(0, 0);

    /// <summary>Builds, signs and posts one report; true when the center accepted it.</summary>
    public async Task<bool> ReportAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Options.Url))
        {
            return false;
        }
        await _gate.WaitAsync(ct);
        try
        {
            var state = State;
            var (pairs, next) = Aggregate(state.NextIndex);
            var witnessed = state.WitnessedSize;
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var member = gateway.Member.ToString();
                var head = gateway.Log.SignHead(member, gateway.Key, time.GetUtcNow());
                ConsistencyReport? consistency = witnessed > 0 && witnessed <= head.TreeSize
                    ? new(witnessed, gateway.Log.ConsistencyProof(witnessed, head.TreeSize).Path)
                    : null;
                var payload = new GatewayReportPayload(member, time.GetUtcNow().ToUnixTimeMilliseconds(), config.Current?.Version, state.NextIndex, next,
                    pairs, new HeadReport(head.TreeSize, head.RootHash, head.Timestamp, head.Signature), consistency);
                var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, _json);
                var envelope = new { payload = Convert.ToBase64String(bytes), signature = Convert.ToBase64String(gateway.Key.Sign(Sm3.Hash(bytes))) };
                using var response = await httpClients.CreateClient("center").PostAsJsonAsync(
                    new Uri(Options.Url.TrimEnd('/') + "/api/v1/exchange/reports"), envelope, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode == HttpStatusCode.Conflict && TryWitnessedSize(body) is { } size && attempt == 0)
                {
                    // The center witnessed another size than we remember (its data or ours was reset): prove from its size.
                    witnessed = size;
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                {
                    LastError = $"The center refused the report ({(int)response.StatusCode}): {body}";
                    logger.LogWarning("{Error}", LastError);
                    return false;
                }
                var receipt = JsonDocument.Parse(body).RootElement;
                _state = new ReporterState(next, receipt.GetProperty("witnessedSize").GetInt64());
                Directory.CreateDirectory(gatewayOptions.Value.DataDirectory);
                await File.WriteAllTextAsync(StatePath, JsonSerializer.Serialize(_state, _json), ct);
                LastError = null;
                LastReportAt = time.GetUtcNow();
                return true;
            }
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or IOException)
        {
            LastError = $"Reporting to the center failed: {ex.Message}";
            logger.LogWarning("{Error}", LastError);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static long? TryWitnessedSize(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("witnessedSize", out var w) ? w.GetInt64() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The figures of the records from <paramref name="from"/> on, and the index after the last one read.</summary>
    private (List<PairReport> Pairs, long Next) Aggregate(long from)
    {
        var groups = new Dictionary<(string Side, string Client, string Service), (List<double> Durations, Dictionary<string, long> Errors)>();
        var next = from;
        var budget = Math.Max(1, Options.MaxRecordsPerReport);
        while (budget > 0)
        {
            var page = gateway.Log.ReadPage(next, Math.Min(1000, budget));
            if (page.Entries.Count == 0)
            {
                break;
            }
            foreach (var entry in page.Entries)
            {
                var r = entry.Record;
                var key = (r.Side, r.Client, r.Service);
                if (!groups.TryGetValue(key, out var g))
                {
                    g = ([], new Dictionary<string, long>(StringComparer.Ordinal));
                    groups[key] = g;
                }
                g.Durations.Add(r.DurationMs);
                var error = r.Error ?? (r.Status >= 400 ? "status." + r.Status : null);
                if (error is not null)
                {
                    g.Errors[error] = g.Errors.GetValueOrDefault(error) + 1;
                }
            }
            budget -= page.Entries.Count;
            next = page.Next;
        }
        var pairs = groups.Select(kv =>
        {
            var d = kv.Value.Durations;
            d.Sort();
            return new PairReport(kv.Key.Side, kv.Key.Client, kv.Key.Service, d.Count, kv.Value.Errors, Percentile(d, 0.50), Percentile(d, 0.95));
        }).ToList();
        return (pairs, next);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 3);
}

/// <summary>Runs the reporter every Center:ReportSeconds.</summary>
public sealed class CenterReportLoop(CenterReporter reporter) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = reporter.Options.ReportSeconds;
        if (string.IsNullOrWhiteSpace(reporter.Options.Url) || seconds <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await reporter.ReportAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

public static class CenterExtensions
{
    /// <summary>The center link: options (section Center), the reporter and its loop.</summary>
    public static IServiceCollection AddCenterLink(this IServiceCollection services)
    {
        services.AddOptions<CenterOptions>().BindConfiguration(CenterOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.Url) || Uri.TryCreate(o.Url, UriKind.Absolute, out _), "Center:Url must be an absolute URL.")
            .ValidateOnStart();
        services.AddHttpClient("center").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false })
            .ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<CenterReporter>();
        services.AddHostedService<CenterReportLoop>();
        return services;
    }

    /// <summary>Operator endpoints (loopback only): report now, and the reporter's state.</summary>
    public static void MapCenterLink(this WebApplication app)
    {
        var admin = app.MapGroup("/admin/center").AddEndpointFilter(async (ctx, next) =>
            ctx.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                ? await next(ctx)
                : Results.Problem(statusCode: 403, title: "Operator endpoints answer only on this machine (loopback)."));
        admin.MapPost("/report", async (CenterReporter reporter, CancellationToken ct) =>
            {
                var ok = await reporter.ReportAsync(ct);
                return Results.Ok(new { accepted = ok, error = reporter.LastError, state = reporter.State });
            })
            .WithName("ReportToCenter").WithSummary("Send the operational report and log head to the center now").WithTags("Operations");
        admin.MapGet("/status", (CenterReporter reporter, IOptions<GatewayOptions> o) => Results.Ok(new
            {
                center = reporter.Options.Url,
                registration = CenterRegistration.ReadRecord(o.Value.DataDirectory),
                lastReportAt = reporter.LastReportAt,
                lastError = reporter.LastError,
                state = reporter.State,
            }))
            .WithName("CenterStatus").WithSummary("Registration and reporting state").WithTags("Operations");
    }
}
