namespace SmartGov.Core;

/// <summary>Mainland China mobile numbers: 11 digits matching <c>^1[3-9]\d{9}$</c>.</summary>
public static class MobileNumber
{
    private static readonly CheckResult _required = CheckResult.Fail(
        "mobile.required",
        "请输入手机号码",
        "Please enter a mobile number.");

    private static readonly CheckResult _format = CheckResult.Fail(
        "mobile.format",
        "手机号码格式不正确，请输入以1开头的11位中国大陆手机号码",
        "The mobile number is not valid; please enter an 11-digit mainland China mobile number starting with 1.");

    /// <summary>Checks a mobile number after <see cref="Normalize"/>.</summary>
    public static CheckResult Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return _required;
        }

        return IsWellFormed(Normalize(value)) ? CheckResult.Ok : _format;
    }

    /// <summary>
    /// Removes spaces and dashes, turns full-width digits into ASCII and drops a +86 / 0086 country code,
    /// so <c>+86 138-1234-5678</c> becomes <c>13812345678</c>. Does not check the number.
    /// </summary>
    public static string Normalize(string value)
    {
        var number = Text.Compact(value, dropDashes: true);
        if (number.StartsWith("+86", StringComparison.Ordinal))
        {
            return number[3..];
        }

        if (number.StartsWith("0086", StringComparison.Ordinal))
        {
            return number[4..];
        }

        // 86 followed by a full 11-digit number can only be the country code written without the plus sign.
        return number.Length == 13 && number.StartsWith("861", StringComparison.Ordinal) ? number[2..] : number;
    }

    /// <summary>
    /// Hides the middle four digits, e.g. <c>138****5678</c>.
    /// Anything that is not a mobile number is masked completely, so a malformed record never leaks.
    /// </summary>
    public static string Mask(string value)
    {
        var number = Normalize(value);
        return IsWellFormed(number)
            ? string.Concat(number.AsSpan(0, 3), "****", number.AsSpan(7, 4))
            : Text.Stars(number.Length);
    }

    private static bool IsWellFormed(string number) =>
        number.Length == 11 && number[0] == '1' && number[1] is >= '3' and <= '9' && Text.IsAsciiDigits(number);
}
