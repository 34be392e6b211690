namespace SmartGov.Hub.Modules.Catalog;

/// <summary>资源格式: the seven formats of the national catalog guideline. Stored values never change.</summary>
public enum ResourceFormat
{
    /// <summary>电子文件</summary>
    ElectronicFile = 1,
    /// <summary>电子表格</summary>
    Spreadsheet = 2,
    /// <summary>数据库</summary>
    Database = 3,
    /// <summary>图形图像</summary>
    Image = 4,
    /// <summary>流媒体</summary>
    StreamingMedia = 5,
    /// <summary>自描述格式</summary>
    SelfDescribing = 6,
    /// <summary>服务接口</summary>
    ServiceInterface = 7,
}

/// <summary>共享方式: how a grant is served (several may apply).</summary>
[Flags]
public enum SharingMethods
{
    None = 0,
    /// <summary>接口</summary>
    Interface = 1,
    /// <summary>文件</summary>
    File = 2,
    /// <summary>数据库</summary>
    Database = 4,
}

/// <summary>更新周期.</summary>
public enum UpdateCycle
{
    RealTime = 1,
    Daily = 2,
    Weekly = 3,
    Monthly = 4,
    Quarterly = 5,
    Yearly = 6,
    Irregular = 7,
}

/// <summary>信息项的数据类型.</summary>
public enum DataItemType
{
    /// <summary>字符型 C</summary>
    Text = 1,
    /// <summary>数值型 N</summary>
    Number = 2,
    /// <summary>日期型 D</summary>
    Date = 3,
    /// <summary>日期时间型 T</summary>
    DateTime = 4,
    /// <summary>布尔型 B</summary>
    Logical = 5,
    /// <summary>二进制 BLOB</summary>
    Binary = 6,
}

/// <summary>共享申请的状态.</summary>
public enum SharingRequestStatus
{
    /// <summary>待审核: a conditional resource waits for the provider's data administrator.</summary>
    Pending = 1,
    /// <summary>已授权</summary>
    Granted = 2,
    /// <summary>已驳回</summary>
    Rejected = 3,
    /// <summary>已撤销</summary>
    Revoked = 4,
}

/// <summary>The zh-CN and en-US names of the catalog's enumerations, for pages, exports and messages.</summary>
public static class CatalogNames
{
    public static (string Zh, string En) Of(ResourceFormat f) => f switch
    {
        ResourceFormat.ElectronicFile => ("电子文件", "Electronic file"),
        ResourceFormat.Spreadsheet => ("电子表格", "Spreadsheet"),
        ResourceFormat.Database => ("数据库", "Database"),
        ResourceFormat.Image => ("图形图像", "Graphics and images"),
        ResourceFormat.StreamingMedia => ("流媒体", "Streaming media"),
        ResourceFormat.SelfDescribing => ("自描述格式", "Self-describing format"),
        ResourceFormat.ServiceInterface => ("服务接口", "Service interface"),
        _ => (f.ToString(), f.ToString()),
    };

    public static (string Zh, string En) Of(SharingType t) => t switch
    {
        SharingType.Unconditional => ("无条件共享", "Unconditional sharing"),
        SharingType.Conditional => ("有条件共享", "Conditional sharing"),
        SharingType.NotShared => ("不予共享", "Not shared"),
        _ => (t.ToString(), t.ToString()),
    };

    public static (string Zh, string En) Of(SharingMethods m)
    {
        var parts = new List<(string, string)>();
        if (m.HasFlag(SharingMethods.Interface)) { parts.Add(("接口", "interface")); }
        if (m.HasFlag(SharingMethods.File)) { parts.Add(("文件", "file")); }
        if (m.HasFlag(SharingMethods.Database)) { parts.Add(("数据库", "database")); }
        return parts.Count == 0 ? ("—", "—") : (string.Join("、", parts.Select(p => p.Item1)), string.Join(", ", parts.Select(p => p.Item2)));
    }

    public static (string Zh, string En) Of(UpdateCycle c) => c switch
    {
        UpdateCycle.RealTime => ("实时", "Real time"),
        UpdateCycle.Daily => ("每日", "Daily"),
        UpdateCycle.Weekly => ("每周", "Weekly"),
        UpdateCycle.Monthly => ("每月", "Monthly"),
        UpdateCycle.Quarterly => ("每季度", "Quarterly"),
        UpdateCycle.Yearly => ("每年", "Yearly"),
        UpdateCycle.Irregular => ("不定期", "Irregular"),
        _ => (c.ToString(), c.ToString()),
    };

    public static (string Zh, string En) Of(DataItemType t) => t switch
    {
        DataItemType.Text => ("字符型", "String"),
        DataItemType.Number => ("数值型", "Number"),
        DataItemType.Date => ("日期型", "Date"),
        DataItemType.DateTime => ("日期时间型", "Date and time"),
        DataItemType.Logical => ("布尔型", "Boolean"),
        DataItemType.Binary => ("二进制", "Binary"),
        _ => (t.ToString(), t.ToString()),
    };

    public static (string Zh, string En) Of(SharingRequestStatus s) => s switch
    {
        SharingRequestStatus.Pending => ("待审核", "Pending"),
        SharingRequestStatus.Granted => ("已授权", "Granted"),
        SharingRequestStatus.Rejected => ("已驳回", "Rejected"),
        SharingRequestStatus.Revoked => ("已撤销", "Revoked"),
        _ => (s.ToString(), s.ToString()),
    };

    /// <summary>Accepts the enum name (case-insensitive) or its Chinese name.</summary>
    public static bool TryParse<TEnum>(string? text, Func<TEnum, (string Zh, string En)> names, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var t = text.Trim();
        foreach (var v in Enum.GetValues<TEnum>())
        {
            if (string.Equals(v.ToString(), t, StringComparison.OrdinalIgnoreCase) || names(v).Zh == t)
            {
                value = v;
                return Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0;
            }
        }
        return false;
    }
}
