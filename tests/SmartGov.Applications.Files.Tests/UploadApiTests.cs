using System.Net;
using System.Text.Json;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Audit;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Applications.Files.Tests;

/// <summary>POST/GET /api/v1/files through HTTP: accepted materials, the refusals an applicant sees, and owner-only access.</summary>
public sealed class UploadApiTests(SmartGovFactory factory) : IClassFixture<SmartGovFactory>
{
    [Fact]
    public async Task A_pdf_upload_is_created_with_its_sm3_listed_as_staged_and_downloadable_by_its_owner()
    {
        var (client, token) = await Uploads.CitizenAsync(factory);
        var pdf = Samples.Pdf();

        var response = await client.UploadAsync(token, "营业执照副本.pdf", pdf);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var json = await response.ReadJsonAsync();
        var id = json.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/files/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("营业执照副本.pdf", json.Str("fileName"));
        Assert.Equal("application/pdf", json.Str("contentType"));
        Assert.Equal(pdf.Length, json.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(Sm3.Hash(pdf)), json.Str("sm3"));

        var meta = await (await client.GetAsync($"/api/v1/files/{id}")).ReadJsonAsync();
        Assert.Equal("staged", meta.Str("state"));
        var staged = await (await client.GetAsync("/api/v1/files?state=staged")).ReadJsonAsync();
        Assert.Contains(staged.EnumerateArray(), f => f.GetProperty("id").GetGuid() == id);

        var download = await client.GetAsync($"/api/v1/files/{id}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("营业执照副本.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);

        // The upload is in the audit trail.
        using var auditor = await factory.SignedInStaffAsync("auditor");
        var entries = await auditor.AuditEntriesAsync(AuditActions.Create);
        Assert.Contains(entries, e => e.Str("subjectType") == "file" && e.Str("subjectId") == id.ToString());
    }

    [Fact]
    public async Task A_scan_of_several_megabytes_is_accepted_though_the_general_body_limit_is_1_MiB()
    {
        var (client, token) = await Uploads.CitizenAsync(factory);
        var response = await client.UploadAsync(token, "scan.pdf", Samples.Pdf(padTo: 3 * 1024 * 1024));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_file_just_over_the_limit_gets_413_stating_the_limit_in_both_languages()
    {
        var (client, token) = await Uploads.CitizenAsync(factory);
        var response = await client.UploadAsync(token, "big.pdf", Samples.Pdf(padTo: 10 * 1024 * 1024 + 1000));
        var problem = await ProblemAssert.IsProblemAsync(response, 413, "payload-too-large");
        Assert.Contains("10 MB", problem.GetProperty("messages").GetProperty("zh-CN").GetString(), StringComparison.Ordinal);
        Assert.Contains("10 MB", problem.GetProperty("messages").GetProperty("en-US").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_much_larger_upload_gets_413_problem_details()
    {
        var (client, token) = await Uploads.CitizenAsync(factory);
        var response = await client.UploadAsync(token, "huge.pdf", Samples.Pdf(padTo: 13 * 1024 * 1024));
        await ProblemAssert.IsProblemAsync(response, 413, "payload-too-large");
    }

    [Theory]
    [InlineData("exe")]
    [InlineData("html")]
    public async Task A_pdf_that_is_not_a_pdf_is_refused_with_the_field_named_in_both_languages(string what)
    {
        var (client, token) = await Uploads.CitizenAsync(factory);
        var response = await client.UploadAsync(token, "合同.pdf", what == "exe" ? Samples.Exe : Samples.Html);
        var problem = await ProblemAssert.IsValidationAsync(response, "file", "file.content");
        var error = problem.GetProperty("errors")[0];
        Assert.Contains("合同.pdf", error.Str("messageZh"), StringComparison.Ordinal);
        Assert.Contains("PDF", error.Str("messageEn"), StringComparison.Ordinal);
        // Nothing was kept of it.
        var staged = await (await client.GetAsync("/api/v1/files?state=staged")).ReadJsonAsync();
        Assert.DoesNotContain(staged.EnumerateArray(), f => f.Str("fileName") == "合同.pdf");
    }

    [Fact]
    public async Task Wrong_extension_and_empty_files_are_refused()
    {
        var (client, token) = await Uploads.CitizenAsync(factory);
        await ProblemAssert.IsValidationAsync(await client.UploadAsync(token, "photo.pdf", Samples.Png), "file", "file.extension-mismatch");
        await ProblemAssert.IsValidationAsync(await client.UploadAsync(token, "empty.pdf", []), "file", "file.empty");
        await ProblemAssert.IsValidationAsync(await client.UploadAsync(token, "tool.exe", Samples.Exe), "file", "file.type");
    }

    [Fact]
    public async Task A_body_that_is_not_a_multipart_form_is_415()
    {
        var (client, _) = await Uploads.CitizenAsync(factory);
        var response = await client.PostAsync(Uploads.Files, new ByteArrayContent(Samples.Pdf()) { Headers = { ContentType = new("application/pdf") } });
        await ProblemAssert.IsProblemAsync(response, 415, "unsupported-media-type");
    }

    [Fact]
    public async Task Another_users_file_is_not_found_and_anonymous_callers_must_sign_in()
    {
        var (owner, token) = await Uploads.CitizenAsync(factory);
        var created = await (await owner.UploadAsync(token, "photo.png", Samples.Png)).ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();

        using var other = await factory.SignedInStaffAsync("clerk1");
        await ProblemAssert.IsProblemAsync(await other.GetAsync($"/api/v1/files/{id}"), 404, "not-found");
        await ProblemAssert.IsProblemAsync(await other.GetAsync($"/api/v1/files/{id}/content"), 404, "not-found");
        var theirs = await (await other.GetAsync("/api/v1/files")).ReadJsonAsync();
        Assert.DoesNotContain(theirs.EnumerateArray(), f => f.GetProperty("id").GetGuid() == id);
        await ProblemAssert.IsProblemAsync(await other.GetAsync($"/api/v1/files/{Guid.NewGuid()}"), 404, "not-found");

        using var anonymous = factory.CreateApiClient();
        await ProblemAssert.IsProblemAsync(await anonymous.UploadAsync(null, "photo.png", Samples.Png), 401);
    }

    [Fact]
    public async Task A_cookie_upload_without_the_anti_forgery_token_is_refused()
    {
        var (client, _) = await Uploads.CitizenAsync(factory);
        var response = await client.UploadAsync(null, "photo.png", Samples.Png);
        await ProblemAssert.IsProblemAsync(response, 400, "bad-request");
    }

    [Fact]
    public async Task A_department_system_uploads_with_its_api_token()
    {
        using var dataAdmin = await factory.SignedInStaffAsync("scjg.data");
        var issued = await dataAdmin.IssueApiTokenAsync(HubClient.DepartmentId("scjg"));
        using var system = factory.CreateApiClient().WithBearer(issued.Token);
        var response = await system.UploadAsync(null, "证明.ofd", Samples.Ofd());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/ofd", (await response.ReadJsonAsync()).Str("contentType"));
    }
}

/// <summary>A real Kestrel server: a too-large upload sent chunked (no Content-Length) is stopped while it is read, with a 413 ProblemDetails.</summary>
public sealed class UploadBodyLimitTests(KestrelFactory factory) : IClassFixture<KestrelFactory>
{
    [Fact]
    public async Task A_too_large_chunked_upload_gets_413_problem_details_not_a_reset_or_500()
    {
        var (client, token) = await Uploads.CitizenAsync(factory);
        using var form = Uploads.Form("huge.pdf", new StreamContent(new UnknownLengthStream(Samples.Pdf(padTo: 12 * 1024 * 1024))), token);
        using var request = new HttpRequestMessage(HttpMethod.Post, Uploads.Files) { Content = form };
        var response = await client.SendAsync(request);
        Assert.Null(request.Content.Headers.ContentLength);
        await ProblemAssert.IsProblemAsync(response, 413, "payload-too-large");
    }

    [Fact]
    public async Task A_large_upload_within_the_limit_is_accepted_over_a_real_connection()
    {
        var (client, token) = await Uploads.CitizenAsync(factory);
        var response = await client.UploadAsync(token, "scan.pdf", Samples.Pdf(padTo: 4 * 1024 * 1024));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(JsonValueKind.String, (await response.ReadJsonAsync()).GetProperty("sm3").ValueKind);
    }
}
