using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Identity.Model;

namespace SmartGov.Web.Pages.Account;

public sealed class MeModel(UserManager<AppUser> users, AccountService accounts) : FormPageModel
{
    public AppUser Account { get; private set; } = null!;
    public IList<string> Roles { get; private set; } = [];
    public IReadOnlyList<(Business Business, AgentRole Role)> Businesses { get; private set; } = [];
    public bool Registered { get; private set; }

    [BindProperty] public string? BusinessName { get; set; }
    [BindProperty(Name = "creditCode")] public string? CreditCodeInput { get; set; }
    [BindProperty] public string? Role { get; set; }

    public async Task<IActionResult> OnGetAsync(string? registered, CancellationToken ct)
    {
        Registered = registered == "1";
        return await LoadAsync(ct) ? Page() : Redirect("/account/login");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Redirect("/account/login");
        }
        if (Account.Kind != UserKind.Citizen)
        {
            return Forbid();
        }
        AgentRole? role = Enum.TryParse<AgentRole>(Role, out var r) ? r : null;
        var (business, errors, conflictZh, conflictEn) = await accounts.RegisterBusinessAsync(Account.Id, new BusinessRegistration(BusinessName, CreditCodeInput, role), ct);
        if (business is not null)
        {
            return Redirect("/account/me");
        }
        AddErrors(errors.Select(e => e.Field == "name" ? e with { Field = "businessName" } : e));
        if (conflictZh is not null)
        {
            FormMessage = (conflictZh, conflictEn!);
        }
        Response.StatusCode = conflictZh is null ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return false;
        }
        Account = user;
        Roles = (await users.GetRolesAsync(user)).Where(r => r != Hub.Common.Roles.Citizen).ToList();
        Businesses = await accounts.BusinessesOfAsync(user.Id, ct);
        return true;
    }
}
