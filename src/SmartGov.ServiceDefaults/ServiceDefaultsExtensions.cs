using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Npgsql;
using OpenTelemetry.Trace;

namespace SmartGov.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    public const string RequestIdHeader = "X-Request-Id";

    /// <summary>
    /// Structured logs with scopes (the request id rides on every line), OpenTelemetry traces and metrics
    /// exported over OTLP when the Aspire dashboard (or any collector) is configured, and health checks.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                .AddMeter("SmartGov.*"))
            .WithTracing(t => t.AddSource(builder.Environment.ApplicationName).AddSource("SmartGov.*")
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/healthz") && !ctx.Request.Path.StartsWithSegments("/readyz"))
                .AddHttpClientInstrumentation()
                .AddNpgsql());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>Every response carries a request id, and every log line written while handling it carries the same id.</summary>
    public static IApplicationBuilder UseRequestId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var incoming = context.Request.Headers[RequestIdHeader].ToString();
        // Accept a caller's id only when it is short and plain, so that it cannot forge log lines.
        var id = incoming.Length is > 0 and <= 64 && incoming.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? incoming
            : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        context.TraceIdentifier = id;
        context.Response.Headers[RequestIdHeader] = id;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SmartGov.Request");
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = id, ["TraceId"] = Activity.Current?.TraceId.ToString() ?? "" }))
        {
            await next(context);
        }
    });

    /// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: the checks tagged "ready" (the database) pass.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting().AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready") }).DisableRateLimiting().AllowAnonymous();
        return app;
    }
}
