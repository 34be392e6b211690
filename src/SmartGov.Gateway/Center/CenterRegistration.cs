using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartGov.Crypto;

namespace SmartGov.Gateway.Center;

/// <summary>
/// One-command registration with the exchange management center:
/// <c>SmartGov.Gateway register --center URL --code CODE --address URL</c> generates the key when there is none, sends
/// the member id, address, public key and a proof of possession (the key's signature over the code, member and address),
/// saves the center's public key for verifying the global configuration, and prints the registration's status.
/// </summary>
public static class CenterRegistration
{
    public const string RecordFile = "center-registration.json";
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly Dictionary<string, string> _switches = new(StringComparer.Ordinal)
    {
        ["--center"] = "Center:Url",
        ["--code"] = "Center:RegistrationCode",
        ["--address"] = "Center:Address",
    };

    public sealed record Result(bool Ok, string Message, CenterRegistrationRecord? Record);

    public static IConfiguration ReadConfiguration(string[] args) =>
        new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables()
            .AddCommandLine([.. args.Where(a => a != "register")], _switches).Build();

    /// <summary>The bytes the proof of possession signs (the center checks the same).</summary>
    public static byte[] ProofBytes(string code, string memberId, string address) =>
        Encoding.UTF8.GetBytes(string.Join('\n', "SMARTGOV-REGISTER-1", code.Trim(), memberId.Trim(), address.Trim()));

    /// <summary>The <c>register</c> command.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var result = await RegisterAsync(ReadConfiguration(args), output, CancellationToken.None);
        output.WriteLine(result.Message);
        return result.Ok ? 0 : 1;
    }

    /// <summary>
    /// At start: when Center:Url and Center:RegistrationCode are set, registers once (kept in the data directory), and
    /// fills in Gateway:MemberId, Gateway:ConfigSource and Gateway:CenterPublicKeyFile when they are not given.
    /// </summary>
    public static async Task<string[]> PrepareAsync(string[] args, TextWriter output, CancellationToken ct = default)
    {
        var configuration = ReadConfiguration(args);
        var center = configuration.GetSection(CenterOptions.Section).Get<CenterOptions>() ?? new CenterOptions();
        if (string.IsNullOrWhiteSpace(center.Url))
        {
            return args;
        }
        var dataDir = configuration["Gateway:DataDirectory"] is { Length: > 0 } d ? d : "data";
        var record = ReadRecord(dataDir);
        if ((record is null || record.Center != center.Url.TrimEnd('/')) && !string.IsNullOrWhiteSpace(center.RegistrationCode))
        {
            // The hub may still be starting (the demo city starts everything at once): try for a minute.
            for (var attempt = 0; ; attempt++)
            {
                var result = await RegisterAsync(configuration, output, ct);
                output.WriteLine(result.Message);
                record = result.Record;
                if (result.Ok || attempt >= 30 || result.Message.Contains("refused", StringComparison.Ordinal))
                {
                    break;
                }
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }
        var extra = new List<string>();
        if (string.IsNullOrWhiteSpace(configuration["Gateway:MemberId"]) && record is not null)
        {
            extra.Add($"--Gateway:MemberId={record.MemberId}");
        }
        if (string.IsNullOrWhiteSpace(configuration["Gateway:ConfigSource"]))
        {
            extra.Add($"--Gateway:ConfigSource={center.Url.TrimEnd('/')}/exchange/global-configuration");
        }
        return [.. args, .. extra];
    }

    public static CenterRegistrationRecord? ReadRecord(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, RecordFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<CenterRegistrationRecord>(File.ReadAllText(path), _json) : null;
    }

    public static async Task<Result> RegisterAsync(IConfiguration configuration, TextWriter output, CancellationToken ct, HttpMessageHandler? handler = null)
    {
        var center = configuration.GetSection(CenterOptions.Section).Get<CenterOptions>() ?? new CenterOptions();
        if (string.IsNullOrWhiteSpace(center.Url) || string.IsNullOrWhiteSpace(center.RegistrationCode) || string.IsNullOrWhiteSpace(center.Address))
        {
            return new(false, "register needs --center URL --code CODE --address URL (or Center:Url, Center:RegistrationCode, Center:Address). / 注册需要管理中心地址、注册码和本前置机地址。", null);
        }
        var keyFile = configuration["Gateway:KeyFile"] is { Length: > 0 } k ? k : "gateway-key.pem";
        var dataDir = configuration["Gateway:DataDirectory"] is { Length: > 0 } d ? d : "data";
        var centerKeyFile = configuration["Gateway:CenterPublicKeyFile"] is { Length: > 0 } c ? c : Path.Combine(dataDir, "center-public.pem");
        var memberId = configuration["Gateway:MemberId"] ?? "";
        var key = LoadOrCreateKey(keyFile, output);
        var address = center.Address.Trim().TrimEnd('/');
        var proof = Convert.ToBase64String(key.Sign(Sm3.Hash(ProofBytes(center.RegistrationCode, memberId, address))));
        var baseUrl = center.Url.Trim().TrimEnd('/');

        using var http = handler is null ? new HttpClient(new SocketsHttpHandler { UseProxy = false }) : new HttpClient(handler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(30);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(new Uri(baseUrl + "/api/v1/exchange/registrations"),
                new { code = center.RegistrationCode.Trim(), memberId, address, publicKeyPem = key.PublicKeyPem(), proof }, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new(false, $"The exchange management center at {baseUrl} is unreachable: {ex.Message} / 无法连接数据交换管理中心。", null);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                var detail = body;
                try
                {
                    using var problem = JsonDocument.Parse(body);
                    detail = problem.RootElement.TryGetProperty("detail", out var dt) ? dt.GetString() ?? body : body;
                }
                catch (JsonException)
                {
                }
                return new(false, $"The center refused the registration ({(int)response.StatusCode}): {detail} / 管理中心拒绝了注册。", null);
            }
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var centerPem = root.GetProperty("centerPublicKeyPem").GetString() ?? "";
            if (File.Exists(centerKeyFile) && !Sm2PublicKey.FromPem(File.ReadAllText(centerKeyFile)).Equals(Sm2PublicKey.FromPem(centerPem)))
            {
                return new(false, $"{centerKeyFile} holds another center key than the one {baseUrl} signs with; remove the file if the center's key really changed. / 管理中心公钥与已保存的不一致。", null);
            }
            if (!File.Exists(centerKeyFile))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(centerKeyFile))!);
                await File.WriteAllTextAsync(centerKeyFile, centerPem, ct);
            }
            var record = new CenterRegistrationRecord(root.GetProperty("gatewayId").GetGuid(), root.GetProperty("memberId").GetString()!,
                root.GetProperty("status").GetString()!, baseUrl, address, DateTimeOffset.UtcNow);
            Directory.CreateDirectory(dataDir);
            await File.WriteAllTextAsync(Path.Combine(dataDir, RecordFile), JsonSerializer.Serialize(record, _json), ct);
            var fingerprint = Convert.ToHexStringLower(Sm3.Hash(Sm2PublicKey.FromPem(centerPem).ToDer()))[..16];
            return new(true, $"""
                Registered gateway {record.GatewayId} of {record.MemberId} at {address}: {record.Status}{(record.Status == "Pending" ? " (waiting for the center admin's approval 等待管理中心审批)" : "")}.
                Center public key saved to {Path.GetFullPath(centerKeyFile)} (SM3 fingerprint {fingerprint}…; compare it with the center's console).
                Run with: --Gateway:MemberId={record.MemberId} --Gateway:ConfigSource={baseUrl}/exchange/global-configuration --Gateway:CenterPublicKeyFile={centerKeyFile} --Center:Url={baseUrl}
                """, record);
        }
    }

    private static Sm2KeyPair LoadOrCreateKey(string keyFile, TextWriter output)
    {
        if (File.Exists(keyFile))
        {
            return Sm2KeyPair.FromPrivateKeyPem(File.ReadAllText(keyFile));
        }
        var key = Sm2KeyPair.Generate();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
        File.WriteAllText(keyFile, key.PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        output.WriteLine($"Wrote a new SM2 private key to {Path.GetFullPath(keyFile)}. / 已生成前置机 SM2 私钥。");
        return key;
    }
}
