using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Identity.Auth;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Hub.Modules.Identity.Apis;

public sealed record CitizenDto(Guid Id, string Name, string IdNumberMasked, string MobileMasked);

public sealed record MeDto(Guid Id, string UserName, string DisplayName, string Kind, Guid? DepartmentId, IReadOnlyList<string> Roles,
    string? IdNumberMasked, string? MobileMasked, bool ElderlyMode, bool TwoFactorEnabled);

public sealed record BusinessDto(Guid Id, string Name, string CreditCode, string Role);

public sealed record RolesInput(IReadOnlyList<string>? Roles);

public sealed record ApiTokenInput(string? Name, int? ValidDays);

public sealed record PurposeInput(string? Purpose);

public static class IdentityApi
{
    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("api/v1").WithTags("Identity");
        accounts.MapPost("/accounts/citizens", RegisterCitizenAsync).WithName("RegisterCitizen")
            .WithSummary("Register a citizen account / 公众用户注册").AllowAnonymous();
        accounts.MapGet("/me", MeAsync).WithName("GetMe").WithSummary("The signed-in account, masked / 当前账号").RequireAuthorization();
        accounts.MapGet("/me/businesses", MyBusinessesAsync).WithName("ListMyBusinesses")
            .WithSummary("Businesses the account acts for / 我代理的企业").RequireAuthorization(Policies.PublicUser);
        accounts.MapPost("/me/businesses", RegisterBusinessAsync).WithName("RegisterBusiness")
            .WithSummary("Register a business to act for / 企业注册").RequireAuthorization(Policies.PublicUser);

        var staff = app.MapGroup("api/v1/staff").WithTags("Identity");
        staff.MapGet("/", ListStaffAsync).WithName("ListStaff").WithSummary("All staff accounts / 工作人员账号").RequireAuthorization(Policies.AccountAdmin);
        staff.MapPost("/", CreateStaffAsync).WithName("CreateStaff").WithSummary("Create a staff account / 新建工作人员账号").RequireAuthorization(Policies.SystemAdmin);
        staff.MapPut("/{id:guid}/roles", SetRolesAsync).WithName("SetStaffRoles")
            .WithSummary("Replace a staff member's roles, under role separation / 设置角色（三员分立）").RequireAuthorization(Policies.AccountAdmin);
        staff.MapPost("/{id:guid}/unlock", UnlockAsync).WithName("UnlockStaff").WithSummary("Lift a lockout / 解除锁定").RequireAuthorization(Policies.SecurityAdmin);

        var citizens = app.MapGroup("api/v1/citizens").WithTags("Identity").RequireAuthorization(Policies.Staff);
        citizens.MapGet("/lookup", LookupCitizenAsync).WithName("LookupCitizen")
            .WithSummary("Find a citizen by ID number, masked; needs a purpose and is audited / 按身份证号查找（脱敏，需说明用途）");
        citizens.MapPost("/{id:guid}/unmask", UnmaskCitizenAsync).WithName("UnmaskCitizen")
            .WithSummary("Show a citizen's full ID and mobile numbers; needs a purpose and is audited / 查看完整个人信息（需说明用途）");

        var dept = app.MapGroup("api/v1/departments/{departmentId:guid}").WithTags("Identity").RequireAuthorization(Policies.DepartmentScope);
        dept.MapGet("/staff", DepartmentStaffAsync).WithName("ListDepartmentStaff").WithSummary("The department's own staff / 本部门工作人员");
        dept.MapGet("/api-tokens", ListTokensAsync).WithName("ListApiTokens").WithSummary("The department's API tokens / 本部门接口令牌");
        dept.MapPost("/api-tokens", IssueTokenAsync).WithName("IssueApiToken").WithSummary("Issue an API token for a department system / 签发接口令牌");
        dept.MapDelete("/api-tokens/{tokenId:guid}", RevokeTokenAsync).WithName("RevokeApiToken").WithSummary("Revoke an API token / 吊销接口令牌");
        return app;
    }

    public static async Task<Results<Created<CitizenDto>, ProblemHttpResult>> RegisterCitizenAsync(AccountService accounts, CitizenRegistration input, CancellationToken ct)
    {
        var result = await accounts.RegisterCitizenAsync(input, ct);
        if (!result.Succeeded)
        {
            return Problems.Validation(result.Errors);
        }
        var u = result.User!;
        return TypedResults.Created("/api/v1/me", new CitizenDto(u.Id, u.DisplayName, u.IdNumberMasked!, u.MobileMasked!));
    }

    public static async Task<Results<Ok<MeDto>, UnauthorizedHttpResult>> MeAsync(ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        if (principal.HasClaim(c => c.Type == SmartGovClaims.ApiTokenId))
        {
            return TypedResults.Ok(new MeDto(Guid.Empty, principal.Identity!.Name!, principal.Identity.Name!, "DepartmentSystem",
                principal.GetDepartmentId(), [Roles.DepartmentSystem], null, null, false, false));
        }
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }
        var roles = await users.GetRolesAsync(user);
        return TypedResults.Ok(new MeDto(user.Id, user.UserName!, user.DisplayName, user.Kind.ToString(), user.DepartmentId, roles.Order().ToList(),
            user.IdNumberMasked, user.MobileMasked, user.ElderlyMode, user.TwoFactorEnabled));
    }

    public static async Task<Ok<List<BusinessDto>>> MyBusinessesAsync(ClaimsPrincipal principal, AccountService accounts, CancellationToken ct)
    {
        var list = await accounts.BusinessesOfAsync(principal.GetUserId()!.Value, ct);
        return TypedResults.Ok(list.Select(b => new BusinessDto(b.Business.Id, b.Business.Name, b.Business.CreditCode, b.Role.ToString())).ToList());
    }

    public static async Task<Results<Created<BusinessDto>, ProblemHttpResult>> RegisterBusinessAsync(
        ClaimsPrincipal principal, AccountService accounts, BusinessRegistration input, CancellationToken ct)
    {
        var (business, errors, conflictZh, conflictEn) = await accounts.RegisterBusinessAsync(principal.GetUserId()!.Value, input, ct);
        if (conflictZh is not null)
        {
            return Problems.Conflict(conflictZh, conflictEn!);
        }
        if (business is null)
        {
            return Problems.Validation(errors);
        }
        return TypedResults.Created("/api/v1/me/businesses", new BusinessDto(business.Id, business.Name, business.CreditCode, input.Role!.Value.ToString()));
    }

    public static async Task<Ok<IReadOnlyList<StaffView>>> ListStaffAsync(StaffAdmin admin, Guid? departmentId, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAsync(departmentId, ct));

    public static async Task<Results<Created<StaffView>, ProblemHttpResult>> CreateStaffAsync(ClaimsPrincipal actor, StaffAdmin admin, StaffInput input, CancellationToken ct)
    {
        var result = await admin.CreateAsync(actor, input, ct);
        return result.Succeeded ? TypedResults.Created($"/api/v1/staff/{result.Staff!.Id}", result.Staff) : ToProblem(result);
    }

    public static async Task<Results<Ok<StaffView>, ProblemHttpResult>> SetRolesAsync(ClaimsPrincipal actor, StaffAdmin admin, Guid id, RolesInput input, CancellationToken ct)
    {
        var result = await admin.SetRolesAsync(actor, id, input.Roles, ct);
        return result.Succeeded ? TypedResults.Ok(result.Staff!) : ToProblem(result);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> UnlockAsync(StaffAdmin admin, Guid id, CancellationToken ct) =>
        await admin.UnlockAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("账号不存在", "The account does not exist.");

    public static async Task<Ok<IReadOnlyList<StaffView>>> DepartmentStaffAsync(StaffAdmin admin, Guid departmentId, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAsync(departmentId, ct));

    public static async Task<Ok<IReadOnlyList<ApiTokenView>>> ListTokensAsync(ApiTokenService tokens, Guid departmentId, CancellationToken ct) =>
        TypedResults.Ok(await tokens.ListAsync(departmentId, ct));

    public static async Task<Results<Created<IssuedApiToken>, ProblemHttpResult>> IssueTokenAsync(
        ClaimsPrincipal actor, ApiTokenService tokens, Guid departmentId, ApiTokenInput input, CancellationToken ct)
    {
        if (!actor.IsInRole(Roles.DataAdministrator) && !actor.IsInRole(Roles.DepartmentLeader))
        {
            return Problems.Forbidden("只有本部门的数据管理员或负责人可以签发接口令牌", "Only the department's data administrator or leader may issue API tokens.");
        }
        var errors = new FieldErrors();
        errors.Required("name", input.Name, "令牌名称", "Token name", 100);
        var days = input.ValidDays ?? 365;
        if (days is < 1 or > 730)
        {
            errors.Add("validDays", "range", "有效期应在 1 到 730 天之间", "The validity must be between 1 and 730 days.");
        }
        if (errors.Any)
        {
            return Problems.Validation(errors.All);
        }
        var issued = await tokens.IssueAsync(departmentId, input.Name!.Trim(), days, actor.GetUserId()!.Value, ct);
        return TypedResults.Created($"/api/v1/departments/{departmentId}/api-tokens/{issued.Id}", issued);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(
        ClaimsPrincipal actor, ApiTokenService tokens, Guid departmentId, Guid tokenId, CancellationToken ct)
    {
        if (!actor.IsInRole(Roles.DataAdministrator) && !actor.IsInRole(Roles.DepartmentLeader))
        {
            return Problems.Forbidden("只有本部门的数据管理员或负责人可以吊销接口令牌", "Only the department's data administrator or leader may revoke API tokens.");
        }
        return await tokens.RevokeAsync(departmentId, tokenId, ct) ? TypedResults.NoContent() : Problems.NotFound("令牌不存在", "The token does not exist.");
    }

    public static async Task<Results<Ok<CitizenMasked>, ProblemHttpResult>> LookupCitizenAsync(
        ClaimsPrincipal actor, PersonalDataAccess access, string? idNumber, string? purpose, CancellationToken ct)
    {
        if (!PersonalDataAccess.MayAccess(actor))
        {
            return Problems.Forbidden("只有窗口受理和审批人员可以查询个人信息", "Only window clerks and officers may look up personal data.");
        }
        var (citizen, errors) = await access.LookupAsync(idNumber, purpose, ct);
        if (errors.Any)
        {
            return Problems.Validation(errors.All);
        }
        return citizen is null ? Problems.NotFound("未找到该身份证号的注册用户", "No citizen is registered with this ID number.") : TypedResults.Ok(citizen);
    }

    public static async Task<Results<Ok<CitizenUnmasked>, ProblemHttpResult>> UnmaskCitizenAsync(
        ClaimsPrincipal actor, PersonalDataAccess access, Guid id, PurposeInput input, CancellationToken ct)
    {
        if (!PersonalDataAccess.MayAccess(actor))
        {
            return Problems.Forbidden("只有窗口受理和审批人员可以查看完整个人信息", "Only window clerks and officers may unmask personal data.");
        }
        var (citizen, errors) = await access.UnmaskAsync(id, input.Purpose, ct);
        if (errors.Any)
        {
            return Problems.Validation(errors.All);
        }
        return citizen is null ? Problems.NotFound("用户不存在", "The citizen does not exist.") : TypedResults.Ok(citizen);
    }

    private static ProblemHttpResult ToProblem(StaffResult result)
    {
        if (result.NotFound)
        {
            return Problems.NotFound("账号不存在", "The account does not exist.");
        }
        if (result.DeniedZh is not null)
        {
            return Problems.Forbidden(result.DeniedZh, result.DeniedEn!, ProblemTypes.RoleSeparation);
        }
        return Problems.Validation(result.Errors);
    }
}
