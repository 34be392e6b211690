using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartGov.Crypto;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Hub.Modules.Identity.Auth;

public sealed record IssuedApiToken(Guid Id, string Name, string Token, string Prefix, DateTime ExpiresAt);

public sealed record ApiTokenView(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime ExpiresAt, DateTime? RevokedAt);

/// <summary>Tokens for department systems. The secret is shown once; the database keeps only its SM3 hash.</summary>
public sealed class ApiTokenService(SmartGovDbContext db, IAuditSink audit, TimeProvider clock)
{
    public const string TokenPrefix = "sgv_";

    public static string HashOf(string token) => Convert.ToHexStringLower(Sm3.Hash(Encoding.UTF8.GetBytes(token)));

    public async Task<IssuedApiToken> IssueAsync(Guid departmentId, string name, int validDays, Guid createdBy, CancellationToken ct = default)
    {
        var secret = TokenPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            DepartmentId = departmentId,
            Name = name,
            Prefix = secret[..12],
            Hash = HashOf(secret),
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = now.AddDays(validDays),
        };
        db.Add(token);
        audit.Record(new AuditEvent(AuditActions.TokenIssue, SubjectType: "api-token", SubjectId: token.Id.ToString(), Details: $"{name} ({token.Prefix}…)"));
        await db.SaveChangesAsync(ct);
        return new IssuedApiToken(token.Id, name, secret, token.Prefix, token.ExpiresAt);
    }

    public async Task<IReadOnlyList<ApiTokenView>> ListAsync(Guid departmentId, CancellationToken ct = default) =>
        await db.Set<ApiToken>().AsNoTracking().Where(t => t.DepartmentId == departmentId).OrderByDescending(t => t.CreatedAt)
            .Select(t => new ApiTokenView(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt)).ToListAsync(ct);

    public async Task<bool> RevokeAsync(Guid departmentId, Guid tokenId, CancellationToken ct = default)
    {
        var token = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.Id == tokenId && t.DepartmentId == departmentId, ct);
        if (token is null)
        {
            return false;
        }
        token.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        audit.Record(new AuditEvent(AuditActions.TokenRevoke, SubjectType: "api-token", SubjectId: tokenId.ToString(), Details: token.Prefix));
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary><c>Authorization: Bearer sgv_…</c> for department systems.</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SmartGovDbContext db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(ApiTokenService.TokenPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return AuthenticateResult.Fail("Malformed token.");
        }
        var hash = ApiTokenService.HashOf(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = await db.Set<ApiToken>().AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, Context.RequestAborted);
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return AuthenticateResult.Fail("Unknown, revoked or expired token.");
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, token.CreatedBy.ToString()),
            new Claim(ClaimTypes.Name, $"token:{token.Name}"),
            new Claim(SmartGovClaims.ApiTokenId, token.Id.ToString()),
            new Claim(SmartGovClaims.DepartmentId, token.DepartmentId.ToString()),
            new Claim(ClaimTypes.Role, Roles.DepartmentSystem),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
