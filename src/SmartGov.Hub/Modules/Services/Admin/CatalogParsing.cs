using System.Globalization;

namespace SmartGov.Hub.Modules.Services.Admin;

/// <summary>Reads the catalog's enumerations from what people type: the English name, the numeric code, or the Chinese name.</summary>
public static class CatalogParsing
{
    public static bool TryItemType(string? text, out ItemType value) =>
        TryParse(text, out value, CatalogNames.Of, allowNumber: true);

    public static bool TryLifeEvent(string? text, out LifeEvent value) => TryParse(text, out value, CatalogNames.Of);

    public static bool TryBusinessStage(string? text, out BusinessStage value) => TryParse(text, out value, CatalogNames.Of);

    public static bool TryHandlingForm(string? text, out HandlingForm value)
    {
        if (TryParse(text, out value, CatalogNames.Of))
        {
            return true;
        }
        // Spreadsheets often say just 网上 / 窗口 / 网上或窗口.
        switch (text?.Trim())
        {
            case "网上":
            case "网办":
                value = HandlingForm.Online;
                return true;
            case "窗口":
                value = HandlingForm.Window;
                return true;
            case "网上或窗口":
            case "网上和窗口":
            case "均可":
                value = HandlingForm.OnlineOrWindow;
                return true;
            default:
                return false;
        }
    }

    public static bool TryNecessity(string? text, out MaterialNecessity value) => TryParse(text, out value, CatalogNames.Of);

    public static bool TrySource(string? text, out MaterialSource value)
    {
        if (TryParse(text, out value, CatalogNames.Of))
        {
            return true;
        }
        switch (text?.Trim())
        {
            case "申请人":
            case "申请人提供":
                value = MaterialSource.Applicant;
                return true;
            case "共享":
            case "数据共享":
                value = MaterialSource.Sharing;
                return true;
            case "部门":
            case "部门提供":
                value = MaterialSource.Department;
                return true;
            default:
                return false;
        }
    }

    public static bool TryFormFieldType(string? text, out FormFieldType value) => TryParse(text, out value, CatalogNames.Of);

    public static bool TryApplicantType(string? text, out ApplicantTypes value)
    {
        value = ApplicantTypes.None;
        switch (text?.Trim())
        {
            case "自然人":
            case "个人":
                value = ApplicantTypes.NaturalPerson;
                return true;
            case "法人":
            case "企业":
                value = ApplicantTypes.LegalPerson;
                return true;
            case "其他组织":
                value = ApplicantTypes.OtherOrganization;
                return true;
        }
        return Enum.TryParse(text?.Trim(), ignoreCase: true, out value) && value != ApplicantTypes.None
            && Enum.IsDefined(value) && !int.TryParse(text, out _);
    }

    public static bool TryMaterialForm(string? text, out MaterialForm value)
    {
        value = MaterialForm.None;
        switch (text?.Trim())
        {
            case "原件":
                value = MaterialForm.Original;
                return true;
            case "复印件":
            case "复印":
                value = MaterialForm.Copy;
                return true;
            case "电子件":
            case "电子":
            case "电子版":
                value = MaterialForm.Electronic;
                return true;
        }
        return Enum.TryParse(text?.Trim(), ignoreCase: true, out value) && value != MaterialForm.None
            && Enum.IsDefined(value) && !int.TryParse(text, out _);
    }

    /// <summary>Splits a list typed in one cell or field: 、 , ， ; ； and line breaks separate items.</summary>
    public static List<string> SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split(['、', ',', '，', ';', '；', '\n', '\r', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static bool TryParse<T>(string? text, out T value, Func<T, (string Zh, string En)> names, bool allowNumber = false)
        where T : struct, Enum
    {
        value = default;
        var s = text?.Trim();
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (!allowNumber)
            {
                return false;
            }
            var candidate = (T)Enum.ToObject(typeof(T), number);
            if (Enum.IsDefined(candidate))
            {
                value = candidate;
                return true;
            }
            return false;
        }
        foreach (var v in Enum.GetValues<T>())
        {
            var (zh, en) = names(v);
            if (string.Equals(v.ToString(), s, StringComparison.OrdinalIgnoreCase) || zh == s || string.Equals(en, s, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }
        return false;
    }
}
