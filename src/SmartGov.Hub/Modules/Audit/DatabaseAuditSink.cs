using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Hub.Modules.Audit;

internal sealed class DatabaseAuditSink(SmartGovDbContext db, IHttpContextAccessor http, TimeProvider clock) : IAuditSink, IAuditQuery
{
    public void Record(AuditEvent e) => db.Set<AuditRecord>().Add(ToRecord(e));

    public async Task WriteAsync(AuditEvent e, CancellationToken cancellationToken = default)
    {
        Record(e);
        await db.SaveChangesAsync(cancellationToken);
    }

    private AuditRecord ToRecord(AuditEvent e)
    {
        var context = http.HttpContext;
        var user = context?.User;
        var actorId = e.ActorId ?? user?.GetUserId();
        var tokenId = user?.FindFirst(SmartGovClaims.ApiTokenId)?.Value;
        return new AuditRecord
        {
            At = clock.GetUtcNow().UtcDateTime,
            Action = e.Action,
            Outcome = e.Outcome,
            ActorType = tokenId is not null ? "api-token" : actorId is not null ? "user" : context is null ? "system" : "anonymous",
            ActorId = actorId,
            ActorName = Truncate(e.ActorName ?? user?.Identity?.Name, 128),
            ActorDepartmentId = e.ActorDepartmentId ?? user?.GetDepartmentId(),
            SubjectType = e.SubjectType,
            SubjectId = e.SubjectId,
            PersonIndex = e.PersonIndex,
            Purpose = e.Purpose,
            SourceAddress = context?.Connection.RemoteIpAddress?.ToString(),
            RequestId = context?.TraceIdentifier,
            TraceId = Activity.Current?.TraceId.ToString(),
            Details = Truncate(e.Details, 4000),
        };
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    public async Task<IReadOnlyList<AuditEntryView>> SearchAsync(string? action, Guid? actorId, int skip, int take, CancellationToken cancellationToken = default)
    {
        var q = db.Set<AuditRecord>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(action))
        {
            q = q.Where(r => r.Action == action);
        }
        if (actorId is not null)
        {
            q = q.Where(r => r.ActorId == actorId);
        }
        return await q.OrderByDescending(r => r.Id).Skip(skip).Take(take)
            .Select(r => new AuditEntryView(r.Id, r.At, r.Action, r.Outcome, r.ActorName, r.ActorId, r.ActorDepartmentId,
                r.SubjectType, r.SubjectId, r.Purpose, r.SourceAddress, r.RequestId, r.TraceId, r.Details))
            .ToListAsync(cancellationToken);
    }

    public Task<int> CountAsync(string? action, CancellationToken cancellationToken = default)
    {
        var q = db.Set<AuditRecord>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(action))
        {
            q = q.Where(r => r.Action == action);
        }
        return q.CountAsync(cancellationToken);
    }
}
