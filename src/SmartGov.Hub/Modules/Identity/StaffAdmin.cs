using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity.Model;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Hub.Modules.Identity;

public sealed record StaffInput(string? UserName, string? DisplayName, Guid? DepartmentId, IReadOnlyList<string>? Roles, string? InitialPassword);

public sealed record StaffView(Guid Id, string UserName, string DisplayName, Guid? DepartmentId, IReadOnlyList<string> Roles, bool TwoFactorEnabled, DateTimeOffset? LockoutEnd);

public sealed record StaffResult(StaffView? Staff, IReadOnlyList<FieldError> Errors, string? DeniedZh = null, string? DeniedEn = null, bool NotFound = false)
{
    public bool Succeeded => Staff is not null && Errors.Count == 0 && DeniedZh is null && !NotFound;
}

/// <summary>
/// Staff accounts and their roles, enforcing 三员分立 (GB/T 22239-2019 8.1.4.2 and 8.1.4.3): system admin,
/// security admin and audit admin are different accounts; the system admin grants business roles only;
/// the three administrator roles are granted by the security admin; nobody changes their own roles.
/// </summary>
public sealed class StaffAdmin(
    SmartGovDbContext db,
    UserManager<AppUser> users,
    IOrganizationDirectory organizations,
    IAuditSink audit,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<StaffView>> ListAsync(Guid? departmentId, CancellationToken ct = default)
    {
        var q = db.Users.AsNoTracking().Where(u => u.Kind == UserKind.Staff);
        if (departmentId is not null)
        {
            q = q.Where(u => u.DepartmentId == departmentId);
        }
        var staff = await q.OrderBy(u => u.UserName).ToListAsync(ct);
        var ids = staff.Select(s => s.Id).ToList();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId) select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        return staff.Select(s => ToView(s, byUser[s.Id].Order().ToList())).ToList();
    }

    public async Task<StaffView?> FindAsync(Guid id, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.Kind == UserKind.Staff, ct);
        return user is null ? null : ToView(user, (await users.GetRolesAsync(user)).Order().ToList());
    }

    private static StaffView ToView(AppUser u, IReadOnlyList<string> roles) =>
        new(u.Id, u.UserName!, u.DisplayName, u.DepartmentId, roles, u.TwoFactorEnabled, u.LockoutEnd);

    public async Task<StaffResult> CreateAsync(ClaimsPrincipal actor, StaffInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (errors.Required("userName", input.UserName, "用户名", "User name", 64)
            && !System.Text.RegularExpressions.Regex.IsMatch(input.UserName!.Trim(), "^[a-zA-Z0-9._-]{3,64}$"))
        {
            errors.Add("userName", "user.invalid", "用户名只能包含字母、数字和 . _ -，3 到 64 个字符", "The user name must be 3-64 letters, digits or . _ -");
        }
        errors.Required("displayName", input.DisplayName, "姓名", "Name", 50);
        await CheckDepartmentAsync(errors, input.DepartmentId, ct);
        var roles = (input.Roles ?? []).Distinct(StringComparer.Ordinal).ToList();
        CheckRoles(errors, roles);
        if (string.IsNullOrEmpty(input.InitialPassword))
        {
            errors.Add("initialPassword", "required", "请设置初始密码", "An initial password is required.");
        }
        else
        {
            await IdentityErrors.CheckPasswordAsync(users, errors, "initialPassword", input.InitialPassword);
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        if (Denied(actor, roles) is { } denied)
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.RoleChange, AuditOutcomes.Denied, "user", input.UserName, Details: string.Join(',', roles)), ct);
            return new(null, [], denied.Zh, denied.En);
        }
        if (await users.FindByNameAsync(input.UserName!.Trim()) is not null)
        {
            return new(null, [new FieldError("userName", "user.taken", "该用户名已被使用", "This user name is already taken.")]);
        }
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            Kind = UserKind.Staff,
            UserName = input.UserName!.Trim(),
            DisplayName = input.DisplayName!.Trim(),
            DepartmentId = input.DepartmentId,
            LockoutEnabled = true,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, input.InitialPassword!);
        if (!created.Succeeded)
        {
            return new(null, created.Errors.Select(e => IdentityErrors.ToFieldError("initialPassword", e)).ToList());
        }
        if (roles.Count > 0)
        {
            await users.AddToRolesAsync(user, roles);
        }
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "user", SubjectId: user.Id.ToString(), Details: user.UserName));
        audit.Record(new AuditEvent(AuditActions.RoleChange, SubjectType: "user", SubjectId: user.Id.ToString(), Details: "+" + string.Join(",+", roles)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(ToView(user, roles.Order().ToList()), []);
    }

    public async Task<StaffResult> SetRolesAsync(ClaimsPrincipal actor, Guid userId, IReadOnlyList<string>? requested, CancellationToken ct = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.Kind == UserKind.Staff, ct);
        if (user is null)
        {
            return new(null, [], NotFound: true);
        }
        var errors = new FieldErrors();
        var roles = (requested ?? []).Distinct(StringComparer.Ordinal).ToList();
        CheckRoles(errors, roles);
        if (errors.Any)
        {
            return new(null, errors.All);
        }
        var current = (await users.GetRolesAsync(user)).ToList();
        var added = roles.Except(current).ToList();
        var removed = current.Except(roles).ToList();
        var changed = added.Concat(removed).ToList();
        (string Zh, string En)? denied = null;
        if (actor.GetUserId() == userId)
        {
            denied = ("不能修改自己的角色", "You cannot change your own roles.");
        }
        else
        {
            denied = Denied(actor, changed);
        }
        if (denied is not null)
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.RoleChange, AuditOutcomes.Denied, "user", userId.ToString(),
                Details: string.Join(',', added.Select(a => "+" + a).Concat(removed.Select(r => "-" + r)))), ct);
            return new(null, [], denied.Value.Zh, denied.Value.En);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (removed.Count > 0)
        {
            await users.RemoveFromRolesAsync(user, removed);
        }
        if (added.Count > 0)
        {
            await users.AddToRolesAsync(user, added);
        }
        // Changing roles invalidates the user's existing sessions at their next validation.
        await users.UpdateSecurityStampAsync(user);
        audit.Record(new AuditEvent(AuditActions.RoleChange, SubjectType: "user", SubjectId: userId.ToString(),
            Details: string.Join(',', added.Select(a => "+" + a).Concat(removed.Select(r => "-" + r)))));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(ToView(user, roles.Order().ToList()), []);
    }

    public async Task<bool> UnlockAsync(Guid userId, CancellationToken ct = default)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return false;
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync(new AuditEvent(AuditActions.Unlock, SubjectType: "user", SubjectId: userId.ToString(), Details: user.UserName), ct);
        return true;
    }

    private static void CheckRoles(FieldErrors errors, IReadOnlyList<string> roles)
    {
        foreach (var role in roles.Where(r => !Roles.IsStaffRole(r)))
        {
            errors.Add("roles", "role.unknown", $"未知角色：{role}", $"Unknown role: {role}");
        }
        if (roles.Count(r => Roles.ThreeAdministrators.Contains(r)) > 1)
        {
            errors.Add("roles", "role.separation", "系统管理员、安全管理员和审计管理员必须由不同人员担任",
                "The system, security and audit administrator roles must be held by different people.");
        }
        if (roles.Contains(Roles.Auditor) && roles.Count > 1)
        {
            errors.Add("roles", "role.auditor-exclusive", "审计管理员不得兼任其他角色", "An audit administrator holds no other role.");
        }
    }

    /// <summary>Who may grant what. Returns the reason when the actor may not change these roles.</summary>
    private static (string Zh, string En)? Denied(ClaimsPrincipal actor, IReadOnlyList<string> changedRoles)
    {
        var adminRoles = changedRoles.Where(r => Roles.GrantedBySecurityAdmin.Contains(r)).ToList();
        var businessRoles = changedRoles.Except(adminRoles).ToList();
        if (adminRoles.Count > 0 && !actor.IsInRole(Roles.SecurityAdmin))
        {
            return ("管理员角色（系统、安全、审计）只能由安全管理员授予", "Administrator roles (system, security, audit) are granted only by the security administrator.");
        }
        if (businessRoles.Count > 0 && !actor.IsInRole(Roles.SystemAdmin))
        {
            return ("业务角色只能由系统管理员授予", "Business roles are granted only by the system administrator.");
        }
        return null;
    }

    private async Task CheckDepartmentAsync(FieldErrors errors, Guid? departmentId, CancellationToken ct)
    {
        if (departmentId is null)
        {
            errors.Add("departmentId", "required", "请选择所属部门", "The department is required.");
            return;
        }
        var department = await organizations.FindDepartmentAsync(departmentId.Value, ct);
        if (department is null || !department.IsActive)
        {
            errors.Add("departmentId", "department.unknown", "所选部门不存在或已停用", "The department does not exist or is inactive.");
        }
    }
}
