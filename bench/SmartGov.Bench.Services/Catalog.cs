using SmartGov.Hub.Modules.Services;
using SmartGov.Hub.Modules.Services.Admin;
using SmartGov.Hub.Modules.Services.Search;
using SmartGov.Hub.Modules.Services.Seeding;

namespace SmartGov.Bench.Services;

/// <summary>
/// A city-sized catalog: the 35 demo items, then variants of them until the count is reached. A city's real catalog
/// looks like this: the same national items implemented by many departments and districts, with sub-items
/// (变更、补领、注销…) that share most of their words, which is the hard case for search.
/// </summary>
internal static class Catalog
{
    private static readonly string[] Districts = ["东湖区", "西山区", "南城区", "北湖区", "高新区", "经开区", "滨海新区", "临港区", "东城街道", "西城街道"];
    private static readonly string[] Variants = ["", "变更", "延续", "补领", "注销", "换发", "备案", "年度报告", "信息变更", "（告知承诺制）", "（跨省通办）", "（容缺受理）"];
    private static readonly string[] Extra = ["申请", "审核", "核准", "登记", "确认", "办理", "服务", "查询"];

    public static List<IndexedItem> Build(int count)
    {
        var random = new Random(20261129);
        var demo = ServicesDemoSeeder.DemoItems();
        var departments = demo.Select(d => d.Department).Distinct().ToDictionary(d => d, _ => Guid.NewGuid());
        var items = new List<IndexedItem>(count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (items.Count < count)
        {
            var template = demo[i % demo.Count];
            var round = i / demo.Count;
            var input = template.Input;
            var name = round == 0
                ? input.Name!
                : $"{Districts[random.Next(Districts.Length)]}{input.Name}{Variants[random.Next(Variants.Length)]}{(round > 60 ? Extra[random.Next(Extra.Length)] : "")}";
            i++;
            if (!names.Add(name))
            {
                continue;
            }
            var type = CatalogParsing.TryItemType(input.ItemType, out var t) ? t : ItemType.PublicService;
            items.Add(new IndexedItem(
                Guid.NewGuid(),
                $"{departments[template.Department]:N}"[..18].ToUpperInvariant() + input.BasicCode + (round % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture),
                input.BasicCode!,
                name,
                input.NameEn,
                type,
                departments[template.Department],
                template.Department,
                (input.LifeEvents ?? []).SelectMany(CatalogParsing.SplitList).Select(e => CatalogParsing.TryLifeEvent(e, out var v) ? v : LifeEvent.Birth).ToList(),
                (input.BusinessStages ?? []).SelectMany(CatalogParsing.SplitList).Select(s => CatalogParsing.TryBusinessStage(s, out var v) ? v : BusinessStage.Operation).ToList(),
                (input.Keywords ?? []).SelectMany(CatalogParsing.SplitList).ToList(),
                (input.Materials ?? []).Select(m => m.Name!).ToList(),
                input.AcceptanceConditions!,
                input.PromisedDays ?? 0,
                input.MaxVisits ?? 0,
                input.CityWide ?? false,
                HandlingForm.OnlineOrWindow));
        }
        return items;
    }

    /// <summary>What people type: item names, everyday words, typos, sentences, and a filter.</summary>
    public static readonly string[] Queries =
    [
        "结婚", "结婚登记", "开公司", "注册公司", "社保卡", "社会保障卡申领", "居住证", "暂住证", "户口迁移", "落户",
        "食品经营许可", "开饭店", "建设工程规划许可", "盖房", "个体工商户", "开店", "退休", "养老金", "身份证", "出生",
        "上学", "入学登记", "公租房", "二手房过户", "失业金", "医师执业", "发票", "注销公司", "变更登记", "教师资格",
        "结昏登记", "企业设立登纪", "社会保障咔", "我想开一家公司", "孩子上户口", "营业执照",
    ];
}
