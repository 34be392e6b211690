using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity.Model;
using SmartGov.Hub.PersonalData;

namespace SmartGov.Hub.Modules.Identity;

public sealed record CitizenMasked(Guid Id, string Name, string IdNumberMasked, string MobileMasked);

public sealed record CitizenUnmasked(Guid Id, string Name, string IdNumber, string Mobile);

/// <summary>
/// Staff access to a citizen's personal data: a lookup by ID number (masked result) and unmasking (plain result).
/// Both need a stated purpose (用途) and leave an audit entry naming the person, so the citizen sees the use.
/// </summary>
public sealed class PersonalDataAccess(SmartGovDbContext db, IPersonalDataCipher cipher, IAuditSink audit)
{
    /// <summary>Roles whose work needs a citizen's identity: taking applications at a window and reviewing them.</summary>
    public static readonly IReadOnlyList<string> AllowedRoles = [Roles.WindowClerk, Roles.Officer, Roles.DepartmentLeader];

    public static bool MayAccess(ClaimsPrincipal user) => AllowedRoles.Any(user.IsInRole);

    public static FieldErrors CheckPurpose(string? purpose)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(purpose) || purpose.Trim().Length < 4)
        {
            errors.Add("purpose", "purpose.required", "查看个人信息须说明用途（至少 4 个字）", "State the purpose of viewing personal data (at least 4 characters).");
        }
        else if (purpose.Length > 200)
        {
            errors.Add("purpose", "too-long", "用途不能超过 200 个字符", "The purpose must be at most 200 characters.");
        }
        return errors;
    }

    public async Task<(CitizenMasked? Citizen, FieldErrors Errors)> LookupAsync(string? idNumber, string? purpose, CancellationToken ct = default)
    {
        var errors = CheckPurpose(purpose);
        errors.Check("idNumber", IdNumber.Validate(idNumber));
        if (errors.Any)
        {
            return (null, errors);
        }
        var index = cipher.BlindIndex(PersonalDataKind.IdNumber, IdNumber.Normalize(idNumber!));
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.IdNumberIndex == index && u.Kind == UserKind.Citizen, ct);
        await audit.WriteAsync(new AuditEvent(AuditActions.ViewPersonalData, user is null ? AuditOutcomes.Failure : AuditOutcomes.Success,
            SubjectType: "user", SubjectId: user?.Id.ToString(), PersonIndex: index, Purpose: purpose!.Trim(), Details: "lookup by ID number"), ct);
        return (user is null ? null : new CitizenMasked(user.Id, user.DisplayName, user.IdNumberMasked ?? "", user.MobileMasked ?? ""), errors);
    }

    public async Task<(CitizenUnmasked? Citizen, FieldErrors Errors)> UnmaskAsync(Guid userId, string? purpose, CancellationToken ct = default)
    {
        var errors = CheckPurpose(purpose);
        if (errors.Any)
        {
            return (null, errors);
        }
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.Kind == UserKind.Citizen, ct);
        if (user?.IdNumberCipher is null || user.MobileCipher is null || user.IdNumberIndex is null)
        {
            return (null, errors);
        }
        var plain = new CitizenUnmasked(user.Id, user.DisplayName, cipher.Unprotect(user.IdNumberCipher), cipher.Unprotect(user.MobileCipher));
        await audit.WriteAsync(new AuditEvent(AuditActions.Unmask, SubjectType: "user", SubjectId: user.Id.ToString(),
            PersonIndex: user.IdNumberIndex, Purpose: purpose!.Trim(), Details: "id number and mobile"), ct);
        return (plain, errors);
    }
}
