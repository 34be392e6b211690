using Microsoft.Extensions.DependencyInjection;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Audit;

namespace SmartGov.Hub.Modules.Applications;

/// <summary>A signed result, ready to store or send: the file's bytes and a name to download it under.</summary>
public sealed record SignedResult(ResultDocument Document, byte[] FileBytes, string FileName)
{
    public const string ContentType = "application/json";
}

/// <summary>
/// Signs result documents with the platform's key: the audit trail's signing key (<see cref="AuditSigner"/>,
/// Audit:SigningKeyFile, profile Audit:Profile), so one public key verifies both tree heads and results.
/// </summary>
public sealed class ResultSigner(AuditSigner platformKey, IServiceScopeFactory scopes)
{
    public ICryptoProfile Profile => platformKey.Profile;

    /// <summary>SubjectPublicKeyInfo PEM of the key that verifies results.</summary>
    public string PublicKeyPem => platformKey.PublicKeyPem;

    /// <exception cref="AuditConfigurationException">The platform key is not configured.</exception>
    public SignedResult Sign(ResultDocument document)
    {
        var bytes = ResultFile.Create(document, platformKey.SigningKey);
        return new SignedResult(document, bytes, ResultFile.FileNameFor(document));
    }

    /// <summary>
    /// Signs as <see cref="Sign"/> does, after making sure this node's key has not been replaced (<see cref="AuditKeyHistory"/>):
    /// during a key change a node not yet restarted with the new key would otherwise issue documents that no longer verify.
    /// </summary>
    /// <exception cref="AuditConfigurationException">The key is not configured, or another key has taken over from it.</exception>
    public async Task<SignedResult> SignAsync(ResultDocument document, CancellationToken ct = default)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var history = await scope.ServiceProvider.GetRequiredService<IAuditLog>().KeysAsync(ct);
            var fingerprint = AuditKeyHistory.Fingerprint(platformKey.Profile, platformKey.PublicKey);
            var mine = history.FirstOrDefault(k => k.Fingerprint == fingerprint);
            if (mine is not null && mine.Number < history[^1].Number)
            {
                throw new AuditConfigurationException(
                    $"This node's platform key (key {mine.Number}, {fingerprint[..16]}…) was replaced by key {history[^1].Number}; restart it with the current key. "
                    + "/ 本节点的平台签名密钥已被更换，请使用新密钥重启后再出具结果文书。");
            }
        }
        return Sign(document);
    }

    /// <summary>Checks a file against the platform's current key only.</summary>
    public ResultVerification Verify(ReadOnlySpan<byte> fileBytes) => ResultFile.Verify(fileBytes, platformKey.PublicKey);

    /// <summary>
    /// Checks a file against the platform key that was in force when the document was issued: the current key, or, if
    /// the key has been replaced since (<see cref="AuditKeyHistory"/>), the key of the history that had taken over
    /// last before the document's issue time. The history is trusted only through the current key's chain.
    /// </summary>
    public async Task<ResultVerification> VerifyAsync(byte[] fileBytes, CancellationToken ct = default)
    {
        var current = Verify(fileBytes);
        if (current.Reason != ResultReasons.SignatureMismatch || current.Document is null)
        {
            return current;
        }
        await using var scope = scopes.CreateAsyncScope();
        var history = await scope.ServiceProvider.GetRequiredService<IAuditLog>().KeysAsync(ct);
        var issued = new DateTimeOffset(DateTime.SpecifyKind(current.Document.IssuedAt, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        var key = history.KeyInForceAt(platformKey.Profile, platformKey.PublicKey, issued);
        return key is null || key.Equals(platformKey.PublicKey) ? current : ResultFile.Verify(fileBytes, key);
    }
}
