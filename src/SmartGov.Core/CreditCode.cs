using System.Buffers;
using System.Collections.Frozen;

namespace SmartGov.Core;

/// <summary>
/// The 18-character unified social credit code (统一社会信用代码, GB 32100-2015) of a legal person or other organization:
/// registration authority (1), organization type (2), region code of the registering office (3-8),
/// organization code per GB 11714 (9-17) and a MOD 31 check character (18).
/// </summary>
public static class CreditCode
{
    /// <summary>The number of characters in a credit code.</summary>
    public const int Length = 18;

    /// <summary>
    /// GB 32100-2015 §4.1: the characters a credit code may use; the index of a character is its value.
    /// I, O, Z, S and V are left out because they are easily confused with 1, 0, 2, 5 and U.
    /// </summary>
    public const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly SearchValues<char> _charsetValues = SearchValues.Create(Charset);

    // GB 32100-2015 §5.1: weight of position i is 3^(i-1) mod 31.
    private static readonly int[] _weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    // GB 11714-1997 §4.3: weights of the 8 body characters of an organization code.
    private static readonly int[] _orgCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    // GB 32100-2015 Table 1 (registration authority -> organization types it registers), with the authorities
    // assigned since (A: the Central Military Commission's establishment office, N: agriculture and rural affairs).
    // 5-4 and 5-5 (village and residents' committees) and G1, J1 are not in the 2015 table but are issued in practice
    // and accepted by the published validators, so they are accepted here too.
    private static readonly FrozenDictionary<char, string> _organizationTypes = new Dictionary<char, string>
    {
        ['1'] = "1239", // 机构编制: 机关, 事业单位, 群众团体, 其他
        ['2'] = "19", // 外交
        ['3'] = "123459", // 司法行政
        ['4'] = "19", // 文化
        ['5'] = "123459", // 民政: 社会团体, 民办非企业单位, 基金会, (村/居委会), 其他
        ['6'] = "129", // 旅游
        ['7'] = "129", // 宗教
        ['8'] = "19", // 工会
        ['9'] = "123", // 工商: 企业, 个体工商户, 农民专业合作社
        ['A'] = "19", // 中央军委改革和编制办公室
        ['G'] = "1",
        ['J'] = "1",
        ['N'] = "1239", // 农业: 组级, 村级, 乡镇级集体经济组织, 其他
        ['Y'] = "1", // 其他
    }.ToFrozenDictionary();

    private static readonly CheckResult _required = CheckResult.Fail(
        "credit.required",
        "请输入统一社会信用代码",
        "Please enter the unified social credit code.");

    private static readonly CheckResult _length = CheckResult.Fail(
        "credit.length",
        "统一社会信用代码应为18位，请核对后重新输入",
        "The unified social credit code must be 18 characters long; please check it and try again.");

    private static readonly CheckResult _format = CheckResult.Fail(
        "credit.format",
        "统一社会信用代码只能由数字和大写字母组成（不使用I、O、Z、S、V），且第3至8位应为数字",
        "The unified social credit code may contain only digits and capital letters other than I, O, Z, S and V, and characters 3 to 8 must be digits.");

    private static readonly CheckResult _category = CheckResult.Fail(
        "credit.category",
        "统一社会信用代码的登记管理部门代码或机构类别代码（第1、2位）不正确",
        "The registration authority or organization type (characters 1 and 2) of the unified social credit code is not valid.");

    private static readonly CheckResult _region = CheckResult.Fail(
        "credit.region",
        "统一社会信用代码中的登记管理机关行政区划码（第3至8位）不正确",
        "The region code of the registering office (characters 3 to 8) in the unified social credit code is not valid.");

    private static readonly CheckResult _checksum = CheckResult.Fail(
        "credit.checksum",
        "统一社会信用代码校验位不正确，请核对后重新输入",
        "The unified social credit code's check character is wrong; please check it and try again.");

    private static readonly CheckResult _orgCode = CheckResult.Fail(
        "credit.orgcode",
        "统一社会信用代码中的组织机构代码（第9至17位）校验不正确，请核对后重新输入",
        "The organization code (characters 9 to 17) in the unified social credit code fails its check; please check it and try again.");

    /// <summary>Checks a credit code: length, characters, authority and type, region, check character and organization code.</summary>
    public static CheckResult Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return _required;
        }

        var code = Normalize(value);
        if (code.Length != Length)
        {
            return _length;
        }

        if (!HasValidShape(code))
        {
            return _format;
        }

        if (!IsValidCategory(code[0], code[1]))
        {
            return _category;
        }

        if (!IsValidRegion(code.AsSpan(2, 6)))
        {
            return _region;
        }

        // The overall check character comes first: a single mistyped character almost always breaks it,
        // and "check the code and try again" is the right advice for that.
        if (ComputeCheckChar(code[..17]) != code[17])
        {
            return _checksum;
        }

        if (ComputeOrgCodeCheckChar(code.Substring(8, 8)) != code[16])
        {
            return _orgCode;
        }

        return CheckResult.Ok;
    }

    /// <summary>Removes spaces, turns full-width characters into ASCII and upper-cases. Does not check the code.</summary>
    public static string Normalize(string value) => Text.Compact(value);

    /// <summary>The GB 32100 check character (position 18) for the first 17 characters.</summary>
    /// <exception cref="ArgumentException"><paramref name="first17"/> is not 17 characters of <see cref="Charset"/>.</exception>
    public static char ComputeCheckChar(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        if (first17.Length != 17)
        {
            throw new ArgumentException("Expected the first 17 characters of a credit code.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Charset.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a credit code character.", nameof(first17));
            }

            sum += value * _weights[i];
        }

        // GB 32100-2015 §5.1: C18 = 31 - (sum mod 31), where 31 is written as 0.
        return Charset[(31 - (sum % 31)) % 31];
    }

    /// <summary>
    /// The GB 11714 check character for the 8 body characters of an organization code:
    /// 11 - (weighted sum mod 11), written as X for 10 and 0 for 11.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="body8"/> is not 8 digits or capital letters.</exception>
    public static char ComputeOrgCodeCheckChar(string body8)
    {
        ArgumentNullException.ThrowIfNull(body8);
        if (body8.Length != 8)
        {
            throw new ArgumentException("Expected the 8 body characters of an organization code.", nameof(body8));
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body8[i];
            var value = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'Z' => c - 'A' + 10, // GB 11714-1997 §4.3: A = 10 ... Z = 35
                _ => throw new ArgumentException($"'{c}' is not an organization code character.", nameof(body8)),
            };
            sum += value * _orgCodeWeights[i];
        }

        return (11 - (sum % 11)) switch
        {
            10 => 'X',
            11 => '0',
            var digit => (char)('0' + digit),
        };
    }

    /// <summary>
    /// Builds a valid credit code.
    /// </summary>
    /// <param name="authority">Registration authority, e.g. <c>9</c> for market regulation (工商).</param>
    /// <param name="orgType">Organization type within the authority, e.g. <c>1</c> for an enterprise.</param>
    /// <param name="regionCode6">The 6-digit region code of the registering office, e.g. <c>350100</c>.</param>
    /// <param name="orgCode9">
    /// The organization code: 8 body characters, to which the GB 11714 check character is appended,
    /// or all 9 characters, whose check character must then be right.
    /// </param>
    /// <exception cref="ArgumentException">A part is not valid; the message says which.</exception>
    public static string Compose(char authority, char orgType, string regionCode6, string orgCode9)
    {
        ArgumentNullException.ThrowIfNull(regionCode6);
        ArgumentNullException.ThrowIfNull(orgCode9);
        authority = char.ToUpperInvariant(authority);
        orgType = char.ToUpperInvariant(orgType);
        if (!IsValidCategory(authority, orgType))
        {
            throw new ArgumentException($"'{authority}{orgType}' is not a registration authority and organization type pair.", nameof(orgType));
        }

        if (regionCode6.Length != 6 || !Text.IsAsciiDigits(regionCode6) || !IsValidRegion(regionCode6))
        {
            throw new ArgumentException("Expected a 6-digit region code with a real province.", nameof(regionCode6));
        }

        var orgCode = Normalize(orgCode9);
        if (orgCode.Length is not (8 or 9) || !IsInCharset(orgCode))
        {
            throw new ArgumentException("Expected 8 or 9 characters of the credit code character set.", nameof(orgCode9));
        }

        var orgCheck = ComputeOrgCodeCheckChar(orgCode[..8]);
        if (orgCode.Length == 8)
        {
            orgCode += orgCheck;
        }
        else if (orgCode[8] != orgCheck)
        {
            throw new ArgumentException($"The organization code's check character should be '{orgCheck}'.", nameof(orgCode9));
        }

        var first17 = string.Concat(authority.ToString(), orgType.ToString(), regionCode6, orgCode);
        return first17 + ComputeCheckChar(first17);
    }

    private static bool HasValidShape(string code) =>
        IsInCharset(code.AsSpan(0, 2))
        && Text.IsAsciiDigits(code.AsSpan(2, 6))
        && IsInCharset(code.AsSpan(8));

    private static bool IsInCharset(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(_charsetValues);

    private static bool IsValidCategory(char authority, char orgType) =>
        _organizationTypes.TryGetValue(authority, out var types) && types.Contains(orgType, StringComparison.Ordinal);

    // GB 32100-2015 §4.3: the GB/T 2260 code of the registering office; 100000 stands for the national level.
    private static bool IsValidRegion(ReadOnlySpan<char> region6) =>
        region6.SequenceEqual("100000") || Provinces.IsProvince(region6[..2]);
}
