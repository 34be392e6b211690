using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using SmartGov.Core;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Pages.Applications;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Applications.Portal.Tests.PortalPages;

namespace SmartGov.Applications.Portal.Tests;

/// <summary>
/// The pages after submission: the receipt with its QR code, my applications and the detail (history, supplement,
/// withdrawal), public tracking without names, and who may see what.
/// </summary>
public sealed class ApplicationPagesTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    private static string Last4 => DemoCitySeeder.DemoCitizen.IdNumber[^4..];

    [Fact]
    public async Task The_receipt_shows_the_number_and_a_QR_code_of_the_public_tracking_address()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var number = await citizen.ApplyForResidencePermitAsync();

        var raw = await (await citizen.GetAsync($"/applications/{number}/receipt")).Content.ReadAsStringAsync();
        var html = WebUtility.HtmlDecode(raw);
        var receipt = html[html.IndexOf("<article class=\"receipt\"", StringComparison.Ordinal)..html.IndexOf("</article>", StringComparison.Ordinal)];
        Assert.Contains("受理回执", html, StringComparison.Ordinal);
        Assert.Contains(number, html, StringComparison.Ordinal);
        Assert.Contains("居住证办理", html, StringComparison.Ordinal);
        Assert.Contains("示范市公安局", html, StringComparison.Ordinal);
        // The applicant is masked: not the full name, not the full ID number.
        Assert.DoesNotContain(DemoCitySeeder.DemoCitizen.IdNumber, html, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoCitySeeder.DemoCitizen.Name, receipt, StringComparison.Ordinal);
        Assert.Contains(Masking.Name(DemoCitySeeder.DemoCitizen.Name), receipt, StringComparison.Ordinal);
        Assert.Contains(DemoCitySeeder.DemoCitizen.IdNumber[^4..], receipt, StringComparison.Ordinal);
        Assert.Contains("photo.pdf", html, StringComparison.Ordinal);
        // The QR code is an image of exactly the tracking address, which is also written out as a link.
        var trackingPath = $"/track?number={number}";
        Assert.Contains($"href=\"{trackingPath}\"", html, StringComparison.Ordinal);
        var expectedQr = ReceiptModel.QrSvgDataUri("http://localhost" + trackingPath);
        Assert.Contains($"<img src=\"{expectedQr}\"", html, StringComparison.Ordinal);
        // Printing drops the site's navigation: the site's style sheet hides it in print.
        Assert.Contains("/css/site.css", html, StringComparison.Ordinal);
        var css = await citizen.GetAsync("/css/site.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        var cssText = await css.Content.ReadAsStringAsync();
        Assert.Matches(@"@media print \{\s*\.site-header, \.site-nav, \.site-footer", cssText);
    }

    [Fact]
    public async Task My_applications_list_the_status_and_the_detail_shows_status_due_date_materials_with_SM3_and_history()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var number = await citizen.ApplyForResidencePermitAsync();
        var view = await (await citizen.GetAsync($"/api/v1/applications/by-number/{number}")).Content.ReadFromJsonAsync<JsonElement>();
        var id = view.GetProperty("id").GetGuid();

        var list = await citizen.HtmlAsync("/applications");
        Assert.Contains($"<a href=\"/applications/{number}\">{number}</a>", list, StringComparison.Ordinal);
        Assert.Contains("待受理", list, StringComparison.Ordinal);

        // The officer accepts: the clock starts, so the detail shows a due date with a light in words and colour.
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        var accepted = await officer.PostAsJsonAsync($"/api/v1/applications/{id}/actions", new { action = "Accept", comment = "材料齐全" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var due = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dueOn").GetString()!;

        var detail = await citizen.HtmlAsync($"/applications/{number}");
        Assert.Contains("审查中", detail, StringComparison.Ordinal);
        Assert.Contains(due, detail, StringComparison.Ordinal);
        Assert.Matches("class=\"sup-light sup-light--(green|yellow)\" data-testid=\"light\">(绿灯：正常|黄灯：即将到期)", detail);
        var sm3 = view.GetProperty("materials").EnumerateArray().First().GetProperty("sm3").GetString()!;
        Assert.Contains(sm3, detail, StringComparison.Ordinal);
        // The history: each step with its department and outcome; officers' names are hidden by the default policy.
        Assert.Contains("提交", detail, StringComparison.Ordinal);
        Assert.Contains("受理", detail, StringComparison.Ordinal);
        Assert.Contains("示范市公安局", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("gaj.officer", detail, StringComparison.Ordinal);
        Assert.Contains("<section id=\"rating\">", detail, StringComparison.Ordinal);

        var en = await citizen.HtmlAsync($"/applications/{number}?culture=en-US");
        Assert.Matches("Green: on time|Yellow: due soon", en);
        Assert.Contains("History", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_supplement_notice_lists_everything_missing_and_the_upload_form_supplies_it()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var number = await citizen.ApplyForResidencePermitAsync();
        var id = (await (await citizen.GetAsync($"/api/v1/applications/by-number/{number}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var officer = await factory.SignedInStaffAsync("gaj.officer");
        var asked = await officer.PostAsJsonAsync($"/api/v1/applications/{id}/actions",
            new { action = "RequestSupplement", missing = new[] { "租赁备案证明", "社保缴纳证明" }, comment = "请一并补交" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);

        var raw = await (await citizen.GetAsync($"/applications/{number}")).Content.ReadAsStringAsync();
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains("补正告知", html, StringComparison.Ordinal);
        Assert.Contains("<li>租赁备案证明</li>", html, StringComparison.Ordinal);
        Assert.Contains("<li>社保缴纳证明</li>", html, StringComparison.Ordinal);
        var inputs = System.Text.RegularExpressions.Regex.Matches(raw, "type=\"file\" id=\"(supply\\.[0-9a-f]{32})\" name=\"(file\\.[0-9a-f]{32})\"");
        Assert.Equal(2, inputs.Count);

        // Sending only one of the two is refused on the other one, and the one sent is kept for the next try.
        var token = HubClient.ExtractToken(raw)!;
        using (var partial = new MultipartFormDataContent())
        {
            partial.Add(new StringContent(token), "__RequestVerificationToken");
            partial.Add(File(Pdf), inputs[0].Groups[2].Value, "first.pdf");
            var refused = await citizen.PostAsync($"/applications/{number}?handler=supplement", partial);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var again = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.Contains("仍缺少材料", again, StringComparison.Ordinal);
            Assert.Contains("已上传：first.pdf", again, StringComparison.Ordinal);
        }
        using (var both = new MultipartFormDataContent())
        {
            both.Add(new StringContent(token), "__RequestVerificationToken");
            both.Add(File(Pdf), inputs[0].Groups[2].Value, "first.pdf");
            both.Add(File(Pdf), inputs[1].Groups[2].Value, "second.pdf");
            var supplied = await citizen.PostAsync($"/applications/{number}?handler=supplement", both);
            Assert.True(SmartGovFactory.IsRedirect(supplied), $"Supplying answered {(int)supplied.StatusCode}: {await supplied.Content.ReadAsStringAsync()}");
        }
        var after = await citizen.HtmlAsync($"/applications/{number}?done=supplied");
        Assert.Contains("补正材料已提交", after, StringComparison.Ordinal);
        Assert.DoesNotContain("补正告知", after, StringComparison.Ordinal);
        Assert.Contains("second.pdf", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_applicant_withdraws_with_the_button_and_the_status_says_so()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var number = await citizen.ApplyForResidencePermitAsync();
        var response = await citizen.SubmitFormAsync($"/applications/{number}", [new("comment", "不再需要")], $"/applications/{number}?handler=withdraw");
        Assert.True(SmartGovFactory.IsRedirect(response), $"Withdrawing answered {(int)response.StatusCode}.");
        var detail = await citizen.HtmlAsync($"/applications/{number}");
        Assert.Contains("已撤回", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"withdraw-form\"", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_tracking_shows_status_and_history_without_names_and_a_wrong_pair_looks_like_an_unknown_number()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var number = await citizen.ApplyForResidencePermitAsync();
        using var anonymous = factory.CreateBrowser();

        // From the QR code: the number is filled in, the four characters are asked for.
        var fromQr = await anonymous.HtmlAsync($"/track?number={number}");
        Assert.Contains($"value=\"{number}\"", fromQr, StringComparison.Ordinal);
        Assert.Contains("<form method=\"get\" action=\"/track\"", fromQr, StringComparison.Ordinal);

        var found = await anonymous.HtmlAsync($"/track?number={number}&check={Last4}");
        Assert.Contains("待受理", found, StringComparison.Ordinal);
        Assert.Contains("居住证办理", found, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"history\"", found, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoCitySeeder.DemoCitizen.Name, found, StringComparison.Ordinal);
        Assert.DoesNotContain(Masking.Name(DemoCitySeeder.DemoCitizen.Name), found, StringComparison.Ordinal);

        var wrongCheck = Last4 == "0000" ? "1111" : "0000";
        var wrong = await anonymous.GetAsync($"/track?number={number}&check={wrongCheck}");
        var unknown = await anonymous.GetAsync($"/track?number=3718002099010101999999&check={Last4}");
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var wrongHtml = WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync());
        var unknownHtml = WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync());
        Assert.Contains("未找到办件", wrongHtml, StringComparison.Ordinal);
        Assert.Equal(NotFoundBlock(unknownHtml), NotFoundBlock(wrongHtml));
        Assert.DoesNotContain("居住证办理", wrongHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_citizen_gets_404_on_someone_elses_application_receipt_and_cannot_list_it()
    {
        using var owner = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var number = await owner.ApplyForResidencePermitAsync();
        using var other = await factory.NewCitizenAsync(1);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/applications/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/applications/{number}/receipt")).StatusCode);
        var list = await other.HtmlAsync("/applications");
        Assert.DoesNotContain(number, list, StringComparison.Ordinal);
        // Withdrawing someone else's application by posting the form is a 404 too, and changes nothing.
        var token = await other.AntiforgeryTokenAsync("/track");
        var post = await other.PostFormAsync($"/applications/{number}?handler=withdraw", [new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Contains("待受理", await owner.HtmlAsync($"/applications/{number}"), StringComparison.Ordinal);
        // Signed out, the pages ask for sign-in.
        using var anonymous = factory.CreateBrowser();
        var redirect = await anonymous.GetAsync($"/applications/{number}");
        Assert.True(SmartGovFactory.IsRedirect(redirect));
        Assert.Contains("/account/login", redirect.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static ByteArrayContent File(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }

    private static string NotFoundBlock(string html)
    {
        var start = html.IndexOf("data-testid=\"not-found\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "No not-found message on the page.");
        return html[start..html.IndexOf("</p>", start, StringComparison.Ordinal)];
    }
}

/// <summary>The hub with a small tracking budget, so the test reaches it quickly.</summary>
public sealed class TrackingLimitFactory : SmartGovFactory
{
    public const int Permit = 5;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Web:TrackingPermitPerMinute", Permit.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class TrackingRateLimitTests(TrackingLimitFactory factory) : IClassFixture<TrackingLimitFactory>
{
    [Fact]
    public async Task Guessing_on_the_tracking_page_is_cut_off_with_429_after_the_budget()
    {
        using var anonymous = factory.CreateBrowser();
        for (var i = 0; i < TrackingLimitFactory.Permit; i++)
        {
            var guess = await anonymous.GetAsync($"/track?number=3718002026010101{i:000000}&check=1234");
            Assert.Equal(HttpStatusCode.NotFound, guess.StatusCode);
        }
        var cut = await anonymous.GetAsync("/track?number=371800202601010100099&check=1234");
        Assert.Equal(HttpStatusCode.TooManyRequests, cut.StatusCode);
        Assert.Equal("60", cut.Headers.RetryAfter?.ToString());
    }
}
