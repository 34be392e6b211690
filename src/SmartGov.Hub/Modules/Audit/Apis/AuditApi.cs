using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.PersonalData;

namespace SmartGov.Hub.Modules.Audit.Apis;

public sealed record DataUsePage(IReadOnlyList<DataUseItem> Items, int Page, int PageSize, int Total);

public sealed record AuditEntryDetailDto(AuditEntryView Entry, string? Canonical, string? LeafHash);

public sealed record InclusionProofDto(long Sequence, long TreeSize, string LeafHash, IReadOnlyList<string> Path, string RootHash, SignedTreeHeadDto? Head);

public sealed record ConsistencyProofDto(long First, long Second, string FirstRoot, string SecondRoot, IReadOnlyList<string> Path,
    SignedTreeHeadDto? FirstHead, SignedTreeHeadDto? SecondHead);

/// <summary>
/// The audit trail for audit administrators only (审计管理员; 三员分立: the system and security admins are refused):
/// searches, single entries, RFC 6962 inclusion and consistency proofs, signed tree heads and the public key.
/// </summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/v1/audit").WithTags("Audit").RequireAuthorization(Policies.Auditor);
        api.MapGet("/entries", SearchAsync).WithName("SearchAuditEntries")
            .WithSummary("Audit entries, newest first; filter by actor, department, person (ID number or blind index), action, purpose and time / 查询审计记录");
        api.MapGet("/entries/{sequence:long}", GetEntryAsync).WithName("GetAuditEntry")
            .WithSummary("One entry with its canonical JSON and leaf hash / 查看一条审计记录");
        api.MapGet("/entries/{sequence:long}/proof", InclusionProofAsync).WithName("GetAuditInclusionProof")
            .WithSummary("RFC 6962 inclusion proof of an entry in the tree of treeSize entries (default: latest head) / 审计记录包含性证明");
        api.MapGet("/consistency", ConsistencyProofAsync).WithName("GetAuditConsistencyProof")
            .WithSummary("RFC 6962 consistency proof between tree sizes first and second / 审计日志一致性证明");
        api.MapGet("/heads/latest", LatestHeadAsync).WithName("GetLatestAuditTreeHead")
            .WithSummary("The latest signed tree head / 最新签名树头");
        api.MapGet("/heads", HeadsAsync).WithName("GetAuditTreeHeads")
            .WithSummary("The signed tree head for size N (?size=N), or the newest heads / 签名树头");
        api.MapGet("/public-key", PublicKey).WithName("GetAuditPublicKey")
            .WithSummary("The PEM public key that verifies tree heads (SM2 in the gm profile) / 树头验签公钥");
        api.MapGet("/keys", KeysAsync).WithName("GetAuditSigningKeys")
            .WithSummary("The history of the signing keys: which key signs heads from which tree size, each hand-over signed by both keys / 签名密钥更换记录");

        app.MapGet("api/v1/me/data-use", MyDataUseAsync).WithTags("Audit").RequireAuthorization(Policies.PublicUser)
            .WithName("ListMyDataUse").WithSummary("Who used my personal data, when and for what purpose / 谁使用了我的数据");
        return app;
    }

    public static async Task<Ok<DataUsePage>> MyDataUseAsync(
        System.Security.Claims.ClaimsPrincipal user, IPersonDirectory people, IAuditQuery query, int? page, int? pageSize, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize ?? 50, 1, 200);
        var number = Math.Max(page ?? 1, 1);
        var index = user.GetUserId() is { } id ? await people.IdNumberIndexAsync(id, ct) : null;
        if (string.IsNullOrEmpty(index))
        {
            return TypedResults.Ok(new DataUsePage([], number, size, 0));
        }
        var items = await query.DataUseAsync(index, (int)Math.Min((number - 1L) * size, int.MaxValue), size, ct);
        return TypedResults.Ok(new DataUsePage(items, number, size, await query.CountDataUseAsync(index, ct)));
    }

    public static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> SearchAsync(
        IAuditQuery query, IPersonalDataCipher cipher,
        string? action, string? actor, Guid? actorId, Guid? department, string? person, string? purpose, string? from, string? to,
        string? outcome, string? actorType, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var personIndex = PersonIndexOf(cipher, person, errors);
        var fromTime = ParseTime(from, "from", errors);
        var toTime = ParseTime(to, "to", errors);
        if (action is { Length: > 0 } && !AuditActions.All.Contains(action, StringComparer.Ordinal))
        {
            errors.Add("action", "audit.action", $"未知的操作类型 {action}", $"Unknown action \"{action}\".");
        }
        if (errors.Any)
        {
            return Problems.Validation(errors.All);
        }
        var size = Math.Clamp(pageSize ?? 50, 1, 500);
        var number = Math.Max(page ?? 1, 1);
        var filter = new AuditFilter(action, actorId?.ToString() ?? actor, department, personIndex, purpose, fromTime, toTime, outcome, actorType);
        var items = await query.FindEntriesAsync(filter, (int)Math.Min((number - 1L) * size, int.MaxValue), size, ct);
        var total = await query.CountEntriesAsync(filter, ct);
        return TypedResults.Ok(new AuditPage(items, number, size, total));
    }

    public static async Task<Results<Ok<AuditEntryDetailDto>, ProblemHttpResult>> GetEntryAsync(IAuditLog log, long sequence, CancellationToken ct)
    {
        var v = await log.VerifyEntryAsync(sequence, ct);
        return v is null
            ? Problems.NotFound($"审计记录 {sequence} 不存在或尚未入链", $"Audit entry {sequence} does not exist or is not sequenced yet.")
            : TypedResults.Ok(new AuditEntryDetailDto(v.Entry,
                v.CanonicalBytes is null ? null : Encoding.UTF8.GetString(v.CanonicalBytes),
                v.StoredLeafHash is null ? null : Convert.ToHexStringLower(v.StoredLeafHash)));
    }

    public static async Task<Results<Ok<InclusionProofDto>, ProblemHttpResult>> InclusionProofAsync(IAuditLog log, long sequence, long? treeSize, CancellationToken ct)
    {
        var result = await log.InclusionProofAsync(sequence, treeSize, ct);
        if (result.Proof is not { } p)
        {
            return ToProblem(result.Problem, result.Message, sequence);
        }
        return TypedResults.Ok(new InclusionProofDto(p.Sequence, p.TreeSize, Hex(p.LeafHash), p.Path.Select(Hex).ToList(), Hex(p.RootHash), p.Head?.ToDto()));
    }

    public static async Task<Results<Ok<ConsistencyProofDto>, ProblemHttpResult>> ConsistencyProofAsync(IAuditLog log, long? first, long? second, CancellationToken ct)
    {
        if (first is null || second is null)
        {
            return Problems.Validation("first", "required", "请提供 first 和 second 两个树大小", "Give both tree sizes, first and second.");
        }
        var result = await log.ConsistencyProofAsync(first.Value, second.Value, ct);
        if (result.Proof is not { } p)
        {
            return ToProblem(result.Problem, result.Message, null);
        }
        return TypedResults.Ok(new ConsistencyProofDto(p.FirstSize, p.SecondSize, Hex(p.FirstRoot), Hex(p.SecondRoot), p.Path.Select(Hex).ToList(),
            p.FirstHead?.ToDto(), p.SecondHead?.ToDto()));
    }

    public static async Task<Results<Ok<SignedTreeHeadDto>, ProblemHttpResult>> LatestHeadAsync(IAuditLog log, CancellationToken ct)
    {
        var head = await log.LatestHeadAsync(ct);
        return head is null
            ? Problems.NotFound("尚未签发树头", "No tree head has been signed yet.")
            : TypedResults.Ok(head.ToDto());
    }

    public static async Task<Results<Ok<SignedTreeHeadDto>, Ok<List<SignedTreeHeadDto>>, ProblemHttpResult>> HeadsAsync(
        IAuditLog log, long? size, int? page, int? pageSize, CancellationToken ct)
    {
        if (size is { } n)
        {
            var head = await log.HeadAsync(n, ct);
            return head is null
                ? Problems.NotFound($"没有树大小为 {n} 的签名树头", $"No signed tree head for size {n}.")
                : TypedResults.Ok(head.ToDto());
        }
        var take = Math.Clamp(pageSize ?? 50, 1, 500);
        var heads = await log.HeadsAsync((int)Math.Min((Math.Max(page ?? 1, 1) - 1L) * take, int.MaxValue), take, ct);
        return TypedResults.Ok(heads.Select(h => h.ToDto()).ToList());
    }

    public static async Task<Ok<IReadOnlyList<AuditSigningKeyDto>>> KeysAsync(IAuditLog log, CancellationToken ct) =>
        TypedResults.Ok(await log.KeysAsync(ct));

    public static Results<ContentHttpResult, ProblemHttpResult> PublicKey(IAuditLog log)
    {
        try
        {
            return TypedResults.Text(log.PublicKeyPem, "application/x-pem-file", Encoding.ASCII);
        }
        catch (AuditConfigurationException)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Internal,
                "审计签名密钥不可用，请联系安全管理员", "The audit signing key is unavailable; contact the security administrator."));
        }
    }

    /// <summary>An ID number becomes its blind index; a 64-hex string is taken as an index already.</summary>
    internal static string? PersonIndexOf(IPersonalDataCipher cipher, string? person, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(person))
        {
            return null;
        }
        var value = person.Trim();
        if (value.Length == 64 && value.All(char.IsAsciiHexDigit))
        {
            return value.ToLowerInvariant();
        }
        var check = IdNumber.Validate(value);
        if (!check.IsValid)
        {
            errors.Check("person", check);
            return null;
        }
        return cipher.BlindIndex(PersonalDataKind.IdNumber, IdNumber.Normalize(value));
    }

    internal static DateTime? ParseTime(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return t.UtcDateTime;
        }
        errors.Add(field, "audit.time", $"{field} 不是有效的时间（例如 2026-11-29T08:00:00Z）", $"{field} is not a valid time (e.g. 2026-11-29T08:00:00Z).");
        return null;
    }

    private static ProblemHttpResult ToProblem(ProofProblem problem, string? message, long? sequence) => problem switch
    {
        ProofProblem.NoSuchEntry => Problems.NotFound($"审计记录 {sequence} 不存在或尚未入链", $"Audit entry {sequence} does not exist or is not sequenced yet."),
        ProofProblem.NoHead => Problems.NotFound("尚未签发树头", "No tree head has been signed yet."),
        ProofProblem.TreeSizeOutOfRange => Problems.Validation("treeSize", "audit.tree-size", $"树大小超出范围：{message}", $"Tree size out of range: {message}"),
        _ => TypedResults.Problem(Problems.Create(StatusCodes.Status500InternalServerError, ProblemTypes.Internal,
            $"审计日志存储不完整：{message}", $"The audit log store is damaged: {message}")),
    };

    private static string Hex(byte[] b) => Convert.ToHexStringLower(b);
}
