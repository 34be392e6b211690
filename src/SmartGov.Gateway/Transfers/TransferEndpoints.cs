using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;
using SmartGov.Gateway.Adapters;

namespace SmartGov.Gateway.Transfers;

public static class TransferEndpoints
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public static WebApplication MapTransfers(this WebApplication app)
    {
        app.MapPost("/t1/{instance}/{memberClass}/{member}/{subsystem}/{service}", SubmitAsync)
            .WithName("SubmitTransfer").WithSummary("Hand a file or table extract to this gateway for bulk, asynchronous delivery").WithTags("Transfers");
        app.MapGet("/t1/{id}", (string id, TransferService transfers) =>
                transfers.Store.FindById(TransferService.Out, id) is { } row
                    ? Results.Ok(transfers.Store.View(row))
                    : Results.Problem(statusCode: 404, type: ExchangeErrors.ProblemType(ExchangeErrors.TransferUnknown), title: ExchangeErrors.TransferUnknown))
            .WithName("TransferStatus").WithSummary("Progress and outcome of a transfer this gateway sends").WithTags("Transfers");
        app.Map(TransferProtocol.ProviderPrefix + "/{instance}/{memberClass}/{member}/{subsystem}/{service}/{transferId}/{**op}", ProviderAsync)
            .WithName("TransferProvider").WithSummary("A peer gateway's signed transfer message: manifest, chunk or completion").WithTags("Transfers");

        var admin = app.MapGroup("/admin").AddEndpointFilter(async (ctx, next) =>
            ctx.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                ? await next(ctx)
                : Results.Problem(statusCode: 403, title: "Operator endpoints answer only on this machine (loopback)."));
        admin.MapGet("/transfers.json", (TransferService transfers) => Results.Ok(transfers.Store.List().Select(transfers.Store.View)))
            .WithName("TransfersJson").WithSummary("Every transfer, both directions, with progress").WithTags("Operations");
        admin.MapGet("/transfers", (TransferService transfers, GatewayContext gw) =>
                Results.Content(Page(gw.Member.ToString(), [.. transfers.Store.List().Select(transfers.Store.View)]), "text/html; charset=utf-8"))
            .WithName("TransfersPage").WithSummary("The operator's progress page of transfers (HTML, refreshes itself)").WithTags("Operations");
        return app;
    }

    private static async Task SubmitAsync(HttpContext http, GatewayContext gw, TransferService transfers, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("SmartGov.Gateway.Transfers");
        var request = http.Request;
        var client = ExchangeEndpoints.Header(request, ExchangeHeaders.Client);
        var purpose = ExchangeEndpoints.Header(request, ExchangeHeaders.Purpose);
        var userId = ExchangeEndpoints.Header(request, ExchangeHeaders.UserId);
        var serviceText = ExchangeEndpoints.RouteService(http);
        string? error = null;
        string detail = "";
        if (!ExchangeId.TryParse(serviceText, ExchangeIdKind.Service, out var service, out var why))
        {
            (error, detail) = (ExchangeErrors.BadRequest, "The service id in the path is not valid: " + why);
        }
        else if (!ExchangeId.TryParse(client, ExchangeIdKind.Subsystem, out var clientId, out why))
        {
            (error, detail) = (ExchangeErrors.BadRequest, $"The {ExchangeHeaders.Client} header must be INSTANCE/CLASS/MEMBER/SUBSYSTEM: " + why);
        }
        else if (clientId.Member != gw.Member)
        {
            (error, detail) = (ExchangeErrors.ClientNotLocal, $"This gateway serves the subsystems of {gw.Member} only.");
        }
        else if (purpose.Length > 256 || userId.Length > 128)
        {
            (error, detail) = (ExchangeErrors.BadRequest, "The purpose (≤ 256) or the user id (≤ 128) is too long.");
        }

        if (error is null)
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = gw.Options.Transfers.MaxTransferBytes + 1;
            }

            try
            {
                var name = Uri.UnescapeDataString(ExchangeEndpoints.Header(request, TransferProtocol.NameHeader));
                var contentType = request.ContentType ?? "application/octet-stream";
                var body = request.Body;
                var extract = ExchangeEndpoints.Header(request, TransferProtocol.ExtractHeader);
                if (extract.Length > 0)
                {
                    // A table extract: this department's own read-only query, its parameters from the query string.
                    if (!gw.Adapters.TryGetValue($"{gw.Member}/{extract}", out var local) || !string.Equals(local.Options.Adapter, "Sql", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new TransferException(ExchangeErrors.ServiceUnknown, $"This gateway has no Sql service {extract} to extract from.");
                    }

                    var result = await local.Adapter.CallAsync(new Adapters.AdapterRequest("GET", "/", CanonicalMessage.CanonicalQuery(request.QueryString.Value), "",
                        [], client, purpose, userId, CanonicalMessage.NewNonce()), http.RequestAborted);
                    if (result.Error is not null)
                    {
                        throw new TransferException(result.Error, result.Detail ?? result.Error);
                    }

                    body = new MemoryStream(result.Body);
                    contentType = result.ContentType;
                    name = name.Length > 0 ? name : extract.Replace('/', '-') + ".json";
                }

                var view = await transfers.SubmitAsync(service!, client, purpose, userId, TransferService.SafeName(name), contentType,
                    string.Equals(ExchangeEndpoints.Header(request, TransferProtocol.EncryptHeader), "sm4", StringComparison.OrdinalIgnoreCase),
                    body, http.RequestAborted);
                http.Response.StatusCode = 202;
                http.Response.Headers.Location = "/t1/" + view.Id;
                await http.Response.WriteAsJsonAsync(view, _json);
                return;
            }
            catch (TransferException ex)
            {
                (error, detail) = (ex.Error, ex.Message);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == 413)
            {
                (error, detail) = (ExchangeErrors.BodyTooLarge, $"A transfer is at most {gw.Options.Transfers.MaxTransferBytes} bytes.");
            }
        }

        var x = new ExchangeEndpoints.Exchange { Method = "TRANSFER-SUBMIT", Client = client, Service = serviceText, Purpose = purpose, UserId = userId };
        await ExchangeEndpoints.FailAsync(http, gw, x, "client", error, detail, logger, TimeProvider.System, null);
    }

    private static async Task ProviderAsync(HttpContext http, GatewayContext gw, GlobalConfigState configState, NonceCache nonces,
        TransferService transfers, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("SmartGov.Gateway.Transfers");
        var request = http.Request;
        var transferId = (string?)http.GetRouteValue("transferId") ?? "";
        var op = (string?)http.GetRouteValue("op") ?? "";
        var x = new ExchangeEndpoints.Exchange
        {
            Client = ExchangeEndpoints.Header(request, ExchangeHeaders.Client),
            Purpose = ExchangeEndpoints.Header(request, ExchangeHeaders.Purpose),
            UserId = ExchangeEndpoints.Header(request, ExchangeHeaders.UserId),
            MessageId = ExchangeEndpoints.Header(request, ExchangeHeaders.Nonce),
            Path = CanonicalMessage.CanonicalPath(transferId + "/" + op),
            Service = ExchangeEndpoints.RouteService(http),
        };
        int chunk = -1;
        (x.Method, var httpMethod) = op switch
        {
            "manifest" => (TransferProtocol.ManifestMethod, "PUT"),
            "complete" => (TransferProtocol.CompleteMethod, "POST"),
            _ when op.StartsWith("chunks/", StringComparison.Ordinal)
                && int.TryParse(op["chunks/".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out chunk) => (TransferProtocol.ChunkMethod, "PUT"),
            _ => ("", ""),
        };
        Task Fail(string error, string detail, string? sign) => ExchangeEndpoints.FailAsync(http, gw, x, "provider", error, detail, logger, time, sign);

        if (!gw.Adapters.TryGetValue(x.Service, out var local))
        {
            await Fail(ExchangeErrors.ServiceUnknown, $"This gateway provides no service {x.Service}.", null);
            return;
        }

        if (x.Method.Length == 0 || request.Method != httpMethod)
        {
            await Fail(ExchangeErrors.MethodNotAllowed, "A transfer message is PUT …/manifest, PUT …/chunks/{n} or POST …/complete.", null);
            return;
        }

        var max = x.Method == TransferProtocol.ChunkMethod ? gw.Options.Transfers.MaxChunkBytes + 64L : 64 * 1024;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + 1;
        }

        var body = await BodyReader.ReadAsync(request.Body, request.ContentLength, max, http.RequestAborted);
        if (body is null)
        {
            await Fail(ExchangeErrors.BodyTooLarge, $"A transfer message body is at most {max} bytes.", null);
            return;
        }

        var bodyHash = Sm3.Hash(body);
        x.RequestBodyHash = CanonicalMessage.Hex(bodyHash);
        if (x.Method != TransferProtocol.ChunkMethod)
        {
            x.RequestBody = body;
        }

        var hasTs = long.TryParse(ExchangeEndpoints.Header(request, ExchangeHeaders.Timestamp), NumberStyles.None, CultureInfo.InvariantCulture, out var ts);
        var toSign = new RequestToSign(x.Method, x.Service, x.Path, "", x.Client, x.Purpose, x.UserId, request.ContentType ?? "", ts, x.MessageId, body);
        var requestHashBytes = CanonicalMessage.RequestHash(toSign, bodyHash);
        x.RequestHash = CanonicalMessage.Hex(requestHashBytes);

        // The checks of an exchange (docs/exchange-protocol.md, "A call, end to end", step 3), in the same order.
        var config = configState.Current;
        if (config is null)
        {
            await Fail(ExchangeErrors.ConfigUnavailable, configState.Unavailability, x.RequestHash);
            return;
        }

        if (!ExchangeId.TryParse(x.Client, ExchangeIdKind.Subsystem, out var clientId, out var why))
        {
            await Fail(ExchangeErrors.BadRequest, $"{ExchangeHeaders.Client}: {why}", x.RequestHash);
            return;
        }

        var clientGateway = config.GatewayOf(clientId.Member.ToString());
        var clientKey = clientGateway is null ? null : gw.PeerKey(clientGateway.PublicKeyPem);
        if (clientKey is null)
        {
            await Fail(ExchangeErrors.ClientUnknown, $"{clientId.Member} has no registered gateway in the global configuration (version {config.Version}).", x.RequestHash);
            return;
        }

        if (http.RequestServices.GetRequiredService<PeerTls>().Check(http, clientId.Member.ToString()) is { } tlsRefusal)
        {
            await Fail(ExchangeErrors.PeerCertificateRefused, tlsRefusal, x.RequestHash);
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!hasTs || Math.Abs(now - ts) > gw.Options.TimestampWindowSeconds * 1000L)
        {
            await Fail(ExchangeErrors.TimestampOutOfWindow, $"The timestamp must be within {gw.Options.TimestampWindowSeconds} s of the provider's clock.", x.RequestHash);
            return;
        }

        if (!CanonicalMessage.IsValidNonce(x.MessageId)
            || !BatchSignature.Verify(clientKey, requestHashBytes, ExchangeEndpoints.Header(request, ExchangeHeaders.Signature), gw.VerifiedSignatures))
        {
            await Fail(ExchangeErrors.SignatureInvalid, $"The signature does not verify with {clientId.Member}'s gateway key: the message was altered or not signed by it.", x.RequestHash);
            return;
        }

        if (!string.Equals(ExchangeEndpoints.Header(request, TransferProtocol.ChunkSm3Header), x.RequestBodyHash, StringComparison.OrdinalIgnoreCase))
        {
            await Fail(ExchangeErrors.TransferChecksumMismatch, $"The body's SM3 is {x.RequestBodyHash}, not the {TransferProtocol.ChunkSm3Header} sent.", x.RequestHash);
            return;
        }

        switch (nonces.Use(x.Client, x.MessageId, ts, now))
        {
            case NonceCheck.Replayed:
                await Fail(ExchangeErrors.NonceReplayed, "This message (its nonce) was already received: a replay is refused.", x.RequestHash);
                return;
            case NonceCheck.TooOld:
                await Fail(ExchangeErrors.TimestampOutOfWindow, "The message is older than the nonces this gateway still remembers.", x.RequestHash);
                return;
        }

        var entry = config.Service(x.Service);
        var nowTime = time.GetUtcNow();
        // A transfer delivers a whole file to the service: it needs the right to POST / on it.
        var rights = config.AccessRights.Where(a => a.Client == x.Client && a.Service == x.Service && a.IsValidAt(nowTime) && a.AllowsMethod("POST") && a.AllowsPath("/")).ToList();
        if (entry is null)
        {
            await Fail(ExchangeErrors.ServiceUnknown, $"The global configuration (version {config.Version}) has no service {x.Service}.", x.RequestHash);
            return;
        }

        if (rights.Count == 0)
        {
            await Fail(ExchangeErrors.AccessDenied, $"{x.Client} has no access right to transfer to {x.Service} (POST /).", x.RequestHash);
            return;
        }

        if (entry.PersonalData && x.Purpose.Length == 0)
        {
            await Fail(ExchangeErrors.PurposeRequired, $"{x.Service} holds personal data: state the purpose in {ExchangeHeaders.Purpose}.", x.RequestHash);
            return;
        }

        if (!rights.Any(a => a.Purposes.Count == 0 || a.Purposes.Contains(x.Purpose)))
        {
            await Fail(ExchangeErrors.PurposeNotAllowed, $"The purpose '{x.Purpose}' is not one {x.Client} was granted for {x.Service}.", x.RequestHash);
            return;
        }

        TransferState state;
        try
        {
            state = x.Method switch
            {
                TransferProtocol.ManifestMethod => transfers.ReceiveManifest(x.Client, x.Service, x.Purpose, x.UserId,
                    JsonSerializer.Deserialize<TransferManifest>(body, _json) is { TransferId: var mid } m && mid == transferId
                        ? m : throw new TransferException(ExchangeErrors.BadRequest, "The manifest is not JSON or names another transfer.")),
                TransferProtocol.ChunkMethod => await transfers.ReceiveChunkAsync(x.Client, transferId, chunk, body, bodyHash, http.RequestAborted),
                _ => await transfers.CompleteAsync(x.Client, transferId, local.Options, http.RequestAborted),
            };
        }
        catch (TransferException ex)
        {
            await Fail(ex.Error, ex.Message, x.RequestHash);
            return;
        }
        catch (JsonException)
        {
            await Fail(ExchangeErrors.BadRequest, "The manifest is not valid JSON.", x.RequestHash);
            return;
        }

        var answer = JsonSerializer.SerializeToUtf8Bytes(state with { ReceivedChunks = x.Method == TransferProtocol.ChunkMethod ? [] : state.ReceivedChunks }, _json);
        await ExchangeEndpoints.AppendAsync(gw, x, "provider", 200, null, state.Delivery, answer);
        await ExchangeEndpoints.WriteSignedAsync(http, gw, x.RequestHash, 200, "application/json", "", answer, time);
    }

    /// <summary>The operator page: works without JavaScript, refreshes itself every 5 s.</summary>
    private static string Page(string member, IReadOnlyList<TransferView> transfers)
    {
        var h = HtmlEncoder.Default;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"5\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>传输进度 Transfers · ").Append(h.Encode(member)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:1.5rem;color:#1a1a1a}table{border-collapse:collapse;width:100%}th,td{border:1px solid #767676;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f0f0f0}progress{width:10rem}.failed{color:#a50000}.delivered{color:#0b6b0b}</style>")
            .Append("</head><body><h1>传输进度 Transfers</h1><p>").Append(h.Encode(member))
            .Append(" · 每 5 秒刷新 refreshes every 5 s · <a href=\"/admin/transfers.json\">JSON</a></p>");
        if (transfers.Count == 0)
        {
            sb.Append("<p data-testid=\"transfers-empty\">暂无传输 No transfers yet.</p>");
        }
        else
        {
            sb.Append("<table data-testid=\"transfers\"><caption>最近的传输 Recent transfers</caption><thead><tr>")
                .Append("<th scope=\"col\">方向 Direction</th><th scope=\"col\">传输 Transfer</th><th scope=\"col\">服务 Service</th><th scope=\"col\">文件 File</th>")
                .Append("<th scope=\"col\">进度 Progress</th><th scope=\"col\">状态 Status</th><th scope=\"col\">SM3</th></tr></thead><tbody>");
            foreach (var t in transfers)
            {
                var label = $"{t.Chunks}/{t.ChunkCount} ({t.Percent.ToString(CultureInfo.InvariantCulture)} %)";
                sb.Append("<tr data-testid=\"transfer-").Append(h.Encode(t.Id)).Append("\"><td>").Append(t.Direction == TransferService.Out ? "发送 out" : "接收 in")
                    .Append("</td><td><code>").Append(h.Encode(t.Id)).Append("</code></td><td>").Append(h.Encode(t.Service))
                    .Append("</td><td>").Append(h.Encode(t.Name)).Append(" · ").Append(t.Size.ToString("N0", CultureInfo.InvariantCulture)).Append(" B")
                    .Append(t.Encrypted ? " · SM4" : "").Append("</td><td><progress max=\"").Append(t.ChunkCount == 0 ? 1 : t.ChunkCount).Append("\" value=\"")
                    .Append(t.ChunkCount == 0 ? 1 : t.Chunks).Append("\" aria-label=\"").Append(h.Encode(t.Id)).Append("\">").Append(label).Append("</progress> ")
                    .Append(label).Append("</td><td class=\"").Append(h.Encode(t.Status)).Append("\">").Append(h.Encode(t.Status))
                    .Append(t.Error is null ? "" : "<br>" + h.Encode(t.Error)).Append(t.Delivery is null ? "" : "<br>" + h.Encode(t.Delivery))
                    .Append("</td><td><code>").Append(h.Encode(t.Sm3Root[..16])).Append("…</code></td></tr>");
            }

            sb.Append("</tbody></table>");
        }

        return sb.Append("</body></html>").ToString();
    }
}
