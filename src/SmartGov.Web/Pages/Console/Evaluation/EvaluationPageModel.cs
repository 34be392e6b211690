using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using SmartGov.Hub.Modules.Evaluation;

namespace SmartGov.Web.Pages.Console.Evaluation;

/// <summary>Shared by the evaluation pages: only evaluation users get in; refusals are shown with the status the API would give.</summary>
public abstract class EvaluationPageModel : ConsoleFormPageModel
{
    public bool IsLead => EvaluationAccess.IsLead(User);

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (!EvaluationAccess.MayUse(User))
        {
            context.Result = Forbid();
            return;
        }
        base.OnPageHandlerExecuting(context);
    }

    /// <summary>Null when the result succeeded; otherwise the response, after putting the message on the page.</summary>
    protected IActionResult? Refusal<T>(EvalResult<T> result, bool render = true)
    {
        if (result.Succeeded)
        {
            return null;
        }
        if (ShowRefusal(result.NotFound, result.Forbidden, result.Conflict, result.Errors) is { } notFound)
        {
            return notFound;
        }
        return render ? Page() : null;
    }

    public static string Num(double? v) => v is { } x ? x.ToString("0.##", CultureInfo.InvariantCulture) : "—";

    public static string? Input(double? v) => v?.ToString("0.##", CultureInfo.InvariantCulture);
}
