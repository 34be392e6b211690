namespace SmartGov.Core;

/// <summary>
/// Plausible Chinese personal names for demo data and tests. The same seeded <see cref="Random"/> gives the same names,
/// so seeded demo data is reproducible.
/// </summary>
public static class DemoNames
{
    /// <summary>Common single-character surnames, most common first.</summary>
    public static IReadOnlyList<string> Surnames { get; } =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
        "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
        "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
    ];

    /// <summary>Characters common in given names.</summary>
    public static IReadOnlyList<string> GivenNameCharacters { get; } =
    [
        "建", "国", "伟", "芳", "娜", "敏", "静", "丽", "强", "磊",
        "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀",
        "霞", "平", "刚", "英", "华", "文", "辉", "玲", "红", "鹏",
        "飞", "宇", "浩", "欣", "怡", "晨", "涵", "子", "轩", "佳",
        "琪", "思", "雨", "博", "嘉", "俊", "鑫", "婷", "雪", "慧",
        "颖", "志", "海", "斌", "波", "晓", "丹", "萍", "峰", "云",
    ];

    /// <summary>
    /// A surname and a one- or two-character given name, e.g. 王建国 or 李娜.
    /// Three in four given names have two characters, as is usual today.
    /// </summary>
    public static string Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var surname = Surnames[random.Next(Surnames.Count)];
        var first = random.Next(GivenNameCharacters.Count);
        if (random.Next(4) == 0)
        {
            return surname + GivenNameCharacters[first];
        }

        // Pick the second character from the others, so a name never doubles a character by accident.
        var second = (first + 1 + random.Next(GivenNameCharacters.Count - 1)) % GivenNameCharacters.Count;
        return surname + GivenNameCharacters[first] + GivenNameCharacters[second];
    }
}
