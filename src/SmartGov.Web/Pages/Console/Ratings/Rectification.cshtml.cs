using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Ratings;

namespace SmartGov.Web.Pages.Console.Ratings;

/// <summary>/console/rectifications/{id}: the rating, the measures, and the respond / close / send-back forms the caller may use.</summary>
public sealed class RectificationModel(RatingService ratings) : FormPageModel
{
    public RectificationView Item { get; private set; } = null!;

    [BindProperty] public string? Action { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public int? Revision { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var result = await ratings.ActAsync(User, id, Action ?? "", new RectificationInput(Text, Revision), ct);
        if (result.Succeeded)
        {
            return Redirect($"/console/rectifications/{id}");
        }
        if (await LoadAsync(id, ct) is { } failed)
        {
            return failed;
        }
        return ShowRefusal(result.NotFound, result.Forbidden, result.Conflict, result.Errors) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var result = await ratings.GetRectificationAsync(User, id, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (!result.Succeeded)
        {
            return Forbid();
        }
        Item = result.Value!;
        return null;
    }
}
