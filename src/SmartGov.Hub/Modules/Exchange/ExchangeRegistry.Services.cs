using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartGov.Exchange.Protocol;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Exchange.Model;

namespace SmartGov.Hub.Modules.Exchange;

public sealed partial class ExchangeRegistry
{
    private static IReadOnlyList<string> Split(string s) => s.Length == 0 ? [] : s.Split('\n');

    // ---- services ------------------------------------------------------------------------------------------

    public async Task<ExchangeResult<IReadOnlyList<ServiceView>>> ListServicesAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (!CanSeeExchange(user))
        {
            return await DenyAsync<IReadOnlyList<ServiceView>>("exchange-service", null, ct);
        }
        // Every data administrator sees every service: the service list is what a department may ask for.
        var list = await AllServicesAsync(ct);
        return ExchangeResult<IReadOnlyList<ServiceView>>.Ok(list);
    }

    internal async Task<IReadOnlyList<ServiceView>> AllServicesAsync(CancellationToken ct)
    {
        var members = await db.Set<ExchangeMember>().AsNoTracking().ToDictionaryAsync(m => m.Id, ct);
        var services = await db.Set<ExchangeService>().AsNoTracking().ToListAsync(ct);
        return [.. services.Where(s => members.ContainsKey(s.MemberRef)).OrderBy(s => s.ServiceId, StringComparer.Ordinal)
            .Select(s => new ServiceView(s.Id, s.MemberRef, members[s.MemberRef].MemberId, members[s.MemberRef].DepartmentId, s.ServiceId,
                s.Subsystem, s.Code, s.Name, s.CatalogResourceCode, s.PersonalData, s.MessageLog, s.OpenApiJson is not null))];
    }

    public async Task<ExchangeResult<string>> GetOpenApiAsync(Guid id, CancellationToken ct)
    {
        var s = await db.Set<ExchangeService>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return s?.OpenApiJson is { } json ? ExchangeResult<string>.Ok(json) : ExchangeResult<string>.Missing();
    }

    /// <summary>Registers a service of one of the member's subsystems (the subsystem is added when new).</summary>
    public async Task<ExchangeResult<ServiceView>> CreateServiceAsync(ClaimsPrincipal user, ServiceInput input, CancellationToken ct)
    {
        var member = await db.Set<ExchangeMember>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == input.MemberRef, ct);
        if (member is null)
        {
            return ExchangeResult<ServiceView>.Invalid("memberRef", "unknown", "交换成员不存在", "The member does not exist.");
        }
        if (!CanActFor(user, member.DepartmentId))
        {
            return await DenyAsync<ServiceView>("exchange-service", member.MemberId, ct);
        }
        var errors = new FieldErrors();
        var subsystem = input.Subsystem?.Trim() ?? "";
        var code = input.Code?.Trim() ?? "";
        if (!ExchangeId.IsCode(subsystem))
        {
            errors.Add("subsystem", "format", "子系统编码为 1–64 位字母、数字、“.”、“_”或“-”", "The subsystem is 1–64 characters of A–Z, a–z, 0–9, '.', '_' and '-'.");
        }
        if (!ExchangeId.IsCode(code))
        {
            errors.Add("code", "format", "服务编码为 1–64 位字母、数字、“.”、“_”或“-”", "The service code is 1–64 characters of A–Z, a–z, 0–9, '.', '_' and '-'.");
        }
        errors.Required("name", input.Name, "服务名称", "Service name", 200);
        if (input.CatalogResourceCode is { Length: > 64 })
        {
            errors.Add("catalogResourceCode", "too-long", "资源代码不能超过 64 个字符", "The resource code must be at most 64 characters.");
        }
        var log = string.IsNullOrWhiteSpace(input.MessageLog) ? "Full" : input.MessageLog.Trim();
        if (log is not ("Full" or "Metadata"))
        {
            errors.Add("messageLog", "choice", "消息日志方式为 Full 或 Metadata", "The message log mode is Full or Metadata.");
        }
        if (input.OpenApiJson is { Length: > 0 } openApi)
        {
            if (openApi.Length > 200_000)
            {
                errors.Add("openApiJson", "too-long", "OpenAPI 描述不能超过 200 000 个字符", "The OpenAPI description must be at most 200,000 characters.");
            }
            else
            {
                try
                {
                    using var doc = JsonDocument.Parse(openApi);
                    if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("openapi", out _))
                    {
                        errors.Add("openApiJson", "openapi", "OpenAPI 描述必须是含 openapi 字段的 JSON 对象", "The OpenAPI description must be a JSON object with an \"openapi\" field.");
                    }
                }
                catch (JsonException)
                {
                    errors.Add("openApiJson", "json", "OpenAPI 描述不是有效的 JSON", "The OpenAPI description is not valid JSON.");
                }
            }
        }
        if (errors.Any)
        {
            return ExchangeResult<ServiceView>.Invalid(errors.All);
        }
        var resource = input.CatalogResourceCode?.Trim();
        if (resource is { Length: > 0 } && await catalog.FindResourceAsync(resource, ct) is { } found && found.ProviderDepartmentId != member.DepartmentId)
        {
            return ExchangeResult<ServiceView>.Invalid("catalogResourceCode", "provider", "该资源不属于本部门", "The catalog resource belongs to another department.");
        }
        var serviceId = $"{member.MemberId}/{subsystem}/{code}";
        if (await db.Set<ExchangeService>().AnyAsync(s => s.ServiceId == serviceId, ct))
        {
            return ExchangeResult<ServiceView>.Clash("该服务已登记", "The service is registered already.");
        }
        if (!await db.Set<ExchangeSubsystem>().AnyAsync(s => s.MemberRef == member.Id && s.Code == subsystem, ct))
        {
            db.Add(new ExchangeSubsystem { Id = Guid.NewGuid(), MemberRef = member.Id, Code = subsystem, CreatedAt = Now });
        }
        var row = new ExchangeService
        {
            Id = Guid.NewGuid(), MemberRef = member.Id, Subsystem = subsystem, Code = code, ServiceId = serviceId, Name = input.Name!.Trim(),
            OpenApiJson = string.IsNullOrWhiteSpace(input.OpenApiJson) ? null : input.OpenApiJson, CatalogResourceCode = string.IsNullOrEmpty(resource) ? null : resource,
            PersonalData = input.PersonalData, MessageLog = log, CreatedAt = Now,
        };
        db.Add(row);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "exchange-service", SubjectId: serviceId));
        await SaveAsync(ct);
        return ExchangeResult<ServiceView>.Ok(new ServiceView(row.Id, member.Id, member.MemberId, member.DepartmentId, serviceId, subsystem, code, row.Name,
            row.CatalogResourceCode, row.PersonalData, row.MessageLog, row.OpenApiJson is not null));
    }

    // ---- access rights -------------------------------------------------------------------------------------

    /// <summary>
    /// Rights: those entered by hand, and those derived from the catalog's sharing grants in force. A grant of resource
    /// R to department D gives every registered subsystem of D's member the right to read (GET) every service whose
    /// catalog resource is R, for the grant's purposes and validity.
    /// </summary>
    public async Task<ExchangeResult<IReadOnlyList<AccessRightView>>> ListRightsAsync(ClaimsPrincipal user, bool includeRevoked, CancellationToken ct)
    {
        if (!CanSeeExchange(user))
        {
            return await DenyAsync<IReadOnlyList<AccessRightView>>("exchange-access-right", null, ct);
        }
        var all = await RightsAsync(includeRevoked, ct);
        if (!IsCenterAdmin(user))
        {
            var dept = user.GetDepartmentId();
            var own = await db.Set<ExchangeMember>().AsNoTracking().Where(m => m.DepartmentId == dept).Select(m => m.MemberId).ToListAsync(ct);
            all = [.. all.Where(r => r.ProviderDepartmentId == dept || own.Any(m => r.Client.StartsWith(m + "/", StringComparison.Ordinal)))];
        }
        return ExchangeResult<IReadOnlyList<AccessRightView>>.Ok(all);
    }

    internal async Task<IReadOnlyList<AccessRightView>> RightsAsync(bool includeRevoked, CancellationToken ct)
    {
        var now = Now;
        var services = await AllServicesAsync(ct);
        var byId = services.ToDictionary(s => s.Id);
        var manual = await db.Set<ExchangeAccessRight>().AsNoTracking().Where(r => includeRevoked || r.RevokedAt == null).ToListAsync(ct);
        var list = manual.Where(r => byId.ContainsKey(r.ServiceRef) && (includeRevoked || r.ValidUntil == null || r.ValidUntil > now))
            .Select(r => new AccessRightView(r.Id, ManualSource, r.Client, byId[r.ServiceRef].ServiceId, Split(r.Methods), Split(r.Paths), Split(r.Purposes),
                r.ValidFrom, r.ValidUntil, r.RevokedAt, byId[r.ServiceRef].DepartmentId))
            .ToList();

        var grants = await catalog.ActiveGrantsAsync(now, ct);
        if (grants.Count > 0)
        {
            var members = await db.Set<ExchangeMember>().AsNoTracking().ToListAsync(ct);
            var subsystems = await db.Set<ExchangeSubsystem>().AsNoTracking().ToListAsync(ct);
            foreach (var g in grants)
            {
                var consumer = members.FirstOrDefault(m => m.DepartmentId == g.ConsumerDepartmentId);
                if (consumer is null)
                {
                    continue;
                }
                foreach (var service in services.Where(s => s.CatalogResourceCode == g.ResourceCode && s.DepartmentId == g.ProviderDepartmentId))
                {
                    foreach (var sub in subsystems.Where(s => s.MemberRef == consumer.Id).OrderBy(s => s.Code, StringComparer.Ordinal))
                    {
                        list.Add(new AccessRightView(g.Id, GrantSource, consumer.MemberId + "/" + sub.Code, service.ServiceId, ["GET"], ["/**"],
                            [.. g.Purposes], g.ValidFrom, g.ValidUntil, null, service.DepartmentId));
                    }
                }
            }
        }
        return [.. list.OrderBy(r => r.Client, StringComparer.Ordinal).ThenBy(r => r.Service, StringComparer.Ordinal).ThenBy(r => r.ValidFrom)];
    }

    /// <summary>Grants a client subsystem a right on a service: the provider's data administrator or the center admin.</summary>
    public async Task<ExchangeResult<AccessRightView>> CreateRightAsync(ClaimsPrincipal user, AccessRightInput input, CancellationToken ct)
    {
        var serviceId = input.Service?.Trim() ?? "";
        var service = await db.Set<ExchangeService>().AsNoTracking().FirstOrDefaultAsync(s => s.ServiceId == serviceId, ct);
        if (service is null)
        {
            return ExchangeResult<AccessRightView>.Invalid("service", "unknown", "服务不存在", "The service is not registered.");
        }
        var provider = await db.Set<ExchangeMember>().AsNoTracking().FirstAsync(m => m.Id == service.MemberRef, ct);
        if (!CanActFor(user, provider.DepartmentId))
        {
            return await DenyAsync<AccessRightView>("exchange-access-right", serviceId, ct);
        }
        var errors = new FieldErrors();
        var client = input.Client?.Trim() ?? "";
        if (!ExchangeId.TryParse(client, ExchangeIdKind.Subsystem, out _, out var idError))
        {
            errors.Add("client", "format", "客户端须为“实例/类别/成员/子系统”格式的标识", idError ?? "Invalid client id.");
        }
        var methods = (input.Methods ?? []).Select(m => m.Trim().ToUpperInvariant()).Where(m => m.Length > 0).Distinct().ToList();
        if (methods.Count == 0 || methods.Any(m => !AllowedMethods.Contains(m)))
        {
            errors.Add("methods", "choice", "请求方法须为 GET、POST、PUT、PATCH、DELETE、HEAD 或 *", "Methods are GET, POST, PUT, PATCH, DELETE, HEAD or *.");
        }
        var paths = (input.Paths ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).Distinct().ToList();
        if (paths.Count == 0)
        {
            paths = ["/**"];
        }
        if (paths.Any(p => !p.StartsWith('/') || p.Length > 200 || p.Contains('\n') || p.Contains("..", StringComparison.Ordinal)))
        {
            errors.Add("paths", "format", "路径模式须以“/”开头，不超过 200 个字符", "Path patterns start with '/' and are at most 200 characters.");
        }
        var purposes = (input.Purposes ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).Distinct().ToList();
        if (purposes.Any(p => p.Length > 256 || p.Contains('\n')))
        {
            errors.Add("purposes", "too-long", "用途不能超过 256 个字符", "A purpose must be at most 256 characters.");
        }
        if (service.PersonalData && purposes.Count == 0)
        {
            errors.Add("purposes", "required", "涉及个人信息的服务必须限定用途", "A service with personal data needs at least one allowed purpose.");
        }
        var from = (input.ValidFrom ?? Now).ToUniversalTime();
        var until = input.ValidUntil?.ToUniversalTime();
        if (until is { } u && u <= from)
        {
            errors.Add("validUntil", "range", "截止时间须晚于起始时间", "The end must be after the start.");
        }
        if (errors.Any)
        {
            return ExchangeResult<AccessRightView>.Invalid(errors.All);
        }
        // Whole seconds: the configuration carries times to the second.
        static DateTime Seconds(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var row = new ExchangeAccessRight
        {
            Id = Guid.NewGuid(), Client = client, ServiceRef = service.Id, Methods = string.Join('\n', methods), Paths = string.Join('\n', paths),
            Purposes = string.Join('\n', purposes), ValidFrom = Seconds(from), ValidUntil = until is { } v ? Seconds(v) : null, CreatedAt = Now,
            CreatedBy = Actor(user),
        };
        db.Add(row);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "exchange-access-right", SubjectId: row.Id.ToString(),
            Details: $"{client} → {serviceId} [{string.Join(',', methods)}] purposes: {string.Join(" | ", purposes)}"));
        await SaveAsync(ct);
        return ExchangeResult<AccessRightView>.Ok(new AccessRightView(row.Id, ManualSource, client, serviceId, methods, paths, purposes, row.ValidFrom,
            row.ValidUntil, null, provider.DepartmentId));
    }

    /// <summary>Revokes a hand-entered right; it leaves the next configuration the gateways load.</summary>
    public async Task<ExchangeResult<AccessRightView>> RevokeRightAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var row = await db.Set<ExchangeAccessRight>().FirstOrDefaultAsync(r => r.Id == id, ct);
        var service = row is null ? null : await db.Set<ExchangeService>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == row.ServiceRef, ct);
        var provider = service is null ? null : await db.Set<ExchangeMember>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == service.MemberRef, ct);
        if (row is null || service is null || provider is null)
        {
            return ExchangeResult<AccessRightView>.Missing();
        }
        if (!CanActFor(user, provider.DepartmentId))
        {
            return await DenyAsync<AccessRightView>("exchange-access-right", id.ToString(), ct);
        }
        if (row.RevokedAt is not null)
        {
            return ExchangeResult<AccessRightView>.Clash("该权限已撤销", "The right has been revoked already.");
        }
        row.RevokedAt = Now;
        row.RevokedBy = Actor(user);
        audit.Record(new AuditEvent(AuditActions.Delete, SubjectType: "exchange-access-right", SubjectId: row.Id.ToString(),
            Details: $"revoked {row.Client} → {service.ServiceId}"));
        await SaveAsync(ct);
        return ExchangeResult<AccessRightView>.Ok(new AccessRightView(row.Id, ManualSource, row.Client, service.ServiceId, Split(row.Methods), Split(row.Paths),
            Split(row.Purposes), row.ValidFrom, row.ValidUntil, row.RevokedAt, provider.DepartmentId));
    }
}
