using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Applications.Model;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Services;

namespace SmartGov.Hub.Modules.Applications;

public sealed record WorkflowVersionView(Guid Id, string ImplementationCode, int Version, DateTime PublishedAt, WorkflowDefinitionDocument Definition);

/// <summary>
/// Workflow definitions per item, versioned like the items: a save publishes the next version, and applications keep
/// the version they were submitted under. Versions never change, so they are cached per node without expiry.
/// </summary>
public sealed class WorkflowStore(SmartGovDbContext db, IAuditSink audit, IServiceCatalog catalog, Organizations.IOrganizationDirectory organizations, TimeProvider clock)
{
    private static readonly ConcurrentDictionary<Guid, WorkflowDefinitionDocument> ById = new();

    /// <summary>
    /// The current version per item, for submissions: a publish on this node replaces it at once, another node's publish
    /// shows here within <see cref="CurrentTtl"/>. Versions themselves never change.
    /// </summary>
    private static readonly ConcurrentDictionary<string, (Guid Id, WorkflowDefinitionDocument Definition, long LoadedAt)> Current = new(StringComparer.Ordinal);

    public static readonly TimeSpan CurrentTtl = TimeSpan.FromSeconds(10);

    /// <summary>Id of the built-in default workflow, used for items without a definition of their own.</summary>
    public static readonly Guid DefaultId = Guid.Empty;

    public async Task<(Guid Id, WorkflowDefinitionDocument Definition)> CurrentAsync(string implementationCode, CancellationToken ct)
    {
        var now = clock.GetTimestamp();
        if (Current.TryGetValue(implementationCode, out var cached) && clock.GetElapsedTime(cached.LoadedAt, now) < CurrentTtl)
        {
            return (cached.Id, cached.Definition);
        }
        var row = await db.Set<WorkflowDefinition>().AsNoTracking().Where(w => w.ImplementationCode == implementationCode)
            .OrderByDescending(w => w.Version).Select(w => new { w.Id, w.Json }).FirstOrDefaultAsync(ct);
        var current = row is null
            ? (DefaultId, WorkflowDefinitionDocument.Default)
            : (row.Id, ById.GetOrAdd(row.Id, _ => WorkflowDefinitionDocument.FromJson(row.Json)));
        Current[implementationCode] = (current.Item1, current.Item2, now);
        return current;
    }

    public async Task<WorkflowDefinitionDocument?> FindAsync(Guid id, CancellationToken ct)
    {
        if (id == DefaultId)
        {
            return WorkflowDefinitionDocument.Default;
        }
        if (ById.TryGetValue(id, out var cached))
        {
            return cached;
        }
        var json = await db.Set<WorkflowDefinition>().AsNoTracking().Where(w => w.Id == id).Select(w => w.Json).FirstOrDefaultAsync(ct);
        return json is null ? null : ById.GetOrAdd(id, _ => WorkflowDefinitionDocument.FromJson(json));
    }

    public async Task<IReadOnlyList<WorkflowVersionView>> VersionsAsync(string implementationCode, CancellationToken ct)
    {
        var rows = await db.Set<WorkflowDefinition>().AsNoTracking().Where(w => w.ImplementationCode == implementationCode)
            .OrderByDescending(w => w.Version).ToListAsync(ct);
        return rows.Select(r => new WorkflowVersionView(r.Id, r.ImplementationCode, r.Version, r.PublishedAt, WorkflowDefinitionDocument.FromJson(r.Json))).ToList();
    }

    /// <summary>
    /// Publishes a new version. Editors are the item's department's data administrators and leaders (the same rule as
    /// the catalog); a step naming another department must name an active one.
    /// </summary>
    public async Task<AppResult<WorkflowVersionView>> PublishAsync(ClaimsPrincipal user, string implementationCode, WorkflowDefinitionDocument? definition,
        CancellationToken ct)
    {
        var item = await catalog.FindCurrentAsync(implementationCode, ct);
        if (item is null)
        {
            return new(null, NotFound: true);
        }
        if (!ServiceItemAccess.CanEdit(user, item.DepartmentId))
        {
            return new(null, Forbidden: ("只有事项所属部门的数据管理员或负责人可以修改办理流程", "Only the item department's data administrators and leaders edit its workflow."));
        }
        if (definition?.Steps is null)
        {
            return new(null, [new FieldError("steps", "workflow.empty", "流程至少需要一个环节", "A workflow needs at least one step.")]);
        }
        var errors = definition.Validate().ToList();
        var departments = (await organizations.ListDepartmentsAsync(ct)).Where(d => d.IsActive).Select(d => d.Id).ToHashSet();
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            if (definition.Steps[i].DepartmentId is { } d && !departments.Contains(d))
            {
                errors.Add(new FieldError($"steps[{i}].departmentId", "workflow.department", "环节的办理部门不存在或已停用", "The step's department does not exist or is inactive."));
            }
        }
        if (errors.Count > 0)
        {
            return new(null, errors);
        }
        var latest = await db.Set<WorkflowDefinition>().Where(w => w.ImplementationCode == implementationCode).MaxAsync(w => (int?)w.Version, ct) ?? 0;
        var row = new WorkflowDefinition
        {
            Id = Guid.CreateVersion7(),
            ImplementationCode = implementationCode,
            Version = latest + 1,
            Json = definition.ToJson(),
            PublishedAt = clock.GetUtcNow().UtcDateTime,
            PublishedBy = user.GetUserId(),
        };
        db.Add(row);
        audit.Record(new AuditEvent(AuditActions.ConfigChange, SubjectType: "workflow", SubjectId: implementationCode, Details: $"发布办理流程第 {row.Version} 版"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return new(null, Conflict: ("他人刚发布了新版本流程，请刷新后重试", "Someone else just published a new version; reload and try again."));
        }
        Current.TryRemove(implementationCode, out _);
        return new(new WorkflowVersionView(row.Id, implementationCode, row.Version, row.PublishedAt, definition));
    }
}
