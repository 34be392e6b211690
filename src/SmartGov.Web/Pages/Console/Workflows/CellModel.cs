using SmartGov.Core;

namespace SmartGov.Web.Pages.Console.Workflows;

/// <summary>
/// One cell of the step table: an input or select whose accessible name is the column and the row ("第 2 行 环节标识"),
/// with its errors naming the column in both languages.
/// </summary>
public sealed record CellModel(int Row, string Name, string LabelKey, string? Value, IEnumerable<FieldError> Errors,
    IReadOnlyList<SelectOption>? Options = null, string Type = "text", int? MaxLength = null, string? EmptyOptionKey = null)
{
    public string Id => $"steps[{Row}].{Name}";
}
