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
