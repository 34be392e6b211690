namespace SmartGov.Hub.Modules.Catalog;

/// <summary>One node of the classification: 类 (1 digit), 项 (3), 目 (5) or 细目 (7).</summary>
public sealed record ClassificationNode(string Code, string Name, string NameEn)
{
    /// <summary>1 = 类, 2 = 项, 3 = 目, 4 = 细目.</summary>
    public int Level => Code.Length switch { 1 => 1, 3 => 2, 5 => 3, _ => 4 };
}

/// <summary>
/// The classification of the government information resource catalog (政务信息资源目录, after GB/T 21063.4 and the
/// 政务信息资源目录编制指南): 类 (1 digit: 1 基础, 2 主题, 3 部门) · 项 (2) · 目 (2) · 细目 (2), seven digits in all.
/// A resource is catalogued at 细目 level; its code is the seven digits, "-", and a six-digit sequence within the 细目.
/// Kept as a code table in code: it changes with the national guideline, not at run time.
/// </summary>
public static class CatalogClassification
{
    private static readonly ClassificationNode[] Nodes =
    [
        new("1", "基础信息资源类", "Basic information resources"),
        new("101", "人口基础信息", "Population"),
        new("10101", "人口基本信息", "Basic population data"),
        new("1010101", "自然人基础信息", "Natural persons"),
        new("102", "法人单位基础信息", "Legal entities"),
        new("10201", "法人基本信息", "Basic legal entity data"),
        new("1020101", "法人单位基础信息", "Legal entity register"),
        new("103", "自然资源和空间地理基础信息", "Natural resources and geospatial data"),
        new("10301", "基础地理信息", "Basic geographic data"),
        new("1030101", "电子地图与地名地址", "Maps, place names and addresses"),
        new("104", "社会信用基础信息", "Social credit"),
        new("10401", "公共信用信息", "Public credit data"),
        new("1040101", "信用评价与奖惩", "Credit ratings, rewards and sanctions"),
        new("105", "电子证照基础信息", "Electronic licences"),
        new("10501", "证照目录", "Licence catalogue"),
        new("1050101", "电子证照目录信息", "Licence catalogue entries"),

        new("2", "主题信息资源类", "Thematic information resources"),
        new("201", "社会保障", "Social security"),
        new("20101", "社会保险", "Social insurance"),
        new("2010101", "参保登记信息", "Insurance enrolment"),
        new("2010102", "社保待遇发放信息", "Benefit payments"),
        new("202", "医疗健康", "Health"),
        new("20201", "卫生健康服务", "Health services"),
        new("2020101", "出生医学证明信息", "Medical birth certificates"),
        new("2020102", "医疗机构信息", "Medical institutions"),
        new("203", "教育文化", "Education and culture"),
        new("20301", "学籍学历", "Student status and degrees"),
        new("2030101", "学籍信息", "Student status"),
        new("2030102", "学历学位信息", "Diplomas and degrees"),
        new("204", "城乡建设", "Urban and rural construction"),
        new("20401", "住房保障", "Housing"),
        new("2040101", "住房公积金信息", "Housing provident fund"),
        new("2040102", "商品房预售信息", "Pre-sale of commercial housing"),
        new("205", "财税金融", "Finance and taxation"),
        new("20501", "税收征管", "Tax administration"),
        new("2050101", "纳税信用信息", "Tax credit"),
        new("2050102", "发票信息", "Invoices"),
        new("206", "资源环境", "Resources and environment"),
        new("20601", "不动产登记", "Real estate registration"),
        new("2060101", "不动产登记信息", "Real estate register"),

        new("3", "部门信息资源类", "Departmental information resources"),
        new("301", "公安", "Public security"),
        new("30101", "人口管理", "Population management"),
        new("3010101", "居民身份证信息", "Resident identity cards"),
        new("3010102", "户籍信息", "Household registration"),
        new("30102", "交通管理", "Traffic management"),
        new("3010201", "机动车驾驶证信息", "Driving licences"),
        new("302", "民政", "Civil affairs"),
        new("30201", "婚姻登记", "Marriage registration"),
        new("3020101", "婚姻登记信息", "Marriage registrations"),
        new("30202", "社会救助", "Social assistance"),
        new("3020201", "最低生活保障信息", "Minimum living allowance"),
        new("30203", "社会组织", "Social organizations"),
        new("3020301", "社会组织登记信息", "Social organization register"),
        new("303", "市场监管", "Market regulation"),
        new("30301", "市场主体登记", "Market entity registration"),
        new("3030101", "企业登记信息", "Enterprise registration"),
        new("3030102", "个体工商户登记信息", "Individual business registration"),
        new("30302", "食品安全", "Food safety"),
        new("3030201", "食品经营许可信息", "Food business licences"),
        new("304", "人力资源和社会保障", "Human resources and social security"),
        new("30401", "就业创业", "Employment"),
        new("3040101", "就业登记信息", "Employment registration"),
        new("305", "卫生健康", "Health"),
        new("30501", "医政管理", "Medical administration"),
        new("3050101", "医师执业信息", "Physician practice registration"),
        new("306", "住房和城乡建设", "Housing and construction"),
        new("30601", "建筑市场", "Construction market"),
        new("3060101", "建筑施工许可信息", "Construction permits"),
        new("307", "自然资源和规划", "Natural resources and planning"),
        new("30701", "规划管理", "Planning"),
        new("3070101", "建设工程规划许可信息", "Construction planning permits"),
        new("308", "教育", "Education"),
        new("30801", "学校管理", "Schools"),
        new("3080101", "学校名录信息", "School directory"),
        new("309", "税务", "Taxation"),
        new("30901", "税务登记", "Tax registration"),
        new("3090101", "纳税人登记信息", "Taxpayer registration"),
        new("310", "大数据", "Big data"),
        new("31001", "政务服务", "Government services"),
        new("3100101", "政务服务事项信息", "Service items"),
        new("3100102", "办件信息", "Applications"),
        new("311", "政府办公", "Government office"),
        new("31101", "政务公开", "Disclosure"),
        new("3110101", "政策文件信息", "Policy documents"),
        new("312", "行政审批", "Administrative approval"),
        new("31201", "审批服务", "Approval services"),
        new("3120101", "窗口受理信息", "Window intake records"),
    ];

    private static readonly Dictionary<string, ClassificationNode> ByCode = Nodes.ToDictionary(n => n.Code, StringComparer.Ordinal);

    public static IReadOnlyList<ClassificationNode> All => Nodes;

    /// <summary>The 细目 a resource may be catalogued under.</summary>
    public static IEnumerable<ClassificationNode> Leaves => Nodes.Where(n => n.Level == 4);

    public static ClassificationNode? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var n) ? n : null;

    public static bool IsLeaf(string? code) => Find(code) is { Level: 4 };

    /// <summary>类 › 项 › 目 › 细目 of a 7-digit code, the nodes that exist.</summary>
    public static IReadOnlyList<ClassificationNode> Path(string code) =>
        new[] { 1, 3, 5, 7 }.Where(l => code.Length >= l).Select(l => Find(code[..l])).OfType<ClassificationNode>().ToList();

    /// <summary>The 类 of a code: 1, 2 or 3.</summary>
    public static ClassificationNode? Category(string code) => code.Length > 0 ? Find(code[..1]) : null;
}
