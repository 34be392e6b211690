using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SmartGov.Hub.Modules.Applications;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Files.Tests;

/// <summary>Anyone can verify a result document on /results/verify or through the API, in Chinese or English, without signing in.</summary>
public sealed class ResultVerifyTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private byte[] Issue() => factory.Services.GetRequiredService<ResultSigner>().Sign(ResultFileTests.Sample()).FileBytes;

    private static byte[] Tamper(byte[] file)
    {
        var json = JsonNode.Parse(file)!;
        json["document"]!["decision"] = "approved";
        json["document"]!["applicantName"] = "李*四";
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private async Task<string> PostFileAsync(byte[] file, string culture)
    {
        using var browser = factory.CreateBrowser();
        var token = await browser.AntiforgeryTokenAsync("/results/verify");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "file", "3301022026112900001.sgr.json" },
        };
        var response = await browser.PostAsync($"/results/verify?culture={culture}", form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        return WebUtility.HtmlDecode(html);
    }

    [Fact]
    public async Task An_issued_file_is_valid_on_the_public_page_in_both_languages()
    {
        var file = Issue();
        var zh = await PostFileAsync(file, "zh-CN");
        Assert.Contains("data-valid=\"true\"", zh, StringComparison.Ordinal);
        Assert.Contains("验证通过", zh, StringComparison.Ordinal);
        Assert.Contains("食品经营许可", zh, StringComparison.Ordinal);
        Assert.Contains("张*华", zh, StringComparison.Ordinal);
        Assert.Contains("3301022026112900001", zh, StringComparison.Ordinal);
        Assert.Contains("准予办理", zh, StringComparison.Ordinal);

        var en = await PostFileAsync(file, "en-US");
        Assert.Contains("data-valid=\"true\"", en, StringComparison.Ordinal);
        Assert.Contains("The signature is valid", en, StringComparison.Ordinal);
        Assert.Contains("Approved", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_file_is_invalid_on_the_public_page_in_both_languages()
    {
        var file = Tamper(Issue());
        var zh = await PostFileAsync(file, "zh-CN");
        Assert.Contains("data-valid=\"false\"", zh, StringComparison.Ordinal);
        Assert.Contains("验证未通过", zh, StringComparison.Ordinal);
        Assert.Contains("已被改动", zh, StringComparison.Ordinal);

        var en = await PostFileAsync(file, "en-US");
        Assert.Contains("data-valid=\"false\"", en, StringComparison.Ordinal);
        Assert.Contains("Not valid", en, StringComparison.Ordinal);
        Assert.Contains("altered", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pasting_the_text_works_too_and_an_empty_form_names_the_field()
    {
        using var browser = factory.CreateBrowser();
        var pasted = await browser.SubmitFormAsync("/results/verify", [new("Text", Encoding.UTF8.GetString(Issue()))]);
        Assert.Contains("data-valid=\"true\"", await pasted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var empty = await browser.SubmitFormAsync("/results/verify", [new("Text", "")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("sgr.json", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_verifies_and_publishes_the_public_key_without_sign_in()
    {
        using var api = factory.CreateApiClient();
        var file = Issue();
        var valid = await (await api.PostAsync("/api/v1/results/verify", new ByteArrayContent(file))).ReadJsonAsync();
        Assert.True(valid.GetProperty("valid").GetBoolean());
        Assert.Equal("valid", valid.Str("reason"));
        Assert.Equal("3301022026112900001", valid.GetProperty("document").Str("applicationNumber"));
        Assert.Equal("approved", valid.GetProperty("document").Str("decision"));

        var invalid = await (await api.PostAsync("/api/v1/results/verify", new ByteArrayContent(Tamper(file)))).ReadJsonAsync();
        Assert.False(invalid.GetProperty("valid").GetBoolean());
        Assert.Equal(ResultReasons.SignatureMismatch, invalid.Str("reason"));
        Assert.Contains("改动", invalid.Str("messageZh"), StringComparison.Ordinal);

        var keyResponse = await api.GetAsync("/api/v1/results/public-key");
        Assert.Equal(HttpStatusCode.OK, keyResponse.StatusCode);
        var pem = await keyResponse.Content.ReadAsStringAsync();
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
        // Offline: the published key alone verifies the file.
        Assert.True(ResultFile.Verify(file, SmartGov.Crypto.CryptoProfiles.Gm.ImportVerificationKey(pem)).Valid);
    }
}
