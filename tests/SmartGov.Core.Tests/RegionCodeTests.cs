namespace SmartGov.Core.Tests;

public class RegionCodeTests
{
    [Theory]
    [InlineData("110000", RegionLevel.Province)] // 北京市
    [InlineData("110100", RegionLevel.City)] // 北京市市辖区
    [InlineData("110105", RegionLevel.County)] // 朝阳区
    [InlineData("440305", RegionLevel.County)] // 深圳市南山区
    [InlineData("429004", RegionLevel.County)] // 仙桃市, a county-level city governed by the province
    [InlineData("110105001000", RegionLevel.Township)] // a street of 朝阳区
    [InlineData("110105001001", RegionLevel.Village)] // a community in it
    [InlineData("110105000000", RegionLevel.County)] // statistical 12-digit form of a county
    [InlineData("110000000000", RegionLevel.Province)]
    public void Knows_the_level(string code, RegionLevel level)
    {
        Assert.Equal(CheckResult.Ok, RegionCode.Validate(code));
        Assert.Equal(level, RegionCode.Level(code));
    }

    [Theory]
    [InlineData("110105001001", "110105001000")]
    [InlineData("110105001000", "110105")]
    [InlineData("110105", "110100")]
    [InlineData("110100", "110000")]
    [InlineData("429004", "429000")]
    [InlineData("110105000000", "110100")]
    public void Knows_the_parent(string code, string parent)
    {
        Assert.Equal(parent, RegionCode.Parent(code));
    }

    [Fact]
    public void A_province_has_no_parent()
    {
        Assert.Null(RegionCode.Parent("440000"));
    }

    [Theory]
    [InlineData("110105001001", "110000", true)]
    [InlineData("110105001001", "110105", true)]
    [InlineData("110105001001", "110105001000", true)]
    [InlineData("110105", "110105", true)] // a division is within itself
    [InlineData("110105", "110105000000", true)]
    [InlineData("110105", "120000", false)]
    [InlineData("110105", "110106", false)]
    [InlineData("110000", "110105", false)] // a parent is not within its child
    [InlineData("110105", "not-a-code", false)]
    public void Knows_what_lies_within_what(string code, string ancestor, bool within)
    {
        Assert.Equal(within, RegionCode.IsWithin(code, ancestor));
    }

    [Theory]
    [InlineData(null, "region.required")]
    [InlineData(" ", "region.required")]
    [InlineData("1101", "region.format")]
    [InlineData("1101050", "region.format")]
    [InlineData("11010A", "region.format")]
    [InlineData("110105000001", "region.format")] // a village under no township
    [InlineData("990000", "region.province")]
    [InlineData("000000", "region.province")]
    public void Reports_each_problem_with_its_own_code(string? value, string code)
    {
        var result = RegionCode.Validate(value);

        Assert.False(result.IsValid);
        Assert.Equal(code, result.Code);
        Assert.False(string.IsNullOrEmpty(result.MessageZh));
        Assert.False(string.IsNullOrEmpty(result.MessageEn));
    }

    [Theory]
    [InlineData("710000")] // 台湾省
    [InlineData("810000")] // 香港特别行政区
    [InlineData("820000")] // 澳门特别行政区
    [InlineData("650000")] // 新疆维吾尔自治区
    public void Accepts_every_kind_of_province(string code)
    {
        Assert.True(RegionCode.Validate(code).IsValid);
    }

    [Fact]
    public void Level_and_parent_refuse_invalid_codes()
    {
        var error = Assert.Throws<ArgumentException>(() => RegionCode.Level("990000"));
        Assert.Contains("province", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RegionCode.Parent("1101"));
    }
}
