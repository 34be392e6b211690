using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Hub.Modules.Identity;

/// <summary>A staff member as other modules need to know them: to assign work, to name them on a record.</summary>
public sealed record StaffInfo(Guid Id, string UserName, string DisplayName, Guid? DepartmentId, IReadOnlyList<string> Roles, bool Active);

/// <summary>A person's account as other modules may know it: masked, never the plain ID number.</summary>
public sealed record PersonInfo(Guid Id, string DisplayName, string? IdNumberMasked, string? IdNumberIndex);

/// <summary>
/// A citizen account for bulk work (demo history, imports): the personal data stays as stored, SM4-encrypted, with
/// its blind index and masked forms; the caller decrypts only what it must, through the platform cipher.
/// </summary>
public sealed record CitizenRecord(Guid Id, string DisplayName, byte[] IdNumberCipher, string IdNumberIndex, string? IdNumberMasked, byte[]? MobileCipher, string? MobileMasked);

/// <summary>A business and its legal representative's account.</summary>
public sealed record BusinessRecord(string Name, string CreditCode, Guid LegalRepresentativeId);

/// <summary>What other modules may ask the Identity module about a person, without touching its tables.</summary>
public interface IPersonDirectory
{
    /// <summary>The keyed blind index of the account's ID number (HMAC-SM3), or null for accounts without one.</summary>
    Task<string?> IdNumberIndexAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>The account's e-mail address, or null when it has none (for notifications).</summary>
    Task<string?> EmailAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>A citizen account, by id.</summary>
    Task<PersonInfo?> FindPersonAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>The citizen account whose ID number has this blind index, if there is one.</summary>
    Task<PersonInfo?> FindPersonByIndexAsync(string idNumberIndex, CancellationToken cancellationToken = default);

    /// <summary>A staff member with their roles, or null.</summary>
    Task<StaffInfo?> FindStaffAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Active staff of a department holding a role.</summary>
    Task<IReadOnlyList<StaffInfo>> ListStaffAsync(Guid departmentId, string role, CancellationToken cancellationToken = default);

    /// <summary>Citizen accounts that have an ID number, up to <paramref name="take"/>, in blind-index order.</summary>
    Task<IReadOnlyList<CitizenRecord>> ListCitizensAsync(int take, CancellationToken cancellationToken = default);

    /// <summary>Businesses with their legal representatives, in credit-code order.</summary>
    Task<IReadOnlyList<BusinessRecord>> ListBusinessesAsync(CancellationToken cancellationToken = default);

    /// <summary>The name of the business with this credit code if the user may act for it (legal representative or agent).</summary>
    Task<string?> BusinessActingForAsync(Guid userId, string creditCode, CancellationToken cancellationToken = default);
}

internal sealed class PersonDirectory(SmartGovDbContext db, TimeProvider clock) : IPersonDirectory
{
    public async Task<string?> IdNumberIndexAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.IdNumberIndex).FirstOrDefaultAsync(cancellationToken);

    public async Task<string?> EmailAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var email = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(email) ? null : email.Trim();
    }

    public async Task<PersonInfo?> FindPersonAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId && u.Kind == UserKind.Citizen)
            .Select(u => new PersonInfo(u.Id, u.DisplayName, u.IdNumberMasked, u.IdNumberIndex)).FirstOrDefaultAsync(cancellationToken);

    public async Task<PersonInfo?> FindPersonByIndexAsync(string idNumberIndex, CancellationToken cancellationToken = default) =>
        await db.Users.AsNoTracking().Where(u => u.IdNumberIndex == idNumberIndex && u.Kind == UserKind.Citizen)
            .Select(u => new PersonInfo(u.Id, u.DisplayName, u.IdNumberMasked, u.IdNumberIndex)).FirstOrDefaultAsync(cancellationToken);

    public async Task<StaffInfo?> FindStaffAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var u = await db.Users.AsNoTracking().Where(x => x.Id == userId && x.Kind == UserKind.Staff)
            .Select(x => new { x.Id, x.UserName, x.DisplayName, x.DepartmentId, x.LockoutEnd }).FirstOrDefaultAsync(cancellationToken);
        if (u is null)
        {
            return null;
        }
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name!)
            .ToListAsync(cancellationToken);
        return new StaffInfo(u.Id, u.UserName ?? "", u.DisplayName, u.DepartmentId, roles, Active(u.LockoutEnd));
    }

    public async Task<IReadOnlyList<StaffInfo>> ListStaffAsync(Guid departmentId, string role, CancellationToken cancellationToken = default)
    {
        var rows = await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          where u.DepartmentId == departmentId && u.Kind == UserKind.Staff && r.Name == role
                          select new { u.Id, u.UserName, u.DisplayName, u.DepartmentId, u.LockoutEnd }).AsNoTracking().ToListAsync(cancellationToken);
        return rows.Where(u => Active(u.LockoutEnd))
            .Select(u => new StaffInfo(u.Id, u.UserName ?? "", u.DisplayName, u.DepartmentId, [role], true)).ToList();
    }

    public async Task<IReadOnlyList<CitizenRecord>> ListCitizensAsync(int take, CancellationToken cancellationToken = default) =>
        await db.Users.AsNoTracking().Where(u => u.Kind == UserKind.Citizen && u.IdNumberCipher != null && u.IdNumberIndex != null)
            .OrderBy(u => u.IdNumberIndex).Take(take)
            .Select(u => new CitizenRecord(u.Id, u.DisplayName, u.IdNumberCipher!, u.IdNumberIndex!, u.IdNumberMasked, u.MobileCipher, u.MobileMasked))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<BusinessRecord>> ListBusinessesAsync(CancellationToken cancellationToken = default) =>
        await (from b in db.Set<Business>()
               join a in db.Set<BusinessAgent>() on b.Id equals a.BusinessId
               where a.Role == AgentRole.LegalRepresentative
               orderby b.CreditCode
               select new BusinessRecord(b.Name, b.CreditCode, a.UserId)).AsNoTracking().ToListAsync(cancellationToken);

    public async Task<string?> BusinessActingForAsync(Guid userId, string creditCode, CancellationToken cancellationToken = default) =>
        await (from b in db.Set<Business>()
               join a in db.Set<BusinessAgent>() on b.Id equals a.BusinessId
               where a.UserId == userId && b.CreditCode == creditCode
               select b.Name).AsNoTracking().FirstOrDefaultAsync(cancellationToken);

    private bool Active(DateTimeOffset? lockoutEnd) => lockoutEnd is null || lockoutEnd <= clock.GetUtcNow();
}
