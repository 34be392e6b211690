using System.Security.Cryptography;

namespace SmartGov.Crypto.Tests;

public class Sm4Tests
{
    private static readonly byte[] StandardKey = Hex.Decode("0123456789abcdeffedcba9876543210");

    [Fact]
    public void One_block_matches_GBT_32907_example_1()
    {
        Assert.Equal(Hex.Decode("681edf34d206965e86b3e94f536e4246"), Sm4.EncryptBlock(StandardKey, StandardKey));
    }

    [Fact]
    public void A_million_encryptions_match_GBT_32907_example_2()
    {
        var block = StandardKey;
        for (var i = 0; i < 1_000_000; i++)
        {
            block = Sm4.EncryptBlock(StandardKey, block);
        }

        Assert.Equal(Hex.Decode("595298c7c6fd271f0402f804c33d3f66"), block);
    }

    [Fact]
    public void Cbc_with_a_zero_iv_starts_with_the_GBT_32907_block()
    {
        // The first CBC block under a zero IV is the raw permutation of the first plaintext block.
        var ciphertext = Sm4.CbcEncrypt(StandardKey, new byte[16], StandardKey);

        Assert.Equal(32, ciphertext.Length); // one data block plus a full PKCS#7 padding block
        Assert.Equal(Hex.Decode("681edf34d206965e86b3e94f536e4246"), ciphertext[..16]);
    }

    [Fact]
    public void Gcm_decrypts_the_RFC_8998_test_vector()
    {
        // RFC 8998 Appendix A.1, laid out as nonce || ciphertext || tag.
        var sealedData = Hex.Decode(
            "00001234567800000000ABCD" +
            "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735" +
            "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D" +
            "83DE3541E4C2B58177E065A9BF7B62EC");
        var aad = Hex.Decode("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");

        var plaintext = Sm4.GcmDecrypt(StandardKey, sealedData, aad);

        Assert.Equal(
            Hex.Decode(
                "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD" +
                "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"),
            plaintext);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(4099)]
    public void Gcm_round_trips_with_the_documented_layout(int length)
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var aad = "citizen/110101199003077777"u8.ToArray();

        var sealedData = Sm4.GcmEncrypt(key, plaintext, aad);

        Assert.Equal(12 + length + 16, sealedData.Length);
        Assert.Equal(plaintext, Sm4.GcmDecrypt(key, sealedData, aad));
    }

    [Fact]
    public void Gcm_uses_a_fresh_nonce_every_time()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var plaintext = "110101199003077777"u8.ToArray();

        var first = Sm4.GcmEncrypt(key, plaintext);
        var second = Sm4.GcmEncrypt(key, plaintext);

        Assert.NotEqual(first[..12], second[..12]);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Gcm_without_associated_data_round_trips()
    {
        var key = RandomNumberGenerator.GetBytes(16);

        var sealedData = Sm4.GcmEncrypt(key, "13800138000"u8.ToArray());

        Assert.Equal("13800138000"u8.ToArray(), Sm4.GcmDecrypt(key, sealedData));
        Assert.Equal("13800138000"u8.ToArray(), Sm4.GcmDecrypt(key, sealedData, []));
    }

    [Fact]
    public void Gcm_rejects_every_single_bit_flip_in_nonce_ciphertext_and_tag()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var aad = "record-42"u8.ToArray();
        var sealedData = Sm4.GcmEncrypt(key, RandomNumberGenerator.GetBytes(20), aad);

        for (var bit = 0; bit < sealedData.Length * 8; bit++)
        {
            var tampered = (byte[])sealedData.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<CryptographicException>(() => Sm4.GcmDecrypt(key, tampered, aad));
        }
    }

    [Fact]
    public void Gcm_rejects_wrong_or_missing_associated_data_and_wrong_key()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var sealedData = Sm4.GcmEncrypt(key, "secret"u8.ToArray(), "record-42"u8.ToArray());

        Assert.Throws<CryptographicException>(() => Sm4.GcmDecrypt(key, sealedData, "record-43"u8.ToArray()));
        Assert.Throws<CryptographicException>(() => Sm4.GcmDecrypt(key, sealedData));
        Assert.Throws<CryptographicException>(() => Sm4.GcmDecrypt(RandomNumberGenerator.GetBytes(16), sealedData, "record-42"u8.ToArray()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(27)]
    public void Gcm_rejects_input_too_short_for_nonce_and_tag(int length)
    {
        Assert.Throws<CryptographicException>(() => Sm4.GcmDecrypt(new byte[16], new byte[length]));
    }

    [Fact]
    public void Gcm_rejects_truncated_and_extended_data()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var sealedData = Sm4.GcmEncrypt(key, "secret"u8.ToArray());

        Assert.Throws<CryptographicException>(() => Sm4.GcmDecrypt(key, sealedData[..^1]));
        Assert.Throws<CryptographicException>(() => Sm4.GcmDecrypt(key, [.. sealedData, 0]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(32)]
    public void Wrong_key_length_is_an_argument_error(int keyLength)
    {
        var key = new byte[keyLength];

        Assert.Throws<ArgumentException>("key", () => Sm4.GcmEncrypt(key, [1, 2, 3]));
        Assert.Throws<ArgumentException>("key", () => Sm4.GcmDecrypt(key, new byte[40]));
        Assert.Throws<ArgumentException>("key", () => Sm4.CbcEncrypt(key, new byte[16], [1, 2, 3]));
        Assert.Throws<ArgumentException>("key", () => Sm4.CbcDecrypt(key, new byte[16], new byte[16]));
    }

    [Fact]
    public void Cbc_rejects_a_wrong_iv_length()
    {
        Assert.Throws<ArgumentException>("iv", () => Sm4.CbcEncrypt(new byte[16], new byte[12], [1]));
    }

    [Fact]
    public void Cbc_decrypt_rejects_partial_blocks_and_bad_padding()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var iv = RandomNumberGenerator.GetBytes(16);
        var ciphertext = Sm4.CbcEncrypt(key, iv, "hello"u8.ToArray());

        Assert.Throws<CryptographicException>(() => Sm4.CbcDecrypt(key, iv, ciphertext[..15]));
        Assert.Throws<CryptographicException>(() => Sm4.CbcDecrypt(key, iv, []));

        // A block whose last byte decrypts to a padding length above 16 is rejected. Find one by
        // decrypting with a different IV: flipping the IV's last byte flips the padding byte.
        var badIv = (byte[])iv.Clone();
        badIv[15] ^= 0x80;
        Assert.Throws<CryptographicException>(() => Sm4.CbcDecrypt(key, badIv, ciphertext));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(1000)]
    public async Task Cbc_agrees_with_openssl_enc_sm4_cbc_in_both_directions(int length)
    {
        using var openssl = new OpenSsl();
        var key = RandomNumberGenerator.GetBytes(16);
        var iv = RandomNumberGenerator.GetBytes(16);
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var plainFile = openssl.Write("plain.bin", plaintext);

        await openssl.RunAsync(
            "enc", "-sm4-cbc", "-e", "-K", Hex.Encode(key), "-iv", Hex.Encode(iv), "-in", plainFile, "-out", openssl.PathOf("ours-to-check.bin"));
        Assert.Equal(openssl.ReadBytes("ours-to-check.bin"), Sm4.CbcEncrypt(key, iv, plaintext));

        var ourCiphertext = openssl.Write("ours.bin", Sm4.CbcEncrypt(key, iv, plaintext));
        await openssl.RunAsync(
            "enc", "-sm4-cbc", "-d", "-K", Hex.Encode(key), "-iv", Hex.Encode(iv), "-in", ourCiphertext, "-out", openssl.PathOf("back.bin"));
        Assert.Equal(plaintext, openssl.ReadBytes("back.bin"));

        Assert.Equal(plaintext, Sm4.CbcDecrypt(key, iv, openssl.ReadBytes("ours-to-check.bin")));
    }
}
