using System.Globalization;

namespace SmartGov.Core;

/// <summary>
/// The 18-character citizen identity number (公民身份号码, GB 11643-1999):
/// a 6-digit region code, an 8-digit birth date, a 3-digit sequence whose parity gives the sex,
/// and an ISO 7064 MOD 11-2 check character.
/// </summary>
public static class IdNumber
{
    /// <summary>The number of characters in an identity number.</summary>
    public const int Length = 18;

    // GB 11643-1999 §5.1.4 / ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11.
    private static readonly int[] _weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    // Check character for each value of (weighted sum mod 11).
    private static readonly string _checkChars = "10X98765432";

    private static readonly DateOnly _earliestBirth = new(1900, 1, 1);

    // Residents of Hong Kong, Macao and Taiwan holding a residence permit (港澳台居民居住证) get a citizen
    // identity number with these address codes, which are not county codes.
    private static readonly string[] _residencePermitRegions = ["810000", "820000", "830000"];

    private static readonly CheckResult _required = CheckResult.Fail(
        "id.required",
        "请输入身份证号",
        "Please enter the ID number.");

    private static readonly CheckResult _length = CheckResult.Fail(
        "id.length",
        "身份证号应为18位，请核对后重新输入",
        "The ID number must be 18 characters long; please check it and try again.");

    private static readonly CheckResult _format = CheckResult.Fail(
        "id.format",
        "身份证号前17位应为数字，最后一位应为数字或字母X",
        "The first 17 characters of the ID number must be digits, and the last one a digit or the letter X.");

    private static readonly CheckResult _region = CheckResult.Fail(
        "id.region",
        "身份证号前6位的地区码不正确，请核对后重新输入",
        "The first six digits of the ID number are not a valid region code; please check it and try again.");

    private static readonly CheckResult _birthDate = CheckResult.Fail(
        "id.birthdate",
        "身份证号中的出生日期（第7至14位）不是1900年1月1日至今天之间的有效日期",
        "The date of birth in the ID number (characters 7 to 14) is not a real date between 1900-01-01 and today.");

    private static readonly CheckResult _checksum = CheckResult.Fail(
        "id.checksum",
        "身份证号校验位不正确，请核对后重新输入",
        "The ID number's check character is wrong; please check it and try again.");

    /// <summary>Checks an identity number against today's date in China (UTC+8).</summary>
    public static CheckResult Validate(string? value) => Validate(value, ChinaToday());

    /// <summary>Checks an identity number; a birth date after <paramref name="today"/> is rejected.</summary>
    public static CheckResult Validate(string? value, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return _required;
        }

        var id = Normalize(value);
        if (id.Length != Length)
        {
            return _length;
        }

        if (!HasValidShape(id))
        {
            return _format;
        }

        if (!IsValidRegion(id.AsSpan(0, 6)))
        {
            return _region;
        }

        if (!TryParseBirthDate(id, out var birth) || birth < _earliestBirth || birth > today)
        {
            return _birthDate;
        }

        if (ComputeCheckChar(id[..17]) != id[17])
        {
            return _checksum;
        }

        return CheckResult.Ok;
    }

    /// <summary>
    /// Removes spaces, turns full-width digits into ASCII and upper-cases a trailing <c>x</c>.
    /// Does not check the number.
    /// </summary>
    public static string Normalize(string value) => Text.Compact(value);

    /// <summary>The ISO 7064 MOD 11-2 check character for the first 17 digits.</summary>
    /// <exception cref="ArgumentException"><paramref name="first17"/> is not 17 ASCII digits.</exception>
    public static char ComputeCheckChar(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        if (first17.Length != 17 || !Text.IsAsciiDigits(first17))
        {
            throw new ArgumentException("Expected the first 17 digits of an ID number.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * _weights[i];
        }

        return _checkChars[sum % 11];
    }

    /// <summary>The date of birth encoded in characters 7 to 14.</summary>
    /// <exception cref="ArgumentException">The value is not an 18-character ID number with a real date.</exception>
    public static DateOnly BirthDate(string idNumber)
    {
        var id = RequireShape(idNumber);
        return TryParseBirthDate(id, out var birth)
            ? birth
            : throw new ArgumentException("The ID number does not contain a real date of birth.", nameof(idNumber));
    }

    /// <summary>True when the 17th digit (the last of the sequence code) is odd, which GB 11643 assigns to men.</summary>
    /// <exception cref="ArgumentException">The value is not an 18-character ID number.</exception>
    public static bool IsMale(string idNumber)
    {
        var id = RequireShape(idNumber);
        return (id[16] - '0') % 2 == 1;
    }

    /// <summary>
    /// Builds a valid identity number. The sequence's last digit is moved by one where needed so that its parity
    /// matches <paramref name="male"/> (odd for men, even for women), then the check character is appended.
    /// </summary>
    /// <param name="regionCode6">A 6-digit county-level region code, e.g. <c>110105</c>.</param>
    /// <param name="birth">The date of birth, 1900-01-01 or later.</param>
    /// <param name="sequence3">The sequence code, 0 to 999.</param>
    /// <param name="male">The sex to encode.</param>
    public static string Compose(string regionCode6, DateOnly birth, int sequence3, bool male)
    {
        ArgumentNullException.ThrowIfNull(regionCode6);
        if (regionCode6.Length != 6 || !Text.IsAsciiDigits(regionCode6) || !IsValidRegion(regionCode6))
        {
            throw new ArgumentException("Expected a 6-digit region code that an ID number can carry.", nameof(regionCode6));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(birth, _earliestBirth);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence3, 999);

        if ((sequence3 % 2 == 1) != male)
        {
            // Flipping the lowest bit keeps the sequence within 0..999 (998 <-> 999, 0 <-> 1).
            sequence3 ^= 1;
        }

        var first17 = string.Create(
            CultureInfo.InvariantCulture,
            $"{regionCode6}{birth:yyyyMMdd}{sequence3:000}");
        return first17 + ComputeCheckChar(first17);
    }

    /// <summary>
    /// Keeps the first 6 and last 4 characters, e.g. <c>110105********123X</c>.
    /// Anything that is not 18 characters long is masked completely, so a malformed record never leaks.
    /// </summary>
    public static string Mask(string idNumber)
    {
        var id = Normalize(idNumber);
        return id.Length == Length
            ? string.Concat(id.AsSpan(0, 6), Text.Stars(8), id.AsSpan(14, 4))
            : Text.Stars(id.Length);
    }

    // GB 11643 address code: a real province, and below province level (not XX0000),
    // except the Hong Kong, Macao and Taiwan residence permit codes.
    internal static bool IsValidRegion(ReadOnlySpan<char> region6)
    {
        foreach (var permit in _residencePermitRegions)
        {
            if (region6.SequenceEqual(permit))
            {
                return true;
            }
        }

        return Provinces.IsProvince(region6[..2]) && !region6[2..].SequenceEqual("0000");
    }

    private static bool HasValidShape(string id) =>
        id.Length == Length
        && Text.IsAsciiDigits(id.AsSpan(0, 17))
        && (char.IsAsciiDigit(id[17]) || id[17] == 'X');

    private static bool TryParseBirthDate(string id, out DateOnly birth) =>
        DateOnly.TryParseExact(
            id.AsSpan(6, 8),
            "yyyyMMdd",
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out birth);

    private static string RequireShape(string idNumber)
    {
        ArgumentNullException.ThrowIfNull(idNumber);
        var id = Normalize(idNumber);
        return HasValidShape(id)
            ? id
            : throw new ArgumentException("Expected an 18-character ID number.", nameof(idNumber));
    }

    // China Standard Time is UTC+8 all year (no daylight saving), so no time-zone database is needed.
    private static DateOnly ChinaToday() => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
}
