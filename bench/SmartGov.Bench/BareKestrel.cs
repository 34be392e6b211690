using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmartGov.Bench;

/// <summary>
/// The baseline: Kestrel on 127.0.0.1 answering every request with one fixed HTML page, with no middleware at all.
/// Whatever the hub costs beyond this is the hub's own (routing, pages, database, security headers, ...).
/// </summary>
internal sealed class BareKestrel : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareKestrel(WebApplication app, Uri url, int bodyBytes)
    {
        _app = app;
        Url = url;
        BodyBytes = bodyBytes;
    }

    public Uri Url { get; }

    public int BodyBytes { get; }

    /// <summary>Starts on a free loopback port, serving a page of <paramref name="bodyBytes"/> bytes.</summary>
    public static async Task<BareKestrel> StartAsync(int bodyBytes, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var page = Page(bodyBytes);
        app.Run(context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength = page.Length;
            return context.Response.Body.WriteAsync(page, context.RequestAborted).AsTask();
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BareKestrel(app, new Uri(address + "/"), page.Length);
    }

    /// <summary>A plain HTML page padded to exactly <paramref name="size"/> bytes of UTF-8.</summary>
    public static byte[] Page(int size)
    {
        const string head = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>基准 baseline</title></head><body><main><h1>智慧政务 baseline</h1><p>";
        const string tail = "</p></main></body></html>";
        var fixedBytes = Encoding.UTF8.GetByteCount(head + tail);
        var padding = new string('x', Math.Max(0, size - fixedBytes));
        return Encoding.UTF8.GetBytes(head + padding + tail);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
