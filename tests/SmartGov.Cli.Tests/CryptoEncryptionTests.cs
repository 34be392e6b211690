using System.Security.Cryptography;

namespace SmartGov.Cli.Tests;

/// <summary>
/// <c>sgov crypto encrypt | decrypt</c>: SM4-GCM (gm) or AES-256-GCM (intl) as nonce‖ciphertext‖tag, and SM2
/// public-key encryption. A wrong key or an altered byte must exit 1 and write nothing.
/// </summary>
public sealed class CryptoEncryptionTests : IDisposable
{
    private const string Sm4Key = "0123456789abcdeffedcba9876543210";
    private const string AesKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(100_003)]
    public async Task Sm4_gcm_round_trip_with_nonce_ciphertext_tag_layout(int size)
    {
        var plain = _dir.WriteRandom("id-cards.csv", size, seed: size);
        Ok(await Run("crypto", "encrypt", "--key-hex", Sm4Key, "--out", "id-cards.enc", "id-cards.csv"));
        var sealedData = File.ReadAllBytes(_dir["id-cards.enc"]);
        Assert.Equal(12 + size + 16, sealedData.Length);

        Ok(await Run("crypto", "decrypt", "--key-hex", Sm4Key, "--out", "id-cards.out", "id-cards.enc"));
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(_dir["id-cards.out"]));
        // Decrypted personal data is as private as a key.
        Assert.Equal(FileModes.OwnerOnly, FileModes.Get(_dir["id-cards.out"]));
    }

    [Fact]
    public async Task Decrypt_reads_the_RFC_8998_SM4_GCM_test_vector()
    {
        // RFC 8998 Appendix A.1 laid out as nonce ‖ ciphertext ‖ tag: proves the file format is standard SM4-GCM.
        _dir.Write("vector.enc", Convert.FromHexString(
            "00001234567800000000ABCD" +
            "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735" +
            "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D" +
            "83DE3541E4C2B58177E065A9BF7B62EC"));
        Ok(await Run("crypto", "decrypt", "--key-hex", Sm4Key, "--aad-hex", "FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2", "--out", "vector.out", "vector.enc"));
        Assert.Equal(
            Convert.FromHexString(
                "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD" +
                "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"),
            File.ReadAllBytes(_dir["vector.out"]));

        // The same vector without its associated data does not authenticate.
        var noAad = await Run("crypto", "decrypt", "--key-hex", Sm4Key, "--out", "vector2.out", "vector.enc");
        Assert.True(noAad.ExitCode == 1, noAad.ToString());
    }

    [Theory]
    [InlineData(0)]   // a byte of the nonce
    [InlineData(20)]  // a byte of the ciphertext
    [InlineData(-1)]  // the last byte of the tag
    public async Task An_altered_ciphertext_exits_1_and_writes_nothing(int position)
    {
        _dir.WriteRandom("plain.bin", 64, seed: 7);
        Ok(await Run("crypto", "encrypt", "--key-hex", Sm4Key, "--out", "sealed.bin", "plain.bin"));
        var sealedData = File.ReadAllBytes(_dir["sealed.bin"]);
        sealedData[position < 0 ? sealedData.Length + position : position] ^= 0x80;
        File.WriteAllBytes(_dir["sealed.bin"], sealedData);

        var result = await Run("crypto", "decrypt", "--key-hex", Sm4Key, "--out", "plain.out", "sealed.bin");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("解密失败", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("decryption failed", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir["plain.out"]));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    [Fact]
    public async Task A_wrong_key_exits_1_and_leaves_an_existing_output_untouched()
    {
        _dir.WriteRandom("plain.bin", 500, seed: 8);
        _dir.Write("plain.out", "previous content"u8.ToArray());
        Ok(await Run("crypto", "encrypt", "--key-hex", Sm4Key, "--out", "sealed.bin", "plain.bin"));

        var result = await Run("crypto", "decrypt", "--key-hex", "ffeeddccbbaa99887766554433221100", "--out", "plain.out", "sealed.bin");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("previous content"u8.ToArray(), File.ReadAllBytes(_dir["plain.out"]));
    }

    [Fact]
    public async Task Associated_data_must_match()
    {
        _dir.WriteRandom("plain.bin", 33, seed: 9);
        Ok(await Run("crypto", "encrypt", "--key-hex", Sm4Key, "--aad-hex", "01", "--out", "sealed.bin", "plain.bin"));
        Assert.Equal(1, (await Run("crypto", "decrypt", "--key-hex", Sm4Key, "--out", "a.out", "sealed.bin")).ExitCode);
        Assert.Equal(1, (await Run("crypto", "decrypt", "--key-hex", Sm4Key, "--aad-hex", "02", "--out", "b.out", "sealed.bin")).ExitCode);
        Ok(await Run("crypto", "decrypt", "--key-hex", Sm4Key, "--aad-hex", "01", "--out", "c.out", "sealed.bin"));
        Assert.Equal(File.ReadAllBytes(_dir["plain.bin"]), File.ReadAllBytes(_dir["c.out"]));
    }

    [Fact]
    public async Task An_operator_can_decrypt_and_index_the_hubs_personal_data_by_hand()
    {
        const string indexKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        const string idNumber = "11010519491231002X";
        var cipher = new SmartGov.Hub.PersonalData.PersonalDataCipher(Convert.FromHexString(Sm4Key), Convert.FromHexString(indexKey));

        // As docs/cli.md says: drop the version byte, pass it as associated data.
        var stored = cipher.Protect(idNumber);
        _dir.Write("value.enc", stored[1..]);
        Ok(await Run("crypto", "decrypt", "--key-hex", Sm4Key, "--aad-hex", "01", "--out", "value.txt", "value.enc"));
        Assert.Equal(idNumber, File.ReadAllText(_dir["value.txt"]));

        _dir.Write("index-input.txt", System.Text.Encoding.UTF8.GetBytes($"IdNumber:{idNumber}"));
        var index = await Run("crypto", "hmac", "--key-hex", indexKey, "index-input.txt");
        Ok(index);
        Assert.Equal(cipher.BlindIndex(SmartGov.Hub.PersonalData.PersonalDataKind.IdNumber, idNumber), index.StdOut.Trim());
    }

    [Fact]
    public async Task Intl_profile_is_standard_AES_256_GCM()
    {
        var plain = _dir.WriteRandom("plain.bin", 4096, seed: 10);
        Ok(await Run("crypto", "--profile", "intl", "encrypt", "--key-hex", AesKey, "--out", "sealed.bin", "plain.bin"));
        var sealedData = File.ReadAllBytes(_dir["sealed.bin"]);
        Assert.Equal(12 + 4096 + 16, sealedData.Length);

        // Decrypt independently with .NET's AES-GCM: the layout is nonce ‖ ciphertext ‖ tag.
        var body = sealedData[12..^16];
        var decrypted = new byte[body.Length];
        using (var aes = new AesGcm(Convert.FromHexString(AesKey), 16))
        {
            aes.Decrypt(sealedData[..12], body, sealedData[^16..], decrypted);
        }

        Assert.Equal(File.ReadAllBytes(plain), decrypted);

        Ok(await Run("crypto", "--profile", "intl", "decrypt", "--key-hex", AesKey, "--out", "plain.out", "sealed.bin"));
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(_dir["plain.out"]));

        sealedData[30] ^= 1;
        File.WriteAllBytes(_dir["sealed.bin"], sealedData);
        var tampered = await Run("crypto", "--profile", "intl", "decrypt", "--key-hex", AesKey, "--out", "tampered.out", "sealed.bin");
        Assert.True(tampered.ExitCode == 1, tampered.ToString());
        Assert.False(File.Exists(_dir["tampered.out"]));

        // An SM4 key is too short for AES-256: a usage error, not a failed decryption.
        var shortKey = await Run("crypto", "--profile", "intl", "decrypt", "--key-hex", Sm4Key, "--out", "x.out", "sealed.bin");
        Assert.True(shortKey.ExitCode == 2, shortKey.ToString());
        Assert.Contains("32", shortKey.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sm2_public_key_encryption_round_trip_and_tamper()
    {
        var plain = _dir.WriteRandom("secret.txt", 300, seed: 11);
        Ok(await Run("crypto", "keygen", "--out", "key.pem"));
        Ok(await Run("crypto", "pubkey", "--key", "key.pem", "--out", "pub.pem"));

        Ok(await Run("crypto", "encrypt", "--sm2-pub", "pub.pem", "--out", "secret.sm2", "secret.txt"));
        var c1c3c2 = File.ReadAllBytes(_dir["secret.sm2"]);
        Assert.Equal(65 + 32 + 300, c1c3c2.Length);
        Assert.Equal(0x04, c1c3c2[0]);

        Ok(await Run("crypto", "decrypt", "--sm2-key", "key.pem", "--out", "secret.out", "secret.sm2"));
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(_dir["secret.out"]));

        c1c3c2[100] ^= 0x01;   // in C2
        File.WriteAllBytes(_dir["secret.sm2"], c1c3c2);
        var tampered = await Run("crypto", "decrypt", "--sm2-key", "key.pem", "--out", "tampered.out", "secret.sm2");
        Assert.True(tampered.ExitCode == 1, tampered.ToString());
        Assert.False(File.Exists(_dir["tampered.out"]));
    }

    [Fact]
    public async Task Sm2_encryption_interoperates_with_openssl_pkeyutl()
    {
        var plain = _dir.WriteRandom("secret.bin", 200, seed: 12);
        await OpenSsl.RunAsync(_dir.Path, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "key.pem");
        await OpenSsl.RunAsync(_dir.Path, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");

        // sgov --der → openssl decrypts.
        Ok(await Run("crypto", "encrypt", "--sm2-pub", "pub.pem", "--der", "--out", "ours.der", "secret.bin"));
        await OpenSsl.RunAsync(_dir.Path, "pkeyutl", "-decrypt", "-inkey", "key.pem", "-in", "ours.der", "-out", "ossl.out");
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(_dir["ossl.out"]));

        // openssl encrypts → sgov decrypts (the ASN.1 form is recognised).
        await OpenSsl.RunAsync(_dir.Path, "pkeyutl", "-encrypt", "-pubin", "-inkey", "pub.pem", "-in", "secret.bin", "-out", "ossl.der");
        Ok(await Run("crypto", "decrypt", "--sm2-key", "key.pem", "--out", "ours.out", "ossl.der"));
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(_dir["ours.out"]));
    }

    private Task<CliResult> Run(params string[] arguments) => Sgov.RunAsync(_dir.Path, arguments);

    private static void Ok(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.StdErr);
    }
}
