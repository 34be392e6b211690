using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Web.Pages.Account;

public sealed class LogoutModel(SignInService signIn, UserManager<AppUser> users) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        await signIn.SignOutAsync(user, ct);
        return Redirect("/account/logout");
    }
}
