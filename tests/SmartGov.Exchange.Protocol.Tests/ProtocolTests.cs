using System.Text;
using SmartGov.Core;
using SmartGov.Crypto;

namespace SmartGov.Exchange.Protocol.Tests;

public class ExchangeIdTests
{
    internal static readonly string Member = CreditCode.Compose('1', '1', "350100", "30000001");

    [Fact]
    public void A_service_id_parses_into_its_parts_and_prints_back_the_same()
    {
        var text = $"CN-DEMO/GOV/{Member}/hukou/household";
        var id = ExchangeId.Parse(text, ExchangeIdKind.Service);
        Assert.Equal("CN-DEMO", id.Instance);
        Assert.Equal("GOV", id.MemberClass);
        Assert.Equal(Member, id.MemberCode);
        Assert.Equal("hukou", id.Subsystem);
        Assert.Equal("household", id.Service);
        Assert.Equal(text, id.ToString());
        Assert.Equal($"CN-DEMO/GOV/{Member}/hukou", id.SubsystemId.ToString());
        Assert.Equal($"CN-DEMO/GOV/{Member}", id.Member.ToString());
    }

    [Theory]
    [InlineData("CN-DEMO/GOV/{m}/hukou", ExchangeIdKind.Service)] // a client where a service is expected
    [InlineData("CN-DEMO/XYZ/{m}/hukou", ExchangeIdKind.Subsystem)] // unknown class
    [InlineData("cn-demo/GOV/{m}/hukou", ExchangeIdKind.Subsystem)] // lower-case instance
    [InlineData("CN-DEMO/GOV/91350100000000000X/hukou", ExchangeIdKind.Subsystem)] // bad credit code check char
    [InlineData("CN-DEMO/GOV/{m}/..", ExchangeIdKind.Subsystem)]
    [InlineData("CN-DEMO/GOV/{m}/a b", ExchangeIdKind.Subsystem)]
    [InlineData("CN-DEMO/GOV/{m}/", ExchangeIdKind.Subsystem)]
    [InlineData("", ExchangeIdKind.Member)]
    public void Invalid_identifiers_are_refused_with_a_reason(string pattern, ExchangeIdKind kind)
    {
        var ok = ExchangeId.TryParse(pattern.Replace("{m}", Member), kind, out var id, out var error);
        Assert.False(ok);
        Assert.Null(id);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void A_member_code_in_lower_case_is_not_the_same_member()
    {
        var lower = "CN-DEMO/GOV/" + Member.ToLowerInvariant();
        Assert.Equal(Member.Any(char.IsAsciiLetter), !ExchangeId.TryParse(lower, ExchangeIdKind.Member, out _, out _));
    }
}

public class CanonicalMessageTests
{
    private static RequestToSign Request(string body = "{\"q\":1}", string query = "b=2&a=1") => new(
        "post", $"CN-DEMO/GOV/{ExchangeIdTests.Member}/hukou/household", "/persons/42", query,
        $"CN-DEMO/GOV/{ExchangeIdTests.Member}/window", "SP-001", "clerk1", "application/json",
        1767225600000, "AAAAAAAAAAAAAAAAAAAAAA", Encoding.UTF8.GetBytes(body));

    [Fact]
    public void The_canonical_request_is_exactly_the_documented_lines()
    {
        var text = Encoding.UTF8.GetString(CanonicalMessage.RequestBytes(Request()));
        var lines = text.Split('\n');
        Assert.Equal(12, lines.Length);
        Assert.Equal("SMARTGOV-REQUEST-1", lines[0]);
        Assert.Equal("POST", lines[1]);
        Assert.Equal("/persons/42", lines[3]);
        Assert.Equal("a=1&b=2", lines[4]);
        Assert.Equal("smartgov-purpose:SP-001", lines[6]);
        Assert.Equal("smartgov-timestamp:1767225600000", lines[9]);
        Assert.Equal(CanonicalMessage.Hex(Sm3.Hash(Encoding.UTF8.GetBytes("{\"q\":1}"))), lines[11]);
        Assert.False(text.EndsWith('\n'));
    }

    [Theory]
    [InlineData("b=2&a=1", "a=1&b=2")]
    [InlineData("?name=%E5%BC%A0+%E4%B8%89", "name=%E5%BC%A0%20%E4%B8%89")]
    [InlineData("x&y=", "x=&y=")]
    [InlineData("a=2&a=1", "a=1&a=2")]
    [InlineData("", "")]
    public void Queries_that_mean_the_same_have_one_canonical_form(string query, string canonical) =>
        Assert.Equal(canonical, CanonicalMessage.CanonicalQuery(query));

    [Fact]
    public void Paths_are_re_encoded_per_segment() =>
        Assert.Equal("/a%20b/%E5%BC%A0", CanonicalMessage.CanonicalPath("/a b/张"));

    [Fact]
    public void A_signed_request_verifies_and_any_change_breaks_it()
    {
        var key = Sm2KeyPair.Generate();
        var sig = CanonicalMessage.SignRequest(key, Request());
        Assert.True(CanonicalMessage.VerifyRequest(key.PublicKey, Request(), sig));
        Assert.False(CanonicalMessage.VerifyRequest(key.PublicKey, Request(body: "{\"q\":2}"), sig));
        Assert.False(CanonicalMessage.VerifyRequest(key.PublicKey, Request(query: "a=1&b=3"), sig));
        Assert.False(CanonicalMessage.VerifyRequest(key.PublicKey, Request() with { Purpose = "other" }, sig));
        Assert.False(CanonicalMessage.VerifyRequest(key.PublicKey, Request() with { Timestamp = 1767225600001 }, sig));
        Assert.False(CanonicalMessage.VerifyRequest(Sm2KeyPair.Generate().PublicKey, Request(), sig));
        Assert.False(CanonicalMessage.VerifyRequest(key.PublicKey, Request(), "not base64!"));
        Assert.False(CanonicalMessage.VerifyRequest(key.PublicKey, Request(), null));
    }

    [Fact]
    public void A_signed_response_is_bound_to_its_request()
    {
        var key = Sm2KeyPair.Generate();
        var hash = CanonicalMessage.Hex(CanonicalMessage.RequestHash(Request()));
        var response = new ResponseToSign(hash, 200, "application/json", "", 1767225600000, Encoding.UTF8.GetBytes("{}"));
        var sig = CanonicalMessage.SignResponse(key, response);
        Assert.True(CanonicalMessage.VerifyResponse(key.PublicKey, response, sig));
        var other = CanonicalMessage.Hex(CanonicalMessage.RequestHash(Request(body: "x")));
        Assert.False(CanonicalMessage.VerifyResponse(key.PublicKey, response with { RequestHashHex = other }, sig));
        Assert.False(CanonicalMessage.VerifyResponse(key.PublicKey, response with { Status = 500 }, sig));
    }

    [Fact]
    public void Nonces_are_fresh_and_well_formed()
    {
        var a = CanonicalMessage.NewNonce();
        Assert.True(CanonicalMessage.IsValidNonce(a));
        Assert.NotEqual(a, CanonicalMessage.NewNonce());
        Assert.False(CanonicalMessage.IsValidNonce("short"));
        Assert.False(CanonicalMessage.IsValidNonce("has spaces in it, sixteen+"));
    }

    [Theory]
    [InlineData("/persons/*", "/persons/42", true)]
    [InlineData("/persons/*", "/persons/42/photo", false)]
    [InlineData("/persons/**", "/persons/42/photo", true)]
    [InlineData("/**", "/", true)]
    [InlineData("/persons", "/companies", false)]
    public void Path_patterns_match_whole_segments(string pattern, string path, bool matches) =>
        Assert.Equal(matches, PathPattern.Matches(pattern, path));
}

public class GlobalConfigurationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    internal static GlobalConfiguration Sample(DateTimeOffset? expires = null) => new()
    {
        Instance = "CN-DEMO",
        Version = 7,
        IssuedAt = Now.AddMinutes(-1),
        ExpiresAt = expires ?? Now.AddDays(1),
        Members = [new MemberEntry($"CN-DEMO/GOV/{ExchangeIdTests.Member}", "示范市公安局")],
        Gateways = [new GatewayEntry($"CN-DEMO/GOV/{ExchangeIdTests.Member}", "http://127.0.0.1:5100", Sm2KeyPair.Generate().PublicKeyPem())],
        Services = [new ServiceEntry($"CN-DEMO/GOV/{ExchangeIdTests.Member}/hukou/household", "户籍信息", true, null)],
        AccessRights =
        [
            new AccessRight($"CN-DEMO/GOV/{ExchangeIdTests.Member}/window", $"CN-DEMO/GOV/{ExchangeIdTests.Member}/hukou/household",
                ["get"], ["/persons/*"], ["SP-001"], Now.AddDays(-1), null),
        ],
    };

    [Fact]
    public void A_signed_configuration_verifies_with_the_center_key()
    {
        var center = Sm2KeyPair.Generate();
        var json = GlobalConfigurationCodec.ToJson(GlobalConfigurationCodec.Sign(Sample(), center));
        var result = GlobalConfigurationCodec.Verify(json, [center.PublicKey], Now);
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(7, result.Config!.Version);
        Assert.Equal("示范市公安局", result.Config.Members[0].Name);
        Assert.Equal(["GET"], result.Config.AccessRights[0].Methods);
    }

    [Fact]
    public void The_canonical_form_is_stable_and_has_no_whitespace()
    {
        var config = Sample();
        var a = Encoding.UTF8.GetString(GlobalConfigurationCodec.CanonicalBytes(config));
        Assert.Equal(a, Encoding.UTF8.GetString(GlobalConfigurationCodec.CanonicalBytes(config.Sorted())));
        Assert.StartsWith("{\"format\":\"smartgov-global-configuration/1\",\"instance\":\"CN-DEMO\",\"version\":7,", a);
        Assert.Contains("\"issuedAt\":\"2026-03-01T07:59:00Z\"", a);
        Assert.Contains("示范市公安局", a);
    }

    [Fact]
    public void A_configuration_signed_by_another_key_is_refused()
    {
        var json = GlobalConfigurationCodec.ToJson(GlobalConfigurationCodec.Sign(Sample(), Sm2KeyPair.Generate()));
        var result = GlobalConfigurationCodec.Verify(json, [Sm2KeyPair.Generate().PublicKey], Now);
        Assert.False(result.IsValid);
        Assert.Equal(ConfigFailure.BadSignature, result.Failure);
    }

    [Fact]
    public void An_altered_payload_is_refused()
    {
        var center = Sm2KeyPair.Generate();
        var signed = GlobalConfigurationCodec.Sign(Sample(), center);
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(signed.Payload)).Replace("\"GET\"", "\"DELETE\"");
        var tampered = signed with { Payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) };
        var result = GlobalConfigurationCodec.Verify(GlobalConfigurationCodec.ToJson(tampered), [center.PublicKey], Now);
        Assert.Equal(ConfigFailure.BadSignature, result.Failure);
    }

    [Fact]
    public void An_expired_configuration_is_refused()
    {
        var center = Sm2KeyPair.Generate();
        var json = GlobalConfigurationCodec.ToJson(GlobalConfigurationCodec.Sign(Sample(expires: Now.AddSeconds(-1)), center));
        var result = GlobalConfigurationCodec.Verify(json, [center.PublicKey], Now);
        Assert.Equal(ConfigFailure.Expired, result.Failure);
    }

    [Fact]
    public void A_configuration_issued_in_the_future_or_older_than_the_one_in_use_is_refused()
    {
        var center = Sm2KeyPair.Generate();
        var json = GlobalConfigurationCodec.ToJson(GlobalConfigurationCodec.Sign(Sample(), center));
        Assert.Equal(ConfigFailure.NotYetValid, GlobalConfigurationCodec.Verify(json, [center.PublicKey], Now.AddHours(-1)).Failure);
        Assert.Equal(ConfigFailure.Rollback, GlobalConfigurationCodec.Verify(json, [center.PublicKey], Now, currentVersion: 8).Failure);
        Assert.True(GlobalConfigurationCodec.Verify(json, [center.PublicKey], Now, currentVersion: 7).IsValid);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"payload\":\"@@@\",\"signature\":\"@@@\",\"algorithm\":\"SM3withSM2\"}")]
    [InlineData("{\"payload\":\"e30=\",\"signature\":\"e30=\",\"algorithm\":\"RSA\"}")]
    public void Garbage_is_refused_as_malformed_without_throwing(string json) =>
        Assert.Equal(ConfigFailure.Malformed, GlobalConfigurationCodec.Verify(json, [Sm2KeyPair.Generate().PublicKey], Now).Failure);
}
