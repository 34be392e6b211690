using System.Globalization;
using System.Text.Json;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Modules.Services.Admin;

namespace SmartGov.Web.Pages.Console.Services;

/// <summary>One material row of the edit form. An empty row is ignored; a ticked "remove" drops the row.</summary>
public sealed class MaterialRow
{
    public string? Name { get; set; }
    public string? Necessity { get; set; }
    public string? Condition { get; set; }
    public List<string> Forms { get; set; } = [];
    public string? Copies { get; set; }
    public string? Source { get; set; }
    public string? LicenseTypeCode { get; set; }
    public string? BlankFormUrl { get; set; }
    public string? SampleUrl { get; set; }
    public string? AcceptanceStandard { get; set; }
    public bool Remove { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Condition) && string.IsNullOrWhiteSpace(LicenseTypeCode)
        && string.IsNullOrWhiteSpace(AcceptanceStandard) && string.IsNullOrWhiteSpace(BlankFormUrl) && string.IsNullOrWhiteSpace(SampleUrl);

    public static MaterialRow From(MaterialInput m) => new()
    {
        Name = m.Name,
        Necessity = m.Necessity,
        Condition = m.Condition,
        Forms = m.Forms ?? [],
        Copies = m.Copies?.ToString(CultureInfo.InvariantCulture),
        Source = m.Source,
        LicenseTypeCode = m.LicenseTypeCode,
        BlankFormUrl = m.BlankFormUrl,
        SampleUrl = m.SampleUrl,
        AcceptanceStandard = m.AcceptanceStandard,
    };
}

/// <summary>
/// The item edit form as posted: every field a string, so that a wrong number is reported on its field rather than
/// lost in model binding. <see cref="ToInput"/> adds the conversion errors; the admin service checks the rest.
/// </summary>
public sealed class ItemForm
{
    public string? ImplementationCode { get; set; }
    public string? BasicCode { get; set; }
    public string? Name { get; set; }
    public string? NameEn { get; set; }
    public string? ItemType { get; set; }
    public string? LegalBasis { get; set; }
    public string? AcceptanceConditions { get; set; }
    public List<string> ApplicantTypes { get; set; } = [];
    public string? StatutoryDays { get; set; }
    public string? PromisedDays { get; set; }
    public string? Fees { get; set; }
    public string? FeeBasis { get; set; }
    public string? HandlingForm { get; set; }
    public string? MaxVisits { get; set; }
    public List<Guid> HallIds { get; set; } = [];
    public bool CityWide { get; set; }
    public List<string> LifeEvents { get; set; } = [];
    public List<string> BusinessStages { get; set; } = [];
    public string? Keywords { get; set; }
    public string? FormFields { get; set; }
    public string? EffectiveFrom { get; set; }
    public string? WithdrawnOn { get; set; }
    public string? ChangeNote { get; set; }
    public List<MaterialRow> Materials { get; set; } = [];

    public static ItemForm From(ServiceItemInput input) => new()
    {
        ImplementationCode = input.ImplementationCode,
        BasicCode = input.BasicCode,
        Name = input.Name,
        NameEn = input.NameEn,
        ItemType = input.ItemType,
        LegalBasis = input.LegalBasis,
        AcceptanceConditions = input.AcceptanceConditions,
        ApplicantTypes = input.ApplicantTypes ?? [],
        StatutoryDays = input.StatutoryDays?.ToString(CultureInfo.InvariantCulture),
        PromisedDays = input.PromisedDays?.ToString(CultureInfo.InvariantCulture),
        Fees = input.Fees,
        FeeBasis = input.FeeBasis,
        HandlingForm = input.HandlingForm,
        MaxVisits = input.MaxVisits?.ToString(CultureInfo.InvariantCulture),
        HallIds = input.HallIds ?? [],
        CityWide = input.CityWide ?? false,
        LifeEvents = input.LifeEvents ?? [],
        BusinessStages = input.BusinessStages ?? [],
        Keywords = string.Join("、", input.Keywords ?? []),
        FormFields = input.FormFields is { Count: > 0 } f ? JsonSerializer.Serialize(f, Json) : "",
        EffectiveFrom = null, // a new version takes effect today unless the editor says otherwise
        WithdrawnOn = input.WithdrawnOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Materials = (input.Materials ?? []).Select(MaterialRow.From).ToList(),
    };

    public ServiceItemInput ToInput(Guid? departmentId, FieldErrors errors)
    {
        List<FormFieldInput>? fields = null;
        if (!string.IsNullOrWhiteSpace(FormFields))
        {
            try
            {
                fields = JsonSerializer.Deserialize<List<FormFieldInput>>(FormFields, Json);
            }
            catch (JsonException)
            {
                errors.Add("formFields", "formFields.json", "表单字段应为 JSON 数组，例如 [{\"name\":\"applicantName\",\"labelZh\":\"姓名\",\"labelEn\":\"Name\",\"type\":\"Text\",\"required\":true}]",
                    "Form fields must be a JSON array, e.g. [{\"name\":\"applicantName\",\"labelZh\":\"姓名\",\"labelEn\":\"Name\",\"type\":\"Text\",\"required\":true}].");
            }
        }
        var materials = Materials.Where(m => !m.Remove && !m.IsEmpty).ToList();
        return new ServiceItemInput(
            ImplementationCode, BasicCode, Name, NameEn, ItemType, departmentId, LegalBasis, AcceptanceConditions, ApplicantTypes,
            Int(errors, "statutoryDays", StatutoryDays), Int(errors, "promisedDays", PromisedDays), Fees, FeeBasis, HandlingForm,
            Int(errors, "maxVisits", MaxVisits), HallIds, CityWide, LifeEvents, BusinessStages, CatalogParsing.SplitList(Keywords), fields ?? [],
            Date(errors, "effectiveFrom", EffectiveFrom), Date(errors, "withdrawnOn", WithdrawnOn), ChangeNote,
            materials.Select((m, i) => new MaterialInput(m.Name, m.Necessity, m.Condition, m.Forms, Int(errors, $"materials[{Materials.IndexOf(m)}].copies", m.Copies),
                m.Source, m.LicenseTypeCode, m.BlankFormUrl, m.SampleUrl, m.AcceptanceStandard)).ToList());
    }

    /// <summary>Errors of the admin service name materials by their position among the kept rows; the form shows them on the row.</summary>
    public string MaterialField(string field)
    {
        if (!field.StartsWith("materials[", StringComparison.Ordinal))
        {
            return field;
        }
        var close = field.IndexOf(']', StringComparison.Ordinal);
        var kept = int.Parse(field[10..close], CultureInfo.InvariantCulture);
        var rows = Materials.Select((m, i) => (m, i)).Where(p => !p.m.Remove && !p.m.IsEmpty).Select(p => p.i).ToList();
        return kept < rows.Count ? $"materials[{rows[kept]}]{field[(close + 1)..]}" : field;
    }

    private static int? Int(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        errors.Add(field, "integer", $"“{value}”不是整数", $"'{value}' is not a whole number.");
        return null;
    }

    private static DateOnly? Date(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }
        errors.Add(field, "date.format", $"“{value}”不是日期，应写作 2026-01-01", $"'{value}' is not a date; write it as 2026-01-01.");
        return null;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>Everything the item form partial needs.</summary>
public sealed record ItemFormView(ItemForm Form, FormPageModel Page, IReadOnlyList<Hub.Modules.Organizations.ServiceHallInfo> Halls, bool IsNew);
