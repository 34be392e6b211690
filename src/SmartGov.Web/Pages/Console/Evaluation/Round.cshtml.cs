using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Evaluation;

namespace SmartGov.Web.Pages.Console.Evaluation;

/// <summary>A round: its step, the lead's button for the next step, the departments, and the ranking once the caller may see it.</summary>
public sealed class EvaluationRoundModel(RoundService rounds) : EvaluationPageModel
{
    public RoundView Round { get; private set; } = null!;
    public RankingView? Ranking { get; private set; }

    [BindProperty] public string? Action { get; set; }
    [BindProperty] public int? Revision { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var result = await rounds.ActAsync(User, id, new RoundActionInput(Action, Revision), ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/evaluation/rounds/{id}", "ev.status.moved", result.Value!.StatusName);
        }
        return await LoadAsync(id, ct) ?? Refusal(result)!;
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var result = await rounds.GetAsync(User, id, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Forbidden is not null)
        {
            return Forbid();
        }
        Round = result.Value!;
        var ranking = await rounds.RankingAsync(User, id, ct);
        Ranking = ranking.Succeeded ? ranking.Value : null;
        return null;
    }
}
