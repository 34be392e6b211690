namespace SmartGov.Hub.Common;

/// <summary>Staff roles, plus the two kinds of public user. Names are stable: they are stored and used in policies.</summary>
public static class Roles
{
    public const string WindowClerk = "WindowClerk";
    public const string Officer = "Officer";
    public const string DepartmentLeader = "DepartmentLeader";
    public const string DataAdministrator = "DataAdministrator";
    public const string Supervisor = "Supervisor";
    public const string Evaluator = "Evaluator";
    public const string Auditor = "Auditor";
    public const string SecurityAdmin = "SecurityAdmin";
    public const string SystemAdmin = "SystemAdmin";

    /// <summary>市领导: reads the whole city's dashboard (决策研判); no other rights.</summary>
    public const string CityLeader = "CityLeader";

    public const string Citizen = "Citizen";
    public const string DepartmentSystem = "DepartmentSystem";

    public static readonly IReadOnlyList<string> Staff =
        [WindowClerk, Officer, DepartmentLeader, DataAdministrator, Supervisor, Evaluator, Auditor, SecurityAdmin, SystemAdmin, CityLeader];

    /// <summary>三员分立 (GB/T 22239-2019 8.1.4.2): these three are held by three different people.</summary>
    public static readonly IReadOnlyList<string> ThreeAdministrators = [SystemAdmin, SecurityAdmin, Auditor];

    /// <summary>Roles only the security administrator may grant (the system admin may not grant them, least of all to itself).</summary>
    public static readonly IReadOnlyList<string> GrantedBySecurityAdmin = [SystemAdmin, SecurityAdmin, Auditor];

    public static bool IsStaffRole(string role) => Staff.Contains(role, StringComparer.Ordinal);

    public static (string Zh, string En) Names(string role) => role switch
    {
        WindowClerk => ("窗口受理人员", "Window clerk"),
        Officer => ("审批人员", "Officer"),
        DepartmentLeader => ("部门负责人", "Department leader"),
        DataAdministrator => ("数据管理员", "Data administrator"),
        Supervisor => ("督查人员", "Supervisor"),
        Evaluator => ("评估人员", "Evaluator"),
        Auditor => ("审计管理员", "Audit administrator"),
        SecurityAdmin => ("安全管理员", "Security administrator"),
        SystemAdmin => ("系统管理员", "System administrator"),
        CityLeader => ("市领导", "City leader"),
        Citizen => ("公众用户", "Citizen"),
        DepartmentSystem => ("部门系统", "Department system"),
        _ => (role, role),
    };
}

public static class Policies
{
    public const string Staff = "staff";
    public const string SystemAdmin = "system-admin";
    public const string SecurityAdmin = "security-admin";
    public const string Auditor = "auditor";
    public const string AccountAdmin = "account-admin";
    /// <summary>Any staff member or department system token whose department matches the route's departmentId.</summary>
    public const string DepartmentScope = "department-scope";
    public const string PublicUser = "public-user";
}
