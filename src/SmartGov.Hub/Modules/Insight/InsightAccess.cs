using System.Security.Claims;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Insight;

/// <summary>
/// Who sees the dashboard: city leaders (市领导) and supervisors the whole city, a department leader the own department,
/// nobody else.
/// </summary>
public static class InsightAccess
{
    public static bool IsCityWide(ClaimsPrincipal user) => user.IsInRole(Roles.CityLeader) || user.IsInRole(Roles.Supervisor);

    public static bool IsDepartmentLeader(ClaimsPrincipal user) => user.IsInRole(Roles.DepartmentLeader) && user.GetDepartmentId() is not null;

    public static bool MayUse(ClaimsPrincipal user) => IsCityWide(user) || IsDepartmentLeader(user);

    public static readonly (string Zh, string En) NotAllowed =
        ("决策研判仅供市领导、督查人员和部门负责人使用", "The leaders' dashboard is for city leaders, supervisors and department leaders.");

    public static readonly (string Zh, string En) OtherDepartment =
        ("部门负责人只能查看本部门的数据", "A department leader sees the own department's figures only.");

    /// <summary>The department the figures are narrowed to (null = the whole city), or forbidden.</summary>
    public static InsightResult<Guid?> Resolve(ClaimsPrincipal user, Guid? requested)
    {
        if (IsCityWide(user))
        {
            return new(requested);
        }
        if (!IsDepartmentLeader(user))
        {
            return new(null, Forbidden: NotAllowed);
        }
        var own = user.GetDepartmentId()!.Value;
        return requested is null || requested == own ? new(own) : new(null, Forbidden: OtherDepartment);
    }

    /// <summary>
    /// Supervision and evaluation keep their data for their own roles. The dashboard's city-wide reads of them (lights,
    /// the published ranking) go through their public services as this read-only reader, never through their tables.
    /// </summary>
    internal static ClaimsPrincipal CityReader { get; } =
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "insight"), new Claim(ClaimTypes.Role, Roles.Supervisor)], "insight-reader"));
}
