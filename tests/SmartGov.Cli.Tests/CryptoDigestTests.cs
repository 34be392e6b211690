using System.Text.RegularExpressions;

namespace SmartGov.Cli.Tests;

/// <summary><c>sgov crypto hash | hmac</c> print what <c>openssl dgst</c> and <c>openssl mac</c> print, in lowercase hex.</summary>
public sealed partial class CryptoDigestTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // Around the SM3 block (64 bytes) and padding (56 bytes) boundaries, and a file larger than the read buffer.
    public static TheoryData<int> Sizes => new() { 0, 1, 55, 56, 64, 65, 1_048_579 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Hash_equals_openssl_dgst_sm3(int size)
    {
        _dir.WriteRandom("upload.bin", size, seed: size);
        var ours = await Sgov.RunAsync(_dir.Path, "crypto", "hash", "upload.bin");
        Assert.True(ours.ExitCode == 0, ours.ToString());
        Assert.Matches(LowerHex64(), ours.StdOut.Trim());

        var openssl = await OpenSsl.RunAsync(_dir.Path, "dgst", "-sm3", "-r", "upload.bin");
        Assert.Equal(openssl.Split(' ')[0].ToLowerInvariant(), ours.StdOut.Trim());
    }

    [Fact]
    public async Task Hash_reads_stdin_for_dash()
    {
        var content = _dir.WriteRandom("upload.bin", 5000, seed: 9);
        var ours = await Sgov.RunAsync(_dir.Path, File.ReadAllBytes(content), "crypto", "hash", "-");
        Assert.True(ours.ExitCode == 0, ours.ToString());
        var openssl = await OpenSsl.RunAsync(_dir.Path, "dgst", "-sm3", "-r", "upload.bin");
        Assert.Equal(openssl.Split(' ')[0].ToLowerInvariant(), ours.StdOut.Trim());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(777)]
    [InlineData(65_536)]
    public async Task Hash_with_intl_profile_equals_openssl_dgst_sha256(int size)
    {
        _dir.WriteRandom("upload.bin", size, seed: size + 1);
        var ours = await Sgov.RunAsync(_dir.Path, "crypto", "--profile", "intl", "hash", "upload.bin");
        Assert.True(ours.ExitCode == 0, ours.ToString());
        var openssl = await OpenSsl.RunAsync(_dir.Path, "dgst", "-sha256", "-r", "upload.bin");
        Assert.Equal(openssl.Split(' ')[0].ToLowerInvariant(), ours.StdOut.Trim());
    }

    [Theory]
    [InlineData("00112233445566778899aabbccddeeff", 0)]
    [InlineData("0b", 100)]
    [InlineData("00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 10_000)]
    public async Task Hmac_equals_openssl_mac_hmac_sm3(string keyHex, int size)
    {
        _dir.WriteRandom("data.bin", size, seed: size + 2);
        var ours = await Sgov.RunAsync(_dir.Path, "crypto", "hmac", "--key-hex", keyHex, "data.bin");
        Assert.True(ours.ExitCode == 0, ours.ToString());
        Assert.Matches(LowerHex64(), ours.StdOut.Trim());

        var openssl = await OpenSsl.RunAsync(_dir.Path, "mac", "-digest", "SM3", "-macopt", $"hexkey:{keyHex}", "-in", "data.bin", "HMAC");
        Assert.Equal(openssl.Trim().ToLowerInvariant(), ours.StdOut.Trim());
    }

    [Fact]
    public async Task Hmac_with_intl_profile_equals_openssl_mac_hmac_sha256()
    {
        const string keyHex = "4a656665";
        _dir.WriteRandom("data.bin", 3000, seed: 11);
        var ours = await Sgov.RunAsync(_dir.Path, "crypto", "hmac", "--profile", "intl", "--key-hex", keyHex, "data.bin");
        Assert.True(ours.ExitCode == 0, ours.ToString());
        var openssl = await OpenSsl.RunAsync(_dir.Path, "mac", "-digest", "SHA256", "-macopt", $"hexkey:{keyHex}", "-in", "data.bin", "HMAC");
        Assert.Equal(openssl.Trim().ToLowerInvariant(), ours.StdOut.Trim());
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex LowerHex64();
}
