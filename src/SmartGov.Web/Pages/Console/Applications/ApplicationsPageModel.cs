using Microsoft.AspNetCore.Mvc;
using SmartGov.Core.Calendar;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Applications;

namespace SmartGov.Web.Pages.Console.Applications;

/// <summary>
/// Shared by the officers' pages (待办, 办件, 一窗受理, 办理流程): refusals of the applications module shown on the page with
/// the status the API would answer with, and the traffic light drawn as colour plus its word.
/// </summary>
public abstract class ApplicationsPageModel : ConsoleFormPageModel
{
    /// <summary>Officers, leaders and window clerks work on applications (and only after TOTP, which the console's policy enforces).</summary>
    public bool MayHandle => ApplicationService.IsStaff(User);

    /// <summary>Null when the result succeeded; otherwise the response, after putting the refusal on the page.</summary>
    protected IActionResult? Refusal<T>(AppResult<T> result, Func<IActionResult> page)
    {
        if (result.Succeeded)
        {
            return null;
        }
        if (ShowRefusal(result.NotFound, result.Forbidden, result.Conflict, result.Errors) is { } notFound)
        {
            return notFound;
        }
        return page();
    }

    /// <summary>The CSS class of a light badge (the supervision styles: colour plus the word, contrast ≥ 4.5:1).</summary>
    public static string LightClass(TrafficLight? light) => "sup-light sup-light--" + (light?.ToString().ToLowerInvariant() ?? "none");

    public static string LightKey(TrafficLight? light) => "capp.light." + (light?.ToString() ?? "None");

    public static string Bi((string Zh, string En) text) => Problems.IsChinese ? text.Zh : text.En;
}
