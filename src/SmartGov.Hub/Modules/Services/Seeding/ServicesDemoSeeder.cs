using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartGov.Hub.Common;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Organizations;
using SmartGov.Hub.Modules.Services.Admin;
using SmartGov.Hub.Modules.Services.Model;
using SmartGov.Hub.Seeding;

namespace SmartGov.Hub.Modules.Services.Seeding;

/// <summary>
/// The demo city's service catalog: realistic items of the demo departments with their materials and forms. Each
/// department's items are published through <see cref="ServiceItemAdmin"/> as that department's data administrator,
/// so the demo data passes exactly the checks an editor's data passes. Runs once: a catalog with any item is left alone.
/// </summary>
public sealed class ServicesDemoSeeder(SmartGovDbContext db, ServiceItemAdmin admin, IOrganizationDirectory organizations, ILogger<ServicesDemoSeeder> logger)
{
    private static readonly DateOnly Effective = new(2025, 1, 1);

    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Set<ServiceItem>().AnyAsync(ct))
        {
            return false;
        }
        var departments = (await organizations.ListDepartmentsAsync(ct)).ToDictionary(d => d.Id);
        var halls = await organizations.ListServiceHallsAsync(ct);
        var cityHall = halls.Where(h => h.Level == "City").Select(h => h.Id).ToList();
        var allHalls = halls.Select(h => h.Id).ToList();
        var total = 0;
        foreach (var group in DemoItems().GroupBy(i => i.Department))
        {
            var departmentId = DemoCitySeeder.DeterministicGuid("dept:" + group.Key);
            if (!departments.ContainsKey(departmentId))
            {
                continue;
            }
            var rows = group.Select(i => i.Input with
            {
                DepartmentId = departmentId,
                HallIds = i.Input.CityWide == true ? allHalls : cityHall,
                EffectiveFrom = Effective,
            }).ToList();
            var outcome = await admin.PublishManyAsync(DataAdministrator(group.Key, departmentId), rows, ct: ct);
            if (!outcome.Succeeded)
            {
                var first = outcome.RowErrors.First();
                throw new InvalidOperationException($"Demo item {group.ElementAt(Math.Max(0, first.Key)).Input.Name} is invalid: " +
                    string.Join("; ", first.Value.Select(e => $"{e.Field}: {e.MessageEn}")));
            }
            total += outcome.Created;
        }
        logger.LogInformation("Seeded the demo service catalog: {Count} items", total);
        return true;
    }

    private static ClaimsPrincipal DataAdministrator(string department, Guid departmentId) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, DemoCitySeeder.DeterministicGuid("user:" + department + ".data").ToString()),
        new Claim(ClaimTypes.Name, department + ".data"),
        new Claim(SmartGovClaims.DepartmentId, departmentId.ToString()),
        new Claim(ClaimTypes.Role, Roles.DataAdministrator),
    ], "demo-seed"));

    public sealed record DemoItem(string Department, ServiceItemInput Input);

    private static MaterialInput M(string name, string forms = "原件", string source = "申请人自备", string? licence = null,
        string? condition = null, int copies = 1, string? standard = null, string necessity = "必要") =>
        new(name, condition is null ? necessity : "情形必要", condition, [forms], copies, source, licence, null, null, standard);

    private static MaterialInput IdCard() => M("居民身份证", "原件", "共享获取", "gaj.resident-id-card", standard: "在有效期内，与申请人一致");
    private static MaterialInput HouseholdRegister() => M("居民户口簿", "原件", "共享获取", "gaj.household-register", standard: "户主页及本人页信息完整");
    private static MaterialInput BusinessLicence() => M("营业执照", "电子件", "共享获取", "scjg.business-licence", standard: "在有效期内，登记状态为存续");

    private static readonly List<FormFieldInput> PersonForm =
    [
        new("applicantName", "申请人姓名", "Applicant's name", "Text", true),
        new("idNumber", "公民身份号码", "ID number", "IdNumber", true),
        new("mobile", "联系电话", "Mobile number", "Mobile", true),
    ];

    private static readonly List<FormFieldInput> BusinessForm =
    [
        new("companyName", "单位名称", "Name of the organization", "Text", true),
        new("creditCode", "统一社会信用代码", "Unified social credit code", "CreditCode", true),
        new("contactName", "联系人", "Contact person", "Text", true),
        new("contactMobile", "联系电话", "Contact mobile", "Mobile", true),
    ];

    private static List<FormFieldInput> Form(List<FormFieldInput> basis, params FormFieldInput[] extra) => [.. basis, .. extra];

    private static DemoItem Item(string dept, string basic, string name, string nameEn, string type, string legal, string conditions, string applicants,
        int statutory, int promised, string fees, string handling, int visits, bool cityWide, string? lifeEvents, string? stages, string keywords,
        List<FormFieldInput> form, params MaterialInput[] materials) =>
        new(dept, new ServiceItemInput(
            BasicCode: basic, Name: name, NameEn: nameEn, ItemType: type, LegalBasis: legal, AcceptanceConditions: conditions,
            ApplicantTypes: [applicants], StatutoryDays: statutory, PromisedDays: promised, Fees: fees,
            FeeBasis: fees == "不收费" ? null : "按国家和本省规定的收费标准执行", HandlingForm: handling, MaxVisits: visits, CityWide: cityWide,
            LifeEvents: lifeEvents is null ? [] : [lifeEvents], BusinessStages: stages is null ? [] : [stages], Keywords: [keywords],
            FormFields: form, Materials: [.. materials], ChangeNote: "首次发布"));

    /// <summary>The demo catalog. Basic codes: item type (2) + main item (5) + sub-item (3).</summary>
    public static IReadOnlyList<DemoItem> DemoItems() =>
    [
        // 民政局
        Item("mzj", "0710001000", "结婚登记", "Marriage registration", "07", "《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》第四条至第七条",
            "男女双方自愿结婚，男年满二十二周岁、女年满二十周岁，双方均无配偶，且没有直系血亲和三代以内旁系血亲关系；双方须共同到场办理。",
            "自然人", 0, 0, "不收费", "窗口", 1, true, "婚育", null, "结婚、领证、登记结婚、结婚证",
            Form(PersonForm, new FormFieldInput("partnerName", "对方姓名", "Partner's name", "Text", true), new FormFieldInput("partnerIdNumber", "对方公民身份号码", "Partner's ID number", "IdNumber", true)),
            HouseholdRegister(), IdCard(),
            M("本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明", standard: "由双方当场签字"),
            M("近期 2 寸半身免冠合影照片", copies: 3, standard: "红底，双方合影")),
        Item("mzj", "0710002000", "离婚登记", "Divorce registration", "07", "《中华人民共和国民法典》第一千零七十六条至第一千零七十八条；《婚姻登记条例》第十条至第十三条",
            "男女双方自愿离婚，并已对子女抚养、财产及债务处理等事项协商一致；离婚冷静期届满后三十日内双方共同到场。",
            "自然人", 30, 30, "不收费", "窗口", 2, false, "婚育", null, "离婚、协议离婚、离婚冷静期",
            PersonForm, HouseholdRegister(), IdCard(), M("结婚证", standard: "本人持有的结婚证原件"), M("双方共同签署的离婚协议书", copies: 3)),
        Item("mzj", "0710003000", "补领结婚证", "Reissue of a marriage certificate", "07", "《婚姻登记条例》第十七条",
            "结婚证遗失或者损毁的，当事人可以持户口簿、身份证向原办理婚姻登记的机关或者一方当事人常住户口所在地的婚姻登记机关申请补领。",
            "自然人", 0, 0, "不收费", "网上或窗口", 1, true, "婚育", null, "结婚证丢了、补办结婚证、结婚证遗失",
            PersonForm, HouseholdRegister(), IdCard(), M("近期 2 寸半身免冠合影照片", copies: 3)),
        Item("mzj", "0510004000", "最低生活保障审核确认", "Minimum living allowance", "05", "《社会救助暂行办法》第九条至第十四条",
            "共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合家庭财产状况规定的本市户籍居民。",
            "自然人", 30, 20, "不收费", "网上或窗口", 0, true, null, null, "低保、困难补助、生活困难",
            Form(PersonForm, new FormFieldInput("householdSize", "共同生活家庭人口", "People in the household", "Number", true)),
            IdCard(), HouseholdRegister(), M("家庭经济状况核对授权书", standard: "全体家庭成员签字"),
            M("残疾证", "复印件", condition: "家庭成员中有残疾人的")),
        Item("mzj", "0510005000", "惠民殡葬补贴申领", "Funeral subsidy", "05", "《殡葬管理条例》；示范市惠民殡葬政策实施办法",
            "逝者为本市户籍居民，遗体在本市殡仪馆火化。", "自然人", 20, 10, "不收费", "网上或窗口", 0, true, "身后", null, "丧葬、殡葬、火化补贴、去世",
            PersonForm, M("火化证明", "原件", "部门核发"), M("逝者居民身份证", "复印件"), M("经办人居民身份证", "原件", "共享获取", "gaj.resident-id-card")),

        // 公安局
        Item("gaj", "0710006000", "户口迁移", "Household registration transfer", "07", "《中华人民共和国户口登记条例》第十条、第十三条",
            "符合本市落户政策（投靠亲属、购房、就业、人才引进等）的人员，由本人或户主向迁入地派出所申请。",
            "自然人", 20, 5, "不收费", "网上或窗口", 1, true, "住房", null, "落户、迁户口、户口迁入、户籍迁移",
            Form(PersonForm, new FormFieldInput("fromAddress", "迁出地址", "Moving from", "Text", true), new FormFieldInput("toAddress", "迁入地址", "Moving to", "Text", true)),
            IdCard(), HouseholdRegister(), M("不动产权证书", "复印件", "共享获取", "zrzy.real-estate-certificate", condition: "以购房落户的"),
            M("劳动合同及社会保险缴纳证明", "复印件", condition: "以就业落户的"), M("单位集体户同意接收证明", condition: "迁入单位集体户的")),
        Item("gaj", "0710007000", "出生登记（新生儿入户）", "Birth registration", "07", "《中华人民共和国户口登记条例》第七条",
            "婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。",
            "自然人", 5, 1, "不收费", "网上或窗口", 0, true, "出生", null, "上户口、新生儿落户、报户口、出生入户",
            Form(PersonForm, new FormFieldInput("babyName", "新生儿姓名", "Baby's name", "Text", true), new FormFieldInput("birthDate", "出生日期", "Date of birth", "Date", true)),
            M("出生医学证明", "电子件", "共享获取", "wjw.birth-certificate"), HouseholdRegister(), M("父母双方居民身份证", "原件", "共享获取", "gaj.resident-id-card"),
            M("结婚证", condition: "父母已登记结婚的")),
        Item("gaj", "2010008000", "居住证办理", "Residence permit", "20", "《居住证暂行条例》第二条、第九条",
            "离开常住户口所在地，到本市居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的公民。",
            "自然人", 15, 10, "首次申领免费；换领、补领工本费 20 元", "网上或窗口", 1, true, "住房", null, "暂住证、居住证申领、外地人办证",
            Form(PersonForm, new FormFieldInput("address", "居住地址", "Address", "Text", true)),
            IdCard(), M("近期 1 寸免冠彩色照片", "电子件"), M("房屋租赁合同或房屋产权证明", "复印件", standard: "居住满半年"),
            M("劳动合同或营业执照", "复印件", condition: "以就业为由申领的"), M("在校就读证明", condition: "以就读为由申领的")),
        Item("gaj", "2010009000", "居民身份证换领", "Renewal of the resident identity card", "20", "《中华人民共和国居民身份证法》第十一条",
            "居民身份证有效期满、登记内容变更或者严重损坏不能辨认的，应当申请换领新证。",
            "自然人", 60, 30, "工本费 20 元", "窗口", 1, true, null, null, "身份证到期、换身份证、身份证过期",
            PersonForm, IdCard(), HouseholdRegister(), M("近期免冠照片", "电子件", "部门核发", standard: "由受理窗口现场采集")),
        Item("gaj", "0710010000", "死亡人员户口注销", "Deregistering a deceased person's household registration", "07", "《中华人民共和国户口登记条例》第八条",
            "公民死亡后，由户主、亲属、扶养人或者邻居在规定期限内向户口登记机关申报死亡登记，注销户口。",
            "自然人", 3, 1, "不收费", "网上或窗口", 0, true, "身后", null, "销户、注销户口、死亡登记、去世",
            PersonForm, M("居民死亡医学证明（推断）书", "电子件", "共享获取", "wjw.death-certificate"), HouseholdRegister(), M("申报人居民身份证", "原件", "共享获取", "gaj.resident-id-card")),

        // 市场监督管理局
        Item("scjg", "0110011000", "企业设立登记", "Company registration", "01", "《中华人民共和国公司法》第二十九条；《中华人民共和国市场主体登记管理条例》第三条、第十六条",
            "申请人依法申请设立公司、合伙企业、个人独资企业等，名称、住所、经营范围等符合规定。",
            "法人", 3, 1, "不收费", "网上或窗口", 0, true, null, "开办", "开公司、注册公司、办营业执照、成立公司、公司注册",
            Form(BusinessForm, new FormFieldInput("registeredCapital", "注册资本（万元）", "Registered capital (10,000 CNY)", "Number", true), new FormFieldInput("businessScope", "经营范围", "Business scope", "TextArea", true)),
            M("公司登记（备案）申请书", "电子件", standard: "法定代表人签署"), M("公司章程", "电子件", standard: "全体股东签署"),
            M("股东主体资格证明", "复印件"), M("住所使用证明", "复印件", standard: "产权证明或租赁合同"),
            M("法定代表人、董事、监事和经理的任职文件及身份证明", "电子件")),
        Item("scjg", "0110012000", "个体工商户登记", "Sole trader registration", "01", "《促进个体工商户发展条例》；《中华人民共和国市场主体登记管理条例》",
            "有经营能力的公民申请从事个体工商业经营，经营场所和经营范围符合规定。",
            "自然人、法人", 3, 1, "不收费", "网上或窗口", 0, true, "就业", "开办", "开店、个体户、小店、摆摊、个体营业执照",
            Form(PersonForm, new FormFieldInput("shopName", "个体工商户名称", "Business name", "Text", false), new FormFieldInput("businessScope", "经营范围", "Business scope", "TextArea", true)),
            M("个体工商户登记（备案）申请书", "电子件"), IdCard(), M("经营场所使用证明", "复印件", standard: "产权证明或租赁合同")),
        Item("scjg", "0110013000", "企业变更登记", "Change of company registration", "01", "《中华人民共和国市场主体登记管理条例》第二十四条",
            "企业登记事项（名称、住所、法定代表人、注册资本、经营范围等）发生变更的，应当自作出变更决议之日起三十日内申请变更登记。",
            "法人", 3, 1, "不收费", "网上或窗口", 0, true, null, "变更", "改名称、变更地址、换法人、增资、经营范围变更",
            Form(BusinessForm, new FormFieldInput("changeItems", "变更事项", "What changes", "TextArea", true)),
            M("变更登记申请书", "电子件"), M("股东会或董事会决议", "电子件"), BusinessLicence(), M("章程修正案", "电子件", condition: "变更事项涉及章程的")),
        Item("scjg", "0110014000", "企业注销登记", "Company deregistration", "01", "《中华人民共和国市场主体登记管理条例》第三十一条至第三十三条",
            "企业因解散、被宣告破产或者其他法定事由需要终止的，完成清算后申请注销登记；未发生债权债务的可申请简易注销。",
            "法人", 10, 3, "不收费", "网上或窗口", 0, true, null, "注销", "关公司、公司注销、简易注销、歇业",
            BusinessForm, M("注销登记申请书", "电子件"), M("清算报告", "电子件", condition: "一般注销的"), M("全体投资人承诺书", "电子件", condition: "简易注销的"), BusinessLicence()),
        Item("scjg", "0110015000", "食品经营许可", "Food business licence", "01", "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
            "具有与经营的食品品种、数量相适应的经营场所、设施设备、食品安全管理人员和管理制度。",
            "自然人、法人", 10, 5, "不收费", "网上或窗口", 1, true, null, "经营", "开饭店、开餐馆、餐饮许可、卖食品、食品许可证",
            Form(BusinessForm, new FormFieldInput("premises", "经营场所", "Premises", "Text", true), new FormFieldInput("category", "经营项目", "Food categories", "TextArea", true)),
            M("食品经营许可申请书", "电子件"), BusinessLicence(), M("经营场所平面图和设备布局、工艺流程图", "电子件"),
            M("食品安全管理制度目录", "电子件"), M("食品安全管理人员培训考核合格证明", "复印件", condition: "从事网络经营或集体用餐配送的")),

        // 人力资源和社会保障局
        Item("rsj", "2010016000", "社会保障卡申领", "Social security card application", "20", "《中华人民共和国社会保险法》第五十八条",
            "参加本市社会保险的人员，首次申领或者因遗失、损坏需要补换社会保障卡。",
            "自然人", 20, 5, "首次申领免费；补换卡按规定收取", "网上或窗口", 0, true, "就业", null, "社保卡、办社保卡、社保卡丢了、社保卡补办",
            PersonForm, IdCard(), M("近期 1 寸免冠彩色照片", "电子件"), M("监护人居民身份证", "复印件", condition: "16 周岁以下由监护人代办的")),
        Item("rsj", "0510017000", "失业保险金申领", "Unemployment benefit", "05", "《中华人民共和国社会保险法》第四十五条；《失业保险条例》",
            "失业前用人单位和本人已经缴纳失业保险费满一年，非因本人意愿中断就业，已经进行失业登记并有求职要求。",
            "自然人", 10, 3, "不收费", "网上或窗口", 0, true, "就业", null, "失业金、失业补助、被辞退、下岗",
            PersonForm, IdCard(), M("解除或终止劳动合同证明", "电子件"), M("社会保障卡", "原件", "部门核发")),
        Item("rsj", "0510018000", "职工基本养老保险退休待遇申领", "Basic pension on retirement", "05", "《中华人民共和国社会保险法》第十六条",
            "参加职工基本养老保险的个人，达到法定退休年龄时累计缴费满十五年。",
            "自然人", 20, 10, "不收费", "网上或窗口", 0, true, "退休", null, "退休、养老金、退休金、办退休",
            PersonForm, IdCard(), M("本人档案", "原件", "部门核发", condition: "档案由人社部门保管以外的"), M("社会保障卡", "原件", "部门核发")),
        Item("rsj", "0510019000", "丧葬补助金和抚恤金申领", "Funeral grant and survivors' pension", "05", "《中华人民共和国社会保险法》第十七条、第四十九条",
            "参加基本养老保险的个人因病或者非因工死亡的，其遗属可以领取丧葬补助金和抚恤金。",
            "自然人", 20, 10, "不收费", "网上或窗口", 0, true, "身后", null, "丧葬费、抚恤金、遗属待遇、去世",
            PersonForm, M("居民死亡医学证明（推断）书", "电子件", "共享获取", "wjw.death-certificate"), M("申领人与逝者的关系证明", "复印件"), IdCard()),
        Item("rsj", "2010020000", "就业登记", "Employment registration", "20", "《中华人民共和国就业促进法》；《就业服务与就业管理规定》第六十二条",
            "用人单位招用人员或者个人从事个体经营、灵活就业的，办理就业登记。",
            "自然人、法人", 5, 1, "不收费", "网上", 0, true, "就业", "经营", "入职登记、招工备案、找工作",
            BusinessForm, M("劳动合同", "电子件"), IdCard()),

        // 卫生健康委员会
        Item("wjw", "0710021000", "出生医学证明签发", "Birth medical certificate", "07", "《中华人民共和国母婴保健法》第二十三条",
            "在本市助产机构内出生的新生儿，由其父母或监护人申领。",
            "自然人", 5, 1, "不收费", "网上或窗口", 0, true, "出生", null, "生孩子、出生证、新生儿证明、准生",
            Form(PersonForm, new FormFieldInput("babyName", "新生儿姓名", "Baby's name", "Text", true)),
            M("父母双方居民身份证", "原件", "共享获取", "gaj.resident-id-card"), M("新生儿出生信息", "电子件", "部门核发")),
        Item("wjw", "2010022000", "生育登记", "Birth planning registration", "20", "《中华人民共和国人口与计划生育法》",
            "夫妻双方在孕前或孕期自愿进行生育登记，以便享受孕产期保健服务。", "自然人", 1, 0, "不收费", "网上", 0, true, "婚育", null, "怀孕、生育服务、母子健康手册",
            PersonForm, IdCard(), M("结婚证", "电子件", "共享获取", "mzj.marriage-certificate", condition: "已登记结婚的")),
        Item("wjw", "0110023000", "医师执业注册", "Registration of a practising physician", "01", "《中华人民共和国医师法》第十三条",
            "取得医师资格，拟在医疗、预防、保健机构中执业的人员。", "自然人", 20, 10, "不收费", "网上或窗口", 0, true, "就业", null, "医生执业、行医资格、医师证",
            PersonForm, M("医师资格证书", "电子件", "共享获取", "wjw.physician-qualification"), M("健康体检证明", "原件"), M("拟执业机构聘用证明", "原件")),

        // 住房和城乡建设局
        Item("zjj", "2010024000", "公共租赁住房申请", "Public rental housing", "20", "《公共租赁住房管理办法》",
            "本市城镇中等偏下收入住房困难家庭、新就业无房职工和在本市稳定就业的外来务工人员。",
            "自然人", 30, 20, "不收费", "网上或窗口", 0, true, "住房", null, "公租房、廉租房、租房补贴、没房住",
            Form(PersonForm, new FormFieldInput("householdSize", "家庭人口", "People in the household", "Number", true)),
            IdCard(), HouseholdRegister(), M("家庭收入证明", "原件"), M("无房证明", "电子件", "部门核发")),
        Item("zjj", "0110025000", "建筑工程施工许可证核发", "Construction permit", "01", "《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》",
            "已经办理建设用地和建设工程规划许可，施工图审查合格，已确定施工企业，有保证工程质量和安全的具体措施。",
            "法人", 15, 3, "不收费", "网上或窗口", 0, true, null, "经营", "施工许可、开工证、盖楼",
            BusinessForm, M("建筑工程施工许可证申请表", "电子件"), M("建设工程规划许可证", "电子件", "共享获取", "zrzy.construction-planning-permit"),
            M("施工合同", "电子件"), M("施工图审查合格书", "电子件")),
        Item("zjj", "0110026000", "商品房预售许可", "Pre-sale permit for commercial housing", "01", "《中华人民共和国城市房地产管理法》第四十五条；《城市商品房预售管理办法》",
            "已交付全部土地使用权出让金，取得土地使用权证书，持有建设工程规划许可证和施工许可证，投入开发建设的资金达到规定比例。",
            "法人", 10, 7, "不收费", "窗口", 1, false, null, "经营", "卖房许可、期房销售、预售证",
            BusinessForm, M("商品房预售许可申请表"), BusinessLicence(), M("建设工程施工许可证", "复印件"), M("商品房预售方案", copies: 2)),

        // 自然资源和规划局
        Item("zrzy", "0110027000", "建设工程规划许可证核发", "Construction project planning permit", "01", "《中华人民共和国城乡规划法》第四十条",
            "在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设，已取得建设用地规划许可，设计方案符合控制性详细规划和规划条件。",
            "法人", 20, 10, "不收费", "网上或窗口", 1, true, null, "经营", "盖房、建房、规划许可、工程规划证、规划审批",
            Form(BusinessForm, new FormFieldInput("projectName", "项目名称", "Project name", "Text", true), new FormFieldInput("floorArea", "总建筑面积（平方米）", "Total floor area (m²)", "Number", true)),
            M("建设工程规划许可申请表", "电子件"), M("建设用地规划许可证或不动产权证书", "电子件", "共享获取", "zrzy.land-use-planning-permit"),
            M("建设工程设计方案总平面图", "电子件", standard: "须加盖设计单位出图章"), M("人防、消防等专项审查意见", "电子件", "部门核发", condition: "涉及人防工程或特殊建设工程的")),
        Item("zrzy", "0110028000", "建设用地规划许可证核发", "Land use planning permit", "01", "《中华人民共和国城乡规划法》第三十七条、第三十八条",
            "建设项目用地符合国土空间规划，以划拨或出让方式取得国有土地使用权。", "法人", 20, 10, "不收费", "网上或窗口", 1, true, null, "开办",
            "用地规划、拿地、土地规划许可", BusinessForm, M("建设用地规划许可申请表", "电子件"), M("国有土地使用权出让合同", "电子件", condition: "以出让方式取得的"), M("项目批准、核准或备案文件", "电子件")),
        Item("zrzy", "0710029000", "不动产转移登记（二手房过户）", "Transfer of real estate title", "07", "《不动产登记暂行条例》第十四条",
            "因买卖、赠与、继承等导致不动产权利转移的，当事人共同申请转移登记。",
            "自然人、法人", 30, 5, "住宅 80 元/件；非住宅 550 元/件", "网上或窗口", 1, true, "住房", null, "过户、二手房、房产证、卖房、买房",
            Form(PersonForm, new FormFieldInput("propertyAddress", "不动产坐落", "Property address", "Text", true)),
            M("不动产登记申请书", "电子件"), IdCard(), M("不动产权证书", "原件", "共享获取", "zrzy.real-estate-certificate"), M("买卖合同", "原件"),
            M("完税凭证", "电子件", "共享获取", "swj.tax-payment-certificate")),

        // 教育局
        Item("jyj", "2010030000", "义务教育阶段入学登记", "School enrolment (compulsory education)", "20", "《中华人民共和国义务教育法》第十二条",
            "适龄儿童、少年在户籍所在地或者居住地学区就近入学；随迁子女按本市规定提供居住证明。",
            "自然人", 20, 10, "不收费", "网上", 0, true, "上学", null, "上学、入学、小学报名、初中报名、幼升小",
            Form(PersonForm, new FormFieldInput("childName", "儿童姓名", "Child's name", "Text", true), new FormFieldInput("childIdNumber", "儿童公民身份号码", "Child's ID number", "IdNumber", true)),
            HouseholdRegister(), M("不动产权证书或房屋租赁备案证明", "电子件", "共享获取", "zrzy.real-estate-certificate"), M("居住证", "电子件", "共享获取", "gaj.residence-permit", condition: "随迁子女")),
        Item("jyj", "0510031000", "学生资助申请", "Student financial aid", "05", "《学生资助资金管理办法》", "家庭经济困难的在校学生。",
            "自然人", 30, 20, "不收费", "网上或窗口", 0, true, "上学", null, "助学金、贫困生补助、学费减免",
            PersonForm, IdCard(), M("家庭经济困难学生认定申请表"), M("低保证明", "复印件", condition: "属于最低生活保障家庭的")),
        Item("jyj", "0710032000", "教师资格认定", "Teacher qualification", "07", "《中华人民共和国教师法》第十条、第十三条；《教师资格条例》",
            "具备规定学历，通过教师资格考试，普通话水平达到规定等级，体检合格。", "自然人", 30, 20, "不收费", "网上或窗口", 1, true, "就业", null, "教师证、当老师",
            PersonForm, IdCard(), M("学历证书", "电子件", "共享获取", "moe.diploma"), M("教师资格考试合格证明", "电子件"), M("体检合格证明", "原件")),

        // 税务局
        Item("swj", "2010033000", "发票领用", "Obtaining invoices", "20", "《中华人民共和国发票管理办法》第十五条",
            "已办理涉税信息确认的纳税人，需要使用发票的。", "自然人、法人", 1, 0, "不收费", "网上或窗口", 0, true, null, "经营", "领发票、开发票、数电票",
            BusinessForm, BusinessLicence(), M("经办人居民身份证", "原件", "共享获取", "gaj.resident-id-card")),
        Item("swj", "0710034000", "税务注销", "Tax deregistration", "07", "《中华人民共和国税收征收管理法》第十六条", "纳税人发生解散、破产、撤销以及其他情形，依法终止纳税义务的。",
            "法人", 20, 5, "不收费", "网上或窗口", 0, true, null, "注销", "清税、税务清算、注销税务登记",
            BusinessForm, M("清税申报表", "电子件"), BusinessLicence()),
        Item("swj", "2010035000", "个人所得税综合所得汇算清缴", "Annual individual income tax reconciliation", "20", "《中华人民共和国个人所得税法》第十一条",
            "取得综合所得且需要补税或者申请退税的居民个人。", "自然人", 0, 0, "不收费", "网上", 0, true, "就业", null, "个税、退税、年度汇算",
            PersonForm, IdCard()),

        // 行政审批服务局
        Item("xzsp", "0110036000", "工程建设项目联合审批（一站式办理）", "Joint approval of construction projects", "01", "《国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见》",
            "社会投资的房屋建筑和城市基础设施工程项目，按阶段并联审批。", "法人", 30, 15, "不收费", "网上或窗口", 1, true, null, "开办",
            "工程审批、并联审批、联合审批、一窗受理", BusinessForm, M("联合审批申请表", "电子件"), BusinessLicence(), M("项目备案文件", "电子件")),
    ];
}
