using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Identity.Model;
using SmartGov.Hub.PersonalData;
using SmartGov.Hub.Seeding;
using SmartGov.ServiceDefaults;

namespace SmartGov.Web.Infrastructure;

public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>Largest request body the API accepts, in bytes (uploads have their own limit).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1_048_576;

    /// <summary>API requests per minute per client address or token.</summary>
    public int ApiPermitPerMinute { get; set; } = 600;

    /// <summary>Sign-in and registration attempts per minute per client address.</summary>
    public int SignInPermitPerMinute { get; set; } = 30;

    /// <summary>Public tracking look-ups per minute per client address (number + four characters invite guessing).</summary>
    public int TrackingPermitPerMinute { get; set; } = 20;
}

public static class SmartGovWebHost
{
    public const string SignInRateLimit = "sign-in";
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en-US")];

    public static WebApplicationBuilder AddWebServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section);
        var web = config.GetSection(WebOptions.Section).Get<WebOptions>() ?? new WebOptions();

        // Development and the demo city generate their own personal-data key file; production must supply keys.
        services.PostConfigure<PersonalDataOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.EncryptionKey) && string.IsNullOrWhiteSpace(o.KeyFile))
            {
                var dataDir = config[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.DataDirectory)}"] ?? "data";
                o.KeyFile = Path.Combine(dataDir, "keys", "personal-data.key");
                o.GenerateKeyFileIfMissing = builder.Environment.IsDevelopment() || config.GetValue<bool>($"{SeedOptions.Section}:{nameof(SeedOptions.DemoCity)}");
            }
        });

        // Chinese text stays readable in the HTML instead of becoming numeric character references.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton<IStringLocalizerFactory, JsonStringLocalizerFactory>();
        services.AddSingleton(sp => sp.GetRequiredService<IStringLocalizerFactory>().Create(typeof(JsonStringLocalizerFactory)));
        services.AddSingleton<Bilingual>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // zh-CN first: the browser's language is not consulted, only an explicit choice.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Console", Policies.Staff);
            o.Conventions.AuthorizeFolder("/Console/Organizations", Policies.SystemAdmin);
            o.Conventions.AuthorizeFolder("/Console/Audit", Policies.Auditor);
            o.Conventions.AuthorizeFolder("/Console/Security", Policies.SecurityAdmin);
            o.Conventions.AuthorizeFolder("/Console/Staff", Policies.AccountAdmin);
            o.Conventions.AuthorizeFolder("/Console/Department", Policies.DepartmentScope);
            o.Conventions.AuthorizePage("/Account/Me");
            o.Conventions.AuthorizePage("/Account/Setup2fa");
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "sg.xsrf";
            o.FormFieldName = "__RequestVerificationToken";
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "SmartGov API (智慧政务)";
            doc.Info.Version = "v1";
            doc.Info.Description = "一网通办、数据共享交换与督查评估的接口。Errors are RFC 9457 ProblemDetails with a stable `type` and messages in zh-CN and en-US.";
            return Task.CompletedTask;
        }));

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var p = ctx.ProblemDetails;
            var status = p.Status ?? ctx.HttpContext.Response.StatusCode;
            if (string.IsNullOrEmpty(p.Type) || p.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
            {
                p.Type = ProblemTypes.ForStatus(status);
                var (zh, en) = ProblemTypes.Titles(p.Type);
                p.Title = Problems.IsChinese ? zh : en;
                p.Extensions["messages"] = new Dictionary<string, string> { ["zh-CN"] = zh, ["en-US"] = en };
                p.Detail = null; // never echo framework internals
            }
            p.Instance ??= ctx.HttpContext.Request.Path;
            p.Extensions["requestId"] = ctx.HttpContext.TraceIdentifier;
        });
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                ctx.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientKey(ctx), _ => new FixedWindowRateLimiterOptions { PermitLimit = web.ApiPermitPerMinute, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter("pages"));
            // Only attempts count: opening the sign-in page is free, posting a password is not.
            o.AddPolicy(SignInRateLimit, ctx => HttpMethods.IsGet(ctx.Request.Method)
                ? RateLimitPartition.GetNoLimiter("get")
                : RateLimitPartition.GetFixedWindowLimiter(ClientKey(ctx),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = web.SignInPermitPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.AddPolicy(SmartGov.Hub.Modules.Applications.ApplicationsModule.TrackingRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(ClientKey(ctx),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = web.TrackingPermitPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                var problem = Problems.Create(429, ProblemTypes.RateLimited, "请求过于频繁，请一分钟后再试", "Too many requests; please wait a minute and try again.");
                problem.Extensions["requestId"] = ctx.HttpContext.TraceIdentifier;
                await ctx.HttpContext.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", ct);
            };
        });
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Math.Max(web.MaxRequestBodyBytes, 16 * 1024 * 1024));
        return builder;
    }

    // Runs after authentication: only a token that authenticated gets a budget of its own; anything else is its address.
    private static string ClientKey(HttpContext ctx) =>
        ctx.User.FindFirst(SmartGovClaims.ApiTokenId)?.Value is { } tokenId
            ? "t:" + tokenId
            : "ip:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static bool IsApi(HttpContext ctx) => ctx.Request.Path.StartsWithSegments("/api");

    public static WebApplication UseWebPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseRequestId();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A platform key that is missing, malformed or replaced (AuditConfigurationException) is the operators' to fix:
            // 503, nothing saved, instead of an internal error.
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException b => b.StatusCode,
                SmartGov.Hub.Modules.Audit.AuditConfigurationException => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
            ExceptionHandler = async ctx =>
            {
                var status = ctx.Response.StatusCode;
                if (IsApi(ctx) || (status != 500 && status != 503))
                {
                    var type = ProblemTypes.ForStatus(status);
                    var problem = Problems.Create(status, type);
                    problem.Extensions["requestId"] = ctx.TraceIdentifier;
                    await ctx.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
                    return;
                }
                ctx.Response.Redirect("/error/" + status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            },
        });
        app.UseSecurityHeaders();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        app.UseWhen(ctx => !IsApi(ctx), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseRouting();
        // After routing, so that an endpoint's own limit (IRequestSizeLimitMetadata, e.g. uploads) replaces the general one.
        app.UseWhen(IsApi, api => api.UseMiddleware<BodySizeLimitMiddleware>());
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapWebEndpoints(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("SmartGov API 参考 / reference").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        app.MapRazorPages();
        PreferencesEndpoints.Map(app);
        return app;
    }

    public static void LogStartupBanner(this WebApplication app)
    {
        var seed = app.Services.GetRequiredService<IOptions<SeedOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SmartGov");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            var first = app.Urls.FirstOrDefault() ?? "http://localhost:5000";
            Console.WriteLine($"""

                ==== 智慧政务 SmartGov hub is running ====
                  Portal 门户:   {first}/
                  Console 后台:  {first}/console
                  API reference: {first}/api/reference   OpenAPI: {first}/openapi/v1.json
                  Listening on:  {urls}
                """);
            if (seed.DemoCity)
            {
                Console.WriteLine($"  Demo logins 演示账号 (password 密码: {DemoCitySeeder.DemoPassword}; staff sign in with TOTP 工作人员需动态口令):");
                var c = DemoCitySeeder.DemoCitizen;
                Console.WriteLine($"    citizen 公众  {c.IdNumber} / {c.Mobile}  ({c.Name})");
                foreach (var login in DemoCitySeeder.DemoLogins().Where(l => !l.UserName.Contains('.', StringComparison.Ordinal) || l.UserName.StartsWith("gaj.", StringComparison.Ordinal) || l.UserName.StartsWith("scjg.", StringComparison.Ordinal)))
                {
                    Console.WriteLine($"    {login.UserName,-14} {login.Roles,-28} TOTP secret {login.TotpSecret}  {login.Department}");
                }
                Console.WriteLine("    (every department has <code>.officer, <code>.leader and <code>.data; see docs/demo-city.md)");
            }
            logger.LogInformation("SmartGov hub started on {Urls}", urls);
        });
    }
}

/// <summary>Rejects API bodies over the limit before anything reads them, with a 413 ProblemDetails.</summary>
internal sealed class BodySizeLimitMiddleware(RequestDelegate next, IOptions<WebOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // An endpoint that declares its own limit (RequestSizeLimit metadata, e.g. material uploads) gets it; all others the general one.
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? options.Value.MaxRequestBodyBytes;
        var feature = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            var problem = Problems.Create(413, ProblemTypes.PayloadTooLarge,
                $"请求内容超过 {limit / 1024} KB 的上限", $"The request body exceeds the limit of {limit / 1024} KB.");
            problem.Extensions["requestId"] = context.TraceIdentifier;
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
            return;
        }
        await next(context);
    }
}

internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (!context.Request.Path.StartsWithSegments("/api/reference"))
            {
                h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";
            }
            return Task.CompletedTask;
        });
        await next(context);
    });
}
