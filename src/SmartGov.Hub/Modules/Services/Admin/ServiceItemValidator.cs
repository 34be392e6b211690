using System.Text.Json;
using System.Text.RegularExpressions;
using SmartGov.Core;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Organizations;

namespace SmartGov.Hub.Modules.Services.Admin;

/// <summary>A checked, normalized version ready to be saved.</summary>
internal sealed record ItemDraft(
    string? ImplementationCode,
    string BasicCode,
    string Name,
    string? NameEn,
    ItemType ItemType,
    Guid DepartmentId,
    string LegalBasis,
    string AcceptanceConditions,
    ApplicantTypes ApplicantTypes,
    int StatutoryDays,
    int PromisedDays,
    string Fees,
    string? FeeBasis,
    HandlingForm HandlingForm,
    int MaxVisits,
    List<Guid> HallIds,
    bool CityWide,
    List<LifeEvent> LifeEvents,
    List<BusinessStage> BusinessStages,
    List<string> Keywords,
    List<FormFieldDefinition> FormFields,
    DateOnly EffectiveFrom,
    DateOnly? WithdrawnOn,
    string? ChangeNote,
    List<MaterialDraft> Materials);

internal sealed record MaterialDraft(
    string Name,
    MaterialNecessity Necessity,
    string? Condition,
    MaterialForm Forms,
    int Copies,
    MaterialSource Source,
    string? LicenseTypeCode,
    string? BlankFormUrl,
    string? SampleUrl,
    string? AcceptanceStandard);

/// <summary>What validation needs to know about the world: departments, halls and today's date.</summary>
internal sealed record ValidationContext(IReadOnlyDictionary<Guid, DepartmentInfo> Departments, IReadOnlySet<Guid> Halls, DateOnly Today);

/// <summary>
/// Checks an item version at the edge and names every problem at once, in zh-CN and en. Code formats are modelled on
/// the national implementation list (GB/T 39554.1-2020): a 10-digit basic code that starts with the item type's
/// two digits, and a 30-character implementation code made of the department's unified social credit code
/// (GB 32100), the basic code and a two-digit sequence.
/// </summary>
internal static partial class ServiceItemValidator
{
    public const int MaxMaterials = 60;
    public const int MaxFormFields = 60;
    public const int MaxKeywords = 30;

    [GeneratedRegex("^[0-9]{10}$")]
    private static partial Regex BasicCodePattern();

    [GeneratedRegex("^[0-9A-Z]{18}[0-9]{12}$")]
    private static partial Regex ImplementationCodePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,39}$")]
    private static partial Regex FieldNamePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{2,64}$")]
    private static partial Regex LicenseTypePattern();

    public static string NormalizeCode(string? code) => (code ?? "").Trim().ToUpperInvariant();

    public static bool LooksLikeImplementationCode(string? code) => ImplementationCodePattern().IsMatch(NormalizeCode(code));

    public static (ItemDraft? Draft, FieldErrors Errors) Validate(ServiceItemInput input, ValidationContext context, bool isNew, DateOnly? previousEffective)
    {
        var errors = new FieldErrors();
        var name = Text(errors, "name", input.Name, "事项名称", "Item name", 200, required: true);
        var nameEn = Text(errors, "nameEn", input.NameEn, "英文名称", "English name", 300, required: false);
        var legalBasis = Text(errors, "legalBasis", input.LegalBasis, "设定依据", "Legal basis", 4000, required: true);
        var conditions = Text(errors, "acceptanceConditions", input.AcceptanceConditions, "受理条件", "Acceptance conditions", 4000, required: true);
        var fees = Text(errors, "fees", input.Fees, "收费标准", "Fees", 500, required: true);
        var feeBasis = Text(errors, "feeBasis", input.FeeBasis, "收费依据", "Basis of the fees", 1000, required: false);
        var changeNote = Text(errors, "changeNote", input.ChangeNote, "修改说明", "Change note", 500, required: false);

        ItemType itemType = default;
        if (string.IsNullOrWhiteSpace(input.ItemType))
        {
            errors.Add("itemType", "required", "请选择事项类型", "Choose the item type.");
        }
        else if (!CatalogParsing.TryItemType(input.ItemType, out itemType))
        {
            errors.Add("itemType", "itemType.unknown", $"事项类型“{input.ItemType}”不存在，应为 01 行政许可 … 10 其他行政权力 或 20 公共服务",
                $"Item type '{input.ItemType}' does not exist; use 01 (administrative licensing) … 10 (other power) or 20 (public service).");
        }

        var basicCode = NormalizeCode(input.BasicCode);
        if (basicCode.Length == 0)
        {
            errors.Add("basicCode", "required", "请填写基本编码", "The basic code is required.");
        }
        else if (!BasicCodePattern().IsMatch(basicCode))
        {
            errors.Add("basicCode", "basicCode.format", "基本编码应为 10 位数字（2 位事项类型 + 5 位主项 + 3 位子项）",
                "The basic code must be 10 digits (2 for the item type, 5 for the main item, 3 for the sub-item).");
        }
        else if (Enum.IsDefined(itemType) && itemType != default && !basicCode.StartsWith(CatalogNames.Code(itemType), StringComparison.Ordinal))
        {
            errors.Add("basicCode", "basicCode.type-mismatch", $"基本编码的前两位应为事项类型代码 {CatalogNames.Code(itemType)}",
                $"The basic code must start with the item type's code {CatalogNames.Code(itemType)}.");
        }

        DepartmentInfo? department = null;
        if (input.DepartmentId is not { } deptId || deptId == Guid.Empty)
        {
            errors.Add("departmentId", "required", "请选择实施部门", "Choose the implementing department.");
        }
        else if (!context.Departments.TryGetValue(deptId, out department) || !department.IsActive)
        {
            errors.Add("departmentId", "department.unknown", "实施部门不存在或已停用", "The implementing department does not exist or is deactivated.");
            department = null;
        }

        string? implementationCode = null;
        if (isNew && !string.IsNullOrWhiteSpace(input.ImplementationCode))
        {
            implementationCode = NormalizeCode(input.ImplementationCode);
            if (!ImplementationCodePattern().IsMatch(implementationCode))
            {
                errors.Add("implementationCode", "implementationCode.format",
                    "实施编码应为 30 位：18 位实施部门统一社会信用代码 + 10 位基本编码 + 2 位序号（可留空自动生成）",
                    "The implementation code must be 30 characters: the department's 18-character credit code, the 10-digit basic code and a 2-digit sequence (leave it empty to generate one).");
            }
            else if (department is not null && !implementationCode.StartsWith(department.CreditCode, StringComparison.Ordinal))
            {
                errors.Add("implementationCode", "implementationCode.department-mismatch",
                    $"实施编码的前 18 位应为实施部门的统一社会信用代码 {department.CreditCode}",
                    $"The implementation code must start with the department's credit code {department.CreditCode}.");
            }
            else if (BasicCodePattern().IsMatch(basicCode) && implementationCode.Substring(18, 10) != basicCode)
            {
                errors.Add("implementationCode", "implementationCode.basic-mismatch", "实施编码第 19–28 位应与基本编码一致",
                    "Characters 19–28 of the implementation code must be the basic code.");
            }
        }

        var applicantTypes = ApplicantTypes.None;
        foreach (var t in (input.ApplicantTypes ?? []).SelectMany(CatalogParsing.SplitList))
        {
            if (CatalogParsing.TryApplicantType(t, out var parsed))
            {
                applicantTypes |= parsed;
            }
            else
            {
                errors.Add("applicantTypes", "applicantTypes.unknown", $"服务对象“{t}”不存在，应为自然人、法人或其他组织",
                    $"Applicant type '{t}' does not exist; use natural person, legal person or other organization.");
            }
        }
        if (applicantTypes == ApplicantTypes.None && !errors.All.Any(e => e.Field == "applicantTypes"))
        {
            errors.Add("applicantTypes", "required", "请至少选择一类服务对象", "Choose at least one type of applicant.");
        }

        var statutory = Days(errors, "statutoryDays", input.StatutoryDays, "法定时限", "Statutory limit");
        var promised = Days(errors, "promisedDays", input.PromisedDays, "承诺时限", "Promised limit");
        if (statutory is { } s && promised is { } p && p > s)
        {
            errors.Add("promisedDays", "promisedDays.exceeds-statutory", $"承诺时限（{p} 个工作日）不能长于法定时限（{s} 个工作日）",
                $"The promised limit ({p} working days) cannot be longer than the statutory limit ({s} working days).");
        }

        HandlingForm handlingForm = default;
        if (string.IsNullOrWhiteSpace(input.HandlingForm))
        {
            errors.Add("handlingForm", "required", "请选择办理形式", "Choose how the item is handled.");
        }
        else if (!CatalogParsing.TryHandlingForm(input.HandlingForm, out handlingForm))
        {
            errors.Add("handlingForm", "handlingForm.unknown", $"办理形式“{input.HandlingForm}”不存在，应为网上办理、窗口办理或网上或窗口办理",
                $"Handling form '{input.HandlingForm}' does not exist; use online, window, or online or window.");
        }

        var maxVisits = input.MaxVisits;
        if (maxVisits is null)
        {
            errors.Add("maxVisits", "required", "请填写到现场次数", "The number of visits is required.");
        }
        else if (maxVisits is < 0 or > 2)
        {
            errors.Add("maxVisits", "maxVisits.range", "到现场次数只能是 0、1 或 2", "The number of visits must be 0, 1 or 2.");
        }
        else if (handlingForm == HandlingForm.Window && maxVisits == 0)
        {
            errors.Add("maxVisits", "maxVisits.window-needs-visit", "只能在窗口办理的事项，到现场次数至少为 1",
                "An item handled only at a window needs at least one visit.");
        }

        var cityWide = input.CityWide ?? false;
        var halls = (input.HallIds ?? []).Distinct().ToList();
        foreach (var hall in halls.Where(h => !context.Halls.Contains(h)))
        {
            errors.Add("hallIds", "hall.unknown", $"办理大厅 {hall} 不存在", $"Service hall {hall} does not exist.");
        }
        if (handlingForm is HandlingForm.Window or HandlingForm.OnlineOrWindow && !cityWide && halls.Count == 0)
        {
            errors.Add("hallIds", "hallIds.required", "窗口办理的事项请至少选择一个办理大厅，或标为全城通办",
                "An item handled at a window needs at least one service hall, or the city-wide flag.");
        }

        var lifeEvents = ParseList(errors, "lifeEvents", input.LifeEvents, (string? x, out LifeEvent v) => CatalogParsing.TryLifeEvent(x, out v),
            "人生事件", "Life event", "出生、上学、就业、婚育、住房、退休、身后", "Birth, Education, Employment, MarriageAndChildbirth, Housing, Retirement, Posthumous");
        var stages = ParseList(errors, "businessStages", input.BusinessStages, (string? x, out BusinessStage v) => CatalogParsing.TryBusinessStage(x, out v),
            "企业阶段", "Business stage", "开办、经营、变更、注销", "Startup, Operation, Change, Deregistration");
        if (lifeEvents.Count > 0 && applicantTypes != ApplicantTypes.None && !applicantTypes.HasFlag(ApplicantTypes.NaturalPerson))
        {
            errors.Add("lifeEvents", "lifeEvents.persons-only", "人生事件只适用于服务对象包含自然人的事项",
                "Life events apply only to items for natural persons.");
        }
        if (stages.Count > 0 && applicantTypes != ApplicantTypes.None && (applicantTypes & (ApplicantTypes.LegalPerson | ApplicantTypes.OtherOrganization)) == 0)
        {
            errors.Add("businessStages", "businessStages.organizations-only", "企业阶段只适用于服务对象包含法人或其他组织的事项",
                "Business stages apply only to items for legal persons or organizations.");
        }

        var keywords = (input.Keywords ?? []).SelectMany(CatalogParsing.SplitList).Distinct(StringComparer.Ordinal).ToList();
        if (keywords.Count > MaxKeywords)
        {
            errors.Add("keywords", "keywords.too-many", $"关键词最多 {MaxKeywords} 个", $"At most {MaxKeywords} keywords.");
        }
        foreach (var k in keywords.Where(k => k.Length > 20))
        {
            errors.Add("keywords", "keywords.too-long", $"关键词“{k}”超过 20 个字", $"Keyword '{k}' is longer than 20 characters.");
        }

        var formFields = ValidateFormFields(errors, input.FormFields ?? []);
        var materials = ValidateMaterials(errors, input.Materials ?? []);

        var effective = input.EffectiveFrom ?? context.Today;
        if (effective < new DateOnly(2000, 1, 1) || effective > context.Today.AddYears(5))
        {
            errors.Add("effectiveFrom", "effectiveFrom.range", "生效日期应在 2000 年之后、五年之内", "The effective date must be after 2000 and within five years.");
        }
        else if (previousEffective is { } previous && effective < previous)
        {
            errors.Add("effectiveFrom", "effectiveFrom.before-previous", $"生效日期不能早于上一版本的生效日期 {previous:yyyy-MM-dd}",
                $"The effective date cannot be earlier than the previous version's ({previous:yyyy-MM-dd}).");
        }
        if (input.WithdrawnOn is { } withdrawn && withdrawn < effective)
        {
            errors.Add("withdrawnOn", "withdrawnOn.before-effective", "废止日期不能早于生效日期", "The withdrawal date cannot be earlier than the effective date.");
        }

        if (errors.Any)
        {
            return (null, errors);
        }
        return (new ItemDraft(implementationCode, basicCode, name!, nameEn, itemType, department!.Id, legalBasis!, conditions!, applicantTypes,
            statutory!.Value, promised!.Value, fees!, feeBasis, handlingForm, maxVisits!.Value, halls, cityWide,
            lifeEvents.Order().ToList(), stages.Order().ToList(), keywords, formFields, effective, input.WithdrawnOn, changeNote, materials), errors);
    }

    private delegate bool TryParser<T>(string? text, out T value);

    private static List<T> ParseList<T>(FieldErrors errors, string field, List<string>? values, TryParser<T> parse, string labelZh, string labelEn, string allowedZh, string allowedEn)
        where T : struct
    {
        var list = new List<T>();
        foreach (var raw in (values ?? []).SelectMany(CatalogParsing.SplitList))
        {
            if (parse(raw, out var v))
            {
                if (!list.Contains(v))
                {
                    list.Add(v);
                }
            }
            else
            {
                errors.Add(field, field + ".unknown", $"{labelZh}“{raw}”不存在，应为{allowedZh}", $"{labelEn} '{raw}' does not exist; use {allowedEn}.");
            }
        }
        return list;
    }

    private static string? Text(FieldErrors errors, string field, string? value, string zh, string en, int max, bool required)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v))
        {
            if (required)
            {
                errors.Add(field, "required", $"请填写{zh}", $"{en} is required.");
            }
            return null;
        }
        if (v.Length > max)
        {
            errors.Add(field, "too-long", $"{zh}不能超过 {max} 个字符", $"{en} must be at most {max} characters.");
            return null;
        }
        return v;
    }

    private static int? Days(FieldErrors errors, string field, int? value, string zh, string en)
    {
        if (value is null)
        {
            errors.Add(field, "required", $"请填写{zh}（工作日）", $"{en} (working days) is required.");
            return null;
        }
        if (value is < 0 or > 365)
        {
            errors.Add(field, field + ".range", $"{zh}应为 0 到 365 个工作日", $"{en} must be between 0 and 365 working days.");
            return null;
        }
        return value;
    }

    private static List<FormFieldDefinition> ValidateFormFields(FieldErrors errors, List<FormFieldInput> fields)
    {
        var result = new List<FormFieldDefinition>();
        if (fields.Count > MaxFormFields)
        {
            errors.Add("formFields", "formFields.too-many", $"表单字段最多 {MaxFormFields} 个", $"At most {MaxFormFields} form fields.");
            return result;
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var prefix = $"formFields[{i}]";
            var ok = true;
            var name = f.Name?.Trim() ?? "";
            if (!FieldNamePattern().IsMatch(name))
            {
                errors.Add(prefix + ".name", "formField.name", $"第 {i + 1} 个表单字段的名称应以字母开头，只含字母、数字和下划线",
                    $"Form field {i + 1}: the name must start with a letter and contain only letters, digits and underscores.");
                ok = false;
            }
            else if (!names.Add(name))
            {
                errors.Add(prefix + ".name", "formField.duplicate", $"表单字段名称“{name}”重复", $"Form field name '{name}' is used twice.");
                ok = false;
            }
            var labelZh = Text(errors, prefix + ".labelZh", f.LabelZh, $"第 {i + 1} 个表单字段的中文标签", $"Form field {i + 1}: the Chinese label", 50, true);
            var labelEn = Text(errors, prefix + ".labelEn", f.LabelEn, $"第 {i + 1} 个表单字段的英文标签", $"Form field {i + 1}: the English label", 80, true);
            if (!CatalogParsing.TryFormFieldType(f.Type, out var type))
            {
                errors.Add(prefix + ".type", "formField.type", $"第 {i + 1} 个表单字段的类型“{f.Type}”不存在",
                    $"Form field {i + 1}: type '{f.Type}' does not exist ({string.Join(", ", Enum.GetNames<FormFieldType>())}).");
                ok = false;
            }
            if (ok && labelZh is not null && labelEn is not null)
            {
                result.Add(new FormFieldDefinition(name, labelZh, labelEn, type, f.Required ?? false));
            }
        }
        return result;
    }

    private static List<MaterialDraft> ValidateMaterials(FieldErrors errors, List<MaterialInput> materials)
    {
        var result = new List<MaterialDraft>();
        if (materials.Count > MaxMaterials)
        {
            errors.Add("materials", "materials.too-many", $"申请材料最多 {MaxMaterials} 项", $"At most {MaxMaterials} materials.");
            return result;
        }
        for (var i = 0; i < materials.Count; i++)
        {
            var m = materials[i];
            var p = $"materials[{i}]";
            var n = i + 1;
            var name = Text(errors, p + ".name", m.Name, $"第 {n} 项材料的名称", $"Material {n}: the name", 200, true);
            var ok = name is not null;
            if (!CatalogParsing.TryNecessity(m.Necessity, out var necessity))
            {
                errors.Add(p + ".necessity", "material.necessity", $"第 {n} 项材料的必要性应为必要、非必要或情形必要",
                    $"Material {n}: necessity must be required, optional or conditional.");
                ok = false;
            }
            var condition = Text(errors, p + ".condition", m.Condition, $"第 {n} 项材料的适用情形", $"Material {n}: the condition", 500, false);
            if (ok && necessity == MaterialNecessity.Conditional && condition is null)
            {
                errors.Add(p + ".condition", "material.condition-required", $"第 {n} 项材料为情形必要，请写明在什么情形下需要",
                    $"Material {n} is conditional: say in which situation it is needed.");
                ok = false;
            }
            var forms = MaterialForm.None;
            foreach (var f in (m.Forms ?? []).SelectMany(CatalogParsing.SplitList))
            {
                if (CatalogParsing.TryMaterialForm(f, out var form))
                {
                    forms |= form;
                }
                else
                {
                    errors.Add(p + ".forms", "material.form", $"第 {n} 项材料的形式“{f}”不存在，应为原件、复印件或电子件",
                        $"Material {n}: form '{f}' does not exist; use original, copy or electronic.");
                    ok = false;
                }
            }
            if (forms == MaterialForm.None && ok)
            {
                errors.Add(p + ".forms", "material.form-required", $"第 {n} 项材料请至少选择一种形式（原件、复印件、电子件）",
                    $"Material {n}: choose at least one form (original, copy, electronic).");
                ok = false;
            }
            var copies = m.Copies ?? 1;
            if (copies is < 0 or > 20)
            {
                errors.Add(p + ".copies", "material.copies", $"第 {n} 项材料的份数应为 0 到 20", $"Material {n}: copies must be between 0 and 20.");
                ok = false;
            }
            if (!CatalogParsing.TrySource(m.Source, out var source))
            {
                errors.Add(p + ".source", "material.source", $"第 {n} 项材料的来源应为申请人自备、共享获取或部门核发",
                    $"Material {n}: the source must be the applicant, data sharing or the department.");
                ok = false;
            }
            var licence = string.IsNullOrWhiteSpace(m.LicenseTypeCode) ? null : m.LicenseTypeCode.Trim();
            if (licence is not null && !LicenseTypePattern().IsMatch(licence))
            {
                errors.Add(p + ".licenseTypeCode", "material.license-format", $"第 {n} 项材料的证照类型代码只能含字母、数字和 . _ -（2–64 位）",
                    $"Material {n}: the licence type code may contain only letters, digits and . _ - (2–64 characters).");
                ok = false;
            }
            else if (ok && source == MaterialSource.Sharing && licence is null)
            {
                errors.Add(p + ".licenseTypeCode", "material.license-required", $"第 {n} 项材料通过共享获取，请填写证照类型代码",
                    $"Material {n} is fetched by sharing: give the licence type code.");
                ok = false;
            }
            var blank = Url(errors, p + ".blankFormUrl", m.BlankFormUrl, n, "空白表格", "blank form");
            var sample = Url(errors, p + ".sampleUrl", m.SampleUrl, n, "示例样表", "sample");
            var standard = Text(errors, p + ".acceptanceStandard", m.AcceptanceStandard, $"第 {n} 项材料的受理标准", $"Material {n}: the acceptance standard", 1000, false);
            if (ok && name is not null)
            {
                result.Add(new MaterialDraft(name, necessity, condition, forms, copies, source,
                    licence, blank, sample, standard));
            }
        }
        return result;
    }

    /// <summary>Blank forms and samples are file references: a path on this site (/files/…) or an http(s) address.</summary>
    private static string? Url(FieldErrors errors, string field, string? value, int n, string zh, string en)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v))
        {
            return null;
        }
        var ok = v.Length <= 500 && ((v.StartsWith('/') && !v.StartsWith("//", StringComparison.Ordinal))
            || (Uri.TryCreate(v, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)));
        if (!ok)
        {
            errors.Add(field, "material.url", $"第 {n} 项材料的{zh}应为本站路径（以 / 开头）或 http(s) 地址", $"Material {n}: the {en} must be a path on this site (starting with /) or an http(s) address.");
            return null;
        }
        return v;
    }

    public static string SerializeFormFields(IReadOnlyList<FormFieldDefinition> fields) => JsonSerializer.Serialize(fields, Json);

    public static IReadOnlyList<FormFieldDefinition> DeserializeFormFields(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<FormFieldDefinition>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
