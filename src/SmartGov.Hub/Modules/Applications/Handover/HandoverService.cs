using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartGov.Core;
using SmartGov.Crypto;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Audit;

namespace SmartGov.Hub.Modules.Applications.Handover;

/// <summary>What an import posts: the package file's JSON, and the sender's public key when the origin is not configured as trusted.</summary>
public sealed record HandoverImportInput(JsonElement? Package, string? SenderPublicKeyPem);

/// <summary>The outcome of an import: the new local application, and what the signature check said.</summary>
public sealed record HandoverImportResult(Guid ApplicationId, string? Number, string OriginRegionCode, string OriginNumber, string KeyFingerprint, bool TrustedKey);

/// <summary>Export and import of signed cross-region handover packages, with the platform key (<see cref="AuditSigner"/>).</summary>
public sealed class HandoverService(ApplicationService applications, MaterialFiles files, AuditSigner platformKey, IOptions<HandoverOptions> options, IAuditSink audit,
    TimeProvider clock)
{
    public string PublicKeyPem => platformKey.PublicKeyPem;

    public Task<AppResult<HandoverExport>> ExportAsync(ClaimsPrincipal user, Guid applicationId, string? targetRegionCode, CancellationToken ct) =>
        applications.ExportHandoverAsync(user, applicationId, targetRegionCode, platformKey.SigningKey, files, ct);

    /// <summary>
    /// Verifies and imports a package. A configured trusted key for the origin region wins over a posted one; with neither,
    /// the import is refused. A tampered package, a wrong key and a second import of the same origin number are refused.
    /// </summary>
    public async Task<AppResult<HandoverImportResult>> ImportAsync(ClaimsPrincipal user, HandoverImportInput input, CancellationToken ct)
    {
        if (user.GetUserId() is not { } uid || !ApplicationService.IsStaff(user))
        {
            return new(null, Forbidden: ("只有部门工作人员可以接收异地移交的办件", "Only department staff take in handed-over applications."));
        }
        if (input.Package is not { ValueKind: JsonValueKind.Object } packageJson)
        {
            return new(null, [new FieldError("package", "handover.required", "请提供移交包（*.sgh.json 的内容）", "Provide the handover package (the content of the *.sgh.json file).")]);
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(packageJson);
        var parsed = HandoverFile.Parse(bytes);
        if (parsed.Package is null)
        {
            var (zh, en) = HandoverReasons.Describe(parsed.Reason);
            return new(null, [new FieldError("package", "handover." + parsed.Reason, zh, en)]);
        }
        var origin = parsed.Package.OriginRegionCode;
        IVerificationKey key;
        bool trusted;
        if (options.Value.TrustedKeys.TryGetValue(origin, out var configured) && !string.IsNullOrWhiteSpace(configured))
        {
            var pem = configured.Contains("BEGIN PUBLIC KEY", StringComparison.Ordinal) ? configured : await File.ReadAllTextAsync(configured, ct);
            key = AuditSigner.ReadPublicKey(pem, platformKey.Profile, $"Handover:TrustedKeys:{origin}");
            trusted = true;
        }
        else if (!string.IsNullOrWhiteSpace(input.SenderPublicKeyPem))
        {
            try
            {
                key = AuditSigner.ReadPublicKey(input.SenderPublicKeyPem, platformKey.Profile, "senderPublicKeyPem");
            }
            catch (AuditConfigurationException)
            {
                return new(null, [new FieldError("senderPublicKeyPem", "handover.key", "发送方公钥不是有效的 PEM 公钥（BEGIN PUBLIC KEY）",
                    "The sender's public key is not a valid PEM public key (BEGIN PUBLIC KEY).")]);
            }
            trusted = false;
        }
        else
        {
            return new(null, [new FieldError("senderPublicKeyPem", "handover.keyRequired", $"未配置区划 {origin} 的可信公钥，请提供发送方公钥",
                $"No trusted key is configured for region {origin}; provide the sender's public key.")]);
        }
        return await ImportVerifiedAsync(user, uid, bytes, parsed, key, trusted, ct);
    }

    /// <summary>Verifies the parsed package under <paramref name="key"/>, stages its inlined materials and creates the local application.</summary>
    internal async Task<AppResult<HandoverImportResult>> ImportVerifiedAsync(ClaimsPrincipal user, Guid uid, byte[] bytes, HandoverFile.ParsedFile parsed,
        IVerificationKey key, bool trusted, CancellationToken ct)
    {
        var origin = parsed.Package!.OriginRegionCode;
        var verdict = HandoverFile.Verify(parsed, key);
        if (!verdict.Valid)
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.Import, AuditOutcomes.Failure, SubjectType: "handover", SubjectId: parsed.Package.Number,
                Details: $"origin={origin}; reason={verdict.Reason}"), ct);
            return new(null, [new FieldError("package", "handover." + verdict.Reason, verdict.MessageZh, verdict.MessageEn)]);
        }
        var p = verdict.Package!;

        // Small materials travel inside: their bytes must match the SM3 the package states, then they are staged as the importer's files.
        var staged = new Dictionary<int, Guid>();
        for (var i = 0; i < p.Materials.Count; i++)
        {
            var m = p.Materials[i];
            if (m.ContentBase64 is null)
            {
                continue;
            }
            byte[] content;
            try
            {
                content = Convert.FromBase64String(m.ContentBase64);
            }
            catch (FormatException)
            {
                return new(null, [new FieldError($"package.materials[{i}]", "handover.material", $"材料“{m.Name}”的内容不是有效的 base64", $"The content of material {m.Name} is not valid base64.")]);
            }
            if (m.Sm3 is not null && !string.Equals(Convert.ToHexStringLower(Sm3.Hash(content)), m.Sm3, StringComparison.OrdinalIgnoreCase))
            {
                return new(null, [new FieldError($"package.materials[{i}]", "handover.materialHash", $"材料“{m.Name}”的内容与其 SM3 不符", $"The content of material {m.Name} does not match its SM3.")]);
            }
            using var stream = new MemoryStream(content);
            var result = await files.StageAsync(uid, m.FileName ?? m.Name, stream, ct);
            if (!result.Succeeded)
            {
                return new(null, result.Errors.Select(e => e with { Field = $"package.materials[{i}]" }).ToList());
            }
            staged[i] = result.File!.Id;
        }
        var fingerprint = Convert.ToHexStringLower(Sm3.Hash(key.ToDer()));
        var row = new ApplicationHandover
        {
            Id = Guid.CreateVersion7(), Direction = HandoverDirection.In, PackageId = p.PackageId, Number = p.Number, RegionCode = origin,
            PackageSm3 = Convert.ToHexStringLower(Sm3.Hash(bytes)), KeyFingerprint = fingerprint, DedupKey = Dedup(origin, p.Number),
            At = clock.GetUtcNow().UtcDateTime, By = uid, ByName = user.Identity?.Name,
        };
        var created = await applications.ImportHandoverAsync(user, p, row, staged, ct);
        return created.Succeeded
            ? new(new HandoverImportResult(created.Value!.Id, created.Value.Number, origin, p.Number, fingerprint, trusted))
            : new(null, created.Errors, created.Conflict, created.Forbidden, created.NotFound);
    }

    /// <summary>The trusted key configured for <paramref name="origin"/> (Handover:TrustedKeys), or null.</summary>
    internal async Task<IVerificationKey?> TrustedKeyAsync(string origin, CancellationToken ct)
    {
        if (!options.Value.TrustedKeys.TryGetValue(origin, out var configured) || string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }
        var pem = configured.Contains("BEGIN PUBLIC KEY", StringComparison.Ordinal) ? configured : await File.ReadAllTextAsync(configured, ct);
        return AuditSigner.ReadPublicKey(pem, platformKey.Profile, $"Handover:TrustedKeys:{origin}");
    }

    internal AuditSigner PlatformKey => platformKey;

    internal static string Dedup(string origin, string number) => $"in:{origin}:{number}".Length <= 64 ? $"in:{origin}:{number}" : "in:" + Convert.ToHexStringLower(Sm3.Hash(System.Text.Encoding.UTF8.GetBytes(origin + ":" + number)))[..60];
}

public static class HandoverModule
{
    /// <summary>Cross-region handover (异地代收代办): export and import of signed packages.</summary>
    public static IServiceCollection AddApplicationHandover(this IServiceCollection services)
    {
        services.AddOptions<HandoverOptions>().BindConfiguration(HandoverOptions.Section);
        services.AddScoped<HandoverService>();
        services.AddScoped<HandoverExchange>();
        return services;
    }
}
