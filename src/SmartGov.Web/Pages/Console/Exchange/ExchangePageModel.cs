using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SmartGov.Hub.Modules.Exchange;

namespace SmartGov.Web.Pages.Console.Exchange;

/// <summary>The exchange management center's console pages: the center admin sees every member, a data administrator the own one.</summary>
public abstract class ExchangePageModel : ConsoleFormPageModel
{
    public bool IsCenterAdmin => ExchangeRegistry.IsCenterAdmin(User);

    /// <summary>A refused write shown on the page with the status the API would answer; null when the caller renders the page.</summary>
    protected IActionResult? Refusal<T>(ExchangeResult<T> result)
    {
        if (result.Forbidden is not null && !result.NotFound)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        return ShowRefusal(result.NotFound, null, result.Conflict, result.Errors);
    }

    public static string Utc(DateTime? t) => t is { } v ? v.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";
}
