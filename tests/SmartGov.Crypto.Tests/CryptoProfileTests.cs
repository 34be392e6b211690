using System.Security.Cryptography;

namespace SmartGov.Crypto.Tests;

public class CryptoProfileTests
{
    public static TheoryData<string> ProfileNames => new() { "gm", "intl" };

    [Theory]
    [InlineData("gm", "gm")]
    [InlineData("GM", "gm")]
    [InlineData(" intl ", "intl")]
    [InlineData("Intl", "intl")]
    public void Profiles_are_found_by_name(string name, string expected)
    {
        Assert.Equal(expected, CryptoProfiles.Get(name).Name);
    }

    [Fact]
    public void The_named_properties_are_the_same_instances_as_the_lookup()
    {
        Assert.Same(CryptoProfiles.Gm, CryptoProfiles.Get("gm"));
        Assert.Same(CryptoProfiles.Intl, CryptoProfiles.Get("intl"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sm")]
    [InlineData("fips")]
    public void An_unknown_profile_name_is_an_argument_error_listing_the_choices(string unknown)
    {
        var error = Assert.Throws<ArgumentException>("name", () => CryptoProfiles.Get(unknown));

        Assert.Contains("\"gm\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"intl\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gm_hash_and_hmac_are_SM3()
    {
        var profile = CryptoProfiles.Gm;

        Assert.Equal(Hex.Decode("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"), profile.Hash("abc"u8.ToArray()));
        Assert.Equal(Sm3.Hmac("k"u8.ToArray(), "d"u8.ToArray()), profile.Hmac("k"u8.ToArray(), "d"u8.ToArray()));
        Assert.Equal(16, profile.KeySizeInBytes);
        Assert.Equal(32, profile.HashSizeInBytes);
    }

    [Fact]
    public void Intl_hash_and_hmac_are_SHA256()
    {
        var profile = CryptoProfiles.Intl;

        // FIPS 180-2 Appendix B.1 and RFC 4231 test case 2.
        Assert.Equal(Hex.Decode("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), profile.Hash("abc"u8.ToArray()));
        Assert.Equal(
            Hex.Decode("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            profile.Hmac("Jefe"u8.ToArray(), "what do ya want for nothing?"u8.ToArray()));
        Assert.Equal(32, profile.KeySizeInBytes);
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Stream_hash_equals_array_hash(string name)
    {
        var profile = CryptoProfiles.Get(name);
        var data = RandomNumberGenerator.GetBytes(200_000);

        Assert.Equal(profile.Hash(data), profile.Hash(new MemoryStream(data)));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Encryption_round_trips_with_the_shared_layout(string name)
    {
        var profile = CryptoProfiles.Get(name);
        var key = profile.GenerateKey();
        var plaintext = RandomNumberGenerator.GetBytes(77);
        var aad = "phone"u8.ToArray();

        var sealedData = profile.Encrypt(key, plaintext, aad);

        Assert.Equal(profile.KeySizeInBytes, key.Length);
        Assert.Equal(12 + 77 + 16, sealedData.Length);
        Assert.Equal(plaintext, profile.Decrypt(key, sealedData, aad));
        Assert.Empty(profile.Decrypt(key, profile.Encrypt(key, [])));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Tampered_ciphertext_tag_nonce_or_aad_is_a_cryptographic_error(string name)
    {
        var profile = CryptoProfiles.Get(name);
        var key = profile.GenerateKey();
        var aad = "record-7"u8.ToArray();
        var sealedData = profile.Encrypt(key, RandomNumberGenerator.GetBytes(40), aad);

        foreach (var position in new[] { 0, 11, 12, 30, sealedData.Length - 16, sealedData.Length - 1 })
        {
            var tampered = (byte[])sealedData.Clone();
            tampered[position] ^= 0x20;
            Assert.ThrowsAny<CryptographicException>(() => profile.Decrypt(key, tampered, aad));
        }

        Assert.ThrowsAny<CryptographicException>(() => profile.Decrypt(key, sealedData, "record-8"u8.ToArray()));
        Assert.ThrowsAny<CryptographicException>(() => profile.Decrypt(key, sealedData));
        Assert.ThrowsAny<CryptographicException>(() => profile.Decrypt(key, sealedData[..27], aad));
    }

    [Fact]
    public void Each_profile_rejects_the_other_profiles_key_length()
    {
        Assert.Throws<ArgumentException>("key", () => CryptoProfiles.Gm.Encrypt(new byte[32], [1]));
        Assert.Throws<ArgumentException>("key", () => CryptoProfiles.Gm.Decrypt(new byte[32], new byte[40]));
        Assert.Throws<ArgumentException>("key", () => CryptoProfiles.Intl.Encrypt(new byte[16], [1]));
        Assert.Throws<ArgumentException>("key", () => CryptoProfiles.Intl.Decrypt(new byte[16], new byte[40]));
    }

    [Fact]
    public void Ciphertext_of_one_profile_does_not_open_under_the_other()
    {
        var key = new byte[32];
        var sealedByIntl = CryptoProfiles.Intl.Encrypt(key, "x"u8.ToArray());

        Assert.Throws<CryptographicException>(() => CryptoProfiles.Gm.Decrypt(key[..16], sealedByIntl));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Signing_keys_sign_verify_and_round_trip_through_PEM_and_DER(string name)
    {
        var profile = CryptoProfiles.Get(name);
        var key = profile.GenerateSigningKey();
        var message = RandomNumberGenerator.GetBytes(123);

        var signature = key.Sign(message);

        Assert.True(key.PublicKey.Verify(message, signature));
        Assert.False(key.PublicKey.Verify(message[1..], signature));
        Assert.False(key.PublicKey.Verify(message, RandomNumberGenerator.GetBytes(70)));
        Assert.False(key.PublicKey.Verify(message, []));

        var imported = profile.ImportSigningKey(key.PrivateKeyPem());
        Assert.Equal(key.PublicKeyDer(), imported.PublicKeyDer());
        Assert.True(profile.ImportVerificationKey(key.PublicKeyPem()).Verify(message, imported.Sign(message)));
        Assert.True(profile.ImportVerificationKey(key.PublicKeyDer()).Verify(message, signature));
        Assert.Equal(key.PublicKey.ToPem(), key.PublicKeyPem());
        Assert.Equal(key.PublicKey.ToDer(), key.PublicKeyDer());
    }

    [Fact]
    public void A_key_of_one_profile_is_rejected_by_the_other()
    {
        var gmKey = CryptoProfiles.Gm.GenerateSigningKey();
        var intlKey = CryptoProfiles.Intl.GenerateSigningKey();

        Assert.Throws<CryptographicException>(() => CryptoProfiles.Intl.ImportSigningKey(gmKey.PrivateKeyPem()));
        Assert.Throws<CryptographicException>(() => CryptoProfiles.Intl.ImportVerificationKey(gmKey.PublicKeyPem()));
        Assert.Throws<CryptographicException>(() => CryptoProfiles.Gm.ImportSigningKey(intlKey.PrivateKeyPem()));
        Assert.Throws<CryptographicException>(() => CryptoProfiles.Gm.ImportVerificationKey(intlKey.PublicKeyDer()));
    }

    [Fact]
    public void Algorithms_are_named()
    {
        Assert.Equal("SM3withSM2", CryptoProfiles.Gm.GenerateSigningKey().Algorithm);
        Assert.Equal("SHA256withECDSA", CryptoProfiles.Intl.GenerateSigningKey().PublicKey.Algorithm);
    }

    [Fact]
    public async Task OpenSSL_verifies_our_P256_signature_and_reads_our_keys()
    {
        using var openssl = new OpenSsl();
        var key = CryptoProfiles.Intl.GenerateSigningKey();
        var message = RandomNumberGenerator.GetBytes(500);
        var keyFile = openssl.Write("key.pem", key.PrivateKeyPem());
        var pub = openssl.Write("pub.pem", key.PublicKeyPem());
        var msg = openssl.Write("msg.bin", message);
        var sig = openssl.Write("msg.sig", key.Sign(message));

        var output = await openssl.RunAsync("dgst", "-sha256", "-verify", pub, "-signature", sig, msg);
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);

        output = await openssl.RunAsync("pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-digest", "sha256", "-in", msg, "-sigfile", sig);
        Assert.Contains("Signature Verified Successfully", output, StringComparison.Ordinal);

        Assert.Equal(key.PublicKeyPem(), await openssl.RunAsync("pkey", "-in", keyFile, "-pubout"));
        var text = await openssl.RunAsync("pkey", "-in", keyFile, "-noout", "-text");
        Assert.Contains("prime256v1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task We_read_OpenSSL_P256_keys_and_verify_its_signatures()
    {
        using var openssl = new OpenSsl();
        var message = RandomNumberGenerator.GetBytes(500);
        var msg = openssl.Write("msg.bin", message);
        await openssl.RunAsync("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", openssl.PathOf("key.pem"));
        var pubPem = await openssl.RunAsync("pkey", "-in", openssl.PathOf("key.pem"), "-pubout");
        await openssl.RunAsync("dgst", "-sha256", "-sign", openssl.PathOf("key.pem"), "-out", openssl.PathOf("msg.sig"), msg);
        var sec1 = await openssl.RunAsync("ec", "-in", openssl.PathOf("key.pem"));

        var publicKey = CryptoProfiles.Intl.ImportVerificationKey(pubPem);

        Assert.True(publicKey.Verify(message, openssl.ReadBytes("msg.sig")));
        Assert.Equal(pubPem, CryptoProfiles.Intl.ImportSigningKey(openssl.ReadText("key.pem")).PublicKeyPem());
        Assert.Contains("BEGIN EC PRIVATE KEY", sec1, StringComparison.Ordinal);
        Assert.Equal(pubPem, CryptoProfiles.Intl.ImportSigningKey(sec1).PublicKeyPem());

        var explicitSec1 = await openssl.RunAsync("ec", "-in", openssl.PathOf("key.pem"), "-param_enc", "explicit");
        Assert.Equal(pubPem, CryptoProfiles.Intl.ImportSigningKey(explicitSec1).PublicKeyPem());
        Assert.Throws<CryptographicException>(() => CryptoProfiles.Gm.ImportSigningKey(explicitSec1));
    }
}
