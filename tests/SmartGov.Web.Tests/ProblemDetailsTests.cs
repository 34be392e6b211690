using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using SmartGov.Core;
using SmartGov.Hub.Seeding;
using SmartGov.Web.Tests.Infrastructure;

namespace SmartGov.Web.Tests;

/// <summary>
/// Bad input never yields a 500: every API error is RFC 9457 ProblemDetails with a stable urn:smartgov:problem:* type
/// and messages in zh-CN and en-US, and a 422 names each wrong field with a stable code.
/// </summary>
public sealed class ProblemDetailsTests(KestrelFactory factory) : IClassFixture<KestrelFactory>
{
    private const string Register = "/api/v1/accounts/citizens";

    private static object Citizen(string? idNumber = null, string? mobile = null, string name = "李晓梅") => new
    {
        name,
        idNumber = idNumber ?? IdNumber.Compose("450102", new DateOnly(1991, 3, 9), 211, male: false),
        mobile = mobile ?? "13912340000",
        password = "Harbour2026x",
        confirmPassword = "Harbour2026x",
    };

    private static string WithCheckChar(string first17) => first17 + IdNumber.ComputeCheckChar(first17);

    public static TheoryData<string, string, string> BadIdNumbers()
    {
        var valid = IdNumber.Compose("450102", new DateOnly(1991, 3, 9), 212, male: true);
        var wrongCheck = valid[..17] + (valid[17] == '0' ? '1' : '0');
        return new()
        {
            { "bad checksum", wrongCheck, "id.checksum" },
            { "17 characters", valid[..17], "id.length" },
            { "19 characters", valid + "1", "id.length" },
            { "letters", "4501021991ABCDEF12", "id.format" },
            { "future birth date", WithCheckChar("45010220990101123"), "id.birthdate" },
            { "30 February", WithCheckChar("45010219900230123"), "id.birthdate" },
            { "no such province", WithCheckChar("99010219900101123"), "id.region" },
        };
    }

    [Theory]
    [MemberData(nameof(BadIdNumbers))]
    public async Task Registering_with_a_malformed_id_number_names_the_field_and_the_reason(string why, string idNumber, string code)
    {
        using var client = factory.CreateApiClient();
        var response = await client.PostAsJsonAsync(Register, Citizen(idNumber));
        var problem = await ProblemAssert.IsValidationAsync(response, "idNumber", code);
        Assert.True(ProblemAssert.FieldErrors(problem).Count == 1, why + ": only the ID number is wrong");
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("23800138000")]
    [InlineData("1380013800a")]
    public async Task Registering_with_a_bad_mobile_number_names_the_mobile_field(string mobile)
    {
        using var client = factory.CreateApiClient();
        var response = await client.PostAsJsonAsync(Register, Citizen(mobile: mobile));
        await ProblemAssert.IsValidationAsync(response, "mobile", "mobile.format");
    }

    [Fact]
    public async Task An_empty_object_names_every_missing_field_at_once()
    {
        using var client = factory.CreateApiClient();
        var response = await client.PostAsync(Register, new StringContent("{}", Encoding.UTF8, "application/json"));
        var problem = await ProblemAssert.IsProblemAsync(response, 422, "validation");
        var fields = ProblemAssert.FieldErrors(problem).Select(e => e.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "name", "idNumber", "mobile", "password" }, fields);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_bad_request()
    {
        using var client = factory.CreateApiClient();
        var response = await client.PostAsync(Register, new StringContent("{\"name\": \"张三\", \"idNumber\": ", Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(response, 400, "bad-request");
    }

    [Fact]
    public async Task Json_of_the_wrong_shape_is_a_400_bad_request()
    {
        using var client = factory.CreateApiClient();
        var response = await client.PostAsync(Register, new StringContent("[1, 2, 3]", Encoding.UTF8, "application/json"));
        await ProblemAssert.IsProblemAsync(response, 400, "bad-request");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_json_is_a_415(string mediaType)
    {
        using var client = factory.CreateApiClient();
        var response = await client.PostAsync(Register, new StringContent("name=x", Encoding.UTF8, mediaType));
        await ProblemAssert.IsProblemAsync(response, 415, "unsupported-media-type");
    }

    private static byte[] OversizedJson()
    {
        // Valid JSON, just over 1 MiB: the size alone must be the reason for refusing it.
        var padding = new string('a', 1_048_576 + 1024);
        return Encoding.UTF8.GetBytes($"{{\"name\":\"{padding}\",\"idNumber\":\"x\",\"mobile\":\"x\",\"password\":\"x\",\"confirmPassword\":\"x\"}}");
    }

    [Fact]
    public async Task An_oversized_body_with_content_length_is_a_413()
    {
        using var client = factory.CreateApiClient();
        var content = new ByteArrayContent(OversizedJson());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        // Expect: 100-continue, as a careful uploader sends: the hub refuses on the declared length before any body byte
        // is sent. Without it, a real server that answers 413 and closes the connection can race the client still
        // writing the body, and the client sees a reset instead of the answer.
        using var request = new HttpRequestMessage(HttpMethod.Post, Register) { Content = content };
        request.Headers.ExpectContinue = true;
        var response = await client.SendAsync(request);
        await ProblemAssert.IsProblemAsync(response, 413, "payload-too-large");
    }

    [Fact]
    public async Task An_oversized_chunked_body_is_a_413()
    {
        using var client = factory.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Register) { Content = new ChunkedContent(OversizedJson(), "application/json") };
        request.Headers.TransferEncodingChunked = true;
        var response = await client.SendAsync(request);
        Assert.Null(request.Content.Headers.ContentLength);
        await ProblemAssert.IsProblemAsync(response, 413, "payload-too-large");
    }

    [Fact]
    public async Task Registering_an_id_number_twice_is_refused_as_taken()
    {
        using var client = factory.CreateApiClient();
        var response = await client.PostAsJsonAsync(Register, Citizen(DemoCitySeeder.DemoCitizen.IdNumber));
        await ProblemAssert.IsValidationAsync(response, "idNumber", "id.taken");

        // The same number typed with a lower-case x or spaces is the same person.
        var idNumber = Enumerable.Range(0, 1000).Select(seq => IdNumber.Compose("450102", new DateOnly(1977, 7, 7), seq, male: false)).First(id => id[17] == 'X');
        var first = await client.PostAsJsonAsync(Register, Citizen(idNumber));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var spaced = $"{idNumber[..6]} {idNumber[6..14]} {idNumber[14..].ToLowerInvariant()}";
        var second = await client.PostAsJsonAsync(Register, Citizen(spaced));
        await ProblemAssert.IsValidationAsync(second, "idNumber", "id.taken");
    }

    [Fact]
    public async Task A_department_with_a_bad_credit_code_names_the_credit_code()
    {
        using var admin = await factory.SignedInStaffAsync("sysadmin");
        var good = CreditCode.Compose('1', '1', "371800", "87654321");
        var bad = good[..17] + (good[17] == '0' ? '1' : '0');
        var response = await admin.PostAsJsonAsync("/api/v1/departments", new { name = "示范市测试局", nameEn = "Test Bureau", creditCode = bad, regionCode = "371800" });
        var problem = await ProblemAssert.IsValidationAsync(response, "creditCode");
        Assert.Single(ProblemAssert.FieldErrors(problem));
    }

    [Theory]
    [InlineData("GET", "/api/v1/no-such-thing")]
    [InlineData("GET", "/api/v2/regions")]
    [InlineData("GET", "/api/v1/regions/999999")]
    [InlineData("GET", "/api/v1/departments/not-a-guid")]
    [InlineData("GET", "/api/v1/departments/00000000-0000-0000-0000-000000000001")]
    [InlineData("GET", "/api/v1/service-halls/12345")]
    [InlineData("DELETE", "/api/v1/departments/not-a-guid")]
    public async Task Unknown_routes_and_ids_are_404_problems(string method, string path)
    {
        using var client = factory.CreateApiClient();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await ProblemAssert.IsProblemAsync(response, 404, "not-found");
    }

    [Fact]
    public async Task A_non_guid_id_in_a_department_scoped_route_is_not_a_500()
    {
        using var admin = await factory.SignedInStaffAsync("gaj.data");
        var response = await admin.GetAsync("/api/v1/departments/gaj/staff");
        await ProblemAssert.IsProblemAsync(response, 404, "not-found");
        var put = await admin.PutAsJsonAsync("/api/v1/staff/not-a-guid/roles", new { roles = new[] { "Officer" } });
        await ProblemAssert.IsProblemAsync(put, 404, "not-found");
    }

    [Fact]
    public async Task Without_a_sign_in_a_protected_api_is_a_401_problem_not_a_redirect()
    {
        using var client = factory.CreateApiClient();
        var response = await client.GetAsync("/api/v1/me");
        await ProblemAssert.IsProblemAsync(response, 401, "unauthorized");
        var token = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/me") { Headers = { { "Authorization", "Bearer sgv_not-a-real-token" } } });
        await ProblemAssert.IsProblemAsync(token, 401, "unauthorized");
    }

    [Fact]
    public async Task Titles_are_chinese_by_default_whatever_the_browser_language()
    {
        using var client = factory.CreateApiClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        var response = await client.PostAsync(Register, new StringContent("{}", Encoding.UTF8, "application/json"));
        var problem = await ProblemAssert.IsProblemAsync(response, 422, "validation");
        Assert.Equal("提交的数据有误", problem.GetProperty("title").GetString());
        var first = problem.GetProperty("errors")[0];
        Assert.Equal(first.GetProperty("messageZh").GetString(), first.GetProperty("message").GetString());

        var notFound = await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/no-such-thing"), 404, "not-found");
        Assert.Equal("未找到", notFound.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Titles_are_english_when_english_is_chosen_by_query_or_cookie()
    {
        using var client = factory.CreateApiClient();
        var byQuery = await client.PostAsync(Register + "?culture=en-US", new StringContent("{}", Encoding.UTF8, "application/json"));
        var problem = await ProblemAssert.IsProblemAsync(byQuery, 422, "validation");
        Assert.Equal("The submitted data is not valid", problem.GetProperty("title").GetString());
        var first = problem.GetProperty("errors")[0];
        Assert.Equal(first.GetProperty("messageEn").GetString(), first.GetProperty("message").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den-US%7Cuic%3Den-US");
        var byCookie = await ProblemAssert.IsProblemAsync(await client.SendAsync(request), 404, "not-found");
        Assert.Equal("Not found", byCookie.GetProperty("title").GetString());
    }

    /// <summary>A body sent without Content-Length, in chunks, the way a streaming client sends it.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _data;

        public ChunkedContent(byte[] data, string mediaType)
        {
            _data = data;
            Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < _data.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(_data.AsMemory(offset, Math.Min(64 * 1024, _data.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
