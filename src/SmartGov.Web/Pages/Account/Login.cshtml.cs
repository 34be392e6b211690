using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Identity.Model;
using SmartGov.Web.Infrastructure;

namespace SmartGov.Web.Pages.Account;

[EnableRateLimiting(SmartGovWebHost.SignInRateLimit)]
public sealed class LoginModel(SignInService signIn) : FormPageModel
{
    [BindProperty] public string? Identifier { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Identifier))
        {
            Errors.Add(new("identifier", "required", "请输入身份证号、手机号或用户名", "Enter your ID number, mobile number or user name."));
        }
        if (string.IsNullOrEmpty(Password))
        {
            Errors.Add(new("password", "required", "请输入密码", "Enter your password."));
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var (outcome, user) = await signIn.PasswordSignInAsync(Identifier, Password, ct);
        switch (outcome)
        {
            case SignInOutcome.Succeeded:
                PreferencesEndpoints.ApplyUserPreferences(HttpContext, user!);
                if (user!.Kind == UserKind.Staff)
                {
                    // Staff must have TOTP: one who has none yet enrols now, before anything else.
                    return Redirect("/account/setup-2fa");
                }
                return LocalRedirect(PreferencesEndpoints.SafeReturn(ReturnUrl ?? "/account/me"));
            case SignInOutcome.RequiresTwoFactor:
                return Redirect($"/account/login-2fa?returnUrl={Uri.EscapeDataString(PreferencesEndpoints.SafeReturn(ReturnUrl ?? "/console"))}");
            case SignInOutcome.LockedOut:
                FormMessage = ("登录失败次数过多，账号已锁定 30 分钟。如需立即解锁，请联系安全管理员。",
                    "Too many failed sign-ins: the account is locked for 30 minutes. Ask the security administrator to unlock it sooner.");
                break;
            default:
                FormMessage = ("账号或密码不正确。连续失败 5 次将锁定 30 分钟。", "The account or password is wrong. Five failures in a row lock the account for 30 minutes.");
                break;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
