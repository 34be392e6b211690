using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Ratings;

namespace SmartGov.Web.Pages.Console.Ratings;

/// <summary>/console/ratings: the statistics by item, department or hall, as a table with a CSS bar per row.</summary>
public sealed class RatingStatsModel(RatingService ratings) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public string? By { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public RatingStats? Stats { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!RatingService.MayReadStats(User))
        {
            return Forbid();
        }
        var result = await ratings.StatsAsync(User, By, From, To, ct);
        if (!result.Succeeded)
        {
            AddErrors(result.Errors ?? []);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Stats = result.Value;
        return Page();
    }

    public static string Percent(double share) => (share * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
