using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;
using static SmartGov.Applications.Portal.Tests.PortalPages;

namespace SmartGov.Applications.Portal.Tests;

/// <summary>
/// /services/{code}/apply as a citizen meets it, with plain HTML forms (no JavaScript): the item's typed fields in both
/// languages, field errors that keep what was typed and uploaded, a refused upload that loses nothing, drafts, and a
/// form token that makes a double submit one application.
/// </summary>
public sealed class ApplyPageTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task The_apply_page_shows_the_items_typed_fields_and_materials_in_Chinese_and_in_English()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);

        var code = await citizen.CodeAsync(ResidencePermit);
        var zh = await citizen.HtmlAsync($"/services/{code}/apply");
        Assert.Contains("申请：居住证办理", zh, StringComparison.Ordinal);
        Assert.Contains("<label for=\"form.applicantName\">申请人姓名", zh, StringComparison.Ordinal);
        Assert.Contains("<label for=\"form.address\">居住地址", zh, StringComparison.Ordinal);
        Assert.Matches("<input id=\"form.mobile\" name=\"form.mobile\" type=\"tel\"", zh);
        // One file input per material the applicant brings, marked required or conditional, with its acceptance standard.
        Assert.Contains($"<label for=\"material.", zh, StringComparison.Ordinal);
        Assert.Contains(Photo, zh, StringComparison.Ordinal);
        Assert.Contains("受理标准：居住满半年", zh, StringComparison.Ordinal);
        Assert.Contains("情形必要", zh, StringComparison.Ordinal);
        Assert.Contains("适用情形：以就业为由申领的", zh, StringComparison.Ordinal);
        Assert.DoesNotContain("居民身份证</label>", zh, StringComparison.Ordinal); // fetched by sharing, not uploaded
        Assert.Contains("保存草稿", zh, StringComparison.Ordinal);
        Assert.Contains("提交申请", zh, StringComparison.Ordinal);
        // A plain form: multipart POST with anti-forgery, nothing that needs a script.
        Assert.Contains("<form method=\"post\" enctype=\"multipart/form-data\"", zh, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", zh, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", zh, StringComparison.OrdinalIgnoreCase);

        var en = await citizen.HtmlAsync($"/services/{code}/apply?culture=en-US");
        Assert.Contains("Apply: Residence permit", en, StringComparison.Ordinal);
        Assert.Contains("<label for=\"form.applicantName\">Applicant's name", en, StringComparison.Ordinal);
        Assert.Contains("<label for=\"form.address\">Address", en, StringComparison.Ordinal);
        Assert.Contains("Required in a situation", en, StringComparison.Ordinal);
        Assert.Contains("Save draft", en, StringComparison.Ordinal);

        // A date field is a date input.
        var birth = await citizen.HtmlAsync($"/services/{await citizen.CodeAsync(BirthRegistration)}/apply");
        Assert.Matches("<input id=\"form.birthDate\" name=\"form.birthDate\" type=\"date\"", birth);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_come_back_to_the_form()
    {
        using var anonymous = factory.CreateBrowser();
        var code = await anonymous.CodeAsync(ResidencePermit);
        var response = await anonymous.GetAsync($"/services/{code}/apply");
        Assert.True(SmartGovFactory.IsRedirect(response), $"Expected the sign-in redirect, got {(int)response.StatusCode}.");
        var location = response.Headers.Location!.OriginalString;
        Assert.Contains("/account/login", location, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString($"/services/{code}/apply"), location, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_missing_required_field_is_named_in_both_languages_and_what_was_typed_and_uploaded_is_kept()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var before = (await citizen.MyApplicationsAsync()).Count;
        var ids = await citizen.RequirementIdsAsync();
        var form = await citizen.OpenApplyFormAsync();
        var fields = CompleteForm(address: "");

        var response = await citizen.PostApplyAsync(form, fields, [(ids[Photo], "photo-a.pdf", Pdf), (ids[Contract], "contract-a.pdf", Pdf)]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var again = ReadForm(await response.Content.ReadAsStringAsync());
        var html = again.Html;
        Assert.Contains("请修改以下问题后重新提交", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#form.address\">", html, StringComparison.Ordinal);
        Assert.Contains("居住地址：请填写“居住地址”", html, StringComparison.Ordinal);
        Assert.Contains("Address: Address is required.", html, StringComparison.Ordinal);
        // The typed values are still in the form, and both uploads are listed as already uploaded.
        Assert.Contains($"value=\"{DemoCitySeeder.DemoCitizen.Mobile}\"", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{DemoCitySeeder.DemoCitizen.Name}\"", html, StringComparison.Ordinal);
        Assert.Contains("已上传：photo-a.pdf", html, StringComparison.Ordinal);
        Assert.Contains("已上传：contract-a.pdf", html, StringComparison.Ordinal);
        Assert.Equal(2, again.Hidden.Count);
        Assert.Equal(before, (await citizen.MyApplicationsAsync()).Count);

        // Filling in the one missing field and sending the redisplayed form (no new files) submits it.
        var fixedForm = again with { Antiforgery = form.Antiforgery };
        var done = await citizen.PostApplyAsync(fixedForm, CompleteForm(address: "示范市中心区人民路 9 号"), []);
        var number = ReceiptNumber(done);
        var mine = await citizen.MyApplicationsAsync();
        Assert.Equal(before + 1, mine.Count);
        var detail = await citizen.HtmlAsync($"/applications/{number}");
        Assert.Contains("photo-a.pdf", detail, StringComparison.Ordinal);
        Assert.Contains("contract-a.pdf", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disguised_executable_is_refused_on_its_own_material_and_the_other_upload_stays_staged()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var before = (await citizen.MyApplicationsAsync()).Count;
        var ids = await citizen.RequirementIdsAsync();
        var form = await citizen.OpenApplyFormAsync();

        var response = await citizen.PostApplyAsync(form, CompleteForm(), [(ids[Photo], "photo-b.pdf", Pdf), (ids[Contract], "contract-b.pdf", Exe)]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var again = ReadForm(await response.Content.ReadAsStringAsync());
        // The error is on the contract's input, in both languages, and the summary links to it.
        Assert.Contains($"<a href=\"#material.{ids[Contract]}\">", again.Html, StringComparison.Ordinal);
        Assert.Contains($"id=\"material.{ids[Contract]}-error\"", again.Html, StringComparison.Ordinal);
        Assert.Contains($"{Contract}：", again.Html, StringComparison.Ordinal);
        Assert.Contains("已上传：photo-b.pdf", again.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("已上传：contract-b.pdf", again.Html, StringComparison.Ordinal);
        Assert.Equal([$"staged.{ids[Photo]}"], again.Hidden.Keys);
        Assert.Contains($"value=\"{DemoCitySeeder.DemoCitizen.Mobile}\"", again.Html, StringComparison.Ordinal);

        // Nothing was submitted, and the good file is still the citizen's, listed as staged.
        Assert.Equal(before, (await citizen.MyApplicationsAsync()).Count);
        var staged = await (await citizen.GetAsync("/api/v1/files?state=staged")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(staged.EnumerateArray(), f => f.GetProperty("fileName").GetString() == "photo-b.pdf"
                                                   && f.GetProperty("id").GetGuid().ToString() == again.Hidden[$"staged.{ids[Photo]}"]);
        Assert.DoesNotContain(staged.EnumerateArray(), f => f.GetProperty("fileName").GetString() == "contract-b.pdf");
    }

    [Fact]
    public async Task Posting_the_same_form_twice_makes_one_application()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var before = (await citizen.MyApplicationsAsync()).Count;
        var ids = await citizen.RequirementIdsAsync();
        var form = await citizen.OpenApplyFormAsync();
        (string, string, byte[])[] files = [(ids[Photo], "photo-c.pdf", Pdf), (ids[Contract], "contract-c.pdf", Pdf)];

        var first = ReceiptNumber(await citizen.PostApplyAsync(form, CompleteForm(), files));
        var second = ReceiptNumber(await citizen.PostApplyAsync(form, CompleteForm(), files));

        Assert.Equal(first, second);
        var mine = await citizen.MyApplicationsAsync();
        Assert.Equal(before + 1, mine.Count);
        Assert.Single(mine, a => a.GetProperty("number").GetString() == first);
        // The second POST did not upload the files again.
        var staged = await (await citizen.GetAsync("/api/v1/files?state=staged")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(staged.EnumerateArray(), f => f.GetProperty("fileName").GetString() is "photo-c.pdf" or "contract-c.pdf");
    }

    [Fact]
    public async Task A_draft_is_saved_listed_and_submitted_later()
    {
        using var citizen = await factory.SignedInCitizenAsync(DemoCitySeeder.DemoCitizen.IdNumber);
        var ids = await citizen.RequirementIdsAsync();
        var form = await citizen.OpenApplyFormAsync();

        // A draft may be incomplete.
        var saved = await citizen.PostApplyAsync(form, new() { ["form.address"] = "草稿路 1 号" }, [(ids[Photo], "photo-d.pdf", Pdf)], intent: "draft");
        Assert.True(SmartGovFactory.IsRedirect(saved), $"Saving the draft answered {(int)saved.StatusCode}.");
        var draftUrl = saved.Headers.Location!.OriginalString;
        Assert.Contains("draft=", draftUrl, StringComparison.Ordinal);
        var draftPage = await citizen.GetAsync(draftUrl);
        var draftForm = ReadForm(await draftPage.Content.ReadAsStringAsync());
        Assert.Contains("草稿已保存", draftForm.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"草稿路 1 号\"", draftForm.Html, StringComparison.Ordinal);
        Assert.Contains("已上传：photo-d.pdf", draftForm.Html, StringComparison.Ordinal);

        var list = await citizen.HtmlAsync("/applications");
        Assert.Contains("草稿（继续填写）", list, StringComparison.Ordinal);

        var fields = CompleteForm(address: "草稿路 1 号");
        fields["draft"] = draftUrl.Split("draft=")[1].Split('&')[0];
        var submitted = await citizen.PostApplyAsync(draftForm, fields, [(ids[Contract], "contract-d.pdf", Pdf)],
            draftQuery: "?draft=" + fields["draft"]);
        var number = ReceiptNumber(submitted);
        var detail = await citizen.HtmlAsync($"/applications/{number}");
        Assert.Contains("待受理", detail, StringComparison.Ordinal);
        Assert.Contains("photo-d.pdf", detail, StringComparison.Ordinal);
        Assert.Contains("contract-d.pdf", detail, StringComparison.Ordinal);
    }
}
