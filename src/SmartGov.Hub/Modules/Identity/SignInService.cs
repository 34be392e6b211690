using Microsoft.AspNetCore.Identity;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Hub.Modules.Identity;

public enum SignInOutcome
{
    Succeeded,
    RequiresTwoFactor,
    LockedOut,
    Failed,
}

/// <summary>Password and TOTP sign-in, writing every success, failure and lockout to the audit sink.</summary>
public sealed class SignInService(SignInManager<AppUser> signIn, UserManager<AppUser> users, AccountService accounts, IAuditSink audit)
{
    public async Task<(SignInOutcome Outcome, AppUser? User)> PasswordSignInAsync(string? identifier, string? password, CancellationToken ct = default)
    {
        var user = await accounts.FindForSignInAsync(identifier, ct);
        if (user is null || string.IsNullOrEmpty(password))
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.SignInFailed, AuditOutcomes.Failure, Details: "unknown account"), ct);
            return (SignInOutcome.Failed, null);
        }
        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        return (await RecordAsync(user, result, "password", wasLocked, ct), user);
    }

    public async Task<(SignInOutcome Outcome, AppUser? User)> TwoFactorSignInAsync(string? code, CancellationToken ct = default)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return (SignInOutcome.Failed, null);
        }
        var normalized = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(normalized, isPersistent: false, rememberClient: false);
        return (await RecordAsync(user, result, "totp", wasLocked, ct), user);
    }

    public async Task SignOutAsync(AppUser? user, CancellationToken ct = default)
    {
        await signIn.SignOutAsync();
        if (user is not null)
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.SignOut, ActorId: user.Id, ActorName: user.UserName, ActorDepartmentId: user.DepartmentId), ct);
        }
    }

    private async Task<SignInOutcome> RecordAsync(AppUser user, SignInResult result, string method, bool wasLocked, CancellationToken ct)
    {
        var e = new AuditEvent(AuditActions.SignIn, SubjectType: "user", SubjectId: user.Id.ToString(), Details: method,
            ActorId: user.Id, ActorName: user.UserName, ActorDepartmentId: user.DepartmentId);
        if (result.Succeeded)
        {
            await audit.WriteAsync(e, ct);
            return SignInOutcome.Succeeded;
        }
        if (result.RequiresTwoFactor)
        {
            await audit.WriteAsync(e with { Outcome = "2fa-required" }, ct);
            return SignInOutcome.RequiresTwoFactor;
        }
        if (result.IsLockedOut)
        {
            // The lockout itself is its own event, so that security admins can find every lock.
            await audit.WriteAsync(e with { Action = AuditActions.Lockout, Outcome = AuditOutcomes.Denied, Details = wasLocked ? $"{method}; still locked" : $"{method}; locked" }, ct);
            return SignInOutcome.LockedOut;
        }
        await audit.WriteAsync(e with { Action = AuditActions.SignInFailed, Outcome = AuditOutcomes.Failure }, ct);
        return SignInOutcome.Failed;
    }
}
