using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Catalog.Model;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Notifications;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Hub.Modules.Catalog;

/// <summary>
/// 共享申请: a department asks for another's resource. Unconditional resources are granted at once; conditional ones
/// wait for the provider's data administrator, who approves or rejects with reasons; resources that are not shared
/// cannot be requested. The requester or the provider revokes a grant. Every step is audited in its own transaction.
/// </summary>
public sealed class SharingRequests(SmartGovDbContext db, IOrganizationDirectory organizations, StaffAdmin staff, IAuditSink audit, INotifier notifier, TimeProvider clock)
{
    public const string AuditSubject = "sharing-request";
    public const int MaxPurposes = 10;

    public async Task<CatalogResult<SharingRequestView>> RequestAsync(ClaimsPrincipal user, SharingRequestInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var consumer = input.ConsumerDepartmentId ?? user.GetDepartmentId();
        if (consumer is not { } consumerId || !CatalogAccess.CanActForDepartment(user, consumerId))
        {
            return CatalogResults.Denied<SharingRequestView>("只有本部门的数据管理员或部门负责人可以为本部门提出共享申请",
                "Only a department's data administrator or leader may request sharing, and only for their own department.");
        }
        var errors = new FieldErrors();
        var code = ResourceValidator.NormalizeCode(input.ResourceCode);
        DataResource? resource = null;
        DataResourceVersion? version = null;
        if (code.Length == 0)
        {
            errors.Add("resourceCode", "required", "请填写要申请的资源代码", "Resource code is required.");
        }
        else
        {
            resource = await db.Set<DataResource>().AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, ct);
            if (resource is null)
            {
                errors.Add("resourceCode", "resourceCode.unknown", $"资源 {code} 不存在", $"Resource {code} does not exist.");
            }
            else
            {
                version = await db.Set<DataResourceVersion>().AsNoTracking().Where(v => v.ResourceId == resource.Id).OrderByDescending(v => v.Version).FirstAsync(ct);
                if (version.SharingType == SharingType.NotShared)
                {
                    errors.Add("resourceCode", "resource.notShared", $"资源“{version.Name}”（{code}）为不予共享，不能申请：{version.SharingConditions}",
                        $"Resource '{version.NameEn ?? version.Name}' ({code}) is not shared and cannot be requested: {version.SharingConditions}");
                }
                else if (resource.ProviderDepartmentId == consumerId)
                {
                    errors.Add("resourceCode", "resource.own", "不能申请本部门自己的资源", "A department does not request its own resource.");
                }
            }
        }
        var purposes = (input.Purposes ?? []).Select(p => p?.Trim() ?? "").Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (purposes.Count == 0)
        {
            errors.Add("purposes", "required", "请填写至少一项用途", "At least one purpose is required.");
        }
        else if (purposes.Count > MaxPurposes)
        {
            errors.Add("purposes", "too-many", $"用途不能超过 {MaxPurposes} 项", $"At most {MaxPurposes} purposes.");
        }
        else if (purposes.Any(p => p.Length > 100 || p.Any(char.IsControl)))
        {
            // The purpose travels in the SmartGov-Purpose header, so it must be one short line.
            errors.Add("purposes", "purpose.too-long", "每项用途不超过 100 个字符，且不能换行", "Each purpose must be one line of at most 100 characters.");
        }
        var items = (input.DataItems ?? []).Select(i => i?.Trim() ?? "").Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (version is not null)
        {
            var available = ResourceCatalog.ItemsOf(version).Select(i => i.Name).ToList();
            if (items.Count == 0)
            {
                errors.Add("dataItems", "required", "请选择要申请的信息项", "Choose the data items you need.");
            }
            foreach (var unknown in items.Except(available))
            {
                errors.Add("dataItems", "dataItems.unknown", $"信息项“{unknown}”不属于该资源", $"Data item '{unknown}' is not one of the resource's items.");
            }
            items = available.Where(items.Contains).ToList(); // in the resource's order
        }
        var scope = input.Scope?.Trim();
        errors.Required("scope", scope, "使用范围", "Scope of use", 500);
        var from = ParseDate(errors, "validFrom", input.ValidFrom, "有效期起始日", "Valid from");
        var until = ParseDate(errors, "validUntil", input.ValidUntil, "有效期截止日", "Valid until");
        var today = ChinaTime.Today(clock);
        if (from is { } f && until is { } u)
        {
            if (u < f)
            {
                errors.Add("validUntil", "validUntil.beforeFrom", "有效期截止日不能早于起始日", "Valid until cannot be before valid from.");
            }
            else if (u < today)
            {
                errors.Add("validUntil", "validUntil.past", "有效期截止日已过", "Valid until is in the past.");
            }
            else if (u > f.AddYears(5))
            {
                errors.Add("validUntil", "validUntil.tooLong", "有效期不能超过 5 年", "The validity period cannot exceed 5 years.");
            }
        }
        if (errors.Any)
        {
            return CatalogResults.Invalid<SharingRequestView>(errors.All);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var request = new SharingRequest
        {
            Id = Guid.CreateVersion7(),
            ResourceId = resource!.Id,
            ResourceCode = resource.Code,
            ResourceVersion = version!.Version,
            ProviderDepartmentId = resource.ProviderDepartmentId,
            ConsumerDepartmentId = consumerId,
            Purposes = purposes,
            DataItems = items,
            Scope = scope!,
            ValidFrom = from!.Value,
            ValidUntil = until!.Value,
            RequestedAt = now,
            RequestedBy = user.GetUserId(),
            RequestedByName = ActorName(user),
        };
        db.Add(request);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: AuditSubject, SubjectId: request.Id.ToString(),
            Details: $"{resource.Code} {version.Name}；用途：{string.Join("、", purposes)}"));
        if (version.SharingType == SharingType.Unconditional)
        {
            // 无条件共享: granted at once, by the catalog's rule rather than a person.
            request.Status = SharingRequestStatus.Granted;
            request.DecidedAt = now;
            request.DecisionReason = "无条件共享，自动授权 / Unconditional sharing: granted automatically";
            audit.Record(new AuditEvent(AuditActions.Decide, SubjectType: AuditSubject, SubjectId: request.Id.ToString(), Details: "granted (unconditional)"));
        }
        else
        {
            request.Status = SharingRequestStatus.Pending;
            await NotifyProviderAsync(request, version, ct);
        }
        await db.SaveChangesAsync(ct);
        return CatalogResults.Ok(await ViewAsync(request, ct));
    }

    public async Task<CatalogResult<SharingRequestView>> DecideAsync(ClaimsPrincipal user, Guid id, SharingDecisionInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = await db.Set<SharingRequest>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return CatalogResults.Missing<SharingRequestView>();
        }
        if (!CanDecide(user, request))
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.Decide, AuditOutcomes.Denied, AuditSubject, id.ToString(), Details: "not the provider's data administrator"), ct);
            return CatalogResults.Denied<SharingRequestView>("只有资源提供部门的数据管理员或部门负责人可以审核该申请",
                "Only the provider department's data administrator or leader may decide this request.");
        }
        var errors = new FieldErrors();
        if (input.Approve is null)
        {
            errors.Add("approve", "required", "请选择同意或驳回", "Choose approve or reject.");
        }
        var reason = input.Reason?.Trim();
        if (input.Approve == false && string.IsNullOrEmpty(reason))
        {
            errors.Add("reason", "reason.required", "驳回申请须说明理由", "A rejection must give its reasons.");
        }
        if (reason is { Length: > 1000 })
        {
            errors.Add("reason", "too-long", "理由不能超过 1000 个字符", "Reasons must be at most 1000 characters.");
        }
        if (errors.Any)
        {
            return CatalogResults.Invalid<SharingRequestView>(errors.All);
        }
        if (request.Status != SharingRequestStatus.Pending)
        {
            return CatalogResults.Clash<SharingRequestView>($"该申请已是“{CatalogNames.Of(request.Status).Zh}”状态，不能再审核",
                $"This request is already {CatalogNames.Of(request.Status).En.ToLowerInvariant()}; it cannot be decided again.");
        }
        request.Status = input.Approve == true ? SharingRequestStatus.Granted : SharingRequestStatus.Rejected;
        request.DecidedAt = clock.GetUtcNow().UtcDateTime;
        request.DecidedBy = user.GetUserId();
        request.DecidedByName = ActorName(user);
        request.DecisionReason = string.IsNullOrEmpty(reason) ? null : reason;
        request.Revision++;
        audit.Record(new AuditEvent(AuditActions.Decide, SubjectType: AuditSubject, SubjectId: id.ToString(),
            Details: $"{(input.Approve == true ? "granted" : "rejected")} {request.ResourceCode}{(reason is { Length: > 0 } ? "：" + reason : "")}"));
        NotifyRequester(request);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CatalogResults.Clash<SharingRequestView>("该申请刚刚被他人处理，请刷新后查看", "Someone else has just acted on this request; reload it.");
        }
        return CatalogResults.Ok(await ViewAsync(request, ct));
    }

    public async Task<CatalogResult<SharingRequestView>> RevokeAsync(ClaimsPrincipal user, Guid id, SharingRevokeInput input, CancellationToken ct = default)
    {
        var request = await db.Set<SharingRequest>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return CatalogResults.Missing<SharingRequestView>();
        }
        if (!CatalogAccess.CanActForDepartment(user, request.ConsumerDepartmentId) && !CatalogAccess.CanActForDepartment(user, request.ProviderDepartmentId))
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.Update, AuditOutcomes.Denied, AuditSubject, id.ToString(), Details: "revoke refused"), ct);
            return CatalogResults.Denied<SharingRequestView>("只有申请部门或提供部门的数据管理员、部门负责人可以撤销授权",
                "Only the data administrator or leader of the requesting or the providing department may revoke a grant.");
        }
        var reason = input?.Reason?.Trim();
        if (reason is { Length: > 1000 })
        {
            return CatalogResults.Invalid<SharingRequestView>([new("reason", "too-long", "理由不能超过 1000 个字符", "Reasons must be at most 1000 characters.")]);
        }
        if (request.Status is not (SharingRequestStatus.Granted or SharingRequestStatus.Pending))
        {
            return CatalogResults.Clash<SharingRequestView>($"该申请已是“{CatalogNames.Of(request.Status).Zh}”状态，不能撤销",
                $"This request is already {CatalogNames.Of(request.Status).En.ToLowerInvariant()}; it cannot be revoked.");
        }
        request.Status = SharingRequestStatus.Revoked;
        request.RevokedAt = clock.GetUtcNow().UtcDateTime;
        request.RevokedBy = user.GetUserId();
        request.RevokedByName = ActorName(user);
        request.RevokeReason = string.IsNullOrEmpty(reason) ? null : reason;
        request.Revision++;
        audit.Record(new AuditEvent(AuditActions.Update, SubjectType: AuditSubject, SubjectId: id.ToString(),
            Details: $"revoked {request.ResourceCode}{(reason is { Length: > 0 } ? "：" + reason : "")}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CatalogResults.Clash<SharingRequestView>("该申请刚刚被他人处理，请刷新后查看", "Someone else has just acted on this request; reload it.");
        }
        return CatalogResults.Ok(await ViewAsync(request, ct));
    }

    public async Task<SharingRequestView?> GetAsync(ClaimsPrincipal user, Guid id, CancellationToken ct = default)
    {
        var request = await db.Set<SharingRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return request is null || !CanSee(user, request) ? null : await ViewAsync(request, ct);
    }

    /// <summary>Requests the department made (outgoing) or received (incoming), newest first.</summary>
    public async Task<IReadOnlyList<SharingRequestView>> ListAsync(Guid departmentId, bool incoming, SharingRequestStatus? status = null, CancellationToken ct = default)
    {
        var q = db.Set<SharingRequest>().AsNoTracking().Where(r => incoming ? r.ProviderDepartmentId == departmentId : r.ConsumerDepartmentId == departmentId);
        if (status is { } s)
        {
            q = q.Where(r => r.Status == s);
        }
        var list = await q.OrderByDescending(r => r.RequestedAt).Take(1000).ToListAsync(ct);
        return await ViewsAsync(list, ct);
    }

    /// <summary>Staff of either department, and the system administrator and auditor, see a request.</summary>
    private static bool CanSee(ClaimsPrincipal user, SharingRequest r) =>
        user.GetDepartmentId() is { } d && (d == r.ConsumerDepartmentId || d == r.ProviderDepartmentId)
        || user.IsInRole(Roles.SystemAdmin) || user.IsInRole(Roles.Auditor);

    private static bool CanDecide(ClaimsPrincipal user, SharingRequest r) =>
        CatalogAccess.CanActForDepartment(user, r.ProviderDepartmentId) && !user.IsInRole(Roles.DepartmentSystem);

    private static string? ActorName(ClaimsPrincipal user) => user.FindFirstValue(SmartGovClaims.DisplayName) ?? user.Identity?.Name;

    private static DateOnly? ParseDate(FieldErrors errors, string field, string? text, string zh, string en)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "required", $"请填写{zh}", $"{en} is required.");
            return null;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            errors.Add(field, "date.format", $"{zh}的格式应为 yyyy-MM-dd", $"{en} must be yyyy-MM-dd.");
            return null;
        }
        return d;
    }

    /// <summary>The provider's data administrators hear of a request waiting for them.</summary>
    private async Task NotifyProviderAsync(SharingRequest request, DataResourceVersion version, CancellationToken ct)
    {
        var consumer = await organizations.FindDepartmentAsync(request.ConsumerDepartmentId, ct);
        var admins = (await staff.ListAsync(request.ProviderDepartmentId, ct)).Where(u => u.Roles.Contains(Roles.DataAdministrator)).Select(u => u.Id).ToList();
        foreach (var admin in admins)
        {
            notifier.Notify(new NotificationRequest(admin, NotificationKind.General,
                $"共享申请待审核：{version.Name}", $"Sharing request to decide: {version.NameEn ?? version.Name}",
                $"{consumer?.Name} 申请共享资源 {request.ResourceCode}（{version.Name}），用途：{string.Join("、", request.Purposes)}。",
                $"{consumer?.NameEn ?? consumer?.Name} requests resource {request.ResourceCode} for: {string.Join(", ", request.Purposes)}.",
                "/console/catalog/incoming", AuditSubject, request.Id.ToString()));
        }
    }

    private void NotifyRequester(SharingRequest request)
    {
        if (request.RequestedBy is not { } requester)
        {
            return;
        }
        var granted = request.Status == SharingRequestStatus.Granted;
        notifier.Notify(new NotificationRequest(requester, NotificationKind.General,
            granted ? $"共享申请已通过：{request.ResourceCode}" : $"共享申请被驳回：{request.ResourceCode}",
            granted ? $"Sharing request granted: {request.ResourceCode}" : $"Sharing request rejected: {request.ResourceCode}",
            request.DecisionReason ?? (granted ? "已授权" : "已驳回"), request.DecisionReason ?? (granted ? "Granted" : "Rejected"),
            "/console/catalog/requests", AuditSubject, request.Id.ToString()));
    }

    private async Task<SharingRequestView> ViewAsync(SharingRequest r, CancellationToken ct) => (await ViewsAsync([r], ct))[0];

    private async Task<List<SharingRequestView>> ViewsAsync(IReadOnlyList<SharingRequest> list, CancellationToken ct)
    {
        var departments = (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);
        var ids = list.Select(r => r.ResourceId).Distinct().ToList();
        var names = new Dictionary<Guid, string>();
        foreach (var chunk in ids.Chunk(500))
        {
            var versions = await db.Set<DataResourceVersion>().AsNoTracking().Where(v => chunk.Contains(v.ResourceId))
                .Select(v => new { v.ResourceId, v.Version, v.Name, v.NameEn }).ToListAsync(ct);
            foreach (var g in versions.GroupBy(v => v.ResourceId))
            {
                var latest = g.MaxBy(v => v.Version)!;
                names[g.Key] = Problems.IsChinese ? latest.Name : latest.NameEn ?? latest.Name;
            }
        }
        string Dept(Guid id) => departments.GetValueOrDefault(id) is { } d ? (Problems.IsChinese ? d.Name : d.NameEn ?? d.Name) : "";
        return list.Select(r => new SharingRequestView(r.Id, r.ResourceCode, names.GetValueOrDefault(r.ResourceId, ""), r.ResourceVersion,
            r.ProviderDepartmentId, Dept(r.ProviderDepartmentId), r.ConsumerDepartmentId, Dept(r.ConsumerDepartmentId), r.Purposes, r.DataItems,
            r.Scope, r.ValidFrom, r.ValidUntil, r.Status, Problems.IsChinese ? CatalogNames.Of(r.Status).Zh : CatalogNames.Of(r.Status).En,
            r.RequestedAt, r.RequestedByName, r.DecidedAt, r.DecidedByName, r.DecisionReason, r.RevokedAt, r.RevokedByName, r.RevokeReason, r.Revision)).ToList();
    }
}
