using System.Text;
using System.Text.Json.Nodes;
using SmartGov.Crypto;
using SmartGov.Hub.Modules.Applications;

namespace SmartGov.Cli.Tests;

/// <summary><c>sgov result verify FILE --key PUB.pem</c>: exit 0 for a file as issued, 1 once anything in it changed.</summary>
public sealed class ResultVerifyTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ResultDocument Document() => new(
        Guid.NewGuid(), "3301022026112900001", "11330100MB0000000X4000111700001", "食品经营许可", ResultDocument.MaskApplicant("张明华"),
        Guid.NewGuid(), "示范市市场监督管理局", ResultDecision.Approved, "材料齐全，准予许可。", "SPJY", "JY13301020000123",
        new DateOnly(2026, 11, 29), new DateOnly(2031, 11, 28), new DateTime(2026, 11, 29, 6, 30, 0, DateTimeKind.Utc));

    private Task<CliResult> Run(params string[] args) => Sgov.RunAsync(_dir.Path, args);

    [Fact]
    public async Task A_file_signed_with_a_generated_key_verifies_and_a_tampered_copy_fails()
    {
        var keygen = await Run("crypto", "keygen", "--out", "key.pem");
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        Assert.Equal(0, (await Run("crypto", "pubkey", "--key", "key.pem", "--out", "pub.pem")).ExitCode);
        var key = Sm2KeyPair.FromPrivateKeyPem(File.ReadAllText(_dir["key.pem"]));
        var file = ResultFile.Create(Document(), key);
        _dir.Write("result.sgr.json", file);

        var valid = await Run("result", "verify", "result.sgr.json", "--key", "pub.pem");
        Assert.True(valid.ExitCode == 0, valid.ToString());
        Assert.Contains("OK", valid.StdOut, StringComparison.Ordinal);
        Assert.Contains("验证通过", valid.StdOut, StringComparison.Ordinal);
        Assert.Contains("3301022026112900001", valid.StdOut, StringComparison.Ordinal);
        Assert.Contains("张*华", valid.StdOut, StringComparison.Ordinal);

        var json = JsonNode.Parse(file)!;
        json["document"]!["licenceNumber"] = "JY13301020000999";
        _dir.Write("tampered.sgr.json", Encoding.UTF8.GetBytes(json.ToJsonString()));
        var invalid = await Run("result", "verify", "tampered.sgr.json", "--key", "pub.pem");
        Assert.True(invalid.ExitCode == 1, invalid.ToString());
        Assert.Contains("INVALID", invalid.StdOut, StringComparison.Ordinal);
        Assert.Contains("signature-mismatch", invalid.StdOut, StringComparison.Ordinal);
        Assert.Contains("altered", invalid.StdOut, StringComparison.Ordinal);

        // Another platform's key does not vouch for it either.
        Assert.Equal(0, (await Run("crypto", "keygen", "--out", "other.pem")).ExitCode);
        Assert.Equal(0, (await Run("crypto", "pubkey", "--key", "other.pem", "--out", "other-pub.pem")).ExitCode);
        Assert.Equal(1, (await Run("result", "verify", "result.sgr.json", "--key", "other-pub.pem")).ExitCode);
    }

    [Fact]
    public async Task Help_documents_the_command_and_missing_inputs_are_exit_2()
    {
        var help = await Run("result", "verify", "--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("--key", help.StdOut, StringComparison.Ordinal);
        Assert.Contains("FILE", help.StdOut, StringComparison.Ordinal);
        Assert.Contains("exit 0 valid, 1 invalid", help.StdOut, StringComparison.Ordinal);

        var missing = await Run("result", "verify", "nothing.sgr.json", "--key", "nothing.pem");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("nothing", missing.StdErr, StringComparison.Ordinal);

        var noKey = await Run("result", "verify", "nothing.sgr.json");
        Assert.Equal(2, noKey.ExitCode);
    }
}
