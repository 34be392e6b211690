namespace SmartGov.Core.Tests;

public class CreditCodeTests
{
    // Commonly cited valid codes. The first was also checked by hand:
    // 9·1+1·3+3·9+5·27+1·26+M(21)·20+1·8+Y(30)·30+4·28 = 1640, 1640 mod 31 = 28, 31 - 28 = 3.
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000101623741K")]
    [InlineData("911101066976941872")]
    public void Accepts_published_valid_codes(string value)
    {
        Assert.Equal(CheckResult.Ok, CreditCode.Validate(value));
    }

    [Theory]
    [InlineData("91350100m000100y43")]
    [InlineData(" 9135 0100 M000 100Y 43 ")]
    [InlineData("９１３５０１００Ｍ０００１００Ｙ４３")]
    public void Lowercase_spaced_and_full_width_input_is_accepted_and_normalised(string value)
    {
        Assert.True(CreditCode.Validate(value).IsValid);
        Assert.Equal("91350100M000100Y43", CreditCode.Normalize(value));
    }

    [Theory]
    [InlineData(null, "credit.required")]
    [InlineData("", "credit.required")]
    [InlineData("91350100M000100Y4", "credit.length")]
    [InlineData("91350100M000100Y433", "credit.length")]
    [InlineData("91350100M000100Y4A", "credit.checksum")]
    [InlineData("91350100M000100Y44", "credit.checksum")]
    [InlineData("9135010AM000100Y43", "credit.format")] // region must be digits
    [InlineData("91350100M000100Y4-", "credit.format")]
    public void Reports_each_problem_with_its_own_code(string? value, string code)
    {
        var result = CreditCode.Validate(value);

        Assert.False(result.IsValid);
        Assert.Equal(code, result.Code);
    }

    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('Z')]
    [InlineData('S')]
    [InlineData('V')]
    public void Rejects_letters_left_out_of_the_character_set(char letter)
    {
        var result = CreditCode.Validate("91350100" + letter + "000100Y43");

        Assert.Equal("credit.format", result.Code);
        Assert.Contains("I、O、Z、S、V", result.MessageZh, StringComparison.Ordinal);
        Assert.Contains("I, O, Z, S and V", result.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11")] // 机构编制 机关
    [InlineData("12")] // 事业单位
    [InlineData("19")]
    [InlineData("51")] // 民政 社会团体
    [InlineData("52")]
    [InlineData("53")] // 基金会
    [InlineData("59")]
    [InlineData("91")] // 工商 企业
    [InlineData("92")] // 个体工商户
    [InlineData("93")] // 农民专业合作社
    [InlineData("N2")] // 村级集体经济组织
    [InlineData("Y1")]
    public void Accepts_authority_and_type_pairs_from_the_standard(string category)
    {
        Assert.True(CreditCode.Validate(WithChecks(category + "350100" + "M000100Y")).IsValid);
    }

    [Theory]
    [InlineData("99")] // 工商 registers no type 9
    [InlineData("94")]
    [InlineData("Y2")]
    [InlineData("01")] // no authority 0
    [InlineData("B1")] // no authority B
    [InlineData("10")]
    public void Rejects_authority_and_type_pairs_outside_the_standard(string category)
    {
        var result = CreditCode.Validate(WithChecks(category + "350100" + "M000100Y"));

        Assert.Equal("credit.category", result.Code);
        Assert.Contains("第1、2位", result.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_registering_office_outside_any_province()
    {
        Assert.Equal("credit.region", CreditCode.Validate(WithChecks("91990100M000100Y")).Code);
        Assert.True(CreditCode.Validate(WithChecks("91100000M000100Y")).IsValid); // 100000: national level
    }

    [Fact]
    public void Rejects_an_organization_code_whose_own_check_is_wrong()
    {
        // Body M000100Y should end in 4 (GB 11714); with 5 and a correct overall check only the org code is wrong.
        var first17 = "91350100M000100Y5";
        var result = CreditCode.Validate(first17 + CreditCode.ComputeCheckChar(first17));

        Assert.Equal("credit.orgcode", result.Code);
        Assert.Contains("组织机构代码", result.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void Computes_both_check_characters()
    {
        Assert.Equal('3', CreditCode.ComputeCheckChar("91350100M000100Y4"));
        Assert.Equal('K', CreditCode.ComputeCheckChar("91110000101623741"));

        // 1·3+0·7+1·9+6·10+2·5+3·8+7·4+4·2 = 142, 142 mod 11 = 10, 11 - 10 = 1.
        Assert.Equal('1', CreditCode.ComputeOrgCodeCheckChar("10162374"));
        Assert.Equal('4', CreditCode.ComputeOrgCodeCheckChar("M000100Y"));

        Assert.Throws<ArgumentException>(() => CreditCode.ComputeCheckChar("91350100M000100I4"));
        Assert.Throws<ArgumentException>(() => CreditCode.ComputeCheckChar("91350100M000100Y"));
    }

    [Fact]
    public void Organization_code_check_writes_ten_as_X_and_eleven_as_0()
    {
        // By hand: 00000000 sums to 0, 11 - 0 = 11 → '0'; 00010001 sums to 1·10 + 1·2 = 12,
        // 12 mod 11 = 1, 11 - 1 = 10 → 'X'; 00000001 sums to 2, 11 - 2 = 9.
        Assert.Equal('0', CreditCode.ComputeOrgCodeCheckChar("00000000"));
        Assert.Equal('X', CreditCode.ComputeOrgCodeCheckChar("00010001"));
        Assert.Equal('9', CreditCode.ComputeOrgCodeCheckChar("00000001"));
    }

    [Fact]
    public void Compose_builds_a_valid_code_and_appends_the_organization_check()
    {
        Assert.Equal("91350100M000100Y43", CreditCode.Compose('9', '1', "350100", "M000100Y"));
        Assert.Equal("91350100M000100Y43", CreditCode.Compose('9', '1', "350100", "M000100Y4"));
        Assert.Equal("91110000101623741K", CreditCode.Compose('9', '1', "110000", "10162374"));

        var withX = CreditCode.Compose('5', '2', "440305", "00010001");
        Assert.Equal("X", withX[16..17]);
        Assert.True(CreditCode.Validate(withX).IsValid);
    }

    [Fact]
    public void Compose_refuses_parts_that_cannot_make_a_valid_code()
    {
        Assert.Throws<ArgumentException>(() => CreditCode.Compose('9', '9', "350100", "M000100Y"));
        Assert.Throws<ArgumentException>(() => CreditCode.Compose('9', '1', "990100", "M000100Y"));
        Assert.Throws<ArgumentException>(() => CreditCode.Compose('9', '1', "350100", "M000100Y5"));
        Assert.Throws<ArgumentException>(() => CreditCode.Compose('9', '1', "350100", "M000I00Y"));
        Assert.Throws<ArgumentException>(() => CreditCode.Compose('9', '1', "350100", "M000"));
    }

    [Fact]
    public void Random_composed_codes_validate()
    {
        var random = new Random(32100);
        for (var i = 0; i < 200; i++)
        {
            var body = new string(Enumerable.Range(0, 8).Select(_ => CreditCode.Charset[random.Next(CreditCode.Charset.Length)]).ToArray());
            var code = CreditCode.Compose('9', '1', "320106", body);

            Assert.Equal(CheckResult.Ok, CreditCode.Validate(code));
        }
    }

    // Appends the GB 11714 check to an 8-character body, then the GB 32100 check.
    private static string WithChecks(string first16)
    {
        var first17 = first16 + CreditCode.ComputeOrgCodeCheckChar(first16[8..16]);
        return first17 + CreditCode.ComputeCheckChar(first17);
    }
}
