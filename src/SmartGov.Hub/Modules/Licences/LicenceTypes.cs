namespace SmartGov.Hub.Modules.Licences;

/// <summary>Whose licence it is: a person (by ID number) or a business (by unified social credit code).</summary>
public enum LicenceHolderKind
{
    Person = 1,
    Business = 2,
}

/// <summary>
/// A licence type (证照类型): its code (the one the catalog's shared materials name), names, the issuing department (by
/// its demo code) and the exchange service that serves it: subsystem <c>licences</c> of the issuing department's member,
/// service code = the type code.
/// </summary>
public sealed record LicenceType(string Code, string NameZh, string NameEn, string IssuerCode, LicenceHolderKind Holder, int? ValidYears)
{
    public const string Subsystem = "licences";
    public const string IssueService = "issue";

    /// <summary>The exchange service id, e.g. <c>CN-DEMO/GOV/{credit code}/licences/gaj.resident-id-card</c>.</summary>
    public string ServiceId(string instance, string issuerCreditCode) => $"{instance}/GOV/{issuerCreditCode}/{Subsystem}/{Code}";
}

public static class LicenceTypes
{
    public static readonly IReadOnlyList<LicenceType> All =
    [
        new("gaj.resident-id-card", "居民身份证", "Resident identity card", "gaj", LicenceHolderKind.Person, 20),
        new("gaj.household-register", "居民户口簿", "Household register", "gaj", LicenceHolderKind.Person, null),
        new("gaj.residence-permit", "居住证", "Residence permit", "gaj", LicenceHolderKind.Person, 1),
        new("mzj.marriage-certificate", "结婚证", "Marriage certificate", "mzj", LicenceHolderKind.Person, null),
        new("mzj.divorce-certificate", "离婚证", "Divorce certificate", "mzj", LicenceHolderKind.Person, null),
        new("scjg.business-licence", "营业执照", "Business licence", "scjg", LicenceHolderKind.Business, null),
        new("zrzy.real-estate-certificate", "不动产权证书", "Real estate title certificate", "zrzy", LicenceHolderKind.Person, null),
        new("moe.diploma", "学位证书", "Degree certificate", "jyj", LicenceHolderKind.Person, null),
        new("wjw.birth-certificate", "出生医学证明", "Medical birth certificate", "wjw", LicenceHolderKind.Person, null),
    ];

    public static LicenceType? Find(string? code) => All.FirstOrDefault(t => t.Code == code);
}
