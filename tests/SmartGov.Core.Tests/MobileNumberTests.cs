namespace SmartGov.Core.Tests;

public class MobileNumberTests
{
    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData("138 1234 5678", "13812345678")]
    [InlineData("138-1234-5678", "13812345678")]
    [InlineData("+86 138 1234 5678", "13812345678")]
    [InlineData("+86-13812345678", "13812345678")]
    [InlineData("008613812345678", "13812345678")]
    [InlineData("8613812345678", "13812345678")]
    [InlineData("１３８１２３４５６７８", "13812345678")]
    [InlineData("19912345678", "19912345678")]
    public void Accepts_common_ways_of_writing_a_number(string value, string normalized)
    {
        Assert.Equal(CheckResult.Ok, MobileNumber.Validate(value));
        Assert.Equal(normalized, MobileNumber.Normalize(value));
    }

    [Theory]
    [InlineData(null, "mobile.required")]
    [InlineData("", "mobile.required")]
    [InlineData("12812345678", "mobile.format")] // second digit must be 3-9
    [InlineData("1381234567", "mobile.format")]
    [InlineData("138123456789", "mobile.format")]
    [InlineData("23812345678", "mobile.format")]
    [InlineData("010-12345678", "mobile.format")] // a landline
    [InlineData("+85291234567", "mobile.format")] // a Hong Kong number
    [InlineData("1381234567a", "mobile.format")]
    public void Reports_each_problem_with_its_own_code(string? value, string code)
    {
        var result = MobileNumber.Validate(value);

        Assert.False(result.IsValid);
        Assert.Equal(code, result.Code);
    }

    [Fact]
    public void Format_error_explains_in_both_languages()
    {
        var result = MobileNumber.Validate("12345");

        Assert.Contains("11位", result.MessageZh, StringComparison.Ordinal);
        Assert.Contains("11-digit", result.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("+86 138-1234-5678", "138****5678")]
    [InlineData("12345", "*****")] // malformed: nothing leaks
    public void Mask_hides_the_middle_four_digits(string value, string masked)
    {
        Assert.Equal(masked, MobileNumber.Mask(value));
    }
}
