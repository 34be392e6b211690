using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Ratings;

namespace SmartGov.Web.Pages.Console.Ratings;

/// <summary>/console/rectifications: supervisors see all, department staff their own department's; overdue ones are flagged.</summary>
public sealed class RectificationsModel(RatingService ratings) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }

    public IReadOnlyList<RectificationView> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await ratings.ListRectificationsAsync(User, null, Overdue, ct);
        if (!result.Succeeded)
        {
            return Forbid();
        }
        Items = result.Value!;
        return Page();
    }
}
