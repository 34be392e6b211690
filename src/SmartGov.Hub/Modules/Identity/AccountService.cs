using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity.Model;
using SmartGov.Hub.PersonalData;

namespace SmartGov.Hub.Modules.Identity;

public sealed record CitizenRegistration(string? Name, string? IdNumber, string? Mobile, string? Password, string? ConfirmPassword);

public sealed record BusinessRegistration(string? Name, string? CreditCode, AgentRole? Role);

public sealed record AccountResult(AppUser? User, IReadOnlyList<FieldError> Errors)
{
    public bool Succeeded => User is not null && Errors.Count == 0;
}

/// <summary>Public accounts: citizens register themselves, and act as agents for businesses.</summary>
public sealed class AccountService(
    SmartGovDbContext db,
    UserManager<AppUser> users,
    IPersonalDataCipher protector,
    IAuditSink audit,
    TimeProvider clock)
{
    public async Task<AccountResult> RegisterCitizenAsync(CitizenRegistration input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        errors.Required("name", input.Name, "姓名", "Name", 50);
        var idCheck = IdNumber.Validate(input.IdNumber, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        errors.Check("idNumber", idCheck);
        errors.Check("mobile", MobileNumber.Validate(input.Mobile));
        if (string.IsNullOrEmpty(input.Password))
        {
            errors.Add("password", "required", "请设置密码", "Password is required.");
        }
        else if (input.Password != input.ConfirmPassword)
        {
            errors.Add("confirmPassword", "password.mismatch", "两次输入的密码不一致", "The two passwords do not match.");
        }
        if (!string.IsNullOrEmpty(input.Password))
        {
            await IdentityErrors.CheckPasswordAsync(users, errors, "password", input.Password);
        }
        string? idIndex = null;
        if (idCheck.IsValid)
        {
            idIndex = protector.BlindIndex(PersonalDataKind.IdNumber, IdNumber.Normalize(input.IdNumber!));
            if (await db.Users.AnyAsync(u => u.IdNumberIndex == idIndex, ct))
            {
                errors.Add("idNumber", "id.taken", "该身份证号已注册，请直接登录或找回密码", "This ID number is already registered; please sign in instead.");
            }
        }
        if (errors.Any)
        {
            return new(null, errors.All);
        }

        var idNumber = IdNumber.Normalize(input.IdNumber!);
        var mobile = MobileNumber.Normalize(input.Mobile!);
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            Kind = UserKind.Citizen,
            UserName = "c" + idIndex![..20],
            DisplayName = input.Name!.Trim(),
            IdNumberCipher = protector.Protect(idNumber),
            IdNumberIndex = idIndex,
            IdNumberMasked = IdNumber.Mask(idNumber),
            MobileCipher = protector.Protect(mobile),
            MobileIndex = protector.BlindIndex(PersonalDataKind.Mobile, mobile),
            MobileMasked = MobileNumber.Mask(mobile),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        // The account and its audit entry commit together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, input.Password!);
        if (!created.Succeeded)
        {
            return new(null, created.Errors.Select(e => IdentityErrors.ToFieldError("password", e)).ToList());
        }
        await users.AddToRoleAsync(user, Roles.Citizen);
        await audit.WriteAsync(new AuditEvent(AuditActions.Register, SubjectType: "user", SubjectId: user.Id.ToString(),
            PersonIndex: idIndex, ActorId: user.Id, ActorName: user.UserName), ct);
        await tx.CommitAsync(ct);
        return new(user, []);
    }

    /// <summary>Finds an account by ID number, mobile number or user name, without ever querying plain personal data.</summary>
    public async Task<AppUser?> FindForSignInAsync(string? identifier, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(identifier))
        {
            return null;
        }
        var value = identifier.Trim();
        if (value.Length == 18 && IdNumber.Validate(value).IsValid)
        {
            var index = protector.BlindIndex(PersonalDataKind.IdNumber, IdNumber.Normalize(value));
            return await db.Users.FirstOrDefaultAsync(u => u.IdNumberIndex == index, ct);
        }
        if (MobileNumber.Validate(value).IsValid)
        {
            var index = protector.BlindIndex(PersonalDataKind.Mobile, MobileNumber.Normalize(value));
            var matches = await db.Users.Where(u => u.MobileIndex == index).Take(2).ToListAsync(ct);
            // A mobile number shared by two accounts cannot identify one of them.
            return matches.Count == 1 ? matches[0] : null;
        }
        return await users.FindByNameAsync(value);
    }

    public async Task<(Business? Business, IReadOnlyList<FieldError> Errors, string? ConflictZh, string? ConflictEn)> RegisterBusinessAsync(
        Guid agentUserId, BusinessRegistration input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        errors.Required("name", input.Name, "企业名称", "Business name", 200);
        errors.Check("creditCode", CreditCode.Validate(input.CreditCode));
        if (input.Role is null || !Enum.IsDefined(input.Role.Value))
        {
            errors.Add("role", "agent.role", "请选择您在企业中的身份（法定代表人或经办人）", "Choose your role for the business (legal representative or agent).");
        }
        if (errors.Any)
        {
            return (null, errors.All, null, null);
        }
        var code = CreditCode.Normalize(input.CreditCode!);
        if (await db.Set<Business>().AnyAsync(b => b.CreditCode == code, ct))
        {
            return (null, [], $"统一社会信用代码 {code} 的企业已注册，请联系该企业的现有经办人添加您",
                $"A business with credit code {code} is already registered; ask its current agent to add you.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var business = new Business
        {
            Id = Guid.CreateVersion7(),
            Name = input.Name!.Trim(),
            CreditCode = code,
            RegionCode = code.Substring(2, 6),
            CreatedAt = now,
        };
        business.Agents.Add(new BusinessAgent { BusinessId = business.Id, UserId = agentUserId, Role = input.Role!.Value, CreatedAt = now });
        db.Add(business);
        audit.Record(new AuditEvent(AuditActions.Create, SubjectType: "business", SubjectId: business.Id.ToString(), Details: code));
        await db.SaveChangesAsync(ct);
        return (business, [], null, null);
    }

    public async Task<IReadOnlyList<(Business Business, AgentRole Role)>> BusinessesOfAsync(Guid userId, CancellationToken ct = default)
    {
        var rows = await (from a in db.Set<BusinessAgent>().AsNoTracking()
                          join b in db.Set<Business>().AsNoTracking() on a.BusinessId equals b.Id
                          where a.UserId == userId
                          orderby b.Name
                          select new { b, a.Role }).ToListAsync(ct);
        return rows.Select(r => (r.b, r.Role)).ToList();
    }
}

/// <summary>Identity's own errors, in both languages and named by field.</summary>
public static class IdentityErrors
{
    /// <summary>Runs the configured password policy and names every rule the password breaks.</summary>
    public static async Task CheckPasswordAsync(UserManager<AppUser> users, FieldErrors errors, string field, string password)
    {
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new AppUser(), password);
            foreach (var e in result.Errors)
            {
                errors.Add(ToFieldError(field, e));
            }
        }
    }

    public static FieldError ToFieldError(string field, IdentityError e) => e.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => new(field, "password.too-short", "密码至少需要 10 个字符", "The password must be at least 10 characters."),
        nameof(IdentityErrorDescriber.PasswordRequiresDigit) => new(field, "password.digit", "密码需包含数字", "The password must contain a digit."),
        nameof(IdentityErrorDescriber.PasswordRequiresLower) => new(field, "password.lower", "密码需包含小写字母", "The password must contain a lowercase letter."),
        nameof(IdentityErrorDescriber.PasswordRequiresUpper) => new(field, "password.upper", "密码需包含大写字母", "The password must contain an uppercase letter."),
        nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => new(field, "password.symbol", "密码需包含符号", "The password must contain a symbol."),
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => new(field, "password.unique", "密码中不同字符太少", "The password has too few different characters."),
        nameof(IdentityErrorDescriber.DuplicateUserName) => new("userName", "user.taken", "该用户名已被使用", "This user name is already taken."),
        nameof(IdentityErrorDescriber.InvalidUserName) => new("userName", "user.invalid", "用户名只能包含字母、数字和 . _ -", "The user name may contain only letters, digits and . _ -"),
        _ => new(field, "identity." + e.Code, e.Description, e.Description),
    };
}
