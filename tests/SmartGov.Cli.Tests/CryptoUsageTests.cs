using System.CommandLine;
using SmartGov.Cli.Crypto;

namespace SmartGov.Cli.Tests;

/// <summary>
/// Mistakes on the command line: exit 2 with one line on stderr that says what is wrong in Chinese and
/// English, never a stack trace, and never exit 1 (which scripts read as "signature invalid").
/// </summary>
public sealed class CryptoUsageTests : IDisposable
{
    private const string Sm4Key = "0123456789abcdeffedcba9876543210";

    // A throwaway SM2 key made with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2`.
    private const string Sm2KeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQga9f59voxFM9pkgbk
        CQxzBCXyXctbbH0bN21/imLtwLKhRANCAATPG7Gri7SM4JsRwJsCXmWWpyw9W960
        728as9+ZFdqQr0S3pb8VCzCre2mmjFGDZM7DQYKcGWIZ6CXI867i+Hi0
        -----END PRIVATE KEY-----

        """;

    private readonly TempDir _dir = new();

    public CryptoUsageTests()
    {
        _dir.WriteRandom("data.bin", 100, seed: 1);
        _dir.Write("not-a-key.pem", "hello"u8.ToArray());
        _dir.Write("k.pem", System.Text.Encoding.ASCII.GetBytes(Sm2KeyPem));
    }

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string[], string[]> Mistakes => new()
    {
        { ["crypto", "hash", "missing.bin"], ["找不到文件", "file not found", "missing.bin"] },
        { ["crypto", "--profile", "fips", "hash", "data.bin"], ["未知的密码配置", "unknown --profile", "fips", "gm", "intl"] },
        { ["crypto", "hash", "--profile", "sm9", "data.bin"], ["未知的密码配置", "unknown --profile", "sm9"] },
        { ["crypto", "hash"], ["缺少参数", "missing argument FILE"] },
        { ["crypto", "sign", "--key", "k.pem", "data.bin"], ["缺少必需的选项 --out", "missing required option --out"] },
        { ["crypto", "sign", "--out", "x.sig", "--key"], ["缺少值", "--key needs a value"] },
        { ["crypto", "hash", "data.bin", "extra.bin"], ["无法识别的参数", "unexpected argument", "extra.bin"] },
        { ["crypto", "hash", "--colour", "data.bin"], ["未知的选项", "unknown option", "--colour"] },
        { ["crypto"], ["缺少子命令", "missing subcommand"] },
        { ["crypto", "digest", "data.bin"], ["未知的子命令", "unknown subcommand", "digest"] },
        { ["crypto", "verify", "--key", "not-a-key.pem", "--signature", "data.bin", "data.bin"], ["不是可用的 SM2 公钥", "not a usable SM2 public key"] },
        { ["crypto", "verify", "--key", "k.pem", "--signature", "missing.sig", "data.bin"], ["找不到文件", "file not found"] },
        { ["crypto", "hmac", "--key-hex", "xyz", "data.bin"], ["不是有效的十六进制", "not valid hex"] },
        { ["crypto", "encrypt", "--key-hex", "0011", "--out", "x.enc", "data.bin"], ["16 字节", "16-byte SM4 key"] },
        { ["crypto", "encrypt", "--out", "x.enc", "data.bin"], ["需要 --key-hex 或 --sm2-pub", "give --key-hex or --sm2-pub"] },
        { ["crypto", "encrypt", "--key-hex", Sm4Key, "--out", "no/such/dir/x.enc", "data.bin"], ["输出目录不存在", "output directory does not exist"] },
        { ["crypto", "decrypt", "--profile", "intl", "--sm2-key", "k.pem", "--out", "x", "data.bin"], ["仅用于 gm", "only applies to the gm profile"] },
        { ["crypto", "hash", "."], ["目录", "directory"] },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_mistake_exits_2_with_one_bilingual_line(string[] arguments, string[] expected)
    {
        var result = await Sgov.RunAsync(_dir.Path, arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.StdOut);
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected one line on stderr:\n" + result.StdErr);
        Assert.StartsWith("sgov crypto", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines[0], c => c is >= '\u4e00' and <= '\u9fff');
        foreach (var text in expected)
        {
            Assert.Contains(text, lines[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Crypto_help_lists_every_subcommand_and_the_profile_option()
    {
        var root = await Sgov.RunAsync(_dir.Path, "--help");
        Assert.Equal(0, root.ExitCode);
        Assert.Contains("crypto", root.StdOut, StringComparison.Ordinal);
        Assert.Contains("migrate", root.StdOut, StringComparison.Ordinal);

        var help = await Sgov.RunAsync(_dir.Path, "crypto", "--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var sub in new[] { "keygen", "pubkey", "sign", "verify", "hash", "hmac", "encrypt", "decrypt", "--profile <gm|intl>" })
        {
            Assert.Contains(sub, help.StdOut, StringComparison.Ordinal);
        }

        var sign = await Sgov.RunAsync(_dir.Path, "crypto", "sign", "--help");
        Assert.True(sign.ExitCode == 0, sign.ToString());
        Assert.Contains("--key <KEY.pem> (REQUIRED)", sign.StdOut, StringComparison.Ordinal);
        Assert.Contains("1234567812345678", sign.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_option_and_argument_has_a_description_in_both_languages()
    {
        var crypto = CryptoCommands.Create();
        var missing = new List<string>();
        foreach (var command in new[] { crypto }.Concat(crypto.Subcommands))
        {
            Check(command.Name, command.Description);
            foreach (var option in command.Options)
            {
                Check($"{command.Name} {option.Name}", option.Description);
            }

            foreach (var argument in command.Arguments)
            {
                Check($"{command.Name} {argument.Name}", argument.Description);
            }
        }

        Assert.Equal(8, crypto.Subcommands.Count);
        Assert.True(missing.Count == 0, "without a bilingual description: " + string.Join(", ", missing));

        void Check(string what, string? description)
        {
            if (string.IsNullOrWhiteSpace(description)
                || !description.Any(c => c is >= '\u4e00' and <= '\u9fff')
                || !description.Any(char.IsAsciiLetter))
            {
                missing.Add(what);
            }
        }
    }
}
