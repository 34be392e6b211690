using SmartGov.Hub.Modules.Applications;

namespace SmartGov.Applications.Files.Tests;

/// <summary>What an applicant sees when choosing a file: accepted by what it is, refused (naming the field, in both languages) otherwise.</summary>
public sealed class UploadInspectorTests
{
    private static UploadInspection Inspect(string name, byte[] bytes) => UploadInspector.Inspect("file", name, new MemoryStream(bytes));

    public static TheoryData<string, string, string> Accepted() => new()
    {
        { "营业执照.pdf", "pdf", "application/pdf" },
        { "photo.JPG", "jpeg", "image/jpeg" },
        { "photo.jpeg", "jpeg", "image/jpeg" },
        { "seal.png", "png", "image/png" },
        { "证明.ofd", "ofd", "application/ofd" },
        { "申请表.docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "清单.xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    };

    private static byte[] BytesOf(string kind) => kind switch
    {
        "pdf" => Samples.Pdf(),
        "jpeg" => Samples.Jpeg,
        "png" => Samples.Png,
        "ofd" => Samples.Ofd(),
        "docx" => Samples.Docx(),
        "xlsx" => Samples.Xlsx(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Real_files_of_each_allowed_kind_are_accepted(string name, string kind, string contentType)
    {
        var result = Inspect(name, BytesOf(kind));
        Assert.True(result.Accepted, string.Join("; ", result.Errors.Select(e => e.MessageEn)));
        Assert.Equal(kind, result.Kind!.Code);
        Assert.Equal(contentType, result.Kind.ContentType);
    }

    [Theory]
    [InlineData("exe")]
    [InlineData("html")]
    public void A_pdf_that_is_really_an_executable_or_a_web_page_is_refused(string what)
    {
        var result = Inspect("合同.pdf", what == "exe" ? Samples.Exe : Samples.Html);
        var error = Assert.Single(result.Errors);
        Assert.False(result.Accepted);
        Assert.Equal("file", error.Field);
        Assert.Equal("file.content", error.Code);
        Assert.Contains("合同.pdf", error.MessageZh, StringComparison.Ordinal);
        Assert.Contains("PDF", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extension_that_disagrees_with_the_content_is_refused_and_the_right_one_named()
    {
        var error = Assert.Single(Inspect("scan.pdf", Samples.Png).Errors);
        Assert.Equal("file.extension-mismatch", error.Code);
        Assert.Contains(".png", error.MessageZh, StringComparison.Ordinal);
        Assert.Contains(".png", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var error = Assert.Single(Inspect("empty.pdf", []).Errors);
        Assert.Equal("file.empty", error.Code);
        Assert.Contains("空文件", error.MessageZh, StringComparison.Ordinal);
        Assert.Contains("empty", error.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("setup.exe")]
    [InlineData("page.html")]
    [InlineData("old.doc")]
    [InlineData("noextension")]
    public void Types_outside_the_allowlist_are_refused_by_name_even_with_valid_content(string name)
    {
        var error = Assert.Single(Inspect(name, Samples.Pdf()).Errors);
        Assert.Equal("file.type", error.Code);
        Assert.Contains("PDF", error.MessageZh, StringComparison.Ordinal);
        Assert.Contains("not accepted", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void A_macro_enabled_document_renamed_to_docx_is_refused()
    {
        Assert.Equal("file.content", Assert.Single(Inspect("申请表.docx", Samples.Docm()).Errors).Code);
    }

    [Fact]
    public void A_zip_that_is_neither_ofd_nor_office_is_refused()
    {
        Assert.Equal("file.content", Assert.Single(Inspect("证明.ofd", Samples.Zip(("evil.exe", "MZ"))).Errors).Code);
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\Users\\me\\扫描件.pdf", "扫描件.pdf")]
    [InlineData("a\u0000b\".pdf", "a_b_.pdf")]
    [InlineData("..pdf", "pdf.pdf")]
    [InlineData("report.PDF", "report.PDF")]
    public void Stored_file_names_keep_only_a_safe_last_segment(string given, string stored)
    {
        Assert.Equal(stored, UploadInspector.SanitizeFileName(given, UploadInspector.Pdf));
    }

    [Fact]
    public void The_size_refusal_states_the_limit_in_both_languages()
    {
        var error = UploadInspector.TooLarge("file", "big.pdf", 10 * 1024 * 1024);
        Assert.Contains("10 MB", error.MessageZh, StringComparison.Ordinal);
        Assert.Contains("10 MB", error.MessageEn, StringComparison.Ordinal);
    }
}
