using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SmartGov.Core;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;
using SmartGov.Gateway;

// Usage: SmartGov.Bench.Exchange [--seconds 5] [--warmup 2] [--peer-http 1] [--concurrency 32] [--sequential 2000] [--bulk-mb 256] [--only bulk|requests]
//        [--backend-work-us 0] [--log-growth N]
// Everything listens on 127.0.0.1 ports chosen by the system, and is stopped and deleted before the results print.
var seconds = Arg("--seconds", 5);
var concurrency = Arg("--concurrency", 32);
var sequential = Arg("--sequential", 2000);
var bulkMb = Arg("--bulk-mb", 256);
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault() ?? "";
var growth = Arg("--log-growth", 0);
// CPU time the backend spends per call (µs): 0 is the bare endpoint of the headline figure; X-Road's user compared
// against a backend of about 1,000 req/s, i.e. about 1 ms per call.
var backendWorkUs = Arg("--backend-work-us", 0);
var warmup = Arg("--warmup", 2);
// 1: HTTP/1.1 between the gateways; 2: HTTP/2 with prior knowledge (h2c) to gateway B's HTTP/2-only port (no measurable
// gain for small requests here, and bulk chunks slow down by about 2.6x under HTTP/2's flow control: docs/exchange-protocol.md).
var peerHttp = Arg("--peer-http", 1);
if (growth > 0)
{
    // Message-log growth: N records of a small exchange (full bodies and metadata only), segments of N/4 records.
    var dir = Path.Combine(Path.GetTempPath(), "sgov-bench-log-" + Guid.NewGuid().ToString("N")[..8]);
    try
    {
        foreach (var full in new[] { true, false })
        {
            var key = Sm2KeyPair.Generate();
            var folder = Path.Combine(dir, full ? "full" : "metadata");
            using var log = new MessageLog(Path.Combine(folder, "messagelog.db"), new MessageLogOptions { SegmentMaxRecords = growth / 4, SegmentMaxAgeHours = 0 },
                new HeadSigner("CN-DEMO/GOV/11350100300000012X", key), TimeProvider.System);
            var body = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { id = "350102199001011234", name = "张明华", household = "示范市鼓楼区东街1号" }));
            var sw = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, growth).Select(i => log.AppendAsync(new MessageRecord(DateTimeOffset.UtcNow, "provider",
                CanonicalMessage.NewNonce(), "CN-DEMO/GOV/11350100300000012X/window", "CN-DEMO/GOV/11350100300000020D/hukou/household", "GET",
                "/persons/350102199001011234", "", "一网通办材料共享", "clerk1", 200, null, null, new string('a', 64), new string('b', 64), new string('c', 64),
                full ? "" : null, full ? body : null, "0af7651916cd43dd8448eb211c80319c", 1.2))));
            var elapsed = sw.Elapsed;
            var (open, tree, archive, openRecords) = log.Usage();
            Console.WriteLine($"message log, {(full ? "full bodies" : "metadata only")}: {growth} records in {elapsed.TotalSeconds:F1} s ({growth / elapsed.TotalSeconds:F0}/s); " +
                $"open segment {open / 1048576.0:F1} MiB ({openRecords} records), tree {tree / (double)growth:F0} B/record, archive {archive / (double)growth:F0} B/record " +
                $"({log.Segments().Count} segments); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        }
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }

    return 0;
}
using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(10));

var root = Path.Combine(Path.GetTempPath(), "sgov-bench-exchange-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(root);
var apps = new List<WebApplication>();
try
{
    var center = Sm2KeyPair.Generate();
    var keyA = Sm2KeyPair.Generate();
    var keyB = Sm2KeyPair.Generate();
    File.WriteAllText(Path.Combine(root, "center.pem"), center.PublicKeyPem());
    File.WriteAllText(Path.Combine(root, "a.key"), keyA.PrivateKeyPem());
    File.WriteAllText(Path.Combine(root, "b.key"), keyB.PrivateKeyPem());
    var memberA = $"CN-DEMO/GOV/{CreditCode.Compose('1', '1', "350100", "30000001")}";
    var memberB = $"CN-DEMO/GOV/{CreditCode.Compose('1', '1', "350100", "30000002")}";
    var service = memberB + "/hukou/household";

    var backendBuilder = WebApplication.CreateSlimBuilder();
    backendBuilder.Logging.ClearProviders();
    backendBuilder.WebHost.UseUrls("http://127.0.0.1:0");
    var backendApp = backendBuilder.Build();
    var small = JsonSerializer.SerializeToUtf8Bytes(new { id = "350102199001011234", name = "张明华", household = "示范市鼓楼区东街1号" });
    backendApp.Run(async ctx =>
    {
        if (backendWorkUs > 0)
        {
            var until = Stopwatch.GetTimestamp() + backendWorkUs * Stopwatch.Frequency / 1_000_000;
            while (Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(20);
            }
        }

        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.WriteAsync(small);
    });
    var backend = await Start(backendApp);

    async Task<string> Gateway(string name, string member, string key, string[] extra) => await Start(GatewayHost.Build(
    [
        "--urls=http://127.0.0.1:0", $"--Gateway:MemberId={member}", $"--Gateway:KeyFile={Path.Combine(root, key)}",
        $"--Gateway:DataDirectory={Path.Combine(root, "data-" + name)}", $"--Gateway:ConfigSource={Path.Combine(root, "config.json")}",
        $"--Gateway:CenterPublicKeyFile={Path.Combine(root, "center.pem")}", "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Microsoft=Error", .. extra,
    ]));
    var inbox = Path.Combine(root, "inbox");
    string[] peerPort = [];
    var peerB = "";
    if (peerHttp == 2)
    {
        // Gateway B publishes an HTTP/2-only cleartext port as its address; its department-facing port stays HTTP/1.1.
        var (p1, p2) = (FreePort(), FreePort());
        peerB = $"http://127.0.0.1:{p2}";
        peerPort = [$"--Kestrel:Endpoints:Local:Url=http://127.0.0.1:{p1}", $"--Kestrel:Endpoints:Peer:Url={peerB}",
            "--Kestrel:Endpoints:Peer:Protocols=Http2"];
    }

    var gwA = await Gateway("a", memberA, "a.key", peerHttp == 2 ? ["--Gateway:PeerHttp2PriorKnowledge=true"] : []);
    var gwB = await Gateway("b", memberB, "b.key", ["--Gateway:Services:0:Code=hukou/household", $"--Gateway:Services:0:BaseUrl={backend}",
        "--Gateway:Services:1:Code=files/inbox", "--Gateway:Services:1:Adapter=FileDrop", $"--Gateway:Services:1:Folder={inbox}", .. peerPort]);
    if (peerHttp == 2)
    {
        gwB = peerPort[0]["--Kestrel:Endpoints:Local:Url=".Length..];
    }

    var inboxService = memberB + "/files/inbox";
    var config = new GlobalConfiguration
    {
        Instance = "CN-DEMO", Version = 1, IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-1), ExpiresAt = DateTimeOffset.UtcNow.AddDays(1),
        Members = [new(memberA, "A"), new(memberB, "B")],
        Gateways = [new(memberA, gwA, keyA.PublicKeyPem()), new(memberB, peerHttp == 2 ? peerB : gwB, keyB.PublicKeyPem())],
        Services = [new(service, "户籍信息", true, null), new(inboxService, "文件收件箱", false, null)],
        AccessRights =
        [
            new(memberA + "/window", service, ["GET"], ["/**"], ["SP-BENCH"], DateTimeOffset.UtcNow.AddDays(-1), null),
            new(memberA + "/window", inboxService, ["POST"], ["/"], [], DateTimeOffset.UtcNow.AddDays(-1), null),
        ],
    };
    File.WriteAllText(Path.Combine(root, "config.json"), GlobalConfigurationCodec.ToJson(GlobalConfigurationCodec.Sign(config, center)));
    using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1024, ActivityHeadersPropagator = null });
    foreach (var gw in new[] { gwA, gwB })
    {
        (await http.PostAsync(new Uri(gw + "/admin/config/refresh"), null, guard.Token)).EnsureSuccessStatusCode();
    }

    var direct = new Uri(backend + "/persons/350102199001011234");
    var viaGateways = new Uri($"{gwA}/r1/{service}/persons/350102199001011234");
    HttpRequestMessage Request(Uri uri)
    {
        var r = new HttpRequestMessage(HttpMethod.Get, uri);
        r.Headers.Add(ExchangeHeaders.Client, memberA + "/window");
        r.Headers.Add(ExchangeHeaders.Purpose, "SP-BENCH");
        return r;
    }

    var failures = 0;
    var lastCpuUsPerCall = 0.0;
    async Task<double> One(Uri uri)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(Request(uri), guard.Token);
        await response.Content.ReadAsByteArrayAsync(guard.Token);
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref failures);
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    async Task<double[]> Sequential(Uri uri)
    {
        for (var i = 0; i < 200; i++)
        {
            await One(uri); // warm-up
        }

        var list = new double[sequential];
        for (var i = 0; i < sequential; i++)
        {
            list[i] = await One(uri);
        }

        Array.Sort(list);
        return list;
    }

    // Steady state, as a gateway that runs for days: each path first runs the same load unmeasured for --warmup seconds,
    // so that the JIT's tiering (and its instrumented tier) is done before the clock starts.
    async Task<double> Throughput(Uri uri)
    {
        if (warmup > 0)
        {
            await Measure(uri, warmup);
        }

        return await Measure(uri, seconds);
    }

    async Task<double> Measure(Uri uri, int seconds)
    {
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        long count = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < until && !guard.IsCancellationRequested)
            {
                await One(uri);
                Interlocked.Increment(ref count);
            }
        });
        var start = Stopwatch.GetTimestamp();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(workers);
        // The whole process's CPU per call (load generator, gateways and backend share it): less sensitive than the rate to
        // the other work on a shared machine.
        lastCpuUsPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / Math.Max(1, count);
        return count / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    object? bulk = null;
    if (only != "requests" && bulkMb > 0)
    {
        bulk = await Bulk();
        if (only == "bulk")
        {
            Console.WriteLine(JsonSerializer.Serialize(bulk));
            return 0;
        }
    }

    var latDirect = await Sequential(direct);
    var latGw = await Sequential(viaGateways);
    var rpsDirect = await Throughput(direct);
    var cpuDirect = lastCpuUsPerCall;
    var rpsGw = await Throughput(viaGateways);
    var cpuGw = lastCpuUsPerCall;
    var signers = apps.Select(a => a.Services.GetService(typeof(GatewayContext))).OfType<GatewayContext>().Select(g => g.Signer).ToList();
    var messagesPerSignature = signers.Sum(s => s.Messages) / (double)Math.Max(1, signers.Sum(s => s.Signatures));
    var logSize = JsonSerializer.Deserialize<JsonElement>(await http.GetStringAsync(new Uri(gwB + "/admin/status"), guard.Token)).GetProperty("logSize").GetInt64();

    var result = new
    {
        benchmark = "exchange",
        backendWorkUs,
        peerHttp,
        concurrency,
        seconds,
        warmup,
        directRps = Math.Round(rpsDirect),
        gatewayRps = Math.Round(rpsGw),
        throughputRatio = Math.Round(rpsGw / rpsDirect, 3),
        directCpuUsPerCall = Math.Round(cpuDirect),
        gatewayCpuUsPerCall = Math.Round(cpuGw),
        cpuRatio = Math.Round(cpuDirect / cpuGw, 3),
        directP50Ms = Math.Round(P(latDirect, 0.50), 3),
        directP99Ms = Math.Round(P(latDirect, 0.99), 3),
        gatewayP50Ms = Math.Round(P(latGw, 0.50), 3),
        gatewayP99Ms = Math.Round(P(latGw, 0.99), 3),
        addedP50Ms = Math.Round(P(latGw, 0.50) - P(latDirect, 0.50), 3),
        addedP99Ms = Math.Round(P(latGw, 0.99) - P(latDirect, 0.99), 3),
        providerLogEntries = logSize,
        messagesPerSignature = Math.Round(messagesPerSignature, 2),
        bulk,
        loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "",
        failures,
    };
    Console.WriteLine($"{"",-28}{"direct",12}{"2 gateways",12}");
    Console.WriteLine($"{"throughput (req/s)",-28}{result.directRps,12}{result.gatewayRps,12}   ratio {result.throughputRatio:P1} (target ≥ 50%)");
    Console.WriteLine($"{"CPU per call (µs)",-28}{result.directCpuUsPerCall,12}{result.gatewayCpuUsPerCall,12}   ratio {result.cpuRatio:P1}");
    Console.WriteLine($"{"latency p50 (ms)",-28}{result.directP50Ms,12}{result.gatewayP50Ms,12}   added {result.addedP50Ms} (target < 3)");
    Console.WriteLine($"{"latency p99 (ms)",-28}{result.directP99Ms,12}{result.gatewayP99Ms,12}   added {result.addedP99Ms} (target < 15)");
    Console.WriteLine($"failures: {failures}; provider message log entries: {logSize}; messages per SM2 signature: {result.messagesPerSignature}; load average: {result.loadAverage}");
    Console.WriteLine(JsonSerializer.Serialize(result));
    return failures == 0 ? 0 : 1;

    // Bulk: one file of --bulk-mb MiB from department system A to B's file drop through both gateways (spool with SM3 per
    // chunk, signed chunks, SM3 root check, delivery), against `cp` and a raw loopback socket copy of the same file.
    async Task<object> Bulk()
    {
        var source = Path.Combine(root, "bulk.bin");
        var bytes = (long)bulkMb * 1024 * 1024;
        await using (var f = File.Create(source))
        {
            var block = new byte[1 << 20];
            Random.Shared.NextBytes(block);
            for (var i = 0; i < bulkMb; i++)
            {
                block[0] = (byte)i;
                await f.WriteAsync(block, guard.Token);
            }
        }

        double Mbps(TimeSpan t) => Math.Round(bytes / 1048576.0 / t.TotalSeconds, 1);

        var sw = Stopwatch.StartNew();
        File.Copy(source, Path.Combine(root, "bulk-cp.bin"));
        var cp = sw.Elapsed;
        File.Delete(Path.Combine(root, "bulk-cp.bin"));

        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        sw.Restart();
        var receive = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync(guard.Token);
            await using var target = File.Create(Path.Combine(root, "bulk-socket.bin"));
            await socket.GetStream().CopyToAsync(target, 1 << 20, guard.Token);
        });
        using (var sender = new System.Net.Sockets.TcpClient())
        {
            await sender.ConnectAsync(System.Net.IPAddress.Loopback, port, guard.Token);
            await using var input = File.OpenRead(source);
            await input.CopyToAsync(sender.GetStream(), 1 << 20, guard.Token);
        }

        await receive;
        var socketTime = sw.Elapsed;
        listener.Stop();
        File.Delete(Path.Combine(root, "bulk-socket.bin"));

        sw.Restart();
        string id;
        await using (var input = File.OpenRead(source))
        {
            using var submit = new HttpRequestMessage(HttpMethod.Post, new Uri($"{gwA}/t1/{inboxService}")) { Content = new StreamContent(input, 1 << 20) };
            submit.Headers.Add(ExchangeHeaders.Client, memberA + "/window");
            submit.Headers.Add("SmartGov-Transfer-Name", "bulk.bin");
            using var accepted = await http.SendAsync(submit, guard.Token);
            accepted.EnsureSuccessStatusCode();
            id = JsonSerializer.Deserialize<JsonElement>(await accepted.Content.ReadAsStringAsync(guard.Token)).GetProperty("id").GetString()!;
        }

        var spooled = sw.Elapsed;
        while (JsonSerializer.Deserialize<JsonElement>(await http.GetStringAsync(new Uri($"{gwA}/t1/{id}"), guard.Token)).GetProperty("status").GetString() is var st
               && st != "delivered")
        {
            if (st == "failed")
            {
                throw new InvalidOperationException("The bulk transfer failed.");
            }

            await Task.Delay(20, guard.Token);
        }

        var gateway = sw.Elapsed;
        var delivered = Directory.GetFiles(inbox).Single(f => Path.GetFileName(f).StartsWith(id, StringComparison.Ordinal));
        if (new FileInfo(delivered).Length != bytes)
        {
            throw new InvalidOperationException("The delivered file has the wrong size.");
        }

        var result = new
        {
            megabytes = bulkMb,
            cpMBps = Mbps(cp),
            socketMBps = Mbps(socketTime),
            gatewayMBps = Mbps(gateway),
            gatewayToGatewayMBps = Mbps(gateway - spooled),
            gatewaySpoolSeconds = Math.Round(spooled.TotalSeconds, 2),
            gatewayTotalSeconds = Math.Round(gateway.TotalSeconds, 2),
            ratioToSocket = Math.Round(gateway.TotalSeconds > 0 ? socketTime / gateway : 0, 3),
            loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "",
        };
        Console.WriteLine($"bulk {bulkMb} MiB: cp {result.cpMBps} MB/s, raw socket {result.socketMBps} MB/s, through 2 gateways {result.gatewayMBps} MB/s end to end, {result.gatewayToGatewayMBps} MB/s gateway to gateway " +
            $"(spool {result.gatewaySpoolSeconds} s of {result.gatewayTotalSeconds} s; {result.ratioToSocket:P0} of the socket; target ≥ 100 MB/s); load average {result.loadAverage}");
        return result;
    }
}
finally
{
    foreach (var app in apps)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(root, recursive: true);
}

async Task<string> Start(WebApplication app)
{
    apps.Add(app);
    await app.StartAsync();
    return app.Urls.First().TrimEnd('/');
}

static int FreePort()
{
    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
