using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using SmartGov.Core;
using SmartGov.Hub.Modules.Organizations.Admin;

namespace SmartGov.Web.Pages.Console;

/// <summary>
/// A console page with a form, following Post/Redirect/Get: a successful POST redirects with a status message
/// kept in TempData (a cookie), so that reloading the page never repeats the change.
/// </summary>
public abstract class ConsoleFormPageModel : FormPageModel
{
    /// <summary>Localization key of the message to show once after a redirect.</summary>
    [TempData] public string? StatusKey { get; set; }

    /// <summary>The name of the thing that changed, shown inside the message.</summary>
    /// <remarks>
    /// Not a [TempData] property: the TempData serializer turns a string that looks like a date ("2026-07-01")
    /// back into a DateTime, which a string property cannot take. A prefix keeps it a string.
    /// </remarks>
    public string? StatusArg { get; private set; }

    private const string StatusArgKey = "StatusArg";

    /// <summary>
    /// A request that matches no handler (an unknown ?handler=, or a POST to a read-only page) would otherwise render
    /// the page without loading what it shows; answer 404 instead.
    /// </summary>
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod is null)
        {
            context.Result = NotFound();
            return;
        }
        StatusArg = TempData[StatusArgKey] is string s && s.StartsWith("s:", StringComparison.Ordinal) ? s[2..] : null;
    }

    protected RedirectResult RedirectWithStatus(string url, string key, string? arg)
    {
        StatusKey = key;
        TempData[StatusArgKey] = arg is null ? null : "s:" + arg;
        return Redirect(url);
    }

    /// <summary>Shows the refused write on the page with the status a client would get from the API.</summary>
    protected IActionResult Refused<T>(AdminResult<T> result) where T : class
    {
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Conflict is { } conflict)
        {
            FormMessage = conflict;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        else
        {
            AddErrors(result.Errors);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }
}

/// <summary>One choice in a select field.</summary>
public sealed record SelectOption(string Value, string Text);

/// <summary>What the _Select partial needs: a labelled select with its errors, named in both languages like _Field.</summary>
public sealed record SelectFieldModel(
    string Name,
    string LabelKey,
    string? Value,
    IEnumerable<FieldError> Errors,
    IReadOnlyList<SelectOption> Options,
    string? EmptyOptionKey = "org.option.choose",
    bool Required = true,
    string? HintKey = null);
