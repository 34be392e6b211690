using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Catalog.Model;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Seeding;

namespace SmartGov.Hub.Modules.Catalog.Seeding;

/// <summary>
/// The demo city's resource catalog: a few resources for each of the twelve departments, including the four licence
/// resources the exchange center's demo services name (3010101-000001 居民身份证信息, 3010102-000001 户籍信息,
/// 3020101-000001 婚姻登记信息, 3030101-000001 企业登记信息), and the granted sharing requests of the big data bureau
/// (dsj, the hub's own member) on those four, for the purpose 一网通办材料共享, valid 2026-01-01 to 2030-12-31. Every
/// resource passes the same validation as an editor's. Runs once: a catalog with any resource is left alone.
/// </summary>
public sealed class CatalogDemoSeeder(SmartGovDbContext db, ResourceCatalog catalog, IOrganizationDirectory organizations, TimeProvider clock, ILogger<CatalogDemoSeeder> logger)
{
    public const string HubPurpose = "一网通办材料共享";
    public static readonly DateOnly GrantFrom = new(2026, 1, 1);
    public static readonly DateOnly GrantUntil = new(2030, 12, 31);

    /// <summary>
    /// When the demo grants were asked for and decided (Monday and Wednesday, 5 and 7 January 2026, China time): two
    /// working days, inside 2026 so that the demo's 2025 evaluation round does not count them.
    /// </summary>
    public static readonly DateTime DemoRequestedAt = new(2026, 1, 5, 1, 30, 0, DateTimeKind.Utc);
    public static readonly DateTime DemoDecidedAt = new(2026, 1, 7, 3, 0, 0, DateTimeKind.Utc);

    /// <summary>Licence type code → catalog resource code, as the exchange center's demo services name them.</summary>
    public static readonly IReadOnlyDictionary<string, string> LicenceResources = new Dictionary<string, string>
    {
        ["gaj.resident-id-card"] = "3010101-000001",
        ["gaj.household-register"] = "3010102-000001",
        ["mzj.marriage-certificate"] = "3020101-000001",
        ["scjg.business-licence"] = "3030101-000001",
    };

    private sealed record Seed(string Department, string Classification, string Name, string NameEn, string Abstract, ResourceFormat Format,
        SharingType Sharing, string? Conditions, SharingMethods Methods, bool Open, UpdateCycle Cycle, string Items, string? OpenConditions = null);

    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Set<DataResource>().AnyAsync(ct))
        {
            return false;
        }
        var departments = (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);
        var now = clock.GetUtcNow().UtcDateTime;
        var sequences = new Dictionary<string, int>(StringComparer.Ordinal);
        var created = new Dictionary<string, DataResource>(StringComparer.Ordinal);
        foreach (var s in Resources())
        {
            var departmentId = DemoCitySeeder.DeterministicGuid("dept:" + s.Department);
            if (!departments.TryGetValue(departmentId, out var department))
            {
                continue;
            }
            var input = new ResourceInput(s.Classification, s.Name, s.NameEn, departmentId, s.Abstract, s.Format.ToString(), ParseItems(s.Items),
                s.Sharing.ToString(), s.Conditions, Enum.GetValues<SharingMethods>().Where(m => m != SharingMethods.None && s.Methods.HasFlag(m)).Select(m => m.ToString()).ToList(),
                s.Open, s.OpenConditions, s.Cycle.ToString(), "2025-06-30", []);
            var (draft, errors) = ResourceValidator.Validate(input, departmentId, null);
            if (draft is null)
            {
                throw new InvalidOperationException($"Demo resource {s.Name} is invalid: " + string.Join("; ", errors.All.Select(e => $"{e.Field}: {e.MessageEn}")));
            }
            var sequence = sequences[s.Classification] = sequences.GetValueOrDefault(s.Classification) + 1;
            var resource = catalog.Register(draft, department, sequence, now);
            created[resource.Code] = resource;
        }
        var dsj = DemoCitySeeder.DeterministicGuid("dept:dsj");
        var grants = 0;
        if (departments.ContainsKey(dsj))
        {
            foreach (var code in LicenceResources.Values)
            {
                if (!created.TryGetValue(code, out var resource))
                {
                    continue;
                }
                var items = ParseItems(Resources().First(r => r.Classification == resource.ClassificationCode).Items).Select(i => i.Name!).ToList();
                var provider = departments[resource.ProviderDepartmentId];
                var providerCode = Resources().First(r => r.Classification == resource.ClassificationCode).Department;
                db.Add(new SharingRequest
                {
                    Id = DemoCitySeeder.DeterministicGuid("sharing:dsj:" + code),
                    ResourceId = resource.Id,
                    ResourceCode = code,
                    ResourceVersion = 1,
                    ProviderDepartmentId = resource.ProviderDepartmentId,
                    ConsumerDepartmentId = dsj,
                    Purposes = [HubPurpose],
                    DataItems = items,
                    Scope = "示范市一体化政务服务平台（一网通办）办件材料免提交",
                    ValidFrom = GrantFrom,
                    ValidUntil = GrantUntil,
                    Status = SharingRequestStatus.Granted,
                    RequestedAt = DemoRequestedAt,
                    RequestedBy = DemoCitySeeder.DeterministicGuid("user:dsj.data"),
                    RequestedByName = "dsj.data",
                    DecidedAt = DemoDecidedAt,
                    DecidedBy = DemoCitySeeder.DeterministicGuid($"user:{providerCode}.data"),
                    DecidedByName = $"{providerCode}.data",
                    DecisionReason = $"同意{provider.Name}向一网通办平台共享，仅限办件材料核验使用",
                });
                grants++;
            }
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded the demo resource catalog: {Count} resources, {Grants} sharing grants", created.Count, grants);
        return true;
    }

    /// <summary>"名称:类型:长度:P;…" (P marks personal data).</summary>
    private static List<DataItemInput> ParseItems(string spec) => spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(p => p.Split(':'))
        .Select(p => new DataItemInput(p[0], p[1], p.Length > 2 && p[2].Length > 0 ? int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture) : null,
            null, p.Length > 3 && p[3] == "P"))
        .ToList();

    private const string PersonalConditions = "仅限政务服务、行政管理用途，使用部门须说明用途并经提供部门审核；不得向第三方提供";

    private static IEnumerable<Seed> Resources()
    {
        const SharingMethods Api = SharingMethods.Interface;
        const SharingMethods ApiFile = SharingMethods.Interface | SharingMethods.File;
        // The four licence resources come first, so each is sequence 000001 of its classification.
        yield return new("gaj", "3010101", "居民身份证信息", "Resident identity card data", "示范市户籍人口的居民身份证签发信息，含证件号码、姓名、住址与有效期限，用于办事身份核验与材料免提交。", ResourceFormat.ServiceInterface,
            SharingType.Conditional, PersonalConditions, Api, false, UpdateCycle.RealTime,
            "姓名:Text:50:P;性别:Text:2:P;民族:Text:20:P;出生日期:Date::P;住址:Text:200:P;公民身份号码:Text:18:P;签发机关:Text:100;有效期限起始日期:Date;有效期限截止日期:Date");
        yield return new("gaj", "3010102", "户籍信息", "Household registration data", "户籍登记信息（居民户口簿），含户号、户主、户内成员关系与住址，用于户口迁移、入学、社保等事项的材料共享。", ResourceFormat.ServiceInterface,
            SharingType.Conditional, PersonalConditions, Api, false, UpdateCycle.RealTime,
            "户号:Text:20:P;户主姓名:Text:50:P;姓名:Text:50:P;与户主关系:Text:20:P;公民身份号码:Text:18:P;户籍地址:Text:200:P;登记日期:Date");
        yield return new("mzj", "3020101", "婚姻登记信息", "Marriage registration data", "结婚、离婚登记信息（结婚证、离婚证），用于户籍、住房、公积金等事项的婚姻状况核验。", ResourceFormat.ServiceInterface,
            SharingType.Conditional, PersonalConditions, Api, false, UpdateCycle.RealTime,
            "结婚证字号:Text:30:P;男方姓名:Text:50:P;男方公民身份号码:Text:18:P;女方姓名:Text:50:P;女方公民身份号码:Text:18:P;登记日期:Date:;登记机关:Text:100");
        yield return new("scjg", "3030101", "企业登记信息（营业执照）", "Enterprise registration data (business licence)", "企业设立、变更、注销登记信息与营业执照，含统一社会信用代码、名称、法定代表人、注册资本、经营范围。", ResourceFormat.ServiceInterface,
            SharingType.Conditional, "法定代表人身份信息仅限政务用途；其余登记信息依法公示", ApiFile, false, UpdateCycle.RealTime,
            "统一社会信用代码:Text:18;企业名称:Text:200;法定代表人:Text:50:P;法定代表人证件号码:Text:18:P;注册资本:Number:20;成立日期:Date;住所:Text:200;经营范围:Text:4000;登记机关:Text:100");

        yield return new("gaj", "3010201", "机动车驾驶证信息", "Driving licence data", "机动车驾驶证的准驾车型、有效期与记分状态。", ResourceFormat.Database,
            SharingType.Conditional, PersonalConditions, Api, false, UpdateCycle.Daily, "姓名:Text:50:P;公民身份号码:Text:18:P;准驾车型:Text:10;有效期至:Date;累积记分:Number:3");
        yield return new("gaj", "1010101", "人口基础信息", "Population base data", "全市实有人口的基础信息库，包括户籍人口与流动人口的基本项。", ResourceFormat.Database,
            SharingType.Conditional, PersonalConditions, SharingMethods.Interface | SharingMethods.Database, false, UpdateCycle.Daily, "姓名:Text:50:P;公民身份号码:Text:18:P;性别:Text:2:P;出生日期:Date::P;居住地址:Text:200:P");
        yield return new("mzj", "3020201", "最低生活保障对象信息", "Minimum living allowance recipients", "城乡低保对象的认定、保障金额与复核信息。", ResourceFormat.Spreadsheet,
            SharingType.Conditional, PersonalConditions, SharingMethods.File, false, UpdateCycle.Monthly, "姓名:Text:50:P;公民身份号码:Text:18:P;保障类别:Text:20;月保障金额:Number:10;认定日期:Date");
        yield return new("mzj", "3020301", "社会组织登记信息", "Social organization register", "社会团体、民办非企业单位和基金会的登记与年检信息，依法向社会公开。", ResourceFormat.Spreadsheet,
            SharingType.Unconditional, null, ApiFile, true, UpdateCycle.Monthly, "统一社会信用代码:Text:18;组织名称:Text:200;组织类型:Text:20;业务主管单位:Text:100;登记日期:Date;年检结论:Text:20");
        yield return new("scjg", "3030102", "个体工商户登记信息", "Individual business register", "个体工商户的名称、经营者、经营场所与经营范围。", ResourceFormat.Database,
            SharingType.Conditional, PersonalConditions, Api, false, UpdateCycle.Daily, "统一社会信用代码:Text:18;名称:Text:200;经营者姓名:Text:50:P;经营场所:Text:200;经营范围:Text:2000");
        yield return new("scjg", "3030201", "食品经营许可证信息", "Food business licences", "食品经营许可证的许可范围、有效期与日常监督检查结果，依法向社会公开。", ResourceFormat.ServiceInterface,
            SharingType.Unconditional, null, Api, true, UpdateCycle.Daily, "许可证编号:Text:30;经营者名称:Text:200;经营场所:Text:200;主体业态:Text:50;经营项目:Text:500;有效期至:Date");
        yield return new("scjg", "1020101", "法人单位基础信息", "Legal entity base data", "全市法人单位的统一社会信用代码、名称、类型、住所和状态，汇聚市场监管、民政、编办的登记信息。", ResourceFormat.Database,
            SharingType.Unconditional, null, SharingMethods.Interface | SharingMethods.Database, true, UpdateCycle.Daily, "统一社会信用代码:Text:18;单位名称:Text:200;单位类型:Text:20;住所:Text:200;登记状态:Text:10", "开放名称、代码、类型与状态；不含法定代表人身份信息");
        yield return new("rsj", "2010101", "社会保险参保信息", "Social insurance enrolment", "养老、医疗、失业、工伤保险的参保状态与缴费基数。", ResourceFormat.ServiceInterface,
            SharingType.Conditional, PersonalConditions, Api, false, UpdateCycle.Daily, "姓名:Text:50:P;公民身份号码:Text:18:P;险种:Text:20;参保状态:Text:10;缴费基数:Number:10;参保日期:Date");
        yield return new("rsj", "2010102", "社会保险待遇发放信息", "Social insurance benefit payments", "基本养老金、失业保险金等待遇的发放月份与金额。", ResourceFormat.Spreadsheet,
            SharingType.Conditional, PersonalConditions, SharingMethods.File, false, UpdateCycle.Monthly, "姓名:Text:50:P;公民身份号码:Text:18:P;待遇类型:Text:20;发放月份:Text:7;发放金额:Number:10");
        yield return new("rsj", "3040101", "就业登记信息", "Employment registration", "劳动者就业、失业登记与就业困难人员认定信息。", ResourceFormat.Database,
            SharingType.Conditional, PersonalConditions, Api, false, UpdateCycle.Daily, "姓名:Text:50:P;公民身份号码:Text:18:P;登记类型:Text:10;用人单位:Text:200;登记日期:Date");
        yield return new("wjw", "2020101", "出生医学证明信息", "Medical birth certificates", "新生儿出生医学证明的签发信息，用于出生登记（上户口）和社保参保。", ResourceFormat.ServiceInterface,
            SharingType.Conditional, PersonalConditions, Api, false, UpdateCycle.RealTime, "出生医学证明编号:Text:20;新生儿姓名:Text:50:P;出生日期:Date::P;母亲姓名:Text:50:P;母亲公民身份号码:Text:18:P;签发机构:Text:100");
        yield return new("wjw", "2020102", "医疗机构名录", "Medical institutions", "全市医疗机构的名称、类别、等级、地址和诊疗科目，向社会开放。", ResourceFormat.Spreadsheet,
            SharingType.Unconditional, null, ApiFile, true, UpdateCycle.Quarterly, "机构名称:Text:200;机构类别:Text:50;等级:Text:10;地址:Text:200;诊疗科目:Text:1000;联系电话:Text:20");
        yield return new("wjw", "3050101", "医师执业注册信息", "Physician registrations", "医师执业证书编号、执业类别、执业范围与执业机构。", ResourceFormat.Database,
            SharingType.Conditional, "仅限卫生健康监管与政务服务用途", Api, false, UpdateCycle.Weekly, "姓名:Text:50:P;执业证书编号:Text:30;执业类别:Text:20;执业范围:Text:100;执业机构:Text:200");
        yield return new("zjj", "2040102", "商品房预售许可信息", "Pre-sale permits for commercial housing", "商品房预售许可证号、项目名称、预售面积与套数，向社会公开。", ResourceFormat.Spreadsheet,
            SharingType.Unconditional, null, ApiFile, true, UpdateCycle.Weekly, "预售许可证号:Text:30;项目名称:Text:200;开发企业:Text:200;预售面积:Number:12;预售套数:Number:6;发证日期:Date");
        yield return new("zjj", "3060101", "建筑工程施工许可信息", "Construction permits", "建筑工程施工许可证的项目、建设单位、施工单位与工期。", ResourceFormat.Database,
            SharingType.Unconditional, null, Api, true, UpdateCycle.Weekly, "施工许可证编号:Text:30;项目名称:Text:200;建设单位:Text:200;施工单位:Text:200;合同工期:Number:5;发证日期:Date");
        yield return new("zjj", "2040101", "住房公积金缴存信息", "Housing provident fund contributions", "职工住房公积金的缴存基数、比例与余额。", ResourceFormat.ServiceInterface,
            SharingType.Conditional, PersonalConditions, Api, false, UpdateCycle.Monthly, "姓名:Text:50:P;公民身份号码:Text:18:P;单位名称:Text:200;缴存基数:Number:10;缴存比例:Number:4;账户余额:Number:12:P");
        yield return new("zrzy", "2060101", "不动产登记信息", "Real estate register", "不动产权证书的权利人、坐落、面积、用途与抵押登记。", ResourceFormat.ServiceInterface,
            SharingType.Conditional, PersonalConditions, Api, false, UpdateCycle.RealTime, "不动产权证号:Text:40;权利人:Text:100:P;权利人证件号码:Text:18:P;坐落:Text:200;面积:Number:12;用途:Text:20;抵押状态:Text:10");
        yield return new("zrzy", "3070101", "建设工程规划许可信息", "Construction planning permits", "建设工程规划许可证的项目、建设规模与批准日期，依法公示。", ResourceFormat.ElectronicFile,
            SharingType.Unconditional, null, SharingMethods.File, true, UpdateCycle.Weekly, "许可证编号:Text:30;项目名称:Text:200;建设单位:Text:200;建设规模:Text:200;批准日期:Date");
        yield return new("zrzy", "1030101", "电子地图与标准地名地址", "Maps, place names and addresses", "全市基础电子地图、标准地名与门楼牌地址。", ResourceFormat.Image,
            SharingType.Unconditional, null, ApiFile, true, UpdateCycle.Quarterly, "地址编码:Text:30;标准地址:Text:200;经度:Number:12;纬度:Number:12;所属街道:Text:50");
        yield return new("jyj", "2030101", "中小学学籍信息", "Primary and secondary school enrolment", "中小学生学籍、在读学校与年级。", ResourceFormat.Database,
            SharingType.Conditional, "仅限教育、民政、医保等政务用途；未成年人信息从严管理", Api, false, UpdateCycle.Daily, "学籍号:Text:20:P;姓名:Text:50:P;公民身份号码:Text:18:P;学校:Text:200;年级:Text:10");
        yield return new("jyj", "2030102", "学历学位信息", "Diplomas and degrees", "本市高校和职业院校颁发的毕业证书、学位证书信息。", ResourceFormat.ServiceInterface,
            SharingType.Conditional, PersonalConditions, Api, false, UpdateCycle.Yearly, "证书编号:Text:30;姓名:Text:50:P;公民身份号码:Text:18:P;学校:Text:200;专业:Text:100;学历层次:Text:20;毕业日期:Date");
        yield return new("jyj", "3080101", "学校名录", "School directory", "全市幼儿园、中小学与职业学校的名称、办学性质、地址与学区。", ResourceFormat.Spreadsheet,
            SharingType.Unconditional, null, ApiFile, true, UpdateCycle.Yearly, "学校名称:Text:200;学段:Text:20;办学性质:Text:10;地址:Text:200;学区:Text:100");
        yield return new("swj", "3090101", "纳税人登记信息", "Taxpayer register", "纳税人识别号、名称、登记类型与主管税务机关。", ResourceFormat.Database,
            SharingType.Conditional, "涉税信息依《税收征收管理法》仅限政务用途", Api, false, UpdateCycle.Daily, "纳税人识别号:Text:20;纳税人名称:Text:200;登记类型:Text:20;主管税务机关:Text:100;登记日期:Date");
        yield return new("swj", "2050101", "纳税信用等级信息", "Tax credit ratings", "A 级纳税人名单与纳税信用等级评价结果，向社会公开 A 级名单。", ResourceFormat.Spreadsheet,
            SharingType.Unconditional, null, ApiFile, true, UpdateCycle.Yearly, "纳税人识别号:Text:20;纳税人名称:Text:200;评价年度:Text:4;信用等级:Text:2", "仅开放 A 级纳税人名单");
        yield return new("swj", "2050102", "个人所得税纳税明细", "Individual income tax records", "个人所得税的申报与缴纳明细。", ResourceFormat.Database,
            SharingType.NotShared, "《税收征收管理法》第八条：纳税人的个人信息依法保密，不予共享", SharingMethods.None, false, UpdateCycle.Monthly, "姓名:Text:50:P;公民身份号码:Text:18:P;所得项目:Text:50;应纳税额:Number:12:P;所属期:Text:7");
        yield return new("dsj", "3100101", "政务服务事项目录", "Government service item catalogue", "全市政务服务事项的基本编码、实施编码、办理部门与承诺时限，向社会开放。", ResourceFormat.SelfDescribing,
            SharingType.Unconditional, null, ApiFile, true, UpdateCycle.RealTime, "实施编码:Text:40;事项名称:Text:200;事项类型:Text:20;实施部门:Text:100;承诺时限:Number:4");
        yield return new("dsj", "3100102", "一网通办办件信息", "One-stop service applications", "一网通办平台的办件编号、事项、受理与办结时间，汇总统计向社会开放。", ResourceFormat.Database,
            SharingType.Conditional, "办件明细含申请人信息，仅限监督与统计用途", SharingMethods.Interface | SharingMethods.Database, false, UpdateCycle.RealTime, "办件编号:Text:22;事项实施编码:Text:40;申请人:Text:100:P;受理日期:Date;办结日期:Date;办理状态:Text:10");
        yield return new("dsj", "1050101", "电子证照目录信息", "Electronic licence catalogue", "全市电子证照的证照类型、颁发部门与证照数量统计。", ResourceFormat.SelfDescribing,
            SharingType.Unconditional, null, Api, true, UpdateCycle.Daily, "证照类型代码:Text:64;证照名称:Text:100;颁发部门:Text:100;证照数量:Number:10");
        yield return new("zfb", "3110101", "政府规章与规范性文件", "Regulations and normative documents", "市政府规章与规范性文件的文号、标题、发布日期与全文，向社会公开。", ResourceFormat.ElectronicFile,
            SharingType.Unconditional, null, SharingMethods.File, true, UpdateCycle.Irregular, "文号:Text:50;标题:Text:200;发布日期:Date;有效性:Text:10;全文:Text:100000");
        yield return new("zfb", "1040101", "公共信用信息", "Public credit data", "行政许可、行政处罚“双公示”与守信激励、失信惩戒名单。", ResourceFormat.Database,
            SharingType.Unconditional, null, SharingMethods.Interface | SharingMethods.Database, true, UpdateCycle.Daily, "统一社会信用代码:Text:18;主体名称:Text:200;信息类别:Text:20;决定文书号:Text:50;决定日期:Date");
        yield return new("xzsp", "3120101", "窗口受理登记信息", "Window intake records", "政务服务中心各窗口的受理登记、排队叫号与评价。", ResourceFormat.Database,
            SharingType.Conditional, "含申请人信息，仅限政务服务管理用途", SharingMethods.Database, false, UpdateCycle.RealTime, "受理编号:Text:22;窗口号:Text:10;事项名称:Text:200;申请人:Text:100:P;受理时间:DateTime;评价:Number:1");
        yield return new("xzsp", "3120101", "政务服务中心窗口分布图", "Service hall floor plans", "各级政务服务中心的窗口分布平面图与视频导办。", ResourceFormat.StreamingMedia,
            SharingType.Unconditional, null, SharingMethods.File, true, UpdateCycle.Irregular, "服务中心:Text:100;楼层:Text:10;窗口号:Text:10;视频:Binary");
    }
}
