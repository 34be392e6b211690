using System.Security.Claims;

namespace SmartGov.Hub.Common;

public static class SmartGovClaims
{
    public const string DepartmentId = "sg:dept";
    public const string UserKind = "sg:kind";
    public const string DisplayName = "sg:name";
    public const string ElderlyMode = "sg:elderly";
    public const string ApiTokenId = "sg:token";
    /// <summary>Present while a staff member has not yet enrolled TOTP; such a session may do nothing but enrol.</summary>
    public const string TwoFactorSetupRequired = "sg:2fa-setup";

    public static Guid? GetDepartmentId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(DepartmentId), out var id) ? id : null;

    public static Guid? GetUserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
