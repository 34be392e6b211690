using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Core;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Hub.Modules.Evaluation;

namespace SmartGov.Web.Pages.Console.Evaluation;

/// <summary>
/// One department's sheet: the self-assessment form (with evidence text and an optional file), an evaluator's scoring
/// form, or the lead's reconciliation form, whichever the step and the user allow. Other evaluators' scores stay hidden.
/// </summary>
public sealed class EvaluationSheetModel(RoundService rounds, MaterialFiles files) : EvaluationPageModel
{
    public SheetView Sheet { get; private set; } = null!;
    public Dictionary<Guid, string?> Posted { get; } = [];

    public string Mode => Sheet.MaySelfAssess ? "self" : Sheet.MayScore ? "evaluator" : Sheet.MayReconcile ? "reconcile" : "read";

    public async Task<IActionResult> OnGetAsync(Guid id, Guid departmentId, CancellationToken ct) => await LoadAsync(id, departmentId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, Guid departmentId, string mode, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, departmentId, ct);
        if (loaded is not null)
        {
            return loaded;
        }
        var form = Request.Form;
        var inputs = new List<ScoreInput>();
        var errors = new List<FieldError>();
        foreach (var line in Sheet.Lines.Where(l => l.Kind == "Manual"))
        {
            var raw = form[$"score_{line.IndicatorId}"].ToString().Trim();
            Posted[line.IndicatorId] = raw;
            var reason = form[$"reason_{line.IndicatorId}"].ToString();
            var evidence = form[$"evidence_{line.IndicatorId}"].ToString();
            double? score = null;
            if (raw.Length > 0)
            {
                if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    errors.Add(new FieldError($"score_{line.IndicatorId}", "number", $"指标 {line.Code} 的得分应为数字", $"The score of {line.Code} must be a number."));
                    continue;
                }
                score = v;
            }
            else if (mode != "reconcile")
            {
                continue;   // left empty: not scored now
            }
            Guid? fileId = null;
            if (mode == "self" && Request.Form.Files.GetFile($"file_{line.IndicatorId}") is { Length: > 0 } upload)
            {
                await using var stream = upload.OpenReadStream();
                var staged = await files.StageAsync(User, upload.FileName, stream, ct);
                if (staged.File is null)
                {
                    errors.AddRange(staged.Errors.Select(e => e with { Field = $"file_{line.IndicatorId}" }));
                    continue;
                }
                fileId = staged.File.Id;
            }
            inputs.Add(new ScoreInput(line.IndicatorId, score, string.IsNullOrWhiteSpace(evidence) ? null : evidence, fileId, string.IsNullOrWhiteSpace(reason) ? null : reason));
        }
        if (errors.Count > 0)
        {
            AddErrors(errors);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var input = new ScoresInput(inputs);
        var result = mode switch
        {
            "self" => await rounds.SelfAssessAsync(User, id, departmentId, input, ct),
            "evaluator" => await rounds.ScoreAsync(User, id, departmentId, input, ct),
            "reconcile" => await rounds.ReconcileAsync(User, id, departmentId, input, ct),
            _ => new EvalResult<SheetView>(null, Conflict: ("当前不能修改评分", "Scores cannot be changed now.")),
        };
        if (result.Succeeded)
        {
            return RedirectWithStatus($"/console/evaluation/rounds/{id}/departments/{departmentId}", "ev.status.saved", Sheet.DepartmentName);
        }
        return Refusal(result)!;
    }

    public string? ValueFor(SheetLine line)
    {
        if (Posted.TryGetValue(line.IndicatorId, out var posted))
        {
            return posted;
        }
        return Mode switch
        {
            "self" => Input(line.Self?.Value),
            "evaluator" => Input(line.Evaluators.FirstOrDefault(e => e.ById == Hub.Common.SmartGovClaims.GetUserId(User))?.Value),
            "reconcile" => Input(line.Final?.Value),
            _ => null,
        };
    }

    private async Task<IActionResult?> LoadAsync(Guid id, Guid departmentId, CancellationToken ct)
    {
        var result = await rounds.SheetAsync(User, id, departmentId, ct);
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Forbidden is not null)
        {
            return Forbid();
        }
        Sheet = result.Value!;
        return null;
    }
}
