using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Ratings;

namespace SmartGov.Web.Pages.Applications;

/// <summary>What _Rating.cshtml draws: the rating given, or whether the caller may rate now.</summary>
public sealed record RatingPartialModel(string Number, RatingView? Rating, bool MayRate)
{
    /// <summary>For the application page: <c>await RatingPartialModel.LoadAsync(ratings, directory, User, number, ct)</c>.</summary>
    public static async Task<RatingPartialModel> LoadAsync(RatingService ratings, IApplicationDirectory applications, System.Security.Claims.ClaimsPrincipal user,
        string number, CancellationToken ct)
    {
        var rating = await ratings.FindByNumberAsync(user, number, ct);
        var facts = rating is null ? await applications.FindByNumberAsync(number, ct) : null;
        return new RatingPartialModel(number, rating, facts is not null && RatingService.MayRate(user, facts));
    }
}

/// <summary>The rating form's target: rates, then sends the browser back to the application page; errors are shown here.</summary>
[Authorize]
public sealed class RateModel(RatingService ratings) : FormPageModel
{
    public string Number { get; private set; } = "";

    [BindProperty] public int? Score { get; set; }
    [BindProperty] public int? Efficiency { get; set; }
    [BindProperty] public int? Attitude { get; set; }
    [BindProperty] public int? Convenience { get; set; }
    [BindProperty] public string? Comment { get; set; }

    public IActionResult OnGet(string number) => Redirect($"/applications/{Uri.EscapeDataString(number)}");

    public async Task<IActionResult> OnPostAsync(string number, CancellationToken ct)
    {
        Number = number;
        var result = await ratings.RateByNumberAsync(User, number, new RatingInput(Score, Efficiency, Attitude, Convenience, Comment), ct);
        if (result.Succeeded)
        {
            return Redirect($"/applications/{Uri.EscapeDataString(number)}#rating-title");
        }
        if (ShowRefusal(result.NotFound, result.Forbidden, result.Conflict, result.Errors) is { } notFound)
        {
            return notFound;
        }
        return Page();
    }
}
