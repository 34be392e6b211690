using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Catalog.Model;
using SmartGov.Hub.Modules.Catalog.Search;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Hub.Modules.Catalog;

/// <summary>A resource as the console lists it.</summary>
public sealed record ResourceListEntry(string Code, string Name, SharingType SharingType, bool OpenToPublic, int LatestVersion, DateTime UpdatedAt);

/// <summary>
/// The resource catalog (资源目录): registering resources and publishing their versions, and reading them. Every edit
/// publishes a new immutable version, audited in the same transaction, and updates this node's search index.
/// </summary>
public sealed class ResourceCatalog(SmartGovDbContext db, IOrganizationDirectory organizations, IAuditSink audit, TimeProvider clock, ResourceSearchIndex index)
{
    public const string AuditSubject = "catalog-resource";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<CatalogResult<PublishOutcome>> PublishAsync(ClaimsPrincipal user, string? code, ResourceInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataResource? resource = null;
        DataResourceVersion? latest = null;
        Guid? provider;
        if (code is not null)
        {
            var c = ResourceValidator.NormalizeCode(code);
            resource = await db.Set<DataResource>().FirstOrDefaultAsync(r => r.Code == c, ct);
            if (resource is null)
            {
                return CatalogResults.Missing<PublishOutcome>();
            }
            if (!CatalogAccess.CanEdit(user, resource.ProviderDepartmentId))
            {
                return CatalogResults.Denied<PublishOutcome>("只有资源提供部门的数据管理员（或系统管理员）可以修改该资源",
                    "Only the data administrator of the resource's provider department (or the system administrator) may change this resource.");
            }
            latest = await db.Set<DataResourceVersion>().AsNoTracking().Where(v => v.ResourceId == resource.Id).OrderByDescending(v => v.Version).FirstAsync(ct);
            provider = resource.ProviderDepartmentId;
        }
        else
        {
            provider = input.ProviderDepartmentId ?? user.GetDepartmentId();
            if (!CatalogAccess.IsEditor(user) || (provider is { } p && !CatalogAccess.CanEdit(user, p)))
            {
                return CatalogResults.Denied<PublishOutcome>("只能由数据管理员为本部门登记资源（系统管理员可为任一部门登记）",
                    "Only a data administrator may register resources, and only for their own department (the system administrator for any).");
            }
        }

        var (draft, errors) = ResourceValidator.Validate(input, provider, resource?.Code);
        DepartmentInfo? department = provider is { } pid ? await organizations.FindDepartmentAsync(pid, ct) : null;
        if (provider is not null && department is not { IsActive: true })
        {
            errors.Add("providerDepartmentId", "providerDepartmentId.unknown", "资源提供部门不存在或已停用", "The provider department does not exist or is inactive.");
            draft = null;
        }
        if (resource is not null && input.ProviderDepartmentId is { } asked && asked != resource.ProviderDepartmentId)
        {
            errors.Add("providerDepartmentId", "providerDepartmentId.immutable", "资源的提供部门不能更改；请由新部门登记新资源",
                "A resource's provider cannot change; the new provider registers its own resource.");
            draft = null;
        }
        if (resource is not null && draft is not null && draft.ClassificationCode != resource.ClassificationCode)
        {
            errors.Add("classificationCode", "classificationCode.immutable", $"资源代码 {resource.Code} 已包含分类 {resource.ClassificationCode}，分类不能更改",
                $"Resource code {resource.Code} already carries classification {resource.ClassificationCode}; it cannot change.");
            draft = null;
        }
        if (draft is not null && draft.RelatedCodes.Count > 0)
        {
            var related = draft.RelatedCodes.ToList();
            var known = await db.Set<DataResource>().AsNoTracking().Where(r => related.Contains(r.Code)).Select(r => r.Code).ToListAsync(ct);
            foreach (var missing in related.Except(known))
            {
                errors.Add("relatedCodes", "relatedCodes.unknown", $"关联资源 {missing} 不存在", $"Related resource {missing} does not exist.");
                draft = null;
            }
        }
        if (errors.Any || draft is null)
        {
            return CatalogResults.Invalid<PublishOutcome>(errors.All);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var created = resource is null;
        if (resource is null)
        {
            var last = await db.Set<DataResource>().Where(r => r.ClassificationCode == draft.ClassificationCode).MaxAsync(r => (int?)r.Sequence, ct) ?? 0;
            if (last >= 999_999)
            {
                return CatalogResults.Clash<PublishOutcome>("该分类下的资源序号已用完", "All sequence numbers of this classification are used.");
            }
            resource = new DataResource
            {
                Id = Guid.CreateVersion7(),
                ClassificationCode = draft.ClassificationCode,
                Sequence = last + 1,
                Code = FormatCode(draft.ClassificationCode, last + 1),
                ProviderDepartmentId = draft.ProviderDepartmentId,
                CreatedAt = now,
            };
            db.Add(resource);
        }
        resource.LatestVersion++;
        resource.UpdatedAt = now;
        var version = ToVersion(draft, resource, department!, user, now);
        db.Add(version);
        audit.Record(new AuditEvent(created ? AuditActions.Create : AuditActions.Update, SubjectType: AuditSubject, SubjectId: resource.Code,
            Details: $"v{version.Version} {version.Name}{(version.ChangeNote is null ? "" : "：" + version.ChangeNote)}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another editor published this resource (or took this sequence number) at the same moment; nothing of ours was saved.
            db.ChangeTracker.Clear();
            return CatalogResults.Clash<PublishOutcome>("另一位编辑人员刚刚发布了该资源或占用了该资源代码，请刷新后重试",
                "Someone else has just published this resource or taken this code; reload and try again.");
        }
        await index.ResourcesChangedAsync([resource.Id], ct);
        var names = await DepartmentNamesAsync(ct);
        return CatalogResults.Ok(new PublishOutcome(ToView(resource, version, names), created));
    }

    /// <summary>Adds a version without a user (demo seeding, benchmarks); the caller saves.</summary>
    internal DataResource Register(ResourceDraft draft, DepartmentInfo department, int sequence, DateTime now)
    {
        var resource = new DataResource
        {
            Id = Guid.CreateVersion7(),
            ClassificationCode = draft.ClassificationCode,
            Sequence = sequence,
            Code = FormatCode(draft.ClassificationCode, sequence),
            ProviderDepartmentId = department.Id,
            CreatedAt = now,
            UpdatedAt = now,
            LatestVersion = 1,
        };
        db.Add(resource);
        db.Add(ToVersion(draft, resource, department, null, now));
        return resource;
    }

    public static string FormatCode(string classification, int sequence) =>
        classification + "-" + sequence.ToString("D6", CultureInfo.InvariantCulture);

    private static DataResourceVersion ToVersion(ResourceDraft draft, DataResource resource, DepartmentInfo department, ClaimsPrincipal? user, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        ResourceId = resource.Id,
        Version = resource.LatestVersion,
        Name = draft.Name,
        NameEn = draft.NameEn,
        ClassificationCode = draft.ClassificationCode,
        ProviderDepartmentId = department.Id,
        ProviderCode = department.CreditCode,
        Abstract = draft.Abstract,
        Format = draft.Format,
        DataItemsJson = JsonSerializer.Serialize(draft.DataItems, Json),
        SharingType = draft.SharingType,
        SharingConditions = draft.SharingConditions,
        SharingMethods = draft.SharingMethods,
        OpenToPublic = draft.OpenToPublic,
        OpenConditions = draft.OpenConditions,
        UpdateCycle = draft.UpdateCycle,
        ReleaseDate = draft.ReleaseDate,
        RelatedCodes = [.. draft.RelatedCodes],
        PersonalData = draft.PersonalData,
        ChangeNote = draft.ChangeNote,
        PublishedAt = now,
        PublishedBy = user?.GetUserId(),
        PublishedByName = user?.FindFirstValue(SmartGovClaims.DisplayName) ?? user?.Identity?.Name,
    };

    // ---- reads ----

    public async Task<ResourceView?> FindCurrentAsync(string code, CancellationToken ct = default)
    {
        var c = ResourceValidator.NormalizeCode(code);
        var resource = await db.Set<DataResource>().AsNoTracking().FirstOrDefaultAsync(r => r.Code == c, ct);
        if (resource is null)
        {
            return null;
        }
        var version = await db.Set<DataResourceVersion>().AsNoTracking().Where(v => v.ResourceId == resource.Id)
            .OrderByDescending(v => v.Version).FirstAsync(ct);
        return ToView(resource, version, await DepartmentNamesAsync(ct));
    }

    public async Task<ResourceView?> FindVersionAsync(string code, int version, CancellationToken ct = default)
    {
        var c = ResourceValidator.NormalizeCode(code);
        var resource = await db.Set<DataResource>().AsNoTracking().FirstOrDefaultAsync(r => r.Code == c, ct);
        if (resource is null)
        {
            return null;
        }
        var v = await db.Set<DataResourceVersion>().AsNoTracking().FirstOrDefaultAsync(x => x.ResourceId == resource.Id && x.Version == version, ct);
        return v is null ? null : ToView(resource, v, await DepartmentNamesAsync(ct));
    }

    public async Task<IReadOnlyList<ResourceVersionSummary>> ListVersionsAsync(string code, CancellationToken ct = default)
    {
        var c = ResourceValidator.NormalizeCode(code);
        var id = await db.Set<DataResource>().AsNoTracking().Where(r => r.Code == c).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        if (id is null)
        {
            return [];
        }
        return await db.Set<DataResourceVersion>().AsNoTracking().Where(v => v.ResourceId == id).OrderByDescending(v => v.Version)
            .Select(v => new ResourceVersionSummary(v.Version, v.PublishedAt, v.PublishedByName, v.ChangeNote)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<ResourceListEntry>> ListForDepartmentAsync(Guid departmentId, CancellationToken ct = default)
    {
        var current = await CurrentVersionsAsync(db.Set<DataResource>().AsNoTracking().Where(r => r.ProviderDepartmentId == departmentId), ct);
        return current.Select(x => new ResourceListEntry(x.Resource.Code, x.Version.Name, x.Version.SharingType, x.Version.OpenToPublic, x.Resource.LatestVersion, x.Resource.UpdatedAt))
            .OrderBy(x => x.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every resource's current version (optionally only those open to the public), in code order.</summary>
    public async Task<IReadOnlyList<ResourceView>> ListCurrentAsync(bool publicOnly, CancellationToken ct = default)
    {
        var names = await DepartmentNamesAsync(ct);
        var current = await CurrentVersionsAsync(db.Set<DataResource>().AsNoTracking(), ct);
        return current.Where(x => !publicOnly || x.Version.OpenToPublic).Select(x => ToView(x.Resource, x.Version, names))
            .OrderBy(v => v.Code, StringComparer.Ordinal).ToList();
    }

    internal async Task<List<(DataResource Resource, DataResourceVersion Version)>> CurrentVersionsAsync(IQueryable<DataResource> resources, CancellationToken ct)
    {
        var list = await resources.ToListAsync(ct);
        var result = new List<(DataResource, DataResourceVersion)>(list.Count);
        foreach (var chunk in list.Chunk(500))
        {
            var ids = chunk.Select(r => r.Id).ToList();
            var pairs = chunk.Select(r => new { r.Id, r.LatestVersion }).ToList();
            var versions = await db.Set<DataResourceVersion>().AsNoTracking().Where(v => ids.Contains(v.ResourceId)).ToListAsync(ct);
            var byResource = versions.GroupBy(v => v.ResourceId).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Version)!);
            foreach (var r in chunk)
            {
                if (byResource.TryGetValue(r.Id, out var v))
                {
                    result.Add((r, v));
                }
            }
        }
        return result;
    }

    internal async Task<Dictionary<Guid, DepartmentInfo>> DepartmentNamesAsync(CancellationToken ct) =>
        (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);

    internal static IReadOnlyList<DataItem> ItemsOf(DataResourceVersion v) =>
        JsonSerializer.Deserialize<List<DataItem>>(v.DataItemsJson, Json) ?? [];

    internal static ResourceView ToView(DataResource r, DataResourceVersion v, IReadOnlyDictionary<Guid, DepartmentInfo> departments)
    {
        var zh = Problems.IsChinese;
        string Pick((string Zh, string En) n) => zh ? n.Zh : n.En;
        var provider = departments.GetValueOrDefault(v.ProviderDepartmentId);
        var methods = Enum.GetValues<SharingMethods>().Where(m => m != SharingMethods.None && v.SharingMethods.HasFlag(m)).Select(m => m.ToString()).ToList();
        return new ResourceView(
            r.Code, v.Version, r.LatestVersion, v.Name, v.NameEn, v.ClassificationCode, CatalogClassification.Path(v.ClassificationCode),
            v.ProviderDepartmentId, provider is null ? "" : (zh ? provider.Name : provider.NameEn ?? provider.Name), v.ProviderCode, v.Abstract,
            v.Format, Pick(CatalogNames.Of(v.Format)),
            ItemsOf(v).Select(i => new DataItemView(i.Name, i.Type, Pick(CatalogNames.Of(i.Type)), i.Length, i.Description, i.PersonalData)).ToList(),
            v.SharingType, Pick(CatalogNames.Of(v.SharingType)), v.SharingConditions, methods, Pick(CatalogNames.Of(v.SharingMethods)),
            v.OpenToPublic, v.OpenConditions, v.UpdateCycle, Pick(CatalogNames.Of(v.UpdateCycle)), v.ReleaseDate, v.RelatedCodes, v.PersonalData,
            v.ChangeNote, v.PublishedAt, v.PublishedByName);
    }

    /// <summary>The input that reproduces a view (the console's edit form starts from it).</summary>
    public static ResourceInput ToInput(ResourceView v) => new(
        v.ClassificationCode, v.Name, v.NameEn, v.ProviderDepartmentId, v.Abstract, v.Format.ToString(),
        v.DataItems.Select(i => new DataItemInput(i.Name, i.Type.ToString(), i.Length, i.Description, i.PersonalData)).ToList(),
        v.SharingType.ToString(), v.SharingConditions, v.SharingMethods, v.OpenToPublic, v.OpenConditions, v.UpdateCycle.ToString(),
        v.ReleaseDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), v.RelatedCodes);
}
