using System.Globalization;
using System.Text.RegularExpressions;
using SmartGov.Hub.Common;
using SmartGov.Hub.Modules.Catalog.Model;

namespace SmartGov.Hub.Modules.Catalog;

/// <summary>A checked input, ready to become a version.</summary>
internal sealed record ResourceDraft(
    string ClassificationCode, string Name, string? NameEn, Guid ProviderDepartmentId, string Abstract, ResourceFormat Format,
    IReadOnlyList<DataItem> DataItems, SharingType SharingType, string? SharingConditions, SharingMethods SharingMethods,
    bool OpenToPublic, string? OpenConditions, UpdateCycle UpdateCycle, DateOnly ReleaseDate, IReadOnlyList<string> RelatedCodes, string? ChangeNote)
{
    public bool PersonalData => DataItems.Any(i => i.PersonalData);
}

/// <summary>Checks a resource's metadata and names every wrong field in zh-CN and en.</summary>
internal static partial class ResourceValidator
{
    public const int MaxDataItems = 500;

    [GeneratedRegex(@"^\d{7}-\d{6}$")]
    public static partial Regex CodePattern();

    public static string NormalizeCode(string? code) => (code ?? "").Trim();

    public static (ResourceDraft? Draft, FieldErrors Errors) Validate(ResourceInput input, Guid? providerDepartmentId, string? ownCode)
    {
        var e = new FieldErrors();
        var classification = (input.ClassificationCode ?? "").Trim();
        if (classification.Length == 0)
        {
            e.Add("classificationCode", "required", "请选择资源分类（细目）", "Classification (sub-item) is required.");
        }
        else if (!CatalogClassification.IsLeaf(classification))
        {
            e.Add("classificationCode", "classificationCode.unknown", $"资源分类“{classification}”不是分类表中的细目（7 位代码）",
                $"Classification '{classification}' is not a sub-item (7-digit code) of the classification table.");
        }
        var name = input.Name?.Trim();
        e.Required("name", name, "资源名称", "Resource name", 200);
        var nameEn = string.IsNullOrWhiteSpace(input.NameEn) ? null : input.NameEn.Trim();
        if (nameEn is { Length: > 300 })
        {
            e.Add("nameEn", "too-long", "英文名称不能超过 300 个字符", "English name must be at most 300 characters.");
        }
        if (providerDepartmentId is null)
        {
            e.Add("providerDepartmentId", "required", "请选择资源提供方", "Provider department is required.");
        }
        var summary = input.Abstract?.Trim();
        e.Required("abstract", summary, "资源摘要", "Abstract", 2000);

        var format = default(ResourceFormat);
        if (string.IsNullOrWhiteSpace(input.Format))
        {
            e.Add("format", "required", "请选择资源格式", "Format is required.");
        }
        else if (!CatalogNames.TryParse<ResourceFormat>(input.Format, CatalogNames.Of, out format))
        {
            e.Add("format", "format.unknown", $"资源格式“{input.Format}”不存在（电子文件、电子表格、数据库、图形图像、流媒体、自描述格式、服务接口）",
                $"Format '{input.Format}' does not exist (ElectronicFile, Spreadsheet, Database, Image, StreamingMedia, SelfDescribing, ServiceInterface).");
        }

        var items = new List<DataItem>();
        var rows = input.DataItems ?? [];
        if (rows.Count == 0)
        {
            e.Add("dataItems", "required", "请至少填写一个信息项", "At least one data item is required.");
        }
        else if (rows.Count > MaxDataItems)
        {
            e.Add("dataItems", "too-many", $"信息项不能超过 {MaxDataItems} 个", $"At most {MaxDataItems} data items.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(rows.Count, MaxDataItems); i++)
        {
            var row = rows[i];
            var f = $"dataItems[{i}]";
            var n = row.Name?.Trim();
            var ok = e.Required(f + ".name", n, $"第 {i + 1} 个信息项的名称", $"Name of data item {i + 1}", 100);
            if (ok && !seen.Add(n!))
            {
                e.Add(f + ".name", "dataItem.duplicate", $"信息项“{n}”重复", $"Data item '{n}' appears twice.");
                ok = false;
            }
            var type = default(DataItemType);
            if (string.IsNullOrWhiteSpace(row.Type))
            {
                e.Add(f + ".type", "required", $"请选择第 {i + 1} 个信息项的数据类型", $"Type of data item {i + 1} is required.");
                ok = false;
            }
            else if (!CatalogNames.TryParse<DataItemType>(row.Type, CatalogNames.Of, out type))
            {
                e.Add(f + ".type", "dataItem.type.unknown", $"第 {i + 1} 个信息项的数据类型“{row.Type}”不存在", $"Type '{row.Type}' of data item {i + 1} does not exist.");
                ok = false;
            }
            if (row.Length is < 1 or > 100_000)
            {
                e.Add(f + ".length", "dataItem.length.range", $"第 {i + 1} 个信息项的长度应在 1 到 100000 之间", $"Length of data item {i + 1} must be between 1 and 100000.");
                ok = false;
            }
            var description = string.IsNullOrWhiteSpace(row.Description) ? null : row.Description.Trim();
            if (description is { Length: > 500 })
            {
                e.Add(f + ".description", "too-long", $"第 {i + 1} 个信息项的描述不能超过 500 个字符", $"Description of data item {i + 1} must be at most 500 characters.");
                ok = false;
            }
            if (ok)
            {
                items.Add(new DataItem(n!, type, row.Length, description, row.PersonalData));
            }
        }

        var sharing = default(SharingType);
        if (string.IsNullOrWhiteSpace(input.SharingType))
        {
            e.Add("sharingType", "required", "请选择共享类型", "Sharing type is required.");
        }
        else if (!CatalogNames.TryParse<SharingType>(input.SharingType, CatalogNames.Of, out sharing))
        {
            e.Add("sharingType", "sharingType.unknown", $"共享类型“{input.SharingType}”不存在（无条件共享、有条件共享、不予共享）",
                $"Sharing type '{input.SharingType}' does not exist (Unconditional, Conditional, NotShared).");
        }
        var conditions = string.IsNullOrWhiteSpace(input.SharingConditions) ? null : input.SharingConditions.Trim();
        if (sharing is SharingType.Conditional or SharingType.NotShared && conditions is null)
        {
            e.Add("sharingConditions", "sharingConditions.required",
                sharing == SharingType.Conditional ? "有条件共享的资源须写明共享条件" : "不予共享的资源须写明不予共享的依据",
                sharing == SharingType.Conditional ? "A conditionally shared resource must state its sharing conditions." : "A resource that is not shared must state the legal basis for not sharing it.");
        }
        else if (conditions is { Length: > 1000 })
        {
            e.Add("sharingConditions", "too-long", "共享条件不能超过 1000 个字符", "Sharing conditions must be at most 1000 characters.");
        }
        var methods = SharingMethods.None;
        foreach (var m in input.SharingMethods ?? [])
        {
            if (string.IsNullOrWhiteSpace(m))
            {
                continue;
            }
            if (CatalogNames.TryParse<SharingMethods>(m, x => CatalogNames.Of(x), out var parsed))
            {
                methods |= parsed;
            }
            else
            {
                e.Add("sharingMethods", "sharingMethods.unknown", $"共享方式“{m}”不存在（接口、文件、数据库）", $"Sharing method '{m}' does not exist (Interface, File, Database).");
            }
        }
        if (methods == SharingMethods.None && sharing is SharingType.Unconditional or SharingType.Conditional)
        {
            e.Add("sharingMethods", "required", "共享的资源须选择至少一种共享方式", "A shared resource needs at least one sharing method.");
        }
        var openConditions = string.IsNullOrWhiteSpace(input.OpenConditions) ? null : input.OpenConditions.Trim();
        if (openConditions is { Length: > 1000 })
        {
            e.Add("openConditions", "too-long", "开放条件不能超过 1000 个字符", "Open conditions must be at most 1000 characters.");
        }
        if (input.OpenToPublic && items.Any(i => i.PersonalData))
        {
            // GB/T 35273-2020 §9: personal information is not made public.
            e.Add("openToPublic", "openToPublic.personalData", "含个人信息的资源不能向社会开放", "A resource with personal data items cannot be open to the public.");
        }
        var cycle = default(UpdateCycle);
        if (string.IsNullOrWhiteSpace(input.UpdateCycle))
        {
            e.Add("updateCycle", "required", "请选择更新周期", "Update cycle is required.");
        }
        else if (!CatalogNames.TryParse<UpdateCycle>(input.UpdateCycle, CatalogNames.Of, out cycle))
        {
            e.Add("updateCycle", "updateCycle.unknown", $"更新周期“{input.UpdateCycle}”不存在", $"Update cycle '{input.UpdateCycle}' does not exist.");
        }
        var release = default(DateOnly);
        if (string.IsNullOrWhiteSpace(input.ReleaseDate))
        {
            e.Add("releaseDate", "required", "请填写发布日期", "Release date is required.");
        }
        else if (!DateOnly.TryParseExact(input.ReleaseDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out release))
        {
            e.Add("releaseDate", "date.format", "发布日期的格式应为 yyyy-MM-dd", "Release date must be yyyy-MM-dd.");
        }
        var related = new List<string>();
        foreach (var r in input.RelatedCodes ?? [])
        {
            var c = NormalizeCode(r);
            if (c.Length == 0 || related.Contains(c))
            {
                continue;
            }
            if (!CodePattern().IsMatch(c))
            {
                e.Add("relatedCodes", "relatedCodes.format", $"关联资源代码“{c}”格式不正确（如 3010101-000001）", $"Related resource code '{c}' is malformed (e.g. 3010101-000001).");
            }
            else if (c == ownCode)
            {
                e.Add("relatedCodes", "relatedCodes.self", "资源不能关联自身", "A resource cannot be related to itself.");
            }
            else
            {
                related.Add(c);
            }
        }
        if (related.Count > 50)
        {
            e.Add("relatedCodes", "too-many", "关联资源不能超过 50 个", "At most 50 related resources.");
        }
        var note = string.IsNullOrWhiteSpace(input.ChangeNote) ? null : input.ChangeNote.Trim();
        if (note is { Length: > 500 })
        {
            e.Add("changeNote", "too-long", "变更说明不能超过 500 个字符", "Change note must be at most 500 characters.");
        }
        if (e.Any)
        {
            return (null, e);
        }
        return (new ResourceDraft(classification, name!, nameEn, providerDepartmentId!.Value, summary!, format, items, sharing, conditions,
            sharing == SharingType.NotShared ? SharingMethods.None : methods, input.OpenToPublic, input.OpenToPublic ? openConditions : null,
            cycle, release, related, note), e);
    }
}
