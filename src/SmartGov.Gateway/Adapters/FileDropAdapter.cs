using System.Globalization;
using System.Text.Json;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;

namespace SmartGov.Gateway.Adapters;

/// <summary>
/// A file-drop folder: POST or PUT stores the body as a new file (written aside, then renamed, so a reader never sees
/// half a file); GET / lists the files; GET /{name} returns one.
/// </summary>
public sealed class FileDropAdapter : IServiceAdapter
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private readonly string _folder;

    public FileDropAdapter(ServiceOptions service, long maxBodyBytes)
    {
        _ = maxBodyBytes;
        if (string.IsNullOrWhiteSpace(service.Folder))
        {
            throw new InvalidOperationException($"Service '{service.Code}': a FileDrop adapter needs Folder.");
        }

        _folder = Path.GetFullPath(service.Folder);
        Directory.CreateDirectory(_folder);
    }

    public async Task<AdapterResult> CallAsync(AdapterRequest request, CancellationToken ct)
    {
        var name = request.Path.Trim('/');
        switch (request.Method)
        {
            case "POST" or "PUT" when name.Length == 0:
                var file = $"{DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)}-{request.MessageId}.bin";
                var tmp = Path.Combine(_folder, "." + file + ".part");
                await File.WriteAllBytesAsync(tmp, request.Body, ct);
                File.Move(tmp, Path.Combine(_folder, file));
                return Json(201, new { file, size = request.Body.Length, sm3 = Convert.ToHexStringLower(Sm3.Hash(request.Body)) });
            case "GET" when name.Length == 0:
                var files = Directory.EnumerateFiles(_folder).Select(Path.GetFileName).Where(f => f is not null && !f.StartsWith('.')).Order(StringComparer.Ordinal);
                return Json(200, new { files });
            case "GET" when ExchangeId.IsCode(name) && !name.StartsWith('.') && File.Exists(Path.Combine(_folder, name)):
                return new AdapterResult(200, "application/octet-stream", await File.ReadAllBytesAsync(Path.Combine(_folder, name), ct));
            case "GET":
                return Json(404, new { title = "No such file.", file = name });
            default:
                return AdapterResult.Fail(ExchangeErrors.MethodNotAllowed, "A file drop takes POST or PUT on / and GET.");
        }
    }

    private static AdapterResult Json(int status, object value) =>
        new(status, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(value, _json));
}
