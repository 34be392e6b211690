using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Hub.Modules.Audit;

internal sealed class AuditQuery(SmartGovDbContext db) : IAuditQuery
{
    public Task<IReadOnlyList<AuditEntryView>> SearchAsync(string? action, Guid? actorId, int skip, int take, CancellationToken cancellationToken = default) =>
        FindEntriesAsync(new AuditFilter(Action: action, Actor: actorId?.ToString()), skip, take, cancellationToken);

    public Task<int> CountAsync(string? action, CancellationToken cancellationToken = default) =>
        CountEntriesAsync(new AuditFilter(Action: action), cancellationToken);

    public async Task<IReadOnlyList<AuditEntryView>> FindEntriesAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        // Newest first by row id: ids follow insertion, and unsequenced rows (the last second) belong on top too.
        return await Apply(filter).OrderByDescending(r => r.Id).Skip(Math.Max(skip, 0)).Take(Math.Clamp(take, 1, 1000))
            .Select(r => new AuditEntryView(r.Sequence, r.At, r.Action, r.Outcome, r.ActorName, r.ActorId, r.ActorDepartmentId,
                r.SubjectType, r.SubjectId, r.Purpose, r.SourceAddress, r.RequestId, r.TraceId, r.Details, r.ActorType, r.PersonIndex, r.Id))
            .ToListAsync(cancellationToken);
    }

    public Task<int> CountEntriesAsync(AuditFilter filter, CancellationToken cancellationToken = default) =>
        Apply(filter).CountAsync(cancellationToken);

    public Task<AuditEntryView?> FindAsync(long sequence, CancellationToken cancellationToken = default) =>
        db.Set<AuditRecord>().AsNoTracking().Where(r => r.Sequence == sequence)
            .Select(r => new AuditEntryView(r.Sequence, r.At, r.Action, r.Outcome, r.ActorName, r.ActorId, r.ActorDepartmentId,
                r.SubjectType, r.SubjectId, r.Purpose, r.SourceAddress, r.RequestId, r.TraceId, r.Details, r.ActorType, r.PersonIndex, r.Id))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<DataUseItem>> DataUseAsync(string personIndex, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(personIndex))
        {
            return [];
        }
        return await db.Set<AuditRecord>().AsNoTracking().Where(r => r.PersonIndex == personIndex)
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Skip(Math.Max(skip, 0)).Take(Math.Clamp(take, 1, 500))
            .Select(r => new DataUseItem(r.Sequence, r.At, r.Action, r.Outcome, r.ActorType, r.ActorId, r.ActorName, r.ActorDepartmentId, r.SubjectType, r.Purpose))
            .ToListAsync(cancellationToken);
    }

    public Task<int> CountDataUseAsync(string personIndex, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(personIndex)
            ? Task.FromResult(0)
            : db.Set<AuditRecord>().CountAsync(r => r.PersonIndex == personIndex, cancellationToken);

    private IQueryable<AuditRecord> Apply(AuditFilter f)
    {
        var q = db.Set<AuditRecord>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            q = q.Where(r => r.Action == f.Action);
        }
        if (!string.IsNullOrWhiteSpace(f.Actor))
        {
            var actor = f.Actor.Trim();
            if (Guid.TryParse(actor, out var actorId))
            {
                q = q.Where(r => r.ActorId == actorId);
            }
            else
            {
                q = q.Where(r => r.ActorName != null && r.ActorName.Contains(actor));
            }
        }
        if (f.DepartmentId is { } dept)
        {
            q = q.Where(r => r.ActorDepartmentId == dept);
        }
        if (!string.IsNullOrWhiteSpace(f.PersonIndex))
        {
            q = q.Where(r => r.PersonIndex == f.PersonIndex);
        }
        if (!string.IsNullOrWhiteSpace(f.Purpose))
        {
            var purpose = f.Purpose.Trim();
            q = q.Where(r => r.Purpose != null && r.Purpose.Contains(purpose));
        }
        if (f.From is { } from)
        {
            var utc = AsUtc(from);
            q = q.Where(r => r.At >= utc);
        }
        if (f.To is { } to)
        {
            var utc = AsUtc(to);
            q = q.Where(r => r.At < utc);
        }
        if (!string.IsNullOrWhiteSpace(f.Outcome))
        {
            q = q.Where(r => r.Outcome == f.Outcome);
        }
        if (!string.IsNullOrWhiteSpace(f.ActorType))
        {
            q = q.Where(r => r.ActorType == f.ActorType);
        }
        return q;
    }

    private static DateTime AsUtc(DateTime t) =>
        t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
