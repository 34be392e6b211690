namespace SmartGov.Hub.Modules.Licences;

/// <summary>What the hub checked about a fetched licence.</summary>
public sealed record LicenceVerification(bool IssuerMatches, bool HolderMatches, bool InForce)
{
    public bool Passed => IssuerMatches && HolderMatches && InForce;

    public string SummaryZh => Passed ? "核验通过：发证部门、持证人一致，证照在有效期内"
        : string.Join("；", new[] { IssuerMatches ? null : "发证部门不符", HolderMatches ? null : "持证人与申请人不一致", InForce ? null : "证照已失效或已注销" }.Where(s => s is not null));

    public string SummaryEn => Passed ? "Verified: issuer and holder match, the licence is in force"
        : string.Join("; ", new[] { IssuerMatches ? null : "issuer does not match", HolderMatches ? null : "holder is not the applicant", InForce ? null : "the licence has expired or was revoked" }.Where(s => s is not null));
}

/// <summary>
/// The outcome of one fetch through the exchange: the licence with its verification, or the error (the gateway's
/// <c>SmartGov-Error</c> code, or one of the hub's own: <c>exchange.not_configured</c>, <c>gateway.unreachable</c>,
/// <c>licence.not_found</c>, <c>provider.error</c>, <c>response.invalid</c>, <c>type.unknown</c>) with a message in both languages.
/// </summary>
public sealed record LicenceFetchResult(
    LicenceType Type,
    string? ServiceId,
    string? IssuerName,
    Guid IssuerDepartmentId,
    LicenceDocument? Licence,
    byte[]? Body,
    LicenceVerification? Verification,
    string? Error,
    string? MessageZh,
    string? MessageEn,
    string? MessageId)
{
    public bool Succeeded => Licence is not null && Verification is { Passed: true };
}

public sealed record LicenceIssueResult(bool Succeeded, bool AlreadyThere, string? Error, string? MessageZh, string? MessageEn);

/// <summary>The Licences module's public face: fetch a licence from its issuing department, or send one into its library.</summary>
public interface ILicenceExchange
{
    /// <summary>
    /// Fetches the holder's licence of this type through the hub's gateway, for <paramref name="userId"/> (who the
    /// exchange logs as the end user), and verifies it. Never throws for exchange failures: they come back as errors.
    /// </summary>
    Task<LicenceFetchResult> FetchAsync(string typeCode, string holderId, string? userId, CancellationToken ct);

    /// <summary>Sends an issued licence into its issuing department's library (<c>licences/issue</c>); idempotent by licence number.</summary>
    Task<LicenceIssueResult> IssueAsync(LicenceDocument licence, CancellationToken ct);
}
