using System.Text;

namespace SmartGov.Cli.Tests;

/// <summary>
/// <c>sgov crypto keygen | pubkey | sign | verify</c>: the key files and signatures an operator makes with
/// our tool must be accepted by OpenSSL 3, and OpenSSL's must be accepted by ours (docs/crypto.md).
/// </summary>
public sealed class CryptoSignatureTests : IDisposable
{
    private const string DistId = "distid:1234567812345678";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Keygen_pubkey_sign_verify_round_trip_and_a_changed_file_fails()
    {
        var file = _dir.WriteRandom("contract.pdf", 10_000, seed: 1);

        Ok(await Run("crypto", "keygen", "--out", "key.pem"));
        var pem = File.ReadAllText(_dir["key.pem"]);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(FileModes.OwnerOnly, FileModes.Get(_dir["key.pem"]));

        Ok(await Run("crypto", "pubkey", "--key", "key.pem", "--out", "pub.pem"));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(_dir["pub.pem"]), StringComparison.Ordinal);

        Ok(await Run("crypto", "sign", "--key", "key.pem", "--out", "contract.sig", file));
        Assert.True(new FileInfo(_dir["contract.sig"]).Length is > 64 and <= 72, "a DER SM2 signature is 70-72 bytes");

        var valid = await Run("crypto", "verify", "--key", "pub.pem", "--signature", "contract.sig", file);
        Assert.True(valid.ExitCode == 0, valid.ToString());
        Assert.Equal("OK", valid.StdOut.Trim());

        var bytes = File.ReadAllBytes(file);
        bytes[5000] ^= 0x01;
        File.WriteAllBytes(file, bytes);
        var invalid = await Run("crypto", "verify", "--key", "pub.pem", "--signature", "contract.sig", file);
        Assert.True(invalid.ExitCode == 1, invalid.ToString());
        Assert.Equal("FAILED", invalid.StdOut.Trim());
        Assert.Contains("签名无效", invalid.StdErr, StringComparison.Ordinal);
        Assert.Contains("invalid signature", invalid.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_key_is_an_SM2_key_to_openssl_and_openssl_accepts_our_signature()
    {
        var file = _dir.WriteRandom("message.bin", 4321, seed: 2);
        Ok(await Run("crypto", "keygen", "--out", "key.pem"));
        Ok(await Run("crypto", "pubkey", "--key", "key.pem", "--out", "pub.pem"));
        Ok(await Run("crypto", "sign", "--key", "key.pem", "--out", "message.sig", "message.bin"));

        var text = await OpenSsl.RunAsync(_dir.Path, "pkey", "-in", "key.pem", "-noout", "-text");
        Assert.Contains("SM2", text, StringComparison.Ordinal);
        var opensslPub = await OpenSsl.RunAsync(_dir.Path, "pkey", "-in", "key.pem", "-pubout");
        Assert.Equal(opensslPub.Trim(), File.ReadAllText(_dir["pub.pem"]).Trim());

        var pkeyutl = await OpenSsl.RunAsync(_dir.Path,
            "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3",
            "-pkeyopt", DistId, "-in", "message.bin", "-sigfile", "message.sig");
        Assert.Contains("Signature Verified Successfully", pkeyutl, StringComparison.Ordinal);
        var dgst = await OpenSsl.RunAsync(_dir.Path,
            "dgst", "-sm3", "-verify", "pub.pem", "-sigopt", DistId, "-signature", "message.sig", "message.bin");
        Assert.Contains("Verified OK", dgst, StringComparison.Ordinal);

        File.WriteAllBytes(file, [.. File.ReadAllBytes(file), 0x00]);
        var changed = await OpenSsl.TryRunAsync(_dir.Path,
            "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3",
            "-pkeyopt", DistId, "-in", "message.bin", "-sigfile", "message.sig");
        Assert.NotEqual(0, changed.ExitCode);
    }

    [Fact]
    public async Task An_openssl_key_signs_with_sgov_and_openssl_signatures_verify_with_sgov()
    {
        _dir.WriteRandom("message.bin", 777, seed: 3);
        _dir.WriteRandom("other.bin", 777, seed: 4);
        await OpenSsl.RunAsync(_dir.Path, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "ossl.key.pem");
        await OpenSsl.RunAsync(_dir.Path, "pkey", "-in", "ossl.key.pem", "-pubout", "-out", "ossl.pub.pem");

        // Our public key from OpenSSL's private key is OpenSSL's public key.
        var ourPub = await Run("crypto", "pubkey", "--key", "ossl.key.pem");
        Ok(ourPub);
        Assert.Equal(File.ReadAllText(_dir["ossl.pub.pem"]).Trim(), ourPub.StdOut.Trim());

        // sgov signs with OpenSSL's key; OpenSSL verifies.
        Ok(await Run("crypto", "sign", "--key", "ossl.key.pem", "--out", "ours.sig", "message.bin"));
        await OpenSsl.RunAsync(_dir.Path,
            "pkeyutl", "-verify", "-pubin", "-inkey", "ossl.pub.pem", "-rawin", "-digest", "sm3",
            "-pkeyopt", DistId, "-in", "message.bin", "-sigfile", "ours.sig");

        // OpenSSL signs; sgov verifies, and rejects it for another file.
        await OpenSsl.RunAsync(_dir.Path,
            "pkeyutl", "-sign", "-inkey", "ossl.key.pem", "-rawin", "-digest", "sm3",
            "-pkeyopt", DistId, "-in", "message.bin", "-out", "ossl.sig");
        var ok = await Run("crypto", "verify", "--key", "ossl.pub.pem", "--signature", "ossl.sig", "message.bin");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal("OK", ok.StdOut.Trim());
        var wrongFile = await Run("crypto", "verify", "--key", "ossl.pub.pem", "--signature", "ossl.sig", "other.bin");
        Assert.True(wrongFile.ExitCode == 1, wrongFile.ToString());
        Assert.Equal("FAILED", wrongFile.StdOut.Trim());

        // The pitfall docs/crypto.md warns about: OpenSSL without distid signs with an empty ID,
        // which the default ID 1234567812345678 must not accept.
        await OpenSsl.RunAsync(_dir.Path,
            "pkeyutl", "-sign", "-inkey", "ossl.key.pem", "-rawin", "-digest", "sm3", "-in", "message.bin", "-out", "noid.sig");
        var noId = await Run("crypto", "verify", "--key", "ossl.pub.pem", "--signature", "noid.sig", "message.bin");
        Assert.True(noId.ExitCode == 1, noId.ToString());

        // verify also takes the private key, as `openssl pkeyutl -verify -inkey KEY.pem` does.
        var withPrivate = await Run("crypto", "verify", "--key", "ossl.key.pem", "--signature", "ossl.sig", "message.bin");
        Assert.True(withPrivate.ExitCode == 0, withPrivate.ToString());
    }

    [Fact]
    public async Task Another_distinguishing_id_is_used_on_both_sides()
    {
        _dir.WriteRandom("message.bin", 100, seed: 5);
        Ok(await Run("crypto", "keygen", "--out", "key.pem"));
        Ok(await Run("crypto", "pubkey", "--key", "key.pem", "--out", "pub.pem"));
        Ok(await Run("crypto", "sign", "--key", "key.pem", "--sm2-id", "GOV/tax-bureau", "--out", "m.sig", "message.bin"));

        await OpenSsl.RunAsync(_dir.Path,
            "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3",
            "-pkeyopt", "distid:GOV/tax-bureau", "-in", "message.bin", "-sigfile", "m.sig");
        Assert.Equal(1, (await Run("crypto", "verify", "--key", "pub.pem", "--signature", "m.sig", "message.bin")).ExitCode);
        Assert.Equal(0, (await Run("crypto", "verify", "--key", "pub.pem", "--signature", "m.sig", "--sm2-id", "GOV/tax-bureau", "message.bin")).ExitCode);
    }

    [Fact]
    public async Task Signing_stdin_gives_the_same_verifiable_signature_as_the_file()
    {
        var content = Encoding.UTF8.GetBytes("示范市大数据局 共享数据 2026\n");
        _dir.Write("note.txt", content);
        Ok(await Run("crypto", "keygen", "--out", "key.pem"));
        Ok(await Sgov.RunAsync(_dir.Path, content, "crypto", "sign", "--key", "key.pem", "--out", "note.sig", "-"));
        var verified = await Run("crypto", "verify", "--key", "key.pem", "--signature", "note.sig", "note.txt");
        Assert.True(verified.ExitCode == 0, verified.ToString());
    }

    [Fact]
    public async Task Keygen_never_overwrites_a_key_unless_forced()
    {
        Ok(await Run("crypto", "keygen", "--out", "key.pem"));
        var original = File.ReadAllText(_dir["key.pem"]);

        var again = await Run("crypto", "keygen", "--out", "key.pem");
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("--force", again.StdErr, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllText(_dir["key.pem"]));

        FileModes.Set(_dir["key.pem"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Ok(await Run("crypto", "keygen", "--force", "--out", "key.pem"));
        Assert.NotEqual(original, File.ReadAllText(_dir["key.pem"]));
        Assert.Equal(FileModes.OwnerOnly, FileModes.Get(_dir["key.pem"]));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    [Fact]
    public async Task Intl_profile_makes_P256_keys_and_ECDSA_signatures_openssl_accepts()
    {
        _dir.WriteRandom("message.bin", 2048, seed: 6);
        Ok(await Run("crypto", "--profile", "intl", "keygen", "--out", "p256.key.pem"));
        Ok(await Run("crypto", "pubkey", "--profile", "intl", "--key", "p256.key.pem", "--out", "p256.pub.pem"));
        var text = await OpenSsl.RunAsync(_dir.Path, "pkey", "-in", "p256.key.pem", "-noout", "-text");
        Assert.Contains("prime256v1", text, StringComparison.Ordinal);

        Ok(await Run("crypto", "sign", "--profile", "intl", "--key", "p256.key.pem", "--out", "m.sig", "message.bin"));
        var dgst = await OpenSsl.RunAsync(_dir.Path, "dgst", "-sha256", "-verify", "p256.pub.pem", "-signature", "m.sig", "message.bin");
        Assert.Contains("Verified OK", dgst, StringComparison.Ordinal);

        await OpenSsl.RunAsync(_dir.Path, "dgst", "-sha256", "-sign", "p256.key.pem", "-out", "ossl.sig", "message.bin");
        var ok = await Run("crypto", "verify", "--profile", "intl", "--key", "p256.pub.pem", "--signature", "ossl.sig", "message.bin");
        Assert.True(ok.ExitCode == 0, ok.ToString());

        // A P-256 key under the default gm profile is a usage error that names the fix.
        var wrongProfile = await Run("crypto", "sign", "--key", "p256.key.pem", "--out", "x.sig", "message.bin");
        Assert.True(wrongProfile.ExitCode == 2, wrongProfile.ToString());
        Assert.Contains("--profile intl", wrongProfile.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir["x.sig"]));
    }

    private Task<CliResult> Run(params string[] arguments) => Sgov.RunAsync(_dir.Path, arguments);

    private static void Ok(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.StdErr);
    }
}
