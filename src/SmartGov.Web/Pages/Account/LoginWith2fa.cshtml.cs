using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Identity.Model;
using SmartGov.Web.Infrastructure;

namespace SmartGov.Web.Pages.Account;

[EnableRateLimiting(SmartGovWebHost.SignInRateLimit)]
public sealed class LoginWith2faModel(SignInService signIn, SignInManager<AppUser> manager) : FormPageModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await manager.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/account/login") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Code))
        {
            Errors.Add(new("code", "required", "请输入 6 位动态口令", "Enter the 6-digit code."));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var (outcome, user) = await signIn.TwoFactorSignInAsync(Code, ct);
        switch (outcome)
        {
            case SignInOutcome.Succeeded:
                PreferencesEndpoints.ApplyUserPreferences(HttpContext, user!);
                return LocalRedirect(PreferencesEndpoints.SafeReturn(ReturnUrl ?? "/console"));
            case SignInOutcome.LockedOut:
                FormMessage = ("失败次数过多，账号已锁定 30 分钟。", "Too many failures: the account is locked for 30 minutes.");
                break;
            case SignInOutcome.Failed when user is null:
                return Redirect("/account/login");
            default:
                Errors.Add(new("code", "totp.invalid", "动态口令不正确或已过期", "The code is wrong or has expired."));
                break;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
