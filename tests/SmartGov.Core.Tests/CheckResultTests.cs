namespace SmartGov.Core.Tests;

public class CheckResultTests
{
    [Fact]
    public void Ok_is_valid_and_carries_no_message()
    {
        Assert.True(CheckResult.Ok.IsValid);
        Assert.Null(CheckResult.Ok.Code);
        Assert.Null(CheckResult.Ok.MessageZh);
        Assert.Null(CheckResult.Ok.MessageEn);
    }

    [Fact]
    public void A_failure_becomes_a_field_error_with_both_languages()
    {
        var error = IdNumber.Validate("").ToFieldError("idNumber");

        Assert.Equal(new FieldError("idNumber", "id.required", "请输入身份证号", "Please enter the ID number."), error);
    }

    [Fact]
    public void A_valid_result_cannot_be_reported_as_an_error()
    {
        Assert.Throws<InvalidOperationException>(() => CheckResult.Ok.ToFieldError("idNumber"));
        Assert.Throws<InvalidOperationException>(() => default(CheckResult).ToFieldError("idNumber"));
    }

    [Fact]
    public void Fail_keeps_the_code_and_messages()
    {
        var result = CheckResult.Fail("x.code", "中文", "English");

        Assert.False(result.IsValid);
        Assert.Equal(("x.code", "中文", "English"), (result.Code, result.MessageZh, result.MessageEn));
    }
}
