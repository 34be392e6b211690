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

/// <summary>The print stylesheet of the evaluation pages, served from here because styles may only come from this origin (CSP).</summary>
public sealed class EvaluationPrintCssModel : EvaluationPageModel
{
    public const string Css = """
        .ev-bars { list-style: none; padding: 0; }
        .ev-bars li { display: grid; grid-template-columns: 12em 1fr 4em; gap: .5em; align-items: center; margin: .25em 0; }
        .ev-bars meter { width: 100%; height: 1.2em; }
        .ev-steps { display: flex; flex-wrap: wrap; gap: 1.5em; padding-left: 1.2em; }
        .ev-flag { font-weight: bold; }
        @media print {
            .site-header, .site-footer, nav, .skip-link, .prefs, .no-print, form, a[download] { display: none !important; }
            body { color: #000; background: #fff; font-size: 11pt; }
            table { border-collapse: collapse; width: 100%; page-break-inside: auto; }
            tr { page-break-inside: avoid; }
            th, td { border: 1px solid #000; padding: 2pt 4pt; }
            a { color: #000; text-decoration: none; }
            meter { display: none; }
        }
        """;

    public IActionResult OnGet() => Content(Css, "text/css; charset=utf-8");
}
