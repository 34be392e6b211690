using System.Text;
using System.Text.Json.Nodes;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Applications;

namespace SmartGov.Applications.Files.Tests;

/// <summary>The signed result file: valid as issued, invalid after any change, and readable by people.</summary>
public sealed class ResultFileTests
{
    public static ResultDocument Sample() => new(
        DocumentId: Guid.Parse("0f0e0d0c-0b0a-0908-0706-050403020100"),
        ApplicationNumber: "3301022026112900001",
        ItemCode: "11330100MB0000000X4000111700001",
        ItemName: "食品经营许可",
        ApplicantName: ResultDocument.MaskApplicant("张明华"),
        DepartmentId: Guid.Parse("11111111-2222-3333-4444-555555555555"),
        DepartmentName: "示范市市场监督管理局",
        Decision: ResultDecision.Approved,
        Reasons: "材料齐全，符合法定形式。\n准予许可。",
        LicenceTypeCode: "SPJY",
        LicenceNumber: "JY13301020000123",
        ValidFrom: new DateOnly(2026, 11, 29),
        ValidTo: new DateOnly(2031, 11, 28),
        IssuedAt: new DateTime(2026, 11, 29, 6, 30, 15, 123, DateTimeKind.Utc));

    [Theory]
    [InlineData("张明华", "张*华")]
    [InlineData("欧阳明华", "欧**华")]
    [InlineData("李四", "李*")]
    public void The_applicant_name_is_masked(string name, string masked)
    {
        Assert.Equal(masked, ResultDocument.MaskApplicant(name));
        Assert.Equal("示范市某某餐饮有限公司", ResultDocument.MaskApplicant("示范市某某餐饮有限公司", isBusiness: true));
    }

    [Fact]
    public void A_file_as_issued_is_valid_and_reads_back_the_document()
    {
        var key = Sm2KeyPair.Generate();
        var file = ResultFile.Create(Sample(), key);
        var text = Encoding.UTF8.GetString(file);
        Assert.Contains("\"format\": \"smartgov-result/1\"", text, StringComparison.Ordinal);
        Assert.Contains("\"algorithm\": \"SM2-SM3\"", text, StringComparison.Ordinal);
        Assert.Contains("食品经营许可", text, StringComparison.Ordinal); // readable, not \u-escaped

        var verdict = ResultFile.Verify(file, key.PublicKey);
        Assert.True(verdict.Valid, verdict.Reason + " " + verdict.Detail);
        Assert.Equal(Sample(), verdict.Document);
    }

    [Fact]
    public void The_signed_bytes_are_the_canonical_json_with_sorted_keys()
    {
        var canonical = Encoding.UTF8.GetString(ResultCanonicalJson.Serialize(Sample()));
        Assert.StartsWith("{\"applicantName\":\"张*华\",\"applicationNumber\":\"3301022026112900001\",\"decision\":\"approved\",", canonical, StringComparison.Ordinal);
        Assert.Contains("\"issuedAt\":\"2026-11-29T06:30:15.123Z\"", canonical, StringComparison.Ordinal);
        Assert.Contains("\"reasons\":\"材料齐全，符合法定形式。\\n准予许可。\"", canonical, StringComparison.Ordinal);
        Assert.EndsWith("\"v\":1,\"validFrom\":\"2026-11-29\",\"validTo\":\"2031-11-28\"}", canonical, StringComparison.Ordinal);
        Assert.DoesNotContain(" ", canonical.Replace("示范市市场监督管理局", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("applicantName", "张*明")]
    [InlineData("applicationNumber", "3301022026112900002")]
    [InlineData("decision", "denied")]
    [InlineData("departmentId", "11111111-2222-3333-4444-555555555556")]
    [InlineData("departmentName", "示范市公安局")]
    [InlineData("documentId", "0f0e0d0c-0b0a-0908-0706-050403020101")]
    [InlineData("issuedAt", "2026-11-29T06:30:15.124Z")]
    [InlineData("itemCode", "11330100MB0000000X4000111700002")]
    [InlineData("itemName", "食品生产许可")]
    [InlineData("licenceNumber", "JY13301020000124")]
    [InlineData("licenceTypeCode", "SPSC")]
    [InlineData("reasons", "材料齐全。")]
    [InlineData("validFrom", "2026-11-30")]
    [InlineData("validTo", "2036-11-28")]
    public void Changing_any_field_makes_the_file_invalid(string field, string value)
    {
        var key = Sm2KeyPair.Generate();
        var json = JsonNode.Parse(ResultFile.Create(Sample(), key))!;
        json["document"]![field] = value;
        var verdict = ResultFile.Verify(Encoding.UTF8.GetBytes(json.ToJsonString()), key.PublicKey);
        Assert.False(verdict.Valid);
        Assert.Equal(ResultReasons.SignatureMismatch, verdict.Reason);
        Assert.Contains("改动", verdict.MessageZh, StringComparison.Ordinal);
        Assert.Contains("altered", verdict.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_or_removing_a_field_or_another_key_makes_it_invalid()
    {
        var key = Sm2KeyPair.Generate();
        var added = JsonNode.Parse(ResultFile.Create(Sample(), key))!;
        added["document"]!["note"] = "extra";
        Assert.Equal(ResultReasons.DocumentInvalid, ResultFile.Verify(Encoding.UTF8.GetBytes(added.ToJsonString()), key.PublicKey).Reason);

        var removed = JsonNode.Parse(ResultFile.Create(Sample(), key))!;
        removed["document"]!.AsObject().Remove("reasons");
        Assert.Equal(ResultReasons.DocumentInvalid, ResultFile.Verify(Encoding.UTF8.GetBytes(removed.ToJsonString()), key.PublicKey).Reason);

        var other = ResultFile.Verify(ResultFile.Create(Sample(), key), Sm2KeyPair.Generate().PublicKey);
        Assert.False(other.Valid);
        Assert.Equal(ResultReasons.SignatureMismatch, other.Reason);
    }

    [Fact]
    public void Garbage_is_reported_not_thrown()
    {
        var key = Sm2KeyPair.Generate();
        Assert.Equal(ResultReasons.Malformed, ResultFile.Verify("not json"u8, key.PublicKey).Reason);
        Assert.Equal(ResultReasons.Malformed, ResultFile.Verify("{}"u8, key.PublicKey).Reason);
        Assert.Equal(ResultReasons.UnsupportedFormat, ResultFile.Verify("{\"format\":\"x\",\"algorithm\":\"SM2-SM3\",\"document\":{},\"signature\":\"\"}"u8, key.PublicKey).Reason);
        var ecdsa = ResultFile.Create(Sample(), CryptoProfiles.Intl.GenerateSigningKey());
        Assert.Equal(ResultReasons.UnsupportedAlgorithm, ResultFile.Verify(ecdsa, key.PublicKey).Reason);
    }
}
