using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Evaluation;

namespace SmartGov.Web.Pages.Console.Evaluation;

/// <summary>An indicator system as a tree with weights, rules and rubrics; the lead may copy it to make an editable version.</summary>
public sealed class EvaluationSystemModel(IndicatorSystemService systems) : EvaluationPageModel
{
    public IndicatorSystemView System { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await systems.GetAsync(id, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        System = result.Value!;
        return Page();
    }

    public async Task<IActionResult> OnPostCopyAsync(Guid id, CancellationToken ct)
    {
        var result = await systems.CopyAsync(User, id, null, ct);
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/evaluation/systems/{result.Value!.Id}", "ev.status.copied", result.Value.Name);
        }
        var loaded = await systems.GetAsync(id, ct);
        if (!loaded.Succeeded)
        {
            return NotFound();
        }
        System = loaded.Value!;
        return Refusal(result)!;
    }
}
