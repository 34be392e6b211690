namespace SmartGov.Hub.Modules.Services;

/// <summary>事项类型, with the codes of the national item list (01 行政许可 … 10 其他行政权力, 20 公共服务).</summary>
public enum ItemType
{
    AdministrativeLicensing = 1,
    Penalty = 2,
    Enforcement = 3,
    Levy = 4,
    Payment = 5,
    Inspection = 6,
    Confirmation = 7,
    Reward = 8,
    Adjudication = 9,
    OtherPower = 10,
    PublicService = 20,
}

/// <summary>服务对象: who may apply. Flags, since many items serve both people and organizations.</summary>
[Flags]
public enum ApplicantTypes
{
    None = 0,
    NaturalPerson = 1,
    LegalPerson = 2,
    OtherOrganization = 4,
}

/// <summary>办理形式.</summary>
public enum HandlingForm
{
    Online = 1,
    Window = 2,
    OnlineOrWindow = 3,
}

/// <summary>Life events of a person (个人生命周期), for browsing the catalog.</summary>
public enum LifeEvent
{
    Birth = 1,
    Education = 2,
    Employment = 3,
    MarriageAndChildbirth = 4,
    Housing = 5,
    Retirement = 6,
    Posthumous = 7,
}

/// <summary>Stages of a business (企业生命周期), for browsing the catalog.</summary>
public enum BusinessStage
{
    Startup = 1,
    Operation = 2,
    Change = 3,
    Deregistration = 4,
}

/// <summary>Whether a material must be brought: always, never necessarily, or in a named situation (情形).</summary>
public enum MaterialNecessity
{
    Required = 1,
    Optional = 2,
    Conditional = 3,
}

/// <summary>材料形式: original, copy, electronic; a material may be asked for in several forms.</summary>
[Flags]
public enum MaterialForm
{
    None = 0,
    Original = 1,
    Copy = 2,
    Electronic = 4,
}

/// <summary>Where a material comes from: the applicant, sharing (a licence type fetched through the exchange), or the department itself.</summary>
public enum MaterialSource
{
    Applicant = 1,
    Sharing = 2,
    Department = 3,
}

/// <summary>Input types of the item's application form (the form is drawn by the intake pages later).</summary>
public enum FormFieldType
{
    Text = 1,
    TextArea = 2,
    Number = 3,
    Date = 4,
    IdNumber = 5,
    Mobile = 6,
    CreditCode = 7,
    Boolean = 8,
}

/// <summary>Names of the catalog's enumerations in both languages, for screens, spreadsheets and error messages.</summary>
public static class CatalogNames
{
    public static string Code(ItemType type) => ((int)type).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    public static (string Zh, string En) Of(ItemType type) => type switch
    {
        ItemType.AdministrativeLicensing => ("行政许可", "Administrative licensing"),
        ItemType.Penalty => ("行政处罚", "Administrative penalty"),
        ItemType.Enforcement => ("行政强制", "Administrative enforcement"),
        ItemType.Levy => ("行政征收", "Administrative levy"),
        ItemType.Payment => ("行政给付", "Administrative payment"),
        ItemType.Inspection => ("行政检查", "Administrative inspection"),
        ItemType.Confirmation => ("行政确认", "Administrative confirmation"),
        ItemType.Reward => ("行政奖励", "Administrative reward"),
        ItemType.Adjudication => ("行政裁决", "Administrative adjudication"),
        ItemType.OtherPower => ("其他行政权力", "Other administrative power"),
        ItemType.PublicService => ("公共服务", "Public service"),
        _ => (type.ToString(), type.ToString()),
    };

    public static (string Zh, string En) Of(LifeEvent e) => e switch
    {
        LifeEvent.Birth => ("出生", "Birth"),
        LifeEvent.Education => ("上学", "Education"),
        LifeEvent.Employment => ("就业", "Employment"),
        LifeEvent.MarriageAndChildbirth => ("婚育", "Marriage and children"),
        LifeEvent.Housing => ("住房", "Housing"),
        LifeEvent.Retirement => ("退休", "Retirement"),
        LifeEvent.Posthumous => ("身后", "After a death"),
        _ => (e.ToString(), e.ToString()),
    };

    public static (string Zh, string En) Of(BusinessStage s) => s switch
    {
        BusinessStage.Startup => ("开办", "Starting up"),
        BusinessStage.Operation => ("经营", "Operating"),
        BusinessStage.Change => ("变更", "Changes"),
        BusinessStage.Deregistration => ("注销", "Closing down"),
        _ => (s.ToString(), s.ToString()),
    };

    public static (string Zh, string En) Of(HandlingForm f) => f switch
    {
        HandlingForm.Online => ("网上办理", "Online"),
        HandlingForm.Window => ("窗口办理", "At a window"),
        HandlingForm.OnlineOrWindow => ("网上或窗口办理", "Online or at a window"),
        _ => (f.ToString(), f.ToString()),
    };

    public static (string Zh, string En) Of(MaterialNecessity n) => n switch
    {
        MaterialNecessity.Required => ("必要", "Required"),
        MaterialNecessity.Optional => ("非必要", "Optional"),
        MaterialNecessity.Conditional => ("情形必要", "Required in a situation"),
        _ => (n.ToString(), n.ToString()),
    };

    public static (string Zh, string En) Of(MaterialSource s) => s switch
    {
        MaterialSource.Applicant => ("申请人自备", "Brought by the applicant"),
        MaterialSource.Sharing => ("共享获取", "Fetched by data sharing"),
        MaterialSource.Department => ("部门核发", "Produced by the department"),
        _ => (s.ToString(), s.ToString()),
    };

    public static (string Zh, string En) Of(FormFieldType t) => t switch
    {
        FormFieldType.Text => ("单行文本", "Text"),
        FormFieldType.TextArea => ("多行文本", "Long text"),
        FormFieldType.Number => ("数字", "Number"),
        FormFieldType.Date => ("日期", "Date"),
        FormFieldType.IdNumber => ("身份证号", "ID number"),
        FormFieldType.Mobile => ("手机号", "Mobile number"),
        FormFieldType.CreditCode => ("统一社会信用代码", "Credit code"),
        FormFieldType.Boolean => ("是/否", "Yes/no"),
        _ => (t.ToString(), t.ToString()),
    };

    public static (string Zh, string En) Of(ApplicantTypes t)
    {
        var zh = new List<string>();
        var en = new List<string>();
        if (t.HasFlag(ApplicantTypes.NaturalPerson)) { zh.Add("自然人"); en.Add("natural person"); }
        if (t.HasFlag(ApplicantTypes.LegalPerson)) { zh.Add("法人"); en.Add("legal person"); }
        if (t.HasFlag(ApplicantTypes.OtherOrganization)) { zh.Add("其他组织"); en.Add("other organization"); }
        return (string.Join("、", zh), string.Join(", ", en));
    }

    public static (string Zh, string En) Of(MaterialForm f)
    {
        var zh = new List<string>();
        var en = new List<string>();
        if (f.HasFlag(MaterialForm.Original)) { zh.Add("原件"); en.Add("original"); }
        if (f.HasFlag(MaterialForm.Copy)) { zh.Add("复印件"); en.Add("copy"); }
        if (f.HasFlag(MaterialForm.Electronic)) { zh.Add("电子件"); en.Add("electronic"); }
        return (string.Join("、", zh), string.Join(", ", en));
    }

    public static (string Zh, string En) MaxVisits(int visits) => visits switch
    {
        0 => ("零跑动（0 次）", "No visit (fully online)"),
        1 => ("最多跑一次（1 次）", "At most one visit"),
        _ => ($"{visits} 次", $"{visits} visits"),
    };
}
