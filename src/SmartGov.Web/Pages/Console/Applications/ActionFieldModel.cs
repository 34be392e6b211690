using SmartGov.Core;

namespace SmartGov.Web.Pages.Console.Applications;

/// <summary>
/// One labelled input of an action form on the 办件 page. Several forms share field names (comment, days), so the id is
/// the action plus the name, and the errors of the posted form carry that id; the message names the field in both languages.
/// </summary>
public sealed record ActionFieldModel(
    string Action,
    string Name,
    string LabelKey,
    string? Value,
    IEnumerable<FieldError> Errors,
    string Type = "text",
    bool Required = true,
    int? MaxLength = null,
    string? HintKey = null,
    IReadOnlyList<SelectOption>? Options = null)
{
    public string Id => Action + "-" + Name;
}
