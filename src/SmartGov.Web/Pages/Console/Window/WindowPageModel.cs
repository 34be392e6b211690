using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services;
using SmartGov.Web.Pages.Console.Applications;

namespace SmartGov.Web.Pages.Console.Window;

/// <summary>
/// Shared by the 一窗受理 pages: the hall the clerk works at (remembered in a cookie on this browser), and whether an
/// item may be accepted there (listed for the hall, or city-wide 全城通办).
/// </summary>
public abstract class WindowPageModel(IOrganizationDirectory organizations) : ApplicationsPageModel
{
    public const string HallCookie = "sg_window_hall";

    public IReadOnlyList<ServiceHallInfo> Halls { get; private set; } = [];

    public ServiceHallInfo? Hall { get; private set; }

    public bool IsClerk => User.IsInRole(Roles.WindowClerk) && User.GetDepartmentId() is not null;

    protected async Task LoadHallAsync(CancellationToken ct)
    {
        Halls = await organizations.ListServiceHallsAsync(ct);
        Hall = Guid.TryParse(Request.Cookies[HallCookie], out var id) ? Halls.FirstOrDefault(h => h.Id == id) : null;
    }

    protected void RememberHall(Guid hallId) =>
        Response.Cookies.Append(HallCookie, hallId.ToString(), new CookieOptions
        {
            HttpOnly = true,
            Secure = Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/console/window",
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });

    /// <summary>Null when the hall may accept the item; otherwise why not, in both languages.</summary>
    public static (string Zh, string En)? RefusalAt(ServiceHallInfo hall, ServiceItemView item)
    {
        if (item.HandlingForm == HandlingForm.Online)
        {
            return ("该事项只在网上办理，窗口不能受理", "This item is handled online only; windows do not accept it.");
        }
        if (!item.CityWide && !item.HallIds.Contains(hall.Id))
        {
            return ($"“{hall.Name}”不能受理“{item.Name}”：该事项不是全城通办事项，且本大厅不在其办理地点之列",
                $"{hall.Name} cannot accept “{item.NameEn ?? item.Name}”: the item is not city-wide and this hall is not among its places.");
        }
        return null;
    }
}
