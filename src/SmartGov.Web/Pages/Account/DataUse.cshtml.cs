using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Hub.Modules.Identity;
using SmartGov.Hub.Modules.Identity.Model;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Web.Pages.Account;

/// <summary>
/// "Who used my data" (谁使用了我的数据), like Estonia's data tracker: every audit entry about the signed-in citizen,
/// found by the blind index of the citizen's own ID number, which is read from the account here and never taken from
/// the request. Staff names are masked; departments are named.
/// </summary>
[Authorize(Policy = Policies.PublicUser)]
public sealed class DataUseModel(UserManager<AppUser> users, IPersonDirectory people, IAuditQuery query, IOrganizationDirectory directory) : PageModel
{
    public const int PageSize = 20;

    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Guid UserId { get; private set; }
    public IReadOnlyList<DataUseItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyDictionary<Guid, DepartmentInfo> Departments { get; private set; } = new Dictionary<Guid, DepartmentInfo>();

    /// <summary>Display names of the staff in this page's entries (entries carry the user name, which means nothing to a citizen).</summary>
    public IReadOnlyDictionary<Guid, string> StaffNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.GetUserId() is not { } userId)
        {
            return Redirect("/account/login?returnUrl=%2Faccount%2Fdata-use");
        }
        UserId = userId;
        PageNumber = Math.Max(PageNumber, 1);
        // The same lookup the API's GET /api/v1/me/data-use uses: the Identity module's public directory.
        var personIndex = await people.IdNumberIndexAsync(userId, ct);
        if (!string.IsNullOrEmpty(personIndex))
        {
            Items = await query.DataUseAsync(personIndex, (int)Math.Min((PageNumber - 1L) * PageSize, int.MaxValue), PageSize, ct);
            Total = await query.CountDataUseAsync(personIndex, ct);
        }
        Departments = (await directory.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);
        var staffIds = Items.Where(i => i.ActorType == AuditActorTypes.User && i.ActorId is not null && i.ActorId != UserId)
            .Select(i => i.ActorId!.Value).Distinct().ToList();
        if (staffIds.Count > 0)
        {
            StaffNames = await users.Users.Where(u => staffIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        }
        return Page();
    }

    /// <summary>Who acted, as the citizen sees it: themselves, a masked staff name, or the kind of system.</summary>
    public string Who(DataUseItem item, Func<string, string> t) => item.ActorType switch
    {
        AuditActorTypes.User when item.ActorId == UserId => t("audit.datause.self"),
        AuditActorTypes.User when item.ActorId is { } id && StaffNames.TryGetValue(id, out var name) && !string.IsNullOrWhiteSpace(name) => SmartGov.Core.Masking.Name(name),
        AuditActorTypes.User => t("audit.datause.staff"),
        _ => t("audit.actorType." + item.ActorType),
    };
}
