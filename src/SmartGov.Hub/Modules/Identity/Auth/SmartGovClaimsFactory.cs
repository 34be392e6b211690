using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Hub.Modules.Identity.Auth;

/// <summary>Puts the department, the kind of account and the display name into the sign-in cookie.</summary>
internal sealed class SmartGovClaimsFactory(UserManager<AppUser> users, RoleManager<AppRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(users, roles, options)
{
    public const string TwoFactorSetupRequired = SmartGovClaims.TwoFactorSetupRequired;

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(SmartGovClaims.UserKind, user.Kind.ToString()));
        identity.AddClaim(new Claim(SmartGovClaims.DisplayName, user.DisplayName));
        if (user.DepartmentId is { } dept)
        {
            identity.AddClaim(new Claim(SmartGovClaims.DepartmentId, dept.ToString()));
        }
        if (user.Kind == UserKind.Staff && !user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(TwoFactorSetupRequired, "true"));
        }
        return identity;
    }
}
