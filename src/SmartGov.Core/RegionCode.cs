namespace SmartGov.Core;

/// <summary>
/// Administrative division codes: the 6-digit GB/T 2260 code down to county level (XX0000 province,
/// XXXX00 city, otherwise county), and the 12-digit statistical division code below it
/// (6-digit county + 3-digit township + 3-digit village, township level when the last 3 digits are 000).
/// </summary>
/// <remarks>
/// A 12-digit code padded with six zeros (e.g. <c>110101000000</c>) is the statistical form of a county or higher
/// division and is treated as the 6-digit code it pads.
/// </remarks>
public static class RegionCode
{
    private static readonly CheckResult _required = CheckResult.Fail(
        "region.required",
        "请输入行政区划代码",
        "Please enter the region code.");

    private static readonly CheckResult _format = CheckResult.Fail(
        "region.format",
        "行政区划代码格式不正确，应为6位或12位数字",
        "The region code is not well formed; it must be 6 or 12 digits.");

    private static readonly CheckResult _province = CheckResult.Fail(
        "region.province",
        "行政区划代码的省级代码（前2位）不存在，请核对后重新输入",
        "The province part (first two digits) of the region code does not exist; please check it and try again.");

    /// <summary>Checks that the value is a 6- or 12-digit division code in a real province.</summary>
    public static CheckResult Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return _required;
        }

        var code = Normalize(value);
        if (code.Length is not (6 or 12) || !Text.IsAsciiDigits(code))
        {
            return _format;
        }

        if (!Provinces.IsProvince(code.AsSpan(0, 2)))
        {
            return _province;
        }

        // A village always belongs to a township: township digits 000 with a village number is no code at all.
        if (code.Length == 12 && code.AsSpan(6, 3).SequenceEqual("000") && !code.AsSpan(9, 3).SequenceEqual("000"))
        {
            return _format;
        }

        return CheckResult.Ok;
    }

    /// <summary>Removes spaces and turns full-width digits into ASCII. Does not check the code.</summary>
    public static string Normalize(string value) => Text.Compact(value);

    /// <summary>The level of a division code.</summary>
    /// <exception cref="ArgumentException">The code is not valid.</exception>
    public static RegionLevel Level(string code) => LevelOf(Canonical(code, nameof(code)));

    /// <summary>
    /// The code of the division directly above: village → its 12-digit township, township → its 6-digit county,
    /// county → its city (XXXX00), city → its province (XX0000), province → <see langword="null"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The code is not valid.</exception>
    public static string? Parent(string code) => ParentOf(Canonical(code, nameof(code)));

    /// <summary>
    /// True when <paramref name="code"/> is <paramref name="ancestor"/> itself or lies anywhere below it,
    /// e.g. <c>IsWithin("110105", "110000")</c>. False when either code is not valid.
    /// </summary>
    public static bool IsWithin(string code, string ancestor)
    {
        if (!Validate(code).IsValid || !Validate(ancestor).IsValid)
        {
            return false;
        }

        var target = Canonical(ancestor, nameof(ancestor));
        for (var current = Canonical(code, nameof(code)); current is not null; current = ParentOf(current))
        {
            if (current == target)
            {
                return true;
            }
        }

        return false;
    }

    private static string Canonical(string code, string paramName)
    {
        ArgumentNullException.ThrowIfNull(code, paramName);
        var result = Validate(code);
        if (!result.IsValid)
        {
            throw new ArgumentException(result.MessageEn, paramName);
        }

        var normalized = Normalize(code);
        return normalized.Length == 12 && normalized.EndsWith("000000", StringComparison.Ordinal)
            ? normalized[..6]
            : normalized;
    }

    private static RegionLevel LevelOf(string canonical)
    {
        if (canonical.Length == 12)
        {
            return canonical.EndsWith("000", StringComparison.Ordinal) ? RegionLevel.Township : RegionLevel.Village;
        }

        if (canonical.EndsWith("0000", StringComparison.Ordinal))
        {
            return RegionLevel.Province;
        }

        return canonical.EndsWith("00", StringComparison.Ordinal) ? RegionLevel.City : RegionLevel.County;
    }

    private static string? ParentOf(string canonical) => LevelOf(canonical) switch
    {
        RegionLevel.Village => string.Concat(canonical.AsSpan(0, 9), "000"),
        RegionLevel.Township => canonical[..6],
        RegionLevel.County => string.Concat(canonical.AsSpan(0, 4), "00"),
        RegionLevel.City => string.Concat(canonical.AsSpan(0, 2), "0000"),
        _ => null,
    };
}
