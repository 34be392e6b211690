using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SmartGov.Core;

namespace SmartGov.Web.Pages;

/// <summary>A page with a form: field errors named in both languages, shown beside the field and summarised on top.</summary>
public abstract class FormPageModel : PageModel
{
    public List<FieldError> Errors { get; } = [];

    /// <summary>A message for the whole form (not one field), in both languages.</summary>
    public (string Zh, string En)? FormMessage { get; set; }

    public IEnumerable<FieldError> ErrorsFor(string field) => Errors.Where(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase));

    public void AddErrors(IEnumerable<FieldError> errors) => Errors.AddRange(errors);

    /// <summary>
    /// How a module's refusal shows on a page, the same for every module's result type: not found → 404; forbidden and
    /// conflict → the message for the whole form with 403 or 409; otherwise the field errors with 422. Returns the 404,
    /// or null after setting the status and the messages, for the caller to render the page.
    /// </summary>
    protected IActionResult? ShowRefusal(bool notFound, (string Zh, string En)? forbidden, (string Zh, string En)? conflict, IReadOnlyList<FieldError>? errors)
    {
        if (notFound)
        {
            return NotFound();
        }
        if (forbidden is { } f)
        {
            FormMessage = f;
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        else if (conflict is { } c)
        {
            FormMessage = c;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        else
        {
            AddErrors(errors ?? []);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return null;
    }
}

/// <summary>What the _Field partial needs to draw one labelled input with its errors.</summary>
public sealed record FieldModel(
    string Name,
    string LabelKey,
    string? Value,
    IEnumerable<FieldError> Errors,
    string Type = "text",
    string? Autocomplete = null,
    bool Required = true,
    string? HintKey = null,
    int? MaxLength = null,
    string? InputMode = null);
