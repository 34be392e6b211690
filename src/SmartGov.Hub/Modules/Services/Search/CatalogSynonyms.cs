namespace SmartGov.Hub.Modules.Services.Search;

/// <summary>
/// What people type and what the catalog calls it. Item keywords cover the rest; this list holds the everyday words
/// that apply across items (a department's data administrator adds item-specific keywords on the item itself).
/// </summary>
public static class CatalogSynonyms
{
    private static readonly (string Said, string Meant)[] Pairs =
    [
        ("开公司", "企业设立登记"),
        ("注册公司", "企业设立登记"),
        ("办公司", "企业设立登记"),
        ("开办企业", "企业设立登记"),
        ("办执照", "营业执照"),
        ("开店", "个体工商户登记"),
        ("个体户", "个体工商户"),
        ("结婚", "结婚登记"),
        ("领证", "结婚登记"),
        ("离婚", "离婚登记"),
        ("身份证", "居民身份证"),
        ("社保卡", "社会保障卡"),
        ("社保", "社会保险"),
        ("医保", "医疗保险"),
        ("落户", "户口迁移"),
        ("迁户口", "户口迁移"),
        ("户口", "户籍"),
        ("暂住证", "居住证"),
        ("生孩子", "出生医学证明"),
        ("生小孩", "出生医学证明"),
        ("上户口", "出生登记"),
        ("上学", "入学"),
        ("养老金", "基本养老金"),
        ("退休金", "基本养老金"),
        ("失业金", "失业保险金"),
        ("公积金", "住房公积金"),
        ("盖房", "建设工程规划许可"),
        ("建房", "建设工程规划许可"),
        ("开饭店", "食品经营许可"),
        ("开餐馆", "食品经营许可"),
        ("餐饮", "食品经营"),
        ("驾照", "机动车驾驶证"),
        ("护照", "普通护照"),
        ("发票", "发票领用"),
        ("丧葬费", "丧葬补助金"),
        ("去世", "死亡"),
        ("过世", "死亡"),
    ];

    /// <summary>The text itself, then the text with each everyday word replaced by the catalog's term.</summary>
    public static IReadOnlyList<string> Expand(string text)
    {
        var result = new List<string> { text };
        foreach (var (said, meant) in Pairs)
        {
            if (text.Contains(said, StringComparison.Ordinal))
            {
                var alternative = text.Replace(said, meant, StringComparison.Ordinal);
                if (!result.Contains(alternative))
                {
                    result.Add(alternative);
                }
            }
        }
        return result;
    }
}
