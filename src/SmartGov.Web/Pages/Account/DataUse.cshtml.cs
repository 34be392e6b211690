using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity.Model;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Account;

/// <summary>
/// "Who used my data" (谁使用了我的数据), like Estonia's data tracker: every audit entry about the signed-in citizen,
/// found by the blind index of the citizen's own ID number, which is read from the account here and never taken from
/// the request. Staff names are masked; departments are named.
/// </summary>
[Authorize(Policy = Policies.PublicUser)]
public sealed class DataUseModel(UserManager<AppUser> users, IAuditQuery query, IOrganizationDirectory directory) : PageModel
{
    public const int PageSize = 20;

    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Guid UserId { get; private set; }
    public IReadOnlyList<DataUseItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyDictionary<Guid, DepartmentInfo> Departments { get; private set; } = new Dictionary<Guid, DepartmentInfo>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Redirect("/account/login?returnUrl=%2Faccount%2Fdata-use");
        }
        UserId = user.Id;
        PageNumber = Math.Max(PageNumber, 1);
        if (!string.IsNullOrEmpty(user.IdNumberIndex))
        {
            Items = await query.DataUseAsync(user.IdNumberIndex, (PageNumber - 1) * PageSize, PageSize, ct);
            Total = await query.CountDataUseAsync(user.IdNumberIndex, ct);
        }
        Departments = (await directory.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);
        return Page();
    }

    /// <summary>Who acted, as the citizen sees it: themselves, a masked staff name, or the kind of system.</summary>
    public string Who(DataUseItem item, Func<string, string> t) => item.ActorType switch
    {
        AuditActorTypes.User when item.ActorId == UserId => t("audit.datause.self"),
        AuditActorTypes.User => string.IsNullOrWhiteSpace(item.ActorName) ? t("audit.datause.staff") : SmartGov.Core.Masking.Name(item.ActorName),
        _ => t("audit.actorType." + item.ActorType),
    };
}
