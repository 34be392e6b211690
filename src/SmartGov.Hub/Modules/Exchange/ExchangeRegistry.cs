using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartGov.Core;
using SmartGov.Crypto;
using SmartGov.Exchange.Protocol;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Catalog;
using SmartGov.Hub.Modules.Exchange.Model;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Hub.Modules.Exchange;

/// <summary>
/// The exchange management center's registries: members and subsystems, gateways (registration and approval),
/// services and access rights. The center admin is the system administrator; a department's data administrator sees
/// and acts for the own department's member only. Every change is audited in the same transaction.
/// </summary>
public sealed partial class ExchangeRegistry(
    SmartGovDbContext db,
    IAuditSink audit,
    IOrganizationDirectory organizations,
    ICatalogSharing catalog,
    ExchangeCenterKey centerKey,
    ConfigurationCache cache,
    IOptions<ExchangeOptions> options,
    TimeProvider clock)
{
    public const string ManualSource = "manual";
    public const string GrantSource = "grant";
    private static readonly string[] AllowedMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "*"];
    private readonly ExchangeOptions _options = options.Value;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public static bool IsCenterAdmin(ClaimsPrincipal user) => user.IsInRole(Roles.SystemAdmin);

    /// <summary>The center admin acts for every department; a data administrator for the own one.</summary>
    public static bool CanActFor(ClaimsPrincipal user, Guid departmentId) =>
        IsCenterAdmin(user) || (user.IsInRole(Roles.DataAdministrator) && user.GetDepartmentId() == departmentId);

    public static bool CanSeeExchange(ClaimsPrincipal user) => IsCenterAdmin(user) || user.IsInRole(Roles.DataAdministrator);

    /// <summary>Saves, and makes this node's next configuration read the registries again.</summary>
    private async Task SaveAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        cache.Clear();
    }

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "system";

    private async Task<ExchangeResult<T>> DenyAsync<T>(string subjectType, string? subjectId, CancellationToken ct)
    {
        await audit.WriteAsync(new AuditEvent(AuditActions.AccessDenied, AuditOutcomes.Denied, subjectType, subjectId), ct);
        return ExchangeResult<T>.Refused("只有交换管理中心管理员或本部门数据管理员可以进行此操作",
            "Only the exchange center administrator or this department's data administrator may do this.");
    }

    // ---- members and subsystems ----------------------------------------------------------------------------

    public async Task<ExchangeResult<IReadOnlyList<MemberView>>> ListMembersAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (!CanSeeExchange(user))
        {
            return await DenyAsync<IReadOnlyList<MemberView>>("exchange-member", null, ct);
        }
        var members = await db.Set<ExchangeMember>().AsNoTracking().OrderBy(m => m.MemberId).ToListAsync(ct);
        if (!IsCenterAdmin(user))
        {
            members = [.. members.Where(m => m.DepartmentId == user.GetDepartmentId())];
        }
        var subs = await db.Set<ExchangeSubsystem>().AsNoTracking().ToListAsync(ct);
        return ExchangeResult<IReadOnlyList<MemberView>>.Ok([.. members.Select(m => ToView(m, subs))]);
    }

    private static MemberView ToView(ExchangeMember m, IEnumerable<ExchangeSubsystem> subs) =>
        new(m.Id, m.DepartmentId, m.MemberId, m.Name, [.. subs.Where(s => s.MemberRef == m.Id).Select(s => s.Code).Order(StringComparer.Ordinal)], m.CreatedAt);

    /// <summary>Registers a department as a member: id INSTANCE/CLASS/{credit code} (center admin only).</summary>
    public async Task<ExchangeResult<MemberView>> CreateMemberAsync(ClaimsPrincipal user, MemberInput input, CancellationToken ct)
    {
        if (!IsCenterAdmin(user))
        {
            return await DenyAsync<MemberView>("exchange-member", input.DepartmentId.ToString(), ct);
        }
        var department = await organizations.FindDepartmentAsync(input.DepartmentId, ct);
        if (department is null || !department.IsActive)
        {
            return ExchangeResult<MemberView>.Invalid("departmentId", "unknown", "部门不存在或已停用", "The department does not exist or is inactive.");
        }
        var memberId = $"{_options.Instance}/{_options.MemberClass}/{department.CreditCode}";
        if (!ExchangeId.TryParse(memberId, ExchangeIdKind.Member, out _, out var error))
        {
            return ExchangeResult<MemberView>.Invalid("departmentId", "credit-code", "部门的统一社会信用代码不能作为成员编码", error ?? "Invalid member id.");
        }
        if (await db.Set<ExchangeMember>().AnyAsync(m => m.DepartmentId == department.Id || m.MemberId == memberId, ct))
        {
            return ExchangeResult<MemberView>.Clash("该部门已是交换成员", "The department is a member already.");
        }
        var member = new ExchangeMember { Id = Guid.NewGuid(), DepartmentId = department.Id, MemberId = memberId, Name = department.Name, CreatedAt = Now };
        db.Add(member);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "exchange-member", SubjectId: memberId));
        await SaveAsync(ct);
        return ExchangeResult<MemberView>.Ok(ToView(member, []));
    }

    public async Task<ExchangeResult<MemberView>> AddSubsystemAsync(ClaimsPrincipal user, Guid memberRef, SubsystemInput input, CancellationToken ct)
    {
        var member = await db.Set<ExchangeMember>().FirstOrDefaultAsync(m => m.Id == memberRef, ct);
        if (member is null)
        {
            return ExchangeResult<MemberView>.Missing();
        }
        if (!CanActFor(user, member.DepartmentId))
        {
            return await DenyAsync<MemberView>("exchange-member", member.MemberId, ct);
        }
        var code = input.Code?.Trim() ?? "";
        if (!ExchangeId.IsCode(code))
        {
            return ExchangeResult<MemberView>.Invalid("code", "format", "子系统编码为 1–64 位字母、数字、“.”、“_”或“-”",
                "The subsystem code is 1–64 characters of A–Z, a–z, 0–9, '.', '_' and '-'.");
        }
        if (await db.Set<ExchangeSubsystem>().AnyAsync(s => s.MemberRef == memberRef && s.Code == code, ct))
        {
            return ExchangeResult<MemberView>.Clash("该子系统已登记", "The subsystem is registered already.");
        }
        db.Add(new ExchangeSubsystem { Id = Guid.NewGuid(), MemberRef = memberRef, Code = code, CreatedAt = Now });
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "exchange-subsystem", SubjectId: member.MemberId + "/" + code));
        await SaveAsync(ct);
        var subs = await db.Set<ExchangeSubsystem>().AsNoTracking().Where(s => s.MemberRef == memberRef).ToListAsync(ct);
        return ExchangeResult<MemberView>.Ok(ToView(member, subs));
    }

    // ---- gateways ------------------------------------------------------------------------------------------

    public async Task<ExchangeResult<IReadOnlyList<GatewayView>>> ListGatewaysAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (!CanSeeExchange(user))
        {
            return await DenyAsync<IReadOnlyList<GatewayView>>("exchange-gateway", null, ct);
        }
        var members = await db.Set<ExchangeMember>().AsNoTracking().ToDictionaryAsync(m => m.Id, ct);
        var gateways = await db.Set<ExchangeGateway>().AsNoTracking().ToListAsync(ct);
        var views = gateways.Where(g => members.ContainsKey(g.MemberRef)).Select(g => ToView(g, members[g.MemberRef]))
            .Where(g => IsCenterAdmin(user) || g.DepartmentId == user.GetDepartmentId())
            .OrderBy(g => g.Status == nameof(GatewayStatus.Pending) ? 0 : 1).ThenBy(g => g.MemberId, StringComparer.Ordinal).ThenByDescending(g => g.RequestedAt)
            .ToList();
        return ExchangeResult<IReadOnlyList<GatewayView>>.Ok(views);
    }

    private static GatewayView ToView(ExchangeGateway g, ExchangeMember m) => new(
        g.Id, m.Id, m.MemberId, m.Name, m.DepartmentId, g.Address, g.PublicKeyPem, g.Status.ToString(), g.RequestedAt, g.DecidedAt, g.DecidedBy,
        g.DecisionNote, g.LastSeenAt, g.ConfigVersionInUse, g.WitnessedSize, g.WitnessedRoot, g.WitnessedAt, g.Inconsistent, g.InconsistentAt,
        g.InconsistencyDetail);

    public async Task<ExchangeResult<GatewayDetail>> GetGatewayAsync(ClaimsPrincipal user, Guid id, int trafficDays, CancellationToken ct)
    {
        var g = await db.Set<ExchangeGateway>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        var m = g is null ? null : await db.Set<ExchangeMember>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == g.MemberRef, ct);
        if (g is null || m is null)
        {
            return ExchangeResult<GatewayDetail>.Missing();
        }
        if (!CanActFor(user, m.DepartmentId))
        {
            return await DenyAsync<GatewayDetail>("exchange-gateway", id.ToString(), ct);
        }
        var since = Now.AddDays(-Math.Clamp(trafficDays, 1, 366));
        var traffic = await db.Set<ExchangeTraffic>().AsNoTracking().Where(t => t.GatewayRef == id && t.ReportedAt >= since)
            .OrderBy(t => t.ReportedAt)
            .Select(t => new TrafficRow(t.ReportedAt, t.Side, t.Client, t.Service, t.Calls, t.Errors, t.ErrorsByType, t.P50Ms, t.P95Ms))
            .ToListAsync(ct);
        var heads = await db.Set<ExchangeWitnessedHead>().AsNoTracking().Where(h => h.GatewayRef == id)
            .OrderByDescending(h => h.Id).Take(20)
            .Select(h => new WitnessedHeadView(h.TreeSize, h.RootHash, h.Timestamp, h.ReceivedAt, h.Consistent, h.Detail))
            .ToListAsync(ct);
        return ExchangeResult<GatewayDetail>.Ok(new GatewayDetail(ToView(g, m), traffic, heads));
    }

    /// <summary>The center admin approves, rejects or suspends a gateway. Approving one suspends the member's other approved gateway.</summary>
    public async Task<ExchangeResult<GatewayView>> DecideGatewayAsync(ClaimsPrincipal user, Guid id, GatewayStatus decision, DecisionInput input, CancellationToken ct)
    {
        var g = await db.Set<ExchangeGateway>().FirstOrDefaultAsync(x => x.Id == id, ct);
        var m = g is null ? null : await db.Set<ExchangeMember>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == g.MemberRef, ct);
        if (g is null || m is null)
        {
            return ExchangeResult<GatewayView>.Missing();
        }
        if (!IsCenterAdmin(user))
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.AccessDenied, AuditOutcomes.Denied, "exchange-gateway", id.ToString()), ct);
            return ExchangeResult<GatewayView>.Refused("只有交换管理中心管理员可以审批前置机", "Only the exchange center administrator decides on gateways.");
        }
        if (input.Note is { Length: > 500 })
        {
            return ExchangeResult<GatewayView>.Invalid("note", "too-long", "说明不能超过 500 个字符", "The note must be at most 500 characters.");
        }
        var allowed = decision switch
        {
            GatewayStatus.Approved => g.Status is GatewayStatus.Pending or GatewayStatus.Suspended,
            GatewayStatus.Rejected => g.Status == GatewayStatus.Pending,
            GatewayStatus.Suspended => g.Status == GatewayStatus.Approved,
            _ => false,
        };
        if (!allowed)
        {
            return ExchangeResult<GatewayView>.Clash($"前置机当前状态（{g.Status}）不能进行此操作", $"A gateway that is {g.Status} cannot be {decision}.");
        }
        if (decision == GatewayStatus.Approved)
        {
            // The configuration names one gateway per member: the newly approved one replaces the old.
            foreach (var other in await db.Set<ExchangeGateway>().Where(x => x.MemberRef == g.MemberRef && x.Id != g.Id && x.Status == GatewayStatus.Approved).ToListAsync(ct))
            {
                other.Status = GatewayStatus.Suspended;
                other.DecidedAt = Now;
                other.DecidedBy = Actor(user);
                other.DecisionNote = "replaced by gateway " + g.Id;
            }
        }
        g.Status = decision;
        g.DecidedAt = Now;
        g.DecidedBy = Actor(user);
        g.DecisionNote = input.Note?.Trim();
        audit.Record(new AuditEvent(AuditActions.Decide, SubjectType: "exchange-gateway", SubjectId: g.Id.ToString(),
            Details: $"{decision} {m.MemberId} {g.Address}"));
        await SaveAsync(ct);
        return ExchangeResult<GatewayView>.Ok(ToView(g, m));
    }

    /// <summary>A one-time registration code for the member's gateway; only its hash is kept, the code is shown once.</summary>
    public async Task<ExchangeResult<RegistrationCodeIssued>> CreateRegistrationCodeAsync(ClaimsPrincipal user, Guid memberRef, RegistrationCodeInput input, CancellationToken ct)
    {
        var m = await db.Set<ExchangeMember>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == memberRef, ct);
        if (m is null)
        {
            return ExchangeResult<RegistrationCodeIssued>.Missing();
        }
        if (!CanActFor(user, m.DepartmentId))
        {
            return await DenyAsync<RegistrationCodeIssued>("exchange-member", m.MemberId, ct);
        }
        var hours = input.ValidHours ?? _options.RegistrationCodeHours;
        if (hours is < 1 or > 24 * 30)
        {
            return ExchangeResult<RegistrationCodeIssued>.Invalid("validHours", "range", "有效期为 1 至 720 小时", "The validity is 1 to 720 hours.");
        }
        var code = "sgr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var row = AddCode(m.Id, code, Now.AddHours(hours), Actor(user), preApproved: false);
        audit.Record(new AuditEvent(AuditActions.TokenIssue, SubjectType: "exchange-registration-code", SubjectId: row.Id.ToString(), Details: m.MemberId));
        await SaveAsync(ct);
        return ExchangeResult<RegistrationCodeIssued>.Ok(new RegistrationCodeIssued(row.Id, code, m.MemberId, row.ExpiresAt, false));
    }

    internal ExchangeRegistrationCode AddCode(Guid memberRef, string code, DateTime expiresAt, string? createdBy, bool preApproved)
    {
        var row = new ExchangeRegistrationCode
        {
            Id = Guid.NewGuid(), MemberRef = memberRef, CodeHash = HashCode(code), CreatedAt = Now, ExpiresAt = expiresAt, CreatedBy = createdBy,
            PreApproved = preApproved,
        };
        db.Add(row);
        return row;
    }

    internal static string HashCode(string code) => Convert.ToHexStringLower(Sm3.Hash(Encoding.UTF8.GetBytes(code.Trim())));

    /// <summary>The bytes a registering gateway signs to prove it holds the private key of the public key it sends.</summary>
    public static byte[] RegistrationProofBytes(string code, string memberId, string address) =>
        Encoding.UTF8.GetBytes(string.Join('\n', "SMARTGOV-REGISTER-1", code.Trim(), memberId.Trim(), address.Trim()));

    /// <summary>
    /// A gateway registers with a one-time code (anonymous; the code and the proof of possession are the credentials).
    /// The same gateway (same key) presenting its used code again gets its registration back, so registering at every
    /// start is harmless.
    /// </summary>
    public async Task<ExchangeResult<GatewayRegistrationResponse>> RegisterGatewayAsync(GatewayRegistrationRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("code", request.Code, "注册码", "Registration code", 128);
        errors.Required("address", request.Address, "前置机地址", "Gateway address", 512);
        errors.Required("publicKeyPem", request.PublicKeyPem, "公钥", "Public key", 1024);
        errors.Required("proof", request.Proof, "密钥持有证明", "Proof of possession", 512);
        if (errors.Any)
        {
            return ExchangeResult<GatewayRegistrationResponse>.Invalid(errors.All);
        }
        if (!Uri.TryCreate(request.Address!.Trim(), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment))
        {
            return ExchangeResult<GatewayRegistrationResponse>.Invalid("address", "url", "前置机地址必须是 http(s) 地址，不带查询串",
                "The gateway address must be an http(s) URL without a query.");
        }
        Sm2PublicKey key;
        try
        {
            key = Sm2PublicKey.FromPem(request.PublicKeyPem!);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or CryptographicException)
        {
            return ExchangeResult<GatewayRegistrationResponse>.Invalid("publicKeyPem", "key", "公钥不是 SM2 公钥（PEM）", "The public key is not an SM2 public key in PEM.");
        }
        var hash = HashCode(request.Code!);
        var code = await db.Set<ExchangeRegistrationCode>().FirstOrDefaultAsync(c => c.CodeHash == hash, ct);
        var member = code is null ? null : await db.Set<ExchangeMember>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == code.MemberRef, ct);
        if (code is null || member is null || (code.UsedAt is null && code.ExpiresAt <= Now))
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.Register, AuditOutcomes.Failure, "exchange-gateway", null, ActorType: AuditActorTypes.Gateway,
                Details: "unknown or expired registration code"), ct);
            return ExchangeResult<GatewayRegistrationResponse>.Invalid("code", "invalid", "注册码无效或已过期", "The registration code is not valid or has expired.");
        }
        if (request.MemberId is { Length: > 0 } claimed && claimed.Trim() != member.MemberId)
        {
            return ExchangeResult<GatewayRegistrationResponse>.Invalid("memberId", "mismatch", "注册码不属于该成员", "The registration code belongs to another member.");
        }
        byte[] proof;
        try
        {
            proof = Convert.FromBase64String(request.Proof!);
        }
        catch (FormatException)
        {
            proof = [];
        }
        var signed = RegistrationProofBytes(request.Code!, request.MemberId ?? "", request.Address!);
        if (!key.Verify(Sm3.Hash(signed), proof))
        {
            return ExchangeResult<GatewayRegistrationResponse>.Invalid("proof", "signature", "密钥持有证明验证失败", "The proof of possession does not verify with the public key.");
        }
        var addressText = address.ToString().TrimEnd('/');
        var keyPem = key.ToPem();
        if (code.UsedAt is not null)
        {
            var existing = code.GatewayRef is { } gid ? await db.Set<ExchangeGateway>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == gid, ct) : null;
            if (existing is null || existing.PublicKeyPem != keyPem)
            {
                return ExchangeResult<GatewayRegistrationResponse>.Invalid("code", "used", "注册码已被使用", "The registration code has been used already.");
            }
            return ExchangeResult<GatewayRegistrationResponse>.Ok(Registered(existing, member));
        }
        var gateway = new ExchangeGateway
        {
            Id = Guid.NewGuid(), MemberRef = member.Id, Address = addressText, PublicKeyPem = keyPem, RequestedAt = Now,
            Status = code.PreApproved ? GatewayStatus.Approved : GatewayStatus.Pending,
        };
        if (code.PreApproved)
        {
            gateway.DecidedAt = Now;
            gateway.DecidedBy = code.CreatedBy ?? "system";
            gateway.DecisionNote = "pre-approved registration code";
            foreach (var other in await db.Set<ExchangeGateway>().Where(x => x.MemberRef == member.Id && x.Status == GatewayStatus.Approved).ToListAsync(ct))
            {
                other.Status = GatewayStatus.Suspended;
                other.DecidedAt = Now;
                other.DecisionNote = "replaced by gateway " + gateway.Id;
            }
        }
        db.Add(gateway);
        code.UsedAt = Now;
        code.GatewayRef = gateway.Id;
        audit.Record(new AuditEvent(AuditActions.Register, SubjectType: "exchange-gateway", SubjectId: gateway.Id.ToString(),
            ActorType: AuditActorTypes.Gateway, ActorName: member.MemberId, ActorDepartmentId: member.DepartmentId,
            Details: $"{member.MemberId} {addressText} {gateway.Status}"));
        await SaveAsync(ct);
        return ExchangeResult<GatewayRegistrationResponse>.Ok(Registered(gateway, member));
    }

    private GatewayRegistrationResponse Registered(ExchangeGateway g, ExchangeMember m) =>
        new(g.Id, m.MemberId, g.Status.ToString(), centerKey.PublicKeyPem, "/exchange/global-configuration");
}
