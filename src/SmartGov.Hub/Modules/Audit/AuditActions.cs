namespace SmartGov.Hub.Modules.Audit;

/// <summary>
/// The stable list of audited actions. Auditors filter on these and the values are inside signed entries,
/// so they are never renamed; add new ones at the end.
/// </summary>
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
    public const string Decide = "decide";
    public const string Export = "export";
    public const string ExchangeRequest = "exchange-request";
    public const string Import = "import";
    public const string Consent = "consent";
    public const string AuditArchive = "audit-archive";

    /// <summary>Every action, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SignIn, SignInFailed, SignOut, Lockout, Unlock, TwoFactorChange, RoleChange, Register, Create, Update, Delete,
        ViewPersonalData, Unmask, TokenIssue, TokenRevoke, ConfigChange, AccessDenied, Decide, Export, ExchangeRequest,
        Import, Consent, AuditArchive,
    ];

    /// <summary>
    /// Actions that read a person's personal data. They must name the person (blind index) and state a purpose
    /// (用途): GB/T 35273-2020 §7 and the platform's rule that unmasking needs a stated purpose.
    /// </summary>
    public static IReadOnlyList<string> PersonalDataAccess { get; } = [ViewPersonalData, Unmask];

    public static bool IsPersonalDataAccess(string action) => PersonalDataAccess.Contains(action, StringComparer.Ordinal);
}

public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";
}

/// <summary>Who acted: a signed-in user, a department system's API token, an exchange gateway, the platform itself, or nobody known.</summary>
public static class AuditActorTypes
{
    public const string User = "user";
    public const string ApiToken = "api-token";
    public const string Gateway = "gateway";
    public const string System = "system";

    /// <summary>A request from nobody signed in (for example a sign-in attempt for an unknown account).</summary>
    public const string Anonymous = "anonymous";

    public static IReadOnlyList<string> All { get; } = [User, ApiToken, Gateway, System, Anonymous];
}
