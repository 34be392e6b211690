using SmartGov.Hub.Modules.Catalog;
using SmartGov.Hub.Modules.Catalog.Search;
using SmartGov.Hub.Seeding;

namespace SmartGov.Bench.Catalog;

/// <summary>A deterministic catalog of N resources with realistic Chinese names, abstracts and data items.</summary>
internal static class Generator
{
    private static readonly string[] Regions = ["示范市", "东湖区", "西山区", "南城区", "北湖区", "高新区", "经开区", "和平街道"];
    private static readonly (string Topic, string Leaf, string[] Items)[] Topics =
    [
        ("婚姻登记", "3020101", ["男方姓名", "女方姓名", "登记日期", "登记机关"]),
        ("户籍", "3010102", ["户号", "户主姓名", "户籍地址"]),
        ("社会保险参保", "2010101", ["姓名", "险种", "参保状态", "缴费基数"]),
        ("养老金发放", "2010102", ["姓名", "发放月份", "发放金额"]),
        ("医疗机构", "2020102", ["机构名称", "机构类别", "等级", "地址"]),
        ("出生医学证明", "2020101", ["证明编号", "新生儿姓名", "出生日期"]),
        ("中小学学籍", "2030101", ["学籍号", "学校", "年级"]),
        ("学历学位", "2030102", ["证书编号", "学校", "专业"]),
        ("住房公积金缴存", "2040101", ["单位名称", "缴存基数", "缴存比例"]),
        ("商品房预售", "2040102", ["预售许可证号", "项目名称", "预售面积"]),
        ("纳税信用", "2050101", ["纳税人识别号", "信用等级", "评价年度"]),
        ("发票", "2050102", ["发票代码", "开票日期", "金额"]),
        ("不动产登记", "2060101", ["不动产权证号", "坐落", "面积", "用途"]),
        ("企业登记", "3030101", ["统一社会信用代码", "企业名称", "法定代表人", "注册资本"]),
        ("个体工商户", "3030102", ["名称", "经营者", "经营场所"]),
        ("食品经营许可", "3030201", ["许可证编号", "经营者名称", "主体业态"]),
        ("就业登记", "3040101", ["姓名", "用人单位", "登记日期"]),
        ("医师执业", "3050101", ["执业证书编号", "执业类别", "执业机构"]),
        ("建筑施工许可", "3060101", ["施工许可证编号", "项目名称", "建设单位"]),
        ("建设工程规划许可", "3070101", ["许可证编号", "项目名称", "建设规模"]),
        ("学校名录", "3080101", ["学校名称", "学段", "地址"]),
        ("纳税人登记", "3090101", ["纳税人识别号", "纳税人名称", "主管税务机关"]),
        ("政务服务事项", "3100101", ["实施编码", "事项名称", "承诺时限"]),
        ("办件", "3100102", ["办件编号", "受理日期", "办结日期"]),
        ("政策文件", "3110101", ["文号", "标题", "发布日期"]),
        ("窗口受理", "3120101", ["受理编号", "窗口号", "事项名称"]),
        ("机动车驾驶证", "3010201", ["准驾车型", "有效期至", "累积记分"]),
        ("最低生活保障", "3020201", ["保障类别", "月保障金额", "认定日期"]),
        ("社会组织", "3020301", ["组织名称", "组织类型", "登记日期"]),
        ("公共信用", "1040101", ["主体名称", "信息类别", "决定日期"]),
        ("标准地名地址", "1030101", ["地址编码", "标准地址", "所属街道"]),
        ("法人单位", "1020101", ["统一社会信用代码", "单位名称", "登记状态"]),
    ];
    private static readonly string[] Kinds = ["信息", "数据", "名录", "台账", "统计数据", "登记信息", "变更记录", "年报"];

    public static readonly string[] Queries =
    [
        "婚姻登记", "企业登记信息", "东湖区社会保险", "不动产登记", "学校名录", "食品经营许可", "医疗机构", "住房公积金", "营业执照",
        "2021年纳税信用", "西山区户籍", "出生医学证明", "建筑施工许可证", "最低生活保障名录", "政策文件", "法人单位", "商品房预售", "统一社会信用代码",
    ];

    public static List<IndexedResource> Build(int count)
    {
        var departments = DemoCitySeeder.DepartmentList.Select(d => (Id: DemoCitySeeder.DeterministicGuid("dept:" + d.Code), d.Name)).ToArray();
        var random = new Random(20261129);
        var list = new List<IndexedResource>(count);
        var sequences = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var (topic, leaf, items) = Topics[i % Topics.Length];
            var region = Regions[i / Topics.Length % Regions.Length];
            var kind = Kinds[i / (Topics.Length * Regions.Length) % Kinds.Length];
            var year = 2010 + i / (Topics.Length * Regions.Length * Kinds.Length) % 16;
            var name = $"{region}{year}年{topic}{kind}";
            var dept = departments[random.Next(departments.Length)];
            var seq = sequences[leaf] = sequences.GetValueOrDefault(leaf) + 1;
            var sharing = (SharingType)(1 + random.Next(3));
            list.Add(new IndexedResource(Guid.CreateVersion7(), ResourceCatalog.FormatCode(leaf, seq), name, null, leaf, dept.Id, dept.Name,
                $"{dept.Name}汇集的{region}{year}年{topic}{kind}，按{(random.Next(2) == 0 ? "月" : "季度")}更新，用于政务服务与监管。", items,
                sharing, (ResourceFormat)(1 + random.Next(7)), sharing == SharingType.Unconditional && random.Next(3) > 0, (UpdateCycle)(1 + random.Next(7)),
                new DateOnly(year, 1 + random.Next(12), 1)));
        }
        return list;
    }
}
