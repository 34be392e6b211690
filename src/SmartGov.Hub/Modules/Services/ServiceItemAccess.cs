using System.Security.Claims;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Services;

/// <summary>
/// Who edits the catalog: the data administrator (数据管理员) and the leader of the item's own department, or that
/// department's system through an API token. The system administrator runs the platform but does not write a
/// department's business data (三员分立, GB/T 22239-2019 8.1.4.2), so it has no edit right here; it keeps the holiday
/// calendar instead, which is platform configuration.
/// </summary>
public static class ServiceItemAccess
{
    public static readonly IReadOnlyList<string> EditorRoles = [Roles.DataAdministrator, Roles.DepartmentLeader, Roles.DepartmentSystem];

    // The Identity module's marker for a staff member who has not set up TOTP yet (SmartGovClaimsFactory.TwoFactorSetupRequired).
    private const string TwoFactorSetupRequired = SmartGovClaims.TwoFactorSetupRequired;

    public static bool IsEditor(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && !user.HasClaim(c => c.Type == TwoFactorSetupRequired)
        && user.GetDepartmentId() is not null
        && EditorRoles.Any(user.IsInRole);

    public static bool CanEdit(ClaimsPrincipal user, Guid departmentId) => IsEditor(user) && user.GetDepartmentId() == departmentId;

    public static bool CanEditCalendar(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && !user.HasClaim(c => c.Type == TwoFactorSetupRequired) && user.IsInRole(Roles.SystemAdmin);
}
