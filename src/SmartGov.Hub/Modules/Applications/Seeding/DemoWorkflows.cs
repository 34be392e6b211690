using SmartGov.Hub.Common;
using SmartGov.Hub.Seeding;

namespace SmartGov.Hub.Modules.Applications.Seeding;

/// <summary>
/// The demo items' workflows (办理流程), keyed by the item's basic code (ServicesDemoSeeder). Each is realistic for its
/// item: intake by the implementing department, or by the 行政审批服务局 (xzsp) for the licences it takes in under the
/// relatively centralised approval reform (相对集中行政许可权); review steps; the decision by the department leader; and
/// issuance. Licence codes match the licence types the catalog's shared materials name (M(…, "共享获取", code)).
/// </summary>
public static class DemoWorkflows
{
    public sealed record Entry(string BasicCode, string Name, WorkflowDefinitionDocument Definition);

    private static Guid Dept(string code) => DemoCitySeeder.DeterministicGuid("dept:" + code);

    private static WorkflowStep Intake(string? dept = null) =>
        new() { Key = "intake", NameZh = "受理", NameEn = "Intake", Kind = StepKind.Intake, Stage = 0, DepartmentId = dept is null ? null : Dept(dept) };

    private static WorkflowStep Review(string key, string zh, string en, int stage, string? dept = null,
        CountersignMode countersign = CountersignMode.Alone, int approvers = 1) =>
        new()
        {
            Key = key, NameZh = zh, NameEn = en, Kind = StepKind.Review, Stage = stage, DepartmentId = dept is null ? null : Dept(dept),
            Countersign = countersign, Approvers = approvers,
        };

    private static WorkflowStep Decision(int stage, string zh = "决定") =>
        new() { Key = "decision", NameZh = zh, NameEn = "Decision", Kind = StepKind.Decision, Stage = stage, Role = Roles.DepartmentLeader };

    private static WorkflowStep Issue(int stage, string zh = "制证送达", string en = "Issue the result") =>
        new() { Key = "issue", NameZh = zh, NameEn = en, Kind = StepKind.Issue, Stage = stage };

    /// <summary>intake → one review → decision → issuance.</summary>
    private static WorkflowDefinitionDocument Simple(string reviewZh, string reviewEn, string? intakeDept = null, string? licence = null, int? years = null,
        string issueZh = "制证送达") =>
        new([Intake(intakeDept), Review("review", reviewZh, reviewEn, 1), Decision(2), Issue(3, issueZh)])
        {
            ResultLicenceTypeCode = licence,
            ResultValidYears = years,
        };

    /// <summary>intake → two serial reviews → decision → issuance.</summary>
    private static WorkflowDefinitionDocument TwoReviews(string firstZh, string firstEn, string secondZh, string secondEn, string? intakeDept = null,
        string? licence = null, int? years = null, string issueZh = "制证送达") =>
        new([Intake(intakeDept), Review("review", firstZh, firstEn, 1), Review("review2", secondZh, secondEn, 2), Decision(3), Issue(4, issueZh)])
        {
            ResultLicenceTypeCode = licence,
            ResultValidYears = years,
        };

    public static IReadOnlyList<Entry> All() =>
    [
        // 民政局
        new("0710001000", "结婚登记", Simple("婚姻登记审查", "Check of the marriage requirements", licence: "mzj.marriage-certificate", issueZh: "颁发结婚证")),
        new("0710002000", "离婚登记", TwoReviews("离婚申请审查", "Check of the application", "冷静期届满确认", "Cooling-off period confirmed",
            licence: "mzj.divorce-certificate", issueZh: "颁发离婚证")),
        new("0710003000", "补领结婚证", Simple("婚姻登记档案核查", "Check of the marriage records", licence: "mzj.marriage-certificate", issueZh: "补发结婚证")),
        // 会签: the household survey is signed by two officers (入户调查 by two people, 社会救助暂行办法 第十一条).
        new("0510004000", "最低生活保障审核确认", new WorkflowDefinitionDocument([
            Intake(),
            Review("survey", "入户调查（双人会签）", "Household survey (two officers countersign)", 1, countersign: CountersignMode.All, approvers: 2),
            Review("publicity", "民主评议与公示", "Community review and public notice", 2),
            Decision(3, "审核确认"),
            Issue(4, "发放低保金"),
        ])),
        new("0510005000", "惠民殡葬补贴申领", Simple("补贴资格审核", "Check of eligibility", issueZh: "补贴发放")),

        // 公安局
        new("0710006000", "户口迁移", TwoReviews("派出所审核", "Police station check", "户政部门复核", "Household registration office review",
            licence: "gaj.household-register", issueZh: "签发准迁证并办理落户")),
        new("0710007000", "出生登记（新生儿入户）", Simple("出生信息核验", "Check of the birth data", licence: "gaj.household-register", issueZh: "登记入户")),
        new("2010008000", "居住证办理", Simple("居住信息核查", "Check of residence", licence: "gaj.residence-permit", years: 1, issueZh: "制发居住证")),
        new("2010009000", "居民身份证换领", Simple("换领申请审核", "Check of the renewal", licence: "gaj.resident-id-card", years: 20, issueZh: "制证发证")),
        new("0710010000", "死亡人员户口注销", Simple("死亡信息核验", "Check of the death record", issueZh: "注销户口")),

        // 市场监督管理局: intake by the 行政审批服务局 window
        new("0110011000", "企业设立登记", Simple("登记材料审查", "Check of the registration documents", intakeDept: "xzsp", licence: "scjg.business-licence", issueZh: "核发营业执照")),
        new("0110012000", "个体工商户登记", Simple("登记材料审查", "Check of the registration documents", intakeDept: "xzsp", licence: "scjg.business-licence", issueZh: "核发营业执照")),
        new("0110013000", "企业变更登记", Simple("变更事项审查", "Check of the changes", intakeDept: "xzsp", licence: "scjg.business-licence", issueZh: "换发营业执照")),
        new("0110014000", "企业注销登记", Simple("注销条件审查", "Check of the deregistration", intakeDept: "xzsp", issueZh: "出具准予注销登记通知书")),
        new("0110015000", "食品经营许可", TwoReviews("材料审查", "Check of the documents", "现场核查", "On-site inspection", intakeDept: "xzsp",
            licence: "scjg.food-business-licence", years: 5, issueZh: "核发食品经营许可证")),

        // 人力资源和社会保障局
        new("2010016000", "社会保障卡申领", Simple("参保信息核验", "Check of insurance records", licence: "rsj.social-security-card", years: 10, issueZh: "制卡发卡")),
        new("0510017000", "失业保险金申领", Simple("领取资格审核", "Check of eligibility", issueZh: "核定并发放")),
        new("0510018000", "职工基本养老保险退休待遇申领", TwoReviews("退休资格审核", "Check of retirement eligibility", "待遇核定", "Calculation of the pension",
            issueZh: "待遇发放")),
        new("0510019000", "丧葬补助金和抚恤金申领", Simple("遗属资格审核", "Check of survivors' eligibility", issueZh: "核定并发放")),
        new("2010020000", "就业登记", Simple("就业信息审核", "Check of the employment data", issueZh: "登记备案")),

        // 卫生健康委员会
        new("0710021000", "出生医学证明签发", Simple("出生信息核验", "Check of the birth data", licence: "wjw.birth-certificate", issueZh: "签发出生医学证明")),
        new("2010022000", "生育登记", Simple("登记信息审核", "Check of the registration", issueZh: "发放母子健康手册")),
        new("0110023000", "医师执业注册", TwoReviews("执业资格审查", "Check of the qualification", "执业机构核实", "Check with the practice",
            licence: "wjw.physician-practice-licence", issueZh: "核发医师执业证书")),

        // 住房和城乡建设局: public rental housing is checked in parallel by civil affairs (income) and natural resources (property).
        new("2010024000", "公共租赁住房申请", new WorkflowDefinitionDocument([
            Intake(),
            Review("eligibility", "资格初审", "First check of eligibility", 1),
            Review("income", "家庭经济状况核对", "Household income check", 2, dept: "mzj"),
            Review("property", "住房状况核查", "Housing check", 2, dept: "zrzy"),
            Decision(3, "审核确认"),
            Issue(4, "轮候配租"),
        ])),
        new("0110025000", "建筑工程施工许可证核发", Simple("施工许可条件审查", "Check of the permit conditions", intakeDept: "xzsp",
            licence: "zjj.construction-permit", issueZh: "核发施工许可证")),
        new("0110026000", "商品房预售许可", TwoReviews("预售条件审查", "Check of the pre-sale conditions", "现场查勘", "Site inspection",
            licence: "zjj.presale-permit", issueZh: "核发预售许可证")),

        // 自然资源和规划局: the planning permit is reviewed in parallel by three departments (并联审批).
        new("0110027000", "建设工程规划许可证核发", new WorkflowDefinitionDocument([
            Intake("xzsp"),
            Review("plan", "规划审查", "Planning review", 1, dept: "zrzy"),
            Review("build", "建设与人防审查", "Construction and civil air defence review", 1, dept: "zjj"),
            Review("traffic", "交通影响审查", "Traffic impact review", 1, dept: "gaj"),
            Decision(2),
            Issue(3, "核发建设工程规划许可证", "Issue the permit"),
        ])
        {
            ResultLicenceTypeCode = "zrzy.construction-planning-permit",
            ResultValidYears = 2,
        }),
        new("0110028000", "建设用地规划许可证核发", Simple("用地规划审查", "Land use planning review", intakeDept: "xzsp",
            licence: "zrzy.land-use-planning-permit", issueZh: "核发建设用地规划许可证")),
        new("0710029000", "不动产转移登记（二手房过户）", new WorkflowDefinitionDocument([
            Intake(),
            Review("title", "权属审核", "Check of the title", 1),
            Review("tax", "完税核验", "Check of the taxes paid", 1, dept: "swj"),
            Decision(2, "登簿"),
            Issue(3, "缮证发证"),
        ])
        {
            ResultLicenceTypeCode = "zrzy.real-estate-certificate",
        }),

        // 教育局
        new("2010030000", "义务教育阶段入学登记", Simple("入学资格审核", "Check of enrolment eligibility", issueZh: "学位分配")),
        new("0510031000", "学生资助申请", Simple("困难认定审核", "Check of financial need", issueZh: "资助发放")),
        new("0710032000", "教师资格认定", TwoReviews("材料审核", "Check of the documents", "体检与面试结果确认", "Medical and interview results",
            licence: "jyj.teacher-qualification", issueZh: "颁发教师资格证书")),

        // 税务局
        new("2010033000", "发票领用", Simple("领用资格审核", "Check of eligibility", issueZh: "发放发票")),
        new("0710034000", "税务注销", Simple("清税审核", "Tax clearance check", licence: "swj.tax-clearance-certificate", issueZh: "出具清税证明")),
        new("2010035000", "个人所得税综合所得汇算清缴", Simple("申报审核", "Check of the return", issueZh: "退（补）税")),

        // 行政审批服务局: the joint approval, reviewed in parallel by planning, construction and fire safety.
        new("0110036000", "工程建设项目联合审批（一站式办理）", new WorkflowDefinitionDocument([
            Intake(),
            Review("plan", "规划审查", "Planning review", 1, dept: "zrzy"),
            Review("build", "施工图与人防审查", "Drawings and civil air defence review", 1, dept: "zjj"),
            Review("fire", "消防审查", "Fire safety review", 1, dept: "gaj"),
            Review("joint", "联合会审（会签）", "Joint review (countersigned)", 2, countersign: CountersignMode.Share, approvers: 2),
            Decision(3, "联合审批决定"),
            Issue(4, "出具联合审批意见"),
        ])),
    ];
}
