using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Hub.Modules.Audit;

/// <summary>
/// Writes audit entries as rows of the caller's unit of work. The row carries no sequence number yet: the
/// <see cref="AuditSequencer"/> gives it one after the caller's transaction has committed, so an entry whose action
/// rolled back never reaches the log, and an action cannot commit without its entry.
/// </summary>
internal sealed class DatabaseAuditSink(SmartGovDbContext db, IHttpContextAccessor http, TimeProvider clock) : IAuditSink
{
    public void Record(AuditEvent e) => db.Set<AuditRecord>().Add(ToRecord(e, http.HttpContext, clock));

    public async Task WriteAsync(AuditEvent e, CancellationToken cancellationToken = default)
    {
        Record(e);
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static AuditRecord ToRecord(AuditEvent e, HttpContext? context, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (string.IsNullOrWhiteSpace(e.Action) || e.Action.Length > 64)
        {
            throw new ArgumentException("An audit event needs an action of at most 64 characters (see AuditActions).", nameof(e));
        }
        if (string.IsNullOrWhiteSpace(e.Outcome) || e.Outcome.Length > 32)
        {
            throw new ArgumentException("An audit event needs an outcome of at most 32 characters (see AuditOutcomes).", nameof(e));
        }
        if (AuditActions.IsPersonalDataAccess(e.Action))
        {
            // Reading personal data is only lawful for a stated purpose (GB/T 35273-2020 §5.3, §7.4), and the
            // citizen's data-use page can only show it when the entry names the person.
            if (string.IsNullOrWhiteSpace(e.Purpose))
            {
                throw new ArgumentException(
                    $"\"{e.Action}\" needs a purpose (用途): personal data is read only for a stated purpose. / 访问个人信息必须说明用途。", nameof(e));
            }
            if (string.IsNullOrWhiteSpace(e.PersonIndex))
            {
                throw new ArgumentException(
                    $"\"{e.Action}\" needs the person's blind index (PersonIndex). / 访问个人信息的审计记录必须标明信息主体。", nameof(e));
            }
        }
        if (e.ActorType is not null && !AuditActorTypes.All.Contains(e.ActorType, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown actor type \"{e.ActorType}\" (see AuditActorTypes).", nameof(e));
        }

        var user = context?.User;
        var tokenId = user?.FindFirst(SmartGovClaims.ApiTokenId)?.Value;
        Guid? actorId = e.ActorId ?? (tokenId is not null && Guid.TryParse(tokenId, out var t) ? t : user?.GetUserId());
        var actorType = e.ActorType
            ?? (tokenId is not null ? AuditActorTypes.ApiToken
                : actorId is not null ? AuditActorTypes.User
                : context is null ? AuditActorTypes.System
                : AuditActorTypes.Anonymous);
        // The account's user name (unique, what auditors search for); the citizen's page looks the display name up itself.
        var actorName = e.ActorName ?? user?.Identity?.Name;
        return new AuditRecord
        {
            At = AuditCanonicalJson.TruncateToMilliseconds(clock.GetUtcNow().UtcDateTime),
            Action = Clean(e.Action, 64)!,
            Outcome = Clean(e.Outcome, 32)!,
            ActorType = actorType,
            ActorId = actorId,
            ActorName = Clean(actorName, 128),
            ActorDepartmentId = e.ActorDepartmentId ?? user?.GetDepartmentId(),
            SubjectType = Clean(e.SubjectType, 64),
            SubjectId = Clean(e.SubjectId, 128),
            PersonIndex = Clean(e.PersonIndex, 64),
            Purpose = Clean(e.Purpose, 256),
            SourceAddress = Clean(context?.Connection.RemoteIpAddress?.ToString(), 64),
            RequestId = Clean(context?.TraceIdentifier, 64),
            TraceId = Clean(Activity.Current?.TraceId.ToString(), 64),
            Details = Clean(e.Details, 4000),
        };
    }

    /// <summary>
    /// Makes a string storable on every provider and exactly representable in the canonical form: no NUL (PostgreSQL
    /// text refuses it), no lone surrogate (not Unicode), at most <paramref name="max"/> UTF-16 units without splitting a pair.
    /// </summary>
    internal static string? Clean(string? s, int max)
    {
        if (s is null)
        {
            return null;
        }
        var needsWork = s.Length > max;
        foreach (var c in s)
        {
            if (c == '\0' || char.IsSurrogate(c))
            {
                needsWork = true;
                break;
            }
        }
        if (!needsWork)
        {
            return s;
        }
        var sb = new StringBuilder(Math.Min(s.Length, max));
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0')
            {
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                if (sb.Length + 2 > max)
                {
                    break;
                }
                sb.Append(c).Append(s[++i]);
                continue;
            }
            if (sb.Length + 1 > max)
            {
                break;
            }
            sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return sb.ToString();
    }

    /// <summary>The canonical content of a sequenced row.</summary>
    internal static AuditEntryData ToData(AuditRecord r, long sequence) => new(
        sequence, DateTime.SpecifyKind(r.At, DateTimeKind.Utc), r.Action, r.Outcome, r.ActorType, r.ActorId, r.ActorName, r.ActorDepartmentId,
        r.SubjectType, r.SubjectId, r.PersonIndex, r.Purpose, r.SourceAddress, r.RequestId, r.TraceId, r.Details);
}
