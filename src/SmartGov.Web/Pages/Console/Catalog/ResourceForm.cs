using System.Globalization;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Catalog;

namespace SmartGov.Web.Pages.Console.Catalog;

/// <summary>One data item row of the form; a row with no name is left out.</summary>
public sealed class DataItemRow
{
    public string? Name { get; set; }
    public string? Type { get; set; }
    public string? Length { get; set; }
    public string? Description { get; set; }
    public bool PersonalData { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Length) && string.IsNullOrWhiteSpace(Description);
}

/// <summary>
/// The resource form. Its inputs carry the API's field names (classificationCode, dataItems[0].name …), so the
/// validator's field errors land beside the right input.
/// </summary>
public sealed class ResourceForm
{
    public string? ClassificationCode { get; set; }
    public string? Name { get; set; }
    public string? NameEn { get; set; }
    public Guid? ProviderDepartmentId { get; set; }
    public string? Abstract { get; set; }
    public string? Format { get; set; }
    public List<DataItemRow> DataItems { get; set; } = [];
    public string? SharingType { get; set; }
    public string? SharingConditions { get; set; }
    public List<string> SharingMethods { get; set; } = [];
    public bool OpenToPublic { get; set; }
    public string? OpenConditions { get; set; }
    public string? UpdateCycle { get; set; }
    public string? ReleaseDate { get; set; }
    public string? RelatedCodes { get; set; }
    public string? ChangeNote { get; set; }

    public static ResourceForm From(ResourceInput i) => new()
    {
        ClassificationCode = i.ClassificationCode,
        Name = i.Name,
        NameEn = i.NameEn,
        ProviderDepartmentId = i.ProviderDepartmentId,
        Abstract = i.Abstract,
        Format = i.Format,
        DataItems = (i.DataItems ?? []).Select(d => new DataItemRow
        {
            Name = d.Name, Type = d.Type, Length = d.Length?.ToString(CultureInfo.InvariantCulture), Description = d.Description, PersonalData = d.PersonalData,
        }).ToList(),
        SharingType = i.SharingType,
        SharingConditions = i.SharingConditions,
        SharingMethods = [.. i.SharingMethods ?? []],
        OpenToPublic = i.OpenToPublic,
        OpenConditions = i.OpenConditions,
        UpdateCycle = i.UpdateCycle,
        ReleaseDate = i.ReleaseDate,
        RelatedCodes = string.Join(", ", i.RelatedCodes ?? []),
    };

    /// <summary>The API input; a length that is not a number is a field error here (the validator sees numbers only).</summary>
    public ResourceInput ToInput(FieldErrors errors)
    {
        var items = new List<DataItemInput>();
        for (var i = 0; i < DataItems.Count; i++)
        {
            var r = DataItems[i];
            if (r.IsEmpty)
            {
                continue;
            }
            int? length = null;
            if (!string.IsNullOrWhiteSpace(r.Length))
            {
                if (int.TryParse(r.Length.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var l)) { length = l; }
                else { errors.Add($"dataItems[{i}].length", "dataItem.length.number", $"第 {i + 1} 个信息项的长度应为整数", $"Length of data item {i + 1} must be a whole number."); }
            }
            items.Add(new DataItemInput(r.Name, r.Type, length, r.Description, r.PersonalData));
        }
        return new ResourceInput(ClassificationCode, Name, NameEn, ProviderDepartmentId, Abstract, Format, items, SharingType, SharingConditions,
            SharingMethods, OpenToPublic, OpenConditions, UpdateCycle, ReleaseDate,
            (RelatedCodes ?? "").Split([',', '，', ' ', '\n', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), ChangeNote);
    }

    /// <summary>The validator numbers the filled rows; the form numbers every row: maps dataItems[k] back to the row it came from.</summary>
    public string FieldOf(string field)
    {
        if (!field.StartsWith("dataItems[", StringComparison.Ordinal))
        {
            return field;
        }
        var close = field.IndexOf(']', StringComparison.Ordinal);
        if (close < 0 || !int.TryParse(field.AsSpan(10, close - 10), NumberStyles.None, CultureInfo.InvariantCulture, out var k))
        {
            return field;
        }
        var filled = DataItems.Select((r, i) => (r, i)).Where(x => !x.r.IsEmpty).Select(x => x.i).ToList();
        return k < filled.Count ? $"dataItems[{filled[k]}]{field[(close + 1)..]}" : field;
    }

    /// <summary>Blank rows so there are always a few to fill in.</summary>
    public void Pad(int extra = 0)
    {
        var blanks = DataItems.Count(r => r.IsEmpty);
        for (var i = blanks; i < 3 + extra; i++)
        {
            DataItems.Add(new DataItemRow { Type = nameof(DataItemType.Text) });
        }
    }
}
