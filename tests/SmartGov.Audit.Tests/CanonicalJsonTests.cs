using System.Text;
using SmartGov.Audit.Tests.Infrastructure;
using SmartGov.Hub.Modules.Audit;

namespace SmartGov.Audit.Tests;

/// <summary>The canonical form is the leaf: documented byte for byte, so anyone can re-implement it (docs/audit.md).</summary>
public sealed class CanonicalJsonTests
{
    private static readonly AuditEntryData Sample = new(
        Sequence: 42,
        Time: new DateTime(2026, 11, 29, 8, 5, 3, 7, DateTimeKind.Utc),
        Action: "unmask",
        Outcome: "success",
        ActorType: "user",
        ActorId: Guid.Parse("0193A2B4-1C2D-7E8F-9A0B-1C2D3E4F5A6B"),
        ActorName: "王芳",
        ActorDepartmentId: null,
        SubjectType: "application",
        SubjectId: "SP2026-0001",
        Person: new string('a', 64),
        Purpose: "核验\"申请人\"身份\\材料",
        SourceAddress: "10.0.0.8",
        RequestId: null,
        TraceId: null,
        Details: "line1\nline2\t\u0001 / \u2028 😀");

    [Fact]
    public void The_canonical_form_is_exactly_the_documented_bytes()
    {
        var expected =
            "{\"action\":\"unmask\",\"actorDepartment\":null,\"actorId\":\"0193a2b4-1c2d-7e8f-9a0b-1c2d3e4f5a6b\",\"actorName\":\"王芳\"," +
            "\"actorType\":\"user\",\"details\":\"line1\\nline2\\t\\u0001 / \u2028 😀\",\"outcome\":\"success\"," +
            "\"person\":\"" + new string('a', 64) + "\",\"purpose\":\"核验\\\"申请人\\\"身份\\\\材料\",\"requestId\":null,\"sequence\":42," +
            "\"sourceAddress\":\"10.0.0.8\",\"subjectId\":\"SP2026-0001\",\"subjectType\":\"application\",\"time\":\"2026-11-29T08:05:03.007Z\"," +
            "\"traceId\":null,\"v\":1}";
        Assert.Equal(expected, Encoding.UTF8.GetString(AuditCanonicalJson.Serialize(Sample)));
    }

    [Fact]
    public void Canonical_bytes_read_back_to_the_same_entry()
    {
        var bytes = AuditCanonicalJson.Serialize(Sample);
        Assert.Equal(Sample, AuditCanonicalJson.Parse(bytes));
    }

    [Theory]
    [InlineData("{ \"action\"", "{\"action\"")]          // whitespace
    [InlineData("\"王芳\"", "\"\\u738b\\u82b3\"")]          // escaped non-ASCII
    [InlineData("\"sequence\":42", "\"sequence\":42.0")]  // number format
    [InlineData("\"sequence\":42", "\"sequence\":042")]   // leading zero (not even JSON)
    [InlineData(".007Z", ".007+00:00")]                    // time format
    [InlineData(",\"v\":1}", "}")]                         // a key missing
    [InlineData("\"requestId\":null,", "")]                // a key missing
    public void Bytes_that_are_not_canonical_are_rejected(string canonical, string replacement)
    {
        var text = Encoding.UTF8.GetString(AuditCanonicalJson.Serialize(Sample));
        var changed = canonical.StartsWith("{ ", StringComparison.Ordinal) ? text.Replace("{\"action\"", "{ \"action\"", StringComparison.Ordinal) : text.Replace(canonical, replacement, StringComparison.Ordinal);
        Assert.NotEqual(text, changed);
        Assert.Throws<FormatException>(() => AuditCanonicalJson.Parse(Encoding.UTF8.GetBytes(changed)));
    }

    [Fact]
    public void Keys_in_another_order_are_rejected()
    {
        var text = Encoding.UTF8.GetString(AuditCanonicalJson.Serialize(Sample));
        var swapped = text.Replace("\"outcome\":\"success\",\"person\"", "\"person\"", StringComparison.Ordinal).Replace(",\"v\":1}", ",\"v\":1,\"outcome\":\"success\"}", StringComparison.Ordinal);
        var ex = Assert.Throws<FormatException>(() => AuditCanonicalJson.Parse(Encoding.UTF8.GetBytes(swapped)));
        Assert.Contains("keys", ex.Message);
    }

    [Fact]
    public void A_lone_surrogate_cannot_be_serialised_and_the_sink_cleans_it_first()
    {
        Assert.Throws<ArgumentException>(() => AuditCanonicalJson.Serialize(Sample with { Details = "bad \ud800 half" }));
        Assert.Throws<ArgumentException>(() => AuditCanonicalJson.Serialize(Sample with { Time = Sample.Time.AddTicks(1) }));
    }

    [Fact]
    public async Task Merkle_root_prints_the_rfc6962_vectors()
    {
        // RFC 6962 / Certificate Transparency test vectors: the empty tree, one empty leaf, and the eight reference leaves.
        var empty = await AuditTestHost.RunCliAsync("merkle", "root", "--hash", "sha256");
        Assert.Equal(0, empty.ExitCode);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", empty.Output.Trim());
        var one = await AuditTestHost.RunCliAsync("merkle", "root", "--hash", "sha256", "");
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", one.Output.Trim());
        var eight = await AuditTestHost.RunCliAsync("merkle", "root", "--hash", "sha256", "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f");
        Assert.Equal("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", eight.Output.Trim());
    }

    [Fact]
    public async Task Merkle_root_with_sm3_matches_sm3_of_the_rfc6962_structure()
    {
        var empty = await AuditTestHost.RunCliAsync("merkle", "root");
        // SM3 of the empty string (GB/T 32905), the empty tree's root.
        Assert.Equal("1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b", empty.Output.Trim());
        var two = await AuditTestHost.RunCliAsync("merkle", "root", "--hash", "sm3", "616263", "646566");
        var leafA = SmartGov.Crypto.Sm3.Hash([0x00, .. "abc"u8]);
        var leafB = SmartGov.Crypto.Sm3.Hash([0x00, .. "def"u8]);
        Assert.Equal(Convert.ToHexStringLower(SmartGov.Crypto.Sm3.Hash([0x01, .. leafA, .. leafB])), two.Output.Trim());
    }

    [Fact]
    public async Task Merkle_root_refuses_bad_hex_and_unknown_hashes_in_one_line()
    {
        var hex = await AuditTestHost.RunCliAsync("merkle", "root", "--hash", "sha256", "00", "0g");
        Assert.Equal(2, hex.ExitCode);
        Assert.Contains("Leaf 1", hex.Error);
        var hash = await AuditTestHost.RunCliAsync("merkle", "root", "--hash", "md5", "00");
        Assert.Equal(2, hash.ExitCode);
        Assert.Contains("sm3 or sha256", hash.Error);
    }
}
