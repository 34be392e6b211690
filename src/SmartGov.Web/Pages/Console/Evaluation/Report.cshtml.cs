using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Evaluation;

namespace SmartGov.Web.Pages.Console.Evaluation;

/// <summary>The printable report of a round's ranking (print stylesheet: no navigation, black on white, table not split).</summary>
public sealed class EvaluationReportModel(RoundService rounds) : EvaluationPageModel
{
    public RankingView Ranking { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await rounds.RankingAsync(User, id, ct);
        if (Refusal(result, render: false) is { } refused)
        {
            return refused;
        }
        if (!result.Succeeded)
        {
            return Page();
        }
        Ranking = result.Value!;
        return Page();
    }
}
