using System.Security.Claims;
using SmartGov.Hub.Common;

namespace SmartGov.Hub.Modules.Evaluation;

/// <summary>
/// Who may do what. The Supervisor (督查人员) is the evaluation lead: keeps the indicator systems, runs rounds, reconciles and
/// publishes. Evaluators (第三方评估人员) score the departments of the rounds they are assigned to. A department's leader
/// and data administrator self-assess; its officers may read what the department may read.
/// </summary>
public static class EvaluationAccess
{
    public static bool IsLead(ClaimsPrincipal user) => user.IsInRole(Roles.Supervisor);

    public static bool IsEvaluator(ClaimsPrincipal user) => user.IsInRole(Roles.Evaluator);

    public static bool IsDepartmentStaff(ClaimsPrincipal user) =>
        user.GetDepartmentId() is not null
        && (user.IsInRole(Roles.DepartmentLeader) || user.IsInRole(Roles.DataAdministrator) || user.IsInRole(Roles.Officer));

    /// <summary>Self-assessment and project registration: the department's leader or data administrator.</summary>
    public static bool MayActForDepartment(ClaimsPrincipal user, Guid departmentId) =>
        user.GetDepartmentId() == departmentId && (user.IsInRole(Roles.DepartmentLeader) || user.IsInRole(Roles.DataAdministrator));

    public static bool MayUse(ClaimsPrincipal user) => IsLead(user) || IsEvaluator(user) || IsDepartmentStaff(user);
}
