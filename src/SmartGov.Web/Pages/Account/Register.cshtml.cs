using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Identity.Model;
using SmartGov.Web.Infrastructure;

namespace SmartGov.Web.Pages.Account;

[EnableRateLimiting(SmartGovWebHost.SignInRateLimit)]
public sealed class RegisterModel(AccountService accounts, SignInManager<AppUser> signIn) : FormPageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? IdNumber { get; set; }
    [BindProperty] public string? Mobile { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await accounts.RegisterCitizenAsync(new CitizenRegistration(Name, IdNumber, Mobile, Password, ConfirmPassword), ct);
        if (!result.Succeeded)
        {
            AddErrors(result.Errors);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        await signIn.SignInAsync(result.User!, isPersistent: false);
        return Redirect("/account/me?registered=1");
    }
}
