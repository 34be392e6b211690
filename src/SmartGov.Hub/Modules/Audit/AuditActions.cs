namespace SmartGov.Hub.Modules.Audit;

/// <summary>The stable list of audited actions. Auditors filter on these, so they are never renamed.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string Lockout = "lockout";
    public const string Unlock = "unlock";
    public const string TwoFactorChange = "2fa-change";
    public const string RoleChange = "role-change";
    public const string Register = "register";
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string ViewPersonalData = "view-personal-data";
    public const string Unmask = "unmask";
    public const string TokenIssue = "token-issue";
    public const string TokenRevoke = "token-revoke";
    public const string ConfigChange = "config-change";
    public const string AccessDenied = "access-denied";
}

public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";
}
