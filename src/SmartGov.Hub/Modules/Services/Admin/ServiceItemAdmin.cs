using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Core.Calendar;
using SmartGov.Crypto;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services.Model;
using SmartGov.Hub.Modules.Services.Search;

namespace SmartGov.Hub.Modules.Services.Admin;

/// <summary>An item as the console lists it.</summary>
public sealed record ItemListEntry(string ImplementationCode, string Name, ItemType ItemType, int LatestVersion, int? CurrentVersion, DateOnly? WithdrawnOn, DateTime UpdatedAt);

/// <summary>The result of checking or importing many rows: errors by row index, or what was published.</summary>
public sealed record BulkOutcome(IReadOnlyDictionary<int, IReadOnlyList<FieldError>> RowErrors, int Created, int Updated, int Unchanged)
{
    public bool Succeeded => RowErrors.Count == 0;
}

/// <summary>
/// Publishes item versions. Every change is a new version (old versions stay readable) and is audited in the same
/// transaction. Used by the API, the console pages and the spreadsheet import.
/// </summary>
public sealed class ServiceItemAdmin(
    SmartGovDbContext db,
    IOrganizationDirectory organizations,
    IAuditSink audit,
    TimeProvider clock,
    ServiceSearchIndex index)
{
    public const string AuditSubject = "service-item";

    public async Task<ServiceResult<PublishOutcome>> PublishAsync(ClaimsPrincipal user, string? implementationCode, ServiceItemInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = await ContextAsync(ct);
        ServiceItem? item = null;
        ServiceItemVersion? latest = null;
        if (implementationCode is not null)
        {
            var code = ServiceItemValidator.NormalizeCode(implementationCode);
            item = await db.Set<ServiceItem>().FirstOrDefaultAsync(i => i.ImplementationCode == code, ct);
            if (item is null)
            {
                return ServiceResults.Missing<PublishOutcome>();
            }
            if (!ServiceItemAccess.CanEdit(user, item.DepartmentId))
            {
                return ServiceResults.Denied<PublishOutcome>("只有事项所属部门的数据管理员或部门负责人可以修改该事项",
                    "Only the data administrator or the leader of the item's own department may change this item.");
            }
            latest = await LatestAsync(item.Id, ct);
            input = input with { DepartmentId = input.DepartmentId ?? item.DepartmentId };
        }
        else if (!ServiceItemAccess.IsEditor(user) || (input.DepartmentId is { } d && d != user.GetDepartmentId()))
        {
            return ServiceResults.Denied<PublishOutcome>("只能为本部门新增事项，且需由数据管理员或部门负责人操作",
                "Only a data administrator or leader may add items, and only for their own department.");
        }
        else
        {
            input = input with { DepartmentId = input.DepartmentId ?? user.GetDepartmentId() };
        }

        var (draft, errors) = ServiceItemValidator.Validate(input, context, isNew: item is null, latest?.EffectiveFrom);
        if (item is not null && draft is not null && draft.DepartmentId != item.DepartmentId)
        {
            errors.Add("departmentId", "departmentId.immutable", "事项的实施部门不能更改；请由新部门新增事项", "An item's department cannot change; the new department adds its own item.");
        }
        if (errors.Any || draft is null)
        {
            return ServiceResults.Invalid<PublishOutcome>(errors.All);
        }

        if (item is null)
        {
            var code = draft.ImplementationCode ?? await GenerateCodeAsync(context.Departments[draft.DepartmentId].CreditCode, draft.BasicCode, new HashSet<string>(), ct);
            if (code is null)
            {
                return ServiceResults.Clash<PublishOutcome>("该基本编码下的实施编码序号已用完（01–99）", "All sequence numbers 01–99 of this basic code are used.");
            }
            if (await db.Set<ServiceItem>().AnyAsync(i => i.ImplementationCode == code, ct))
            {
                return ServiceResults.Clash<PublishOutcome>($"实施编码 {code} 已存在", $"Implementation code {code} already exists.");
            }
            item = NewItem(code, draft.DepartmentId);
            db.Add(item);
        }
        else if (latest is not null && IsUnchanged(draft, latest, input.EffectiveFrom))
        {
            return ServiceResults.Ok<PublishOutcome>(new PublishOutcome(CatalogMapping.ToView(item, latest), Published: false, Created: false));
        }

        var created = item.LatestVersion == 0;
        var version = AddVersion(user, item, draft);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another editor published this item (or created this code) at the same moment; nothing of ours was saved.
            return ServiceResults.Clash<PublishOutcome>("另一位编辑人员刚刚发布了该事项的新版本，请刷新后重试",
                "Someone else has just published a new version of this item; reload it and try again.");
        }
        await index.ItemsChangedAsync([item.Id], ct);
        return ServiceResults.Ok<PublishOutcome>(new PublishOutcome(CatalogMapping.ToView(item, version), Published: true, Created: created));
    }

    /// <summary>
    /// Checks every row and publishes them all in one transaction, or publishes nothing when any row is wrong.
    /// Rows without an implementation code are new items (a code is generated); rows whose content equals the latest
    /// version are left alone.
    /// </summary>
    public async Task<BulkOutcome> PublishManyAsync(ClaimsPrincipal user, IReadOnlyList<ServiceItemInput> rows, bool dryRun = false, CancellationToken ct = default)
    {
        var context = await ContextAsync(ct);
        var errors = new Dictionary<int, IReadOnlyList<FieldError>>();
        var ownDepartment = user.GetDepartmentId();
        var codes = rows.Select(r => ServiceItemValidator.NormalizeCode(r.ImplementationCode)).Where(c => c.Length > 0).Distinct().ToList();
        var items = await db.Set<ServiceItem>().Where(i => codes.Contains(i.ImplementationCode)).ToDictionaryAsync(i => i.ImplementationCode, ct);
        var latestByItem = await LatestAsync(items.Values.Select(i => i.Id).ToList(), ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var plan = new List<(ServiceItem? Item, ItemDraft Draft)>();
        var unchanged = 0;

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var list = new FieldErrors();
            var code = ServiceItemValidator.NormalizeCode(row.ImplementationCode);
            items.TryGetValue(code, out var item);
            if (code.Length > 0 && !seen.Add(code))
            {
                list.Add("implementationCode", "implementationCode.duplicate-in-file", $"实施编码 {code} 在文件中出现了不止一次", $"Implementation code {code} appears more than once in the file.");
            }
            if (!ServiceItemAccess.IsEditor(user))
            {
                list.Add("departmentId", "department.not-editor", "只有部门的数据管理员或部门负责人可以导入事项", "Only a department's data administrator or leader may import items.");
            }
            else if (row.DepartmentId is { } d && d != ownDepartment)
            {
                list.Add("departmentId", "department.not-yours", "只能导入本部门的事项", "You may import only your own department's items.");
            }
            else if (item is not null && item.DepartmentId != ownDepartment)
            {
                list.Add("implementationCode", "department.not-yours", $"实施编码 {code} 属于其他部门的事项", $"Implementation code {code} belongs to another department's item.");
            }
            var latest = item is null ? null : latestByItem.GetValueOrDefault(item.Id);
            var (draft, rowErrors) = ServiceItemValidator.Validate(row with { DepartmentId = row.DepartmentId ?? ownDepartment }, context, isNew: item is null, latest?.EffectiveFrom);
            foreach (var e in rowErrors.All)
            {
                list.Add(e);
            }
            if (list.Any || draft is null)
            {
                errors[r] = list.All;
                continue;
            }
            if (latest is not null && IsUnchanged(draft, latest, row.EffectiveFrom))
            {
                unchanged++;
                continue;
            }
            plan.Add((item, draft));
        }
        if (errors.Count > 0)
        {
            return new BulkOutcome(errors, 0, 0, unchanged);
        }
        if (dryRun)
        {
            // What the import would do, so the editor can check before publishing.
            return new BulkOutcome(errors, plan.Count(p => p.Item is null), plan.Count(p => p.Item is not null), unchanged);
        }

        var generated = new HashSet<string>(StringComparer.Ordinal);
        var changedIds = new List<Guid>();
        int createdCount = 0, updatedCount = 0;
        foreach (var (existing, draft) in plan)
        {
            var item = existing;
            if (item is null)
            {
                var code = draft.ImplementationCode ?? await GenerateCodeAsync(context.Departments[draft.DepartmentId].CreditCode, draft.BasicCode, generated, ct);
                if (code is null)
                {
                    return new BulkOutcome(new Dictionary<int, IReadOnlyList<FieldError>> { [0] = [new FieldError("basicCode", "implementationCode.exhausted", "该基本编码下的实施编码序号已用完", "All sequence numbers of this basic code are used.")] }, 0, 0, unchanged);
                }
                generated.Add(code);
                item = NewItem(code, draft.DepartmentId);
                db.Add(item);
                createdCount++;
            }
            else
            {
                updatedCount++;
            }
            AddVersion(user, item, draft);
            changedIds.Add(item.Id);
        }
        audit.Record(new AuditEvent(AuditActions.Import, SubjectType: "service-item-import", Details: $"created {createdCount}, updated {updatedCount}, unchanged {unchanged}"));
        try
        {
            // One SaveChanges is one transaction: every version and the audit entry, or nothing.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new BulkOutcome(new Dictionary<int, IReadOnlyList<FieldError>>
            {
                [-1] = [new FieldError("file", "import.conflict", "导入期间有人修改了相同的事项，未导入任何内容，请重试", "Someone changed the same items during the import; nothing was imported. Try again.")],
            }, 0, 0, unchanged);
        }
        await index.ItemsChangedAsync(changedIds, ct);
        return new BulkOutcome(new Dictionary<int, IReadOnlyList<FieldError>>(), createdCount, updatedCount, unchanged);
    }

    /// <summary>The items of one department with their latest and current version numbers.</summary>
    public async Task<IReadOnlyList<ItemListEntry>> ListForDepartmentAsync(Guid departmentId, CancellationToken ct = default)
    {
        var today = ChinaTime.Today(clock);
        var items = await db.Set<ServiceItem>().AsNoTracking().Where(i => i.DepartmentId == departmentId).ToListAsync(ct);
        var ids = items.Select(i => i.Id).ToList();
        var versions = await db.Set<ServiceItemVersion>().AsNoTracking().Where(v => ids.Contains(v.ItemId))
            .Select(v => new { v.ItemId, v.Version, v.Name, v.ItemType, v.EffectiveFrom, v.WithdrawnOn }).ToListAsync(ct);
        return items.Select(i =>
            {
                var mine = versions.Where(v => v.ItemId == i.Id).OrderByDescending(v => v.Version).ToList();
                var latest = mine.First();
                var current = mine.FirstOrDefault(v => v.EffectiveFrom <= today);
                return new ItemListEntry(i.ImplementationCode, (current ?? latest).Name, latest.ItemType, i.LatestVersion, current?.Version, (current ?? latest).WithdrawnOn, i.UpdatedAt);
            })
            .OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The latest version (in effect or scheduled) of every item, for the spreadsheet export.</summary>
    public async Task<IReadOnlyList<ServiceItemView>> ExportAsync(Guid? departmentId, CancellationToken ct = default)
    {
        var q = db.Set<ServiceItem>().AsNoTracking();
        if (departmentId is { } d)
        {
            q = q.Where(i => i.DepartmentId == d);
        }
        var items = await q.OrderBy(i => i.ImplementationCode).ToListAsync(ct);
        var latest = await LatestAsync(items.Select(i => i.Id).ToList(), ct, includeMaterials: true);
        return items.Where(i => latest.ContainsKey(i.Id)).Select(i => CatalogMapping.ToView(i, latest[i.Id])).ToList();
    }

    private ServiceItem NewItem(string code, Guid departmentId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new ServiceItem { Id = Guid.CreateVersion7(), ImplementationCode = code, DepartmentId = departmentId, CreatedAt = now, UpdatedAt = now };
    }

    private ServiceItemVersion AddVersion(ClaimsPrincipal user, ServiceItem item, ItemDraft d)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var created = item.LatestVersion == 0;
        item.LatestVersion++;
        item.UpdatedAt = now;
        var version = new ServiceItemVersion
        {
            Id = Guid.CreateVersion7(),
            ItemId = item.Id,
            Version = item.LatestVersion,
            BasicCode = d.BasicCode,
            Name = d.Name,
            NameEn = d.NameEn,
            ItemType = d.ItemType,
            DepartmentId = d.DepartmentId,
            LegalBasis = d.LegalBasis,
            AcceptanceConditions = d.AcceptanceConditions,
            ApplicantTypes = d.ApplicantTypes,
            StatutoryDays = d.StatutoryDays,
            PromisedDays = d.PromisedDays,
            Fees = d.Fees,
            FeeBasis = d.FeeBasis,
            HandlingForm = d.HandlingForm,
            MaxVisits = d.MaxVisits,
            HallIds = d.HallIds,
            CityWide = d.CityWide,
            LifeEvents = d.LifeEvents,
            BusinessStages = d.BusinessStages,
            Keywords = d.Keywords,
            FormSchema = ServiceItemValidator.SerializeFormFields(d.FormFields),
            EffectiveFrom = d.EffectiveFrom,
            WithdrawnOn = d.WithdrawnOn,
            ChangeNote = d.ChangeNote,
            PublishedAt = now,
            PublishedBy = user.GetUserId(),
            PublishedByName = user.Identity?.Name,
            ContentHash = ContentHash(d),
            Materials = d.Materials.Select((m, i) => new MaterialRequirement
            {
                Id = Guid.CreateVersion7(),
                Order = i + 1,
                Name = m.Name,
                Necessity = m.Necessity,
                Condition = m.Condition,
                Forms = m.Forms,
                Copies = m.Copies,
                Source = m.Source,
                LicenseTypeCode = m.LicenseTypeCode,
                BlankFormUrl = m.BlankFormUrl,
                SampleUrl = m.SampleUrl,
                AcceptanceStandard = m.AcceptanceStandard,
            }).ToList(),
        };
        db.Add(version);
        audit.Record(new AuditEvent(created ? AuditActions.Create : AuditActions.Update, SubjectType: AuditSubject, SubjectId: item.ImplementationCode,
            Details: $"v{version.Version} {d.Name}" + (d.ChangeNote is null ? "" : $"：{d.ChangeNote}")));
        return version;
    }

    private static bool IsUnchanged(ItemDraft draft, ServiceItemVersion latest, DateOnly? requestedEffective) =>
        latest.ContentHash == ContentHash(draft) && (requestedEffective is null || requestedEffective == latest.EffectiveFrom);

    /// <summary>SM3 over the version's content, without its effective date and change note.</summary>
    internal static string ContentHash(ItemDraft d)
    {
        var canonical = JsonSerializer.Serialize(d with { EffectiveFrom = default, ChangeNote = null, ImplementationCode = null }, ServiceItemValidator.Json);
        return Convert.ToHexStringLower(Sm3.Hash(Encoding.UTF8.GetBytes(canonical)));
    }

    private async Task<string?> GenerateCodeAsync(string creditCode, string basicCode, IReadOnlySet<string> reserved, CancellationToken ct)
    {
        var prefix = creditCode + basicCode;
        var used = await db.Set<ServiceItem>().Where(i => i.ImplementationCode.StartsWith(prefix)).Select(i => i.ImplementationCode).ToListAsync(ct);
        for (var seq = 1; seq <= 99; seq++)
        {
            var code = prefix + seq.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            if (!used.Contains(code) && !reserved.Contains(code))
            {
                return code;
            }
        }
        return null;
    }

    private async Task<ValidationContext> ContextAsync(CancellationToken ct)
    {
        var departments = (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);
        var halls = (await organizations.ListServiceHallsAsync(ct)).Select(h => h.Id).ToHashSet();
        return new ValidationContext(departments, halls, ChinaTime.Today(clock));
    }

    private Task<ServiceItemVersion?> LatestAsync(Guid itemId, CancellationToken ct) =>
        db.Set<ServiceItemVersion>().AsNoTracking().Include(v => v.Materials).Where(v => v.ItemId == itemId).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);

    private async Task<Dictionary<Guid, ServiceItemVersion>> LatestAsync(List<Guid> itemIds, CancellationToken ct, bool includeMaterials = false)
    {
        var result = new Dictionary<Guid, ServiceItemVersion>();
        // Chunked: IN lists stay within the providers' parameter limits on big catalogs.
        foreach (var chunk in itemIds.Chunk(500))
        {
            var q = db.Set<ServiceItemVersion>().AsNoTracking().Where(v => chunk.Contains(v.ItemId));
            if (includeMaterials)
            {
                q = q.Include(v => v.Materials);
            }
            foreach (var v in await q.ToListAsync(ct))
            {
                if (!result.TryGetValue(v.ItemId, out var seen) || seen.Version < v.Version)
                {
                    result[v.ItemId] = v;
                }
            }
        }
        return result;
    }
}
