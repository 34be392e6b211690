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
public sealed class ResultSigner(AuditSigner platformKey)
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

    public ResultVerification Verify(ReadOnlySpan<byte> fileBytes) => ResultFile.Verify(fileBytes, platformKey.PublicKey);
}
