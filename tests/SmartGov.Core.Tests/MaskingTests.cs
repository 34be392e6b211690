namespace SmartGov.Core.Tests;

public class MaskingTests
{
    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("王建国", "王**")]
    [InlineData("欧阳娜娜", "欧阳**")]
    [InlineData("司马相如", "司马**")]
    [InlineData("买买提·艾力", "买买****")]
    [InlineData(" 李四 ", "李*")]
    [InlineData("张", "*")]
    [InlineData("", "")]
    [InlineData("𠮷田", "𠮷*")] // a character outside the BMP counts as one
    public void Name_keeps_only_the_surname_part(string name, string masked)
    {
        Assert.Equal(masked, Masking.Name(name));
    }

    [Theory]
    [InlineData("zhangsan@example.com", "z***@example.com")]
    [InlineData("a@gov.cn", "a***@gov.cn")]
    [InlineData(" li.si@mail.gov.cn ", "l***@mail.gov.cn")]
    [InlineData("not-an-email", "************")]
    [InlineData("@example.com", "************")]
    [InlineData("zhangsan@", "*********")]
    public void Email_keeps_the_first_letter_and_the_domain(string email, string masked)
    {
        Assert.Equal(masked, Masking.Email(email));
    }
}
