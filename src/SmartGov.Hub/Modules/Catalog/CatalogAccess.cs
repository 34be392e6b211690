using System.Security.Claims;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Catalog;

/// <summary>
/// Who writes the catalog. A resource is edited by its provider department's data administrator (数据管理员) or that
/// department's system (API token, issued by the data administrator), and by the system administrator, who maintains
/// the catalog as platform configuration for departments not yet on board. Sharing requests are made and revoked by
/// the data administrator or the leader of a department; incoming requests are decided by the provider's data
/// administrator or leader.
/// </summary>
public static class CatalogAccess
{
    private static bool Ready(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && !user.HasClaim(c => c.Type == SmartGovClaims.TwoFactorSetupRequired);

    public static bool IsSystemAdmin(ClaimsPrincipal user) => Ready(user) && user.IsInRole(Roles.SystemAdmin);

    /// <summary>May register resources for some department (the console shows the catalog pages).</summary>
    public static bool IsEditor(ClaimsPrincipal user) =>
        IsSystemAdmin(user) || (Ready(user) && user.GetDepartmentId() is not null && (user.IsInRole(Roles.DataAdministrator) || user.IsInRole(Roles.DepartmentSystem)));

    public static bool CanEdit(ClaimsPrincipal user, Guid providerDepartmentId) =>
        IsSystemAdmin(user) || (IsEditor(user) && user.GetDepartmentId() == providerDepartmentId);

    /// <summary>Acts for its department on sharing requests: its data administrator, leader or system.</summary>
    public static bool CanActForDepartment(ClaimsPrincipal user, Guid departmentId) =>
        Ready(user) && user.GetDepartmentId() == departmentId
        && (user.IsInRole(Roles.DataAdministrator) || user.IsInRole(Roles.DepartmentLeader) || user.IsInRole(Roles.DepartmentSystem));

    /// <summary>Signed-in staff (or a department system) see the whole internal catalog; the public sees what is open.</summary>
    public static bool SeesInternalCatalog(ClaimsPrincipal user) =>
        Ready(user) && (user.HasClaim(SmartGovClaims.UserKind, "Staff") || user.IsInRole(Roles.DepartmentSystem));

    /// <summary>The full internal export: a data administrator's session, the system administrator, or a department system token.</summary>
    public static bool CanExportInternal(ClaimsPrincipal user) =>
        Ready(user) && (user.IsInRole(Roles.DataAdministrator) || user.IsInRole(Roles.SystemAdmin) || user.IsInRole(Roles.DepartmentSystem));
}
