namespace SmartGov.Core.Tests;

public class IdNumberTests
{
    private static readonly DateOnly Today = new(2024, 6, 1);

    // The example printed in GB 11643-1999 itself.
    private const string StandardExample = "11010519491231002X";

    // A number whose check character was worked out by hand:
    // 4·7+4·9+0·10+3·5+0·8+8·4+1·2+9·1+9·6+0·3+0·7+1·9+0·10+1·5+1·8+2·4+3·2 = 212, 212 mod 11 = 3 → '9'.
    private const string HandComputed = "440308199001011239";

    [Theory]
    [InlineData(StandardExample)]
    [InlineData(HandComputed)]
    public void Accepts_valid_numbers(string value)
    {
        Assert.Equal(CheckResult.Ok, IdNumber.Validate(value, Today));
    }

    [Theory]
    [InlineData("810000")] // Hong Kong residents' residence permit
    [InlineData("820000")] // Macao
    [InlineData("830000")] // Taiwan
    public void Accepts_residence_permit_numbers_of_Hong_Kong_Macao_and_Taiwan_residents(string region)
    {
        Assert.True(IdNumber.Validate(WithCheck(region + "19900101123"), Today).IsValid);
    }

    [Fact]
    public void Standard_example_is_valid_against_the_real_clock()
    {
        Assert.True(IdNumber.Validate(StandardExample).IsValid);
    }

    [Theory]
    [InlineData("11010519491231002x")]
    [InlineData(" 110105 19491231 002x ")]
    [InlineData("１１０１０５１９４９１２３１００２Ｘ")] // full-width, as some Chinese input methods type it
    public void Lowercase_spaced_and_full_width_input_is_accepted_and_normalised(string value)
    {
        Assert.True(IdNumber.Validate(value, Today).IsValid);
        Assert.Equal(StandardExample, IdNumber.Normalize(value));
    }

    [Theory]
    [InlineData(null, "id.required")]
    [InlineData("", "id.required")]
    [InlineData("   ", "id.required")]
    [InlineData("11010519491231002", "id.length")]
    [InlineData("110105194912310021X", "id.length")]
    [InlineData("110105194912310", "id.length")] // a first-generation 15-digit number
    [InlineData("1101051949123100XX", "id.format")]
    [InlineData("11010519491231002Y", "id.format")]
    [InlineData("A1010519491231002X", "id.format")]
    [InlineData("110105194912310021", "id.checksum")]
    [InlineData("11010519491231003X", "id.checksum")]
    public void Reports_each_problem_with_its_own_code(string? value, string code)
    {
        var result = IdNumber.Validate(value, Today);

        Assert.False(result.IsValid);
        Assert.Equal(code, result.Code);
    }

    [Fact]
    public void A_wrong_check_character_gets_the_bilingual_message()
    {
        var result = IdNumber.Validate("110105194912310021", Today);

        Assert.Equal("身份证号校验位不正确，请核对后重新输入", result.MessageZh);
        Assert.Equal("The ID number's check character is wrong; please check it and try again.", result.MessageEn);
    }

    [Theory]
    [InlineData("99010519900101123")] // no province 99
    [InlineData("10010519900101123")] // no province 10
    [InlineData("11000019900101123")] // province level, not a county
    [InlineData("83010519900101123")] // 83 is only used as 830000
    public void Rejects_region_codes_that_do_not_exist(string first17)
    {
        var result = IdNumber.Validate(WithCheck(first17), Today);

        Assert.Equal("id.region", result.Code);
    }

    [Theory]
    [InlineData("11010519490230123")] // 30 February
    [InlineData("11010519491301123")] // month 13
    [InlineData("11010519000229123")] // 1900 was not a leap year
    [InlineData("11010518991231123")] // before 1900
    [InlineData("11010520240602123")] // tomorrow
    public void Rejects_birth_dates_that_are_not_real_or_not_yet(string first17)
    {
        var result = IdNumber.Validate(WithCheck(first17), Today);

        Assert.Equal("id.birthdate", result.Code);
        Assert.Contains("出生日期", result.MessageZh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11010520000229123")] // leap day
    [InlineData("11010520240601123")] // born today
    [InlineData("11010519000101123")] // the earliest date accepted
    public void Accepts_edge_birth_dates(string first17)
    {
        Assert.True(IdNumber.Validate(WithCheck(first17), Today).IsValid);
    }

    [Fact]
    public void Computes_the_check_character()
    {
        Assert.Equal('X', IdNumber.ComputeCheckChar("11010519491231002"));
        Assert.Equal('9', IdNumber.ComputeCheckChar("44030819900101123"));
        Assert.Throws<ArgumentException>(() => IdNumber.ComputeCheckChar("1101051949123100"));
        Assert.Throws<ArgumentException>(() => IdNumber.ComputeCheckChar("1101051949123100A"));
    }

    [Fact]
    public void Reads_birth_date_and_sex()
    {
        Assert.Equal(new DateOnly(1949, 12, 31), IdNumber.BirthDate(StandardExample));
        Assert.False(IdNumber.IsMale(StandardExample)); // sequence 002: even, a woman
        Assert.True(IdNumber.IsMale(HandComputed)); // sequence 123: odd, a man
        Assert.Throws<ArgumentException>(() => IdNumber.BirthDate("110105"));
    }

    [Fact]
    public void Compose_rebuilds_the_standard_example()
    {
        Assert.Equal(StandardExample, IdNumber.Compose("110105", new DateOnly(1949, 12, 31), 2, male: false));
    }

    [Fact]
    public void Compose_adjusts_the_sequence_to_the_sex()
    {
        // 002 becomes 003 for a man; 169 mod 11 = 4 → '8', worked out by hand.
        Assert.Equal("110105194912310038", IdNumber.Compose("110105", new DateOnly(1949, 12, 31), 2, male: true));
        Assert.Equal("998", IdNumber.Compose("110105", new DateOnly(1949, 12, 31), 999, male: false)[14..17]);
        Assert.Equal("001", IdNumber.Compose("110105", new DateOnly(1949, 12, 31), 0, male: true)[14..17]);
    }

    [Fact]
    public void Composed_numbers_validate_and_read_back()
    {
        var random = new Random(11643);
        for (var i = 0; i < 200; i++)
        {
            var birth = new DateOnly(1900, 1, 1).AddDays(random.Next(45_000));
            var male = random.Next(2) == 0;
            var id = IdNumber.Compose("320106", birth, random.Next(1000), male);

            Assert.Equal(CheckResult.Ok, IdNumber.Validate(id, new DateOnly(2030, 1, 1)));
            Assert.Equal(birth, IdNumber.BirthDate(id));
            Assert.Equal(male, IdNumber.IsMale(id));
        }
    }

    [Fact]
    public void Compose_refuses_parts_that_cannot_make_a_valid_number()
    {
        var birth = new DateOnly(1990, 1, 1);
        Assert.Throws<ArgumentException>(() => IdNumber.Compose("990105", birth, 1, true));
        Assert.Throws<ArgumentException>(() => IdNumber.Compose("11010", birth, 1, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => IdNumber.Compose("110105", birth, 1000, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => IdNumber.Compose("110105", birth, -1, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => IdNumber.Compose("110105", new DateOnly(1899, 12, 31), 1, true));
    }

    [Fact]
    public void Mask_shows_only_the_region_and_the_last_four()
    {
        Assert.Equal("110105********002X", IdNumber.Mask("11010519491231002x"));
        Assert.Equal("*****", IdNumber.Mask("12345")); // malformed: nothing leaks
    }

    private static string WithCheck(string first17) => first17 + IdNumber.ComputeCheckChar(first17);
}
