using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;
using SmartGov.Gateway.Adapters;

namespace SmartGov.Gateway.Transfers;

/// <summary>A transfer message refused by the peer or by this gateway: the error type, the HTTP status and the reason.</summary>
public sealed class TransferException(string error, string detail) : Exception(detail)
{
    public string Error { get; } = error;

    /// <summary>Worth another attempt later (the peer, the configuration or the backend may come back).</summary>
    public bool Retryable => Error is ExchangeErrors.PeerUnavailable or ExchangeErrors.PeerTimeout or ExchangeErrors.ConfigUnavailable
        or ExchangeErrors.BackendUnavailable or ExchangeErrors.BackendTimeout or ExchangeErrors.Internal or ExchangeErrors.NonceReplayed
        or ExchangeErrors.TimestampOutOfWindow or ExchangeErrors.TransferUnknown or ExchangeErrors.TransferIncomplete
        or ExchangeErrors.ResponseSignatureInvalid
        // A chunk damaged on the line fails its signature or checksum: sending it again is the cure.
        or ExchangeErrors.SignatureInvalid or ExchangeErrors.TransferChecksumMismatch;
}

/// <summary>
/// Bulk and asynchronous transfers (docs/exchange-protocol.md, "Bulk and asynchronous transfer"). The sending side spools
/// what the department system hands over into chunks with their SM3 (and SM4-GCM when asked), and a background loop
/// delivers them, resuming from what the provider gateway says it holds, after a restart of either side too. The
/// receiving side keeps the chunks and hands the whole to the service's adapter once, with a persisted delivered marker.
/// </summary>
public sealed class TransferService : BackgroundService
{
    public const string Out = "out";
    public const string In = "in";
    private const int GcmOverhead = Sm4.GcmNonceSizeInBytes + Sm4.GcmTagSizeInBytes;
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private readonly GatewayContext _gw;
    private readonly GlobalConfigState _config;
    private readonly IHttpClientFactory _httpClients;
    private readonly TimeProvider _time;
    private readonly ILogger<TransferService> _logger;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _completing = new(StringComparer.Ordinal);

    public TransferService(GatewayContext gw, GlobalConfigState config, IHttpClientFactory httpClients, TimeProvider time, ILogger<TransferService> logger)
    {
        _gw = gw;
        _config = config;
        _httpClients = httpClients;
        _time = time;
        _logger = logger;
        Spool = Path.Combine(gw.Options.DataDirectory, "transfers");
        Directory.CreateDirectory(Path.Combine(Spool, Out));
        Directory.CreateDirectory(Path.Combine(Spool, In));
        Store = new TransferStore(Path.Combine(gw.Options.DataDirectory, "transfers.db"));
    }

    public TransferStore Store { get; }

    public string Spool { get; }

    private TransferOptions Options => _gw.Options.Transfers;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public override void Dispose()
    {
        Store.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    // ---------------- Sending side ----------------

    /// <summary>
    /// Spools a transfer the department system hands over: reads the stream chunk by chunk, hashing (and encrypting) each,
    /// and records it for the background sender. Returns the transfer, or throws a <see cref="TransferException"/>.
    /// </summary>
    public async Task<TransferView> SubmitAsync(ExchangeId service, string client, string purpose, string userId, string name, string contentType,
        bool encrypt, Stream body, CancellationToken ct)
    {
        var config = _config.Current ?? throw new TransferException(ExchangeErrors.ConfigUnavailable, _config.Unavailability);
        var provider = config.GatewayOf(service.Member.ToString());
        if (config.Service(service.ToString()) is null || provider is null)
        {
            throw new TransferException(ExchangeErrors.ServiceUnknown, $"The global configuration (version {config.Version}) has no service {service} with a gateway.");
        }

        var id = CanonicalMessage.NewNonce();
        string? encryptedKey = null;
        byte[]? key = null;
        if (encrypt)
        {
            var providerKey = _gw.PeerKey(provider.PublicKeyPem)
                ?? throw new TransferException(ExchangeErrors.ClientUnknown, $"The public key of {service.Member}'s gateway is not readable.");
            key = RandomNumberGenerator.GetBytes(Sm4.KeySizeInBytes);
            // GB/T 32918.4 SM2 encryption of the transfer key to the provider gateway only.
            encryptedKey = Convert.ToBase64String(providerKey.Encrypt(key));
        }

        var chunkSize = Options.ChunkBytes;
        var sentChunk = chunkSize + (encrypt ? GcmOverhead : 0);
        var file = OutFile(id);
        var hashes = new List<(byte[] Plain, byte[] Sent)>();
        long size = 0;
        using (var handle = File.OpenHandle(file, FileMode.Create, FileAccess.Write, FileShare.Read, FileOptions.None))
        {
            var buffers = new[] { new byte[chunkSize], new byte[chunkSize] };
            Task<(byte[], byte[])>? hashing = null;
            var n = 0;
            while (true)
            {
                var buffer = buffers[n % 2];
                var read = await body.ReadAtLeastAsync(buffer, chunkSize, throwOnEndOfStream: false, ct);
                if (hashing is not null)
                {
                    hashes.Add(await hashing);
                    hashing = null;
                }

                if (read == 0)
                {
                    break;
                }

                size += read;
                if (size > Options.MaxTransferBytes)
                {
                    throw new TransferException(ExchangeErrors.BodyTooLarge, $"A transfer is at most {Options.MaxTransferBytes} bytes.");
                }

                // Hash (and encrypt) this chunk on another core while the next one is read.
                var index = n;
                var data = buffer.AsMemory(0, read).ToArray();
                hashing = Task.Run(() =>
                {
                    var plain = Sm3.Hash(data);
                    var sent = key is null ? data : Sm4.GcmEncrypt(key, data, TransferProtocol.ChunkAad(id, index));
                    RandomAccess.Write(handle, sent, (long)index * sentChunk);
                    return (plain, key is null ? plain : Sm3.Hash(sent));
                }, ct);
                n++;
                if (read < chunkSize)
                {
                    hashes.Add(await hashing);
                    hashing = null;
                    break;
                }
            }
        }

        var root = TransferProtocol.Root(hashes.Select(h => h.Plain));
        var now = Now;
        var row = new TransferStore.Row(Out, service.Member.ToString(), id, service.ToString(), client, purpose, userId, name, contentType, size,
            chunkSize, hashes.Count, root, encryptedKey, TransferStatus.Pending, null, 0, now, now, null, null);
        Store.Insert(row, hashes, chunksDone: false);
        _logger.LogInformation("Transfer {Id} to {Service} spooled: {Size} bytes in {Chunks} chunks, SM3 root {Root}", id, service, size, hashes.Count, root);
        _wake.Release();
        return Store.View(row);
    }

    /// <summary>Has the background sender look at its transfers now.</summary>
    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var row in Store.List(Out, openOnly: true).OrderBy(r => r.Created))
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                if (row.Attempts > 0 && row.Status == TransferStatus.Pending && Now - row.Updated < Options.RetrySeconds * 1000L)
                {
                    continue;
                }

                await SendAsync(row, stoppingToken);
            }

            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(Math.Max(1, Options.RetrySeconds)), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One attempt at a transfer: manifest, the chunks the provider lacks, completion.</summary>
    public async Task SendAsync(TransferStore.Row row, CancellationToken ct)
    {
        try
        {
            Store.SetStatus(Out, row.Peer, row.Id, TransferStatus.Sending, row.Error, Now);
            var service = ExchangeId.Parse(row.Service, ExchangeIdKind.Service);
            var chunks = Store.Chunks(Out, row.Peer, row.Id);
            var manifest = new TransferManifest(row.Id, row.Name, row.ContentType, row.Size, row.ChunkSize, row.ChunkCount, row.Sm3Root,
                row.EncryptedKey is null ? null : TransferProtocol.Encryption, row.EncryptedKey);
            var manifestBody = JsonSerializer.SerializeToUtf8Bytes(manifest, _json);
            var state = JsonSerializer.Deserialize<TransferState>(
                await CallPeerAsync(row, service, TransferProtocol.ManifestMethod, HttpMethod.Put, $"/{row.Id}/manifest", "application/json", manifestBody, null, ct), _json)!;
            if (state.Status != TransferStatus.Delivered)
            {
                var have = state.ReceivedChunks.ToHashSet();
                var sentChunk = row.ChunkSize + (row.EncryptedKey is null ? 0 : GcmOverhead);
                using var handle = File.OpenHandle(OutFile(row.Id), FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.None);
                await Parallel.ForEachAsync(Enumerable.Range(0, row.ChunkCount).Where(n => !have.Contains(n)),
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.ParallelChunks), CancellationToken = ct },
                    async (n, token) =>
                    {
                        var plainLength = (int)Math.Min(row.ChunkSize, row.Size - (long)n * row.ChunkSize);
                        var data = new byte[plainLength + (row.EncryptedKey is null ? 0 : GcmOverhead)];
                        await RandomAccess.ReadAsync(handle, data, (long)n * sentChunk, token);
                        await CallPeerAsync(row, service, TransferProtocol.ChunkMethod, HttpMethod.Put, $"/{row.Id}/chunks/{n}",
                            "application/octet-stream", data, chunks[n].Sent, token);
                        Store.MarkChunk(Out, row.Peer, row.Id, n);
                        _gw.Metrics.TransferBytes(Out, row.Service, data.Length);
                    });
                state = JsonSerializer.Deserialize<TransferState>(
                    await CallPeerAsync(row, service, TransferProtocol.CompleteMethod, HttpMethod.Post, $"/{row.Id}/complete", "", [], null, ct), _json)!;
            }

            Store.SetStatus(Out, row.Peer, row.Id, TransferStatus.Delivered, null, Now, attempt: true, deliveredAt: Now, delivery: state.Delivery);
            File.Delete(OutFile(row.Id));
            _logger.LogInformation("Transfer {Id} delivered by {Peer}: {Delivery}", row.Id, row.Peer, state.Delivery);
        }
        catch (TransferException ex)
        {
            var status = ex.Retryable ? TransferStatus.Pending : TransferStatus.Failed;
            Store.SetStatus(Out, row.Peer, row.Id, status, $"{ex.Error}: {ex.Message}", Now, attempt: true);
            _logger.LogWarning("Transfer {Id} to {Service}: {Error} ({Status}): {Detail}", row.Id, row.Service, ex.Error, status, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException)
        {
            Store.SetStatus(Out, row.Peer, row.Id, TransferStatus.Pending, $"{ExchangeErrors.Internal}: {ex.Message}", Now, attempt: true);
            _logger.LogWarning(ex, "Transfer {Id} to {Service} will be retried", row.Id, row.Service);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The gateway stops: the transfer resumes at the next start, from what the provider holds.
            Store.SetStatus(Out, row.Peer, row.Id, TransferStatus.Pending, row.Error, Now);
        }
    }

    /// <summary>Signs and sends one transfer message to the provider gateway, checks the signed answer, logs it (metadata).</summary>
    private async Task<byte[]> CallPeerAsync(TransferStore.Row row, ExchangeId service, string canonicalMethod, HttpMethod method, string path,
        string contentType, byte[] body, byte[]? bodyHash, CancellationToken ct)
    {
        var x = new ExchangeEndpoints.Exchange
        {
            Method = canonicalMethod, Client = row.Client, Service = row.Service, Path = path, Purpose = row.Purpose, UserId = row.UserId,
            MessageId = CanonicalMessage.NewNonce(),
        };
        var config = _config.Current ?? throw new TransferException(ExchangeErrors.ConfigUnavailable, _config.Unavailability);
        var provider = config.GatewayOf(service.Member.ToString())
            ?? throw new TransferException(ExchangeErrors.ServiceUnknown, $"{service.Member} has no gateway in the configuration (version {config.Version}).");
        var providerKey = _gw.PeerKey(provider.PublicKeyPem);
        bodyHash ??= Sm3.Hash(body);
        x.RequestBodyHash = CanonicalMessage.Hex(bodyHash);
        var toSign = new RequestToSign(canonicalMethod, row.Service, path, "", row.Client, row.Purpose, row.UserId, contentType, Now, x.MessageId, body);
        var requestHashBytes = CanonicalMessage.RequestHash(toSign, bodyHash);
        x.RequestHash = CanonicalMessage.Hex(requestHashBytes);
        using var message = new HttpRequestMessage(method, new Uri(provider.Address.TrimEnd('/') + TransferProtocol.ProviderPrefix + "/" + row.Service + path));
        message.Content = new ByteArrayContent(body);
        if (contentType.Length > 0)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        message.Headers.TryAddWithoutValidation(ExchangeHeaders.Client, row.Client);
        if (row.Purpose.Length > 0)
        {
            message.Headers.TryAddWithoutValidation(ExchangeHeaders.Purpose, row.Purpose);
        }

        if (row.UserId.Length > 0)
        {
            message.Headers.TryAddWithoutValidation(ExchangeHeaders.UserId, row.UserId);
        }

        message.Headers.TryAddWithoutValidation(ExchangeHeaders.Timestamp, toSign.Timestamp.ToString(CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation(ExchangeHeaders.Nonce, x.MessageId);
        message.Headers.TryAddWithoutValidation(TransferProtocol.ChunkSm3Header, x.RequestBodyHash);
        message.Headers.TryAddWithoutValidation(ExchangeHeaders.Signature, await _gw.Signer.SignAsync(requestHashBytes));
        PeerProtocol.Apply(message, _gw.Options, bulk: true);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(_gw.Options.PeerTimeoutSeconds, 60)));
        HttpResponseMessage response;
        byte[] responseBody;
        try
        {
            response = await _httpClients.CreateClient("peer").SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            responseBody = await BodyReader.ReadAsync(response.Content, 1024 * 1024, timeout.Token)
                ?? throw new TransferException(ExchangeErrors.BodyTooLarge, "The provider gateway's answer is too large.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await Log(x, 504, ExchangeErrors.PeerTimeout, "no answer in time", []);
            throw new TransferException(ExchangeErrors.PeerTimeout, $"The provider gateway {provider.Address} did not answer in time.");
        }
        catch (HttpRequestException ex)
        {
            await Log(x, 502, ExchangeErrors.PeerUnavailable, ex.Message, []);
            throw new TransferException(ExchangeErrors.PeerUnavailable, $"The provider gateway {provider.Address} cannot be reached: {ex.Message}");
        }

        using (response)
        {
            var responseType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var ctv) ? ctv.ToString() : "";
            var providerError = ExchangeEndpoints.ResponseHeader(response, ExchangeHeaders.Error);
            long.TryParse(ExchangeEndpoints.ResponseHeader(response, ExchangeHeaders.Timestamp), NumberStyles.None, CultureInfo.InvariantCulture, out var ts);
            var signed = new ResponseToSign(x.RequestHash, (int)response.StatusCode, responseType, providerError, ts, responseBody);
            if (providerKey is null || ExchangeEndpoints.ResponseHeader(response, ExchangeHeaders.RequestHash) != x.RequestHash
                || !BatchSignature.Verify(providerKey, CanonicalMessage.ResponseHash(signed), ExchangeEndpoints.ResponseHeader(response, ExchangeHeaders.Signature),
                    _gw.VerifiedSignatures))
            {
                await Log(x, (int)response.StatusCode, ExchangeErrors.ResponseSignatureInvalid, providerError, responseBody);
                throw new TransferException(ExchangeErrors.ResponseSignatureInvalid,
                    $"The provider gateway's answer (HTTP {(int)response.StatusCode}) is not signed by {service.Member}'s key for this message.");
            }

            await Log(x, (int)response.StatusCode, providerError.Length > 0 ? providerError : null, null, responseBody);
            if (providerError.Length > 0 || !response.IsSuccessStatusCode)
            {
                var detail = providerError;
                try
                {
                    detail = JsonDocument.Parse(responseBody).RootElement.GetProperty("detail").GetString() ?? providerError;
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    // Not a problem document: the error type says enough.
                }

                throw new TransferException(providerError.Length > 0 ? providerError : ExchangeErrors.BackendUnavailable, detail);
            }

            return responseBody;
        }
    }

    private Task<long> Log(ExchangeEndpoints.Exchange x, int status, string? error, string? detail, byte[] responseBody) =>
        ExchangeEndpoints.AppendAsync(_gw, x, "consumer", status, error, detail, responseBody);

    private string OutFile(string id) => Path.Combine(Spool, Out, id + ".data");

    // ---------------- Receiving side ----------------

    internal string InFile(string client, string id) =>
        Path.Combine(Spool, In, Convert.ToHexStringLower(Sm3.Hash(System.Text.Encoding.UTF8.GetBytes(client + "\n" + id)))[..32] + ".data");

    internal TransferState State(TransferStore.Row row) => new(row.Id, row.Status,
        [.. Store.Chunks(In, row.Peer, row.Id).Select((c, n) => (c, n)).Where(t => t.c.Done).Select(t => t.n)], row.Delivery);

    /// <summary>Records a manifest (once; a repeated one must say the same) and answers what is held already.</summary>
    internal TransferState ReceiveManifest(string client, string service, string purpose, string userId, TransferManifest m)
    {
        var chunkCount = m.Size == 0 ? 0 : (int)((m.Size + m.ChunkSize - 1) / m.ChunkSize);
        if (!CanonicalMessage.IsValidNonce(m.TransferId) || m.ChunkSize < 1 || m.ChunkSize > Options.MaxChunkBytes || m.Size < 0
            || m.ChunkCount != chunkCount || m.Sm3Root.Length != 64
            || (m.Encryption is not null && (m.Encryption != TransferProtocol.Encryption || string.IsNullOrEmpty(m.EncryptedKey))))
        {
            throw new TransferException(ExchangeErrors.BadRequest,
                $"The manifest is not valid: id of 16–64 base64url characters, 1 ≤ chunk size ≤ {Options.MaxChunkBytes}, chunk count = ⌈size / chunk size⌉, a 64-hex SM3 root, encryption {TransferProtocol.Encryption} with a key or none.");
        }

        if (m.Size > Options.MaxTransferBytes)
        {
            throw new TransferException(ExchangeErrors.BodyTooLarge, $"A transfer is at most {Options.MaxTransferBytes} bytes.");
        }

        var existing = Store.Find(In, client, m.TransferId);
        if (existing is null)
        {
            var now = Now;
            var name = SafeName(m.Name);
            Store.Insert(new TransferStore.Row(In, client, m.TransferId, service, client, purpose, userId, name, m.ContentType, m.Size, m.ChunkSize,
                m.ChunkCount, m.Sm3Root, m.EncryptedKey, TransferStatus.Pending, null, 0, now, now, null, null),
                [.. Enumerable.Range(0, m.ChunkCount).Select(_ => (Array.Empty<byte>(), Array.Empty<byte>()))], chunksDone: false);
            existing = Store.Find(In, client, m.TransferId)!;
        }
        else if (existing.Size != m.Size || existing.ChunkSize != m.ChunkSize || existing.Sm3Root != m.Sm3Root || existing.Service != service
            || existing.EncryptedKey != m.EncryptedKey)
        {
            throw new TransferException(ExchangeErrors.TransferIncomplete, $"Transfer {m.TransferId} was announced with another size, chunking, key or checksum.");
        }

        return State(existing);
    }

    /// <summary>Stores chunk <paramref name="n"/> (already checked against its SM3 and the signature).</summary>
    internal async Task<TransferState> ReceiveChunkAsync(string client, string id, int n, byte[] data, byte[] sm3, CancellationToken ct)
    {
        var row = Store.Find(In, client, id) ?? throw new TransferException(ExchangeErrors.TransferUnknown, $"No manifest for transfer {id} from {client}.");
        if (row.Status == TransferStatus.Delivered)
        {
            return State(row);
        }

        var overhead = row.EncryptedKey is null ? 0 : GcmOverhead;
        if (n < 0 || n >= row.ChunkCount || data.Length != (int)Math.Min(row.ChunkSize, row.Size - (long)n * row.ChunkSize) + overhead)
        {
            throw new TransferException(ExchangeErrors.BadRequest, $"Chunk {n} of transfer {id} has the wrong index or length.");
        }

        using (var handle = File.OpenHandle(InFile(client, id), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite, FileOptions.None))
        {
            // No fsync per chunk: completion re-reads and re-hashes every chunk before it delivers anything.
            await RandomAccess.WriteAsync(handle, data, (long)n * (row.ChunkSize + overhead), ct);
        }

        _gw.Metrics.TransferBytes(In, row.Service, data.Length);
        // Plaintext hashes of encrypted chunks are known only after decryption, at completion.
        Store.MarkChunk(In, client, id, n, row.EncryptedKey is null ? sm3 : [], sm3);
        return State(row);
    }

    /// <summary>
    /// Checks the whole against the manifest's SM3 root and hands it to the service's adapter: once. A completion of a
    /// transfer delivered already answers the first delivery again (the sender's retry after a lost answer).
    /// </summary>
    internal async Task<TransferState> CompleteAsync(string client, string id, ServiceOptions service, CancellationToken ct)
    {
        var gate = _completing.GetOrAdd(client + "\n" + id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var row = Store.Find(In, client, id) ?? throw new TransferException(ExchangeErrors.TransferUnknown, $"No manifest for transfer {id} from {client}.");
            if (row.Status == TransferStatus.Delivered)
            {
                return State(row);
            }

            var chunks = Store.Chunks(In, client, id);
            var missing = chunks.Select((c, n) => (c, n)).Where(t => !t.c.Done).Select(t => t.n).ToList();
            if (missing.Count > 0)
            {
                throw new TransferException(ExchangeErrors.TransferIncomplete,
                    $"Transfer {id} misses {missing.Count} of {row.ChunkCount} chunks (first: {missing[0]}).");
            }

            var spool = InFile(client, id);
            var payload = spool;
            if (!File.Exists(spool))
            {
                await File.WriteAllBytesAsync(spool, [], ct);
            }

            // What is on disk must be what was received: a chunk lost in a crash (or altered in the spool) is asked for again.
            var damaged = await CheckSpoolAsync(row, spool, chunks, ct);
            if (damaged.Count > 0)
            {
                foreach (var n in damaged)
                {
                    Store.UnmarkChunk(In, client, id, n);
                }

                throw new TransferException(ExchangeErrors.TransferIncomplete,
                    $"Chunks {string.Join(", ", damaged.Take(10))} of transfer {id} are not intact in the spool: send them again.");
            }

            if (row.EncryptedKey is not null)
            {
                payload = spool + ".plain";
                var plainHashes = Decrypt(row, spool, payload);
                Verify(row, TransferProtocol.Root(plainHashes));
            }
            else
            {
                Verify(row, TransferProtocol.Root(chunks.Select(c => c.Plain)));
            }

            var delivery = await DeliverAsync(row, service, payload, ct);
            Store.SetStatus(In, client, id, TransferStatus.Delivered, null, Now, deliveredAt: Now, delivery: delivery);
            File.Delete(spool);
            File.Delete(spool + ".plain");
            _logger.LogInformation("Transfer {Id} from {Client} ({Size} bytes, SM3 root {Root}) delivered: {Delivery}", id, client, row.Size, row.Sm3Root, delivery);
            return State(Store.Find(In, client, id)!);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<List<int>> CheckSpoolAsync(TransferStore.Row row, string spool, IReadOnlyList<(byte[] Plain, byte[] Sent, bool Done)> chunks,
        CancellationToken ct)
    {
        var overhead = row.EncryptedKey is null ? 0 : GcmOverhead;
        var damaged = new System.Collections.Concurrent.ConcurrentBag<int>();
        using (var handle = File.OpenHandle(spool, FileMode.Open, FileAccess.ReadWrite))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, row.ChunkCount), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                async (n, token) =>
                {
                    var data = new byte[(int)Math.Min(row.ChunkSize, row.Size - (long)n * row.ChunkSize) + overhead];
                    var read = await RandomAccess.ReadAsync(handle, data, (long)n * (row.ChunkSize + overhead), token);
                    if (read != data.Length || !Sm3.Hash(data).AsSpan().SequenceEqual(chunks[n].Sent))
                    {
                        damaged.Add(n);
                    }
                });
            RandomAccess.FlushToDisk(handle);
        }

        return [.. damaged.Order()];
    }

    private static void Verify(TransferStore.Row row, string root)
    {
        if (!string.Equals(root, row.Sm3Root, StringComparison.Ordinal))
        {
            throw new TransferException(ExchangeErrors.TransferChecksumMismatch,
                $"The chunks of transfer {row.Id} give the SM3 root {root}, the manifest says {row.Sm3Root}.");
        }
    }

    private List<byte[]> Decrypt(TransferStore.Row row, string spool, string payload)
    {
        byte[] key;
        try
        {
            key = _gw.Key.Decrypt(Convert.FromBase64String(row.EncryptedKey!));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw new TransferException(ExchangeErrors.TransferChecksumMismatch, $"The transfer key of {row.Id} does not decrypt with this gateway's key.");
        }

        var hashes = new List<byte[]>(row.ChunkCount);
        using var input = File.OpenHandle(spool, FileMode.Open, FileAccess.Read);
        using var output = new FileStream(payload, FileMode.Create, FileAccess.Write);
        for (var n = 0; n < row.ChunkCount; n++)
        {
            var sealedChunk = new byte[(int)Math.Min(row.ChunkSize, row.Size - (long)n * row.ChunkSize) + GcmOverhead];
            RandomAccess.Read(input, sealedChunk, (long)n * (row.ChunkSize + GcmOverhead));
            byte[] plain;
            try
            {
                plain = Sm4.GcmDecrypt(key, sealedChunk, TransferProtocol.ChunkAad(row.Id, n));
            }
            catch (CryptographicException)
            {
                throw new TransferException(ExchangeErrors.TransferChecksumMismatch, $"Chunk {n} of transfer {row.Id} fails SM4-GCM authentication.");
            }

            hashes.Add(Sm3.Hash(plain));
            output.Write(plain);
        }

        output.Flush(flushToDisk: true);
        return hashes;
    }

    /// <summary>Hands the payload to the service: a file in the FileDrop folder, or one POST to the HTTP backend.</summary>
    private async Task<string> DeliverAsync(TransferStore.Row row, ServiceOptions service, string payload, CancellationToken ct)
    {
        switch (service.Adapter.ToUpperInvariant())
        {
            case "FILEDROP":
            {
                // A name fixed by the transfer id: a delivery repeated after a crash (before the marker was saved) finds its file
                // there and does not make a second one.
                var folder = Path.GetFullPath(service.Folder!);
                var target = Path.Combine(folder, $"{row.Id}-{row.Name}");
                if (!File.Exists(target))
                {
                    var part = Path.Combine(folder, $".{row.Id}.part");
                    File.Move(payload, part, overwrite: true);
                    File.Move(part, target);
                }

                return Path.GetFileName(target);
            }

            case "HTTP":
            {
                await using var stream = File.OpenRead(payload);
                using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(service.BaseUrl!)) { Content = new StreamContent(stream, 1 << 20) };
                message.Content.Headers.ContentType = MediaTypeHeaderValue.TryParse(row.ContentType, out var mt) ? mt : new MediaTypeHeaderValue("application/octet-stream");
                message.Content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = row.Name };
                message.Headers.TryAddWithoutValidation(ExchangeHeaders.Client, row.Client);
                message.Headers.TryAddWithoutValidation(ExchangeHeaders.Purpose, row.Purpose);
                message.Headers.TryAddWithoutValidation(TransferProtocol.TransferIdHeader, row.Id);
                // The backend can drop a second delivery of the same transfer (the window between its answer and our marker).
                message.Headers.TryAddWithoutValidation("Idempotency-Key", row.Id);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(service.TimeoutSeconds, 60)));
                try
                {
                    using var response = await _httpClients.CreateClient("backend").SendAsync(message, timeout.Token);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new TransferException(ExchangeErrors.BackendUnavailable, $"The backend answered HTTP {(int)response.StatusCode} to the delivery.");
                    }

                    return $"HTTP {(int)response.StatusCode}";
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TransferException(ExchangeErrors.BackendTimeout, "The backend did not take the delivery in time.");
                }
                catch (HttpRequestException ex)
                {
                    throw new TransferException(ExchangeErrors.BackendUnavailable, "The backend cannot be reached: " + ex.Message);
                }
            }

            default:
                throw new TransferException(ExchangeErrors.MethodNotAllowed, $"Service {row.Service} ({service.Adapter}) takes no transfers: use a FileDrop or Http service.");
        }
    }

    /// <summary>A file name safe in any folder: the last path part, no control or path characters, at most 120 characters.</summary>
    internal static string SafeName(string? name)
    {
        var last = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var clean = new string([.. last.Where(c => !char.IsControl(c) && c is not ('/' or ':' or '*' or '?' or '"' or '<' or '>' or '|'))]).Trim().TrimStart('.');
        return clean.Length == 0 ? "transfer.bin" : clean[..Math.Min(clean.Length, 120)];
    }
}
