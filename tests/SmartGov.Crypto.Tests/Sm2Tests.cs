using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace SmartGov.Crypto.Tests;

public class Sm2Tests
{
    // GB/T 32918.5-2017 (GM/T 0003.5-2012) Annex A and C: the key used by the worked examples on the recommended curve.
    private static readonly byte[] StandardPrivateKey =
        Hex.Decode("3945208F 7B2144B1 3F36E38A C6D39F95 88939369 2860B51A 42FB81EF 4DF7C5B8");

    private static byte[] StandardSignature() => DerSignature(
        Hex.Decode("F5A03B06 48D2C463 0EEAC513 E1BB81A1 5944DA38 27D5B741 43AC7EAC EEE720B3"),
        Hex.Decode("B1B6AA29 DF212FD8 763182BC 0D421CA1 BB9038FD 1F7F42D4 840B69C4 85BBC1AA"));

    [Fact]
    public void The_standard_key_has_the_standard_public_key()
    {
        var keyPair = Sm2KeyPair.FromPrivateScalar(StandardPrivateKey);

        Assert.Equal(
            Hex.Decode(
                "04" +
                "09F9DF31 1E5421A1 50DD7D16 1E4BC5C6 72179FAD 1833FC07 6BB08FF3 56F35020" +
                "CCEA490C E26775A5 2DC6EA71 8CC1AA60 0AED05FB F35E084A 6632F607 2DA9AD13"),
            keyPair.PublicKey.ToPoint());
    }

    [Fact]
    public void The_GBT_32918_5_Annex_A_signature_verifies_with_the_default_id()
    {
        var publicKey = Sm2KeyPair.FromPrivateScalar(StandardPrivateKey).PublicKey;

        Assert.True(publicKey.Verify("message digest"u8.ToArray(), StandardSignature()));
    }

    [Fact]
    public void The_standard_signature_fails_for_a_one_bit_change_in_message_id_or_signature()
    {
        var publicKey = Sm2KeyPair.FromPrivateScalar(StandardPrivateKey).PublicKey;
        var message = "message digest"u8.ToArray();
        var signature = StandardSignature();

        var flippedMessage = (byte[])message.Clone();
        flippedMessage[^1] ^= 0x01;
        Assert.False(publicKey.Verify(flippedMessage, signature));

        Assert.False(publicKey.Verify(message, signature, "1234567812345679"u8.ToArray()));
        Assert.False(publicKey.Verify(message, signature, []));

        var flippedSignature = (byte[])signature.Clone();
        flippedSignature[^1] ^= 0x01;
        Assert.False(publicKey.Verify(message, flippedSignature));
    }

    [Fact]
    public void The_GBT_32918_5_Annex_C_ciphertext_decrypts()
    {
        var keyPair = Sm2KeyPair.FromPrivateScalar(StandardPrivateKey);
        var c1c3c2 = Hex.Decode(
            "04" +
            "04EBFC71 8E8D1798 62043226 8E77FEB6 415E2EDE 0E073C0F 4F640ECD 2E149A73" +
            "E858F9D8 1E5430A5 7B36DAAB 8F950A3C 64E6EE6A 63094D99 283AFF76 7E124DF0" +
            "59983C18 F809E262 923C53AE C295D303 83B54E39 D609D160 AFCB1908 D0BD8766" +
            "21886CA9 89CA9C7D 58087307 CA93092D 651EFA");

        Assert.Equal("encryption standard"u8.ToArray(), keyPair.Decrypt(c1c3c2));
    }

    [Fact]
    public void The_standard_ciphertext_converts_to_the_GMT_0009_asn1_form_and_back()
    {
        var c1c3c2 = Hex.Decode(
            "04" +
            "04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73" +
            "E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0" +
            "59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766" +
            "21886CA989CA9C7D58087307CA93092D651EFA");
        // The same ciphertext serialised per GM/T 0009-2012 §7.2 (as in OpenSSL's SM2 tests):
        // x has a leading 0x04 byte that is part of the coordinate; y needs a 0x00 sign byte.
        var der = Hex.Decode(
            "307C" +
            "0220 04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73" +
            "0221 00E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0" +
            "0420 59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766" +
            "0413 21886CA989CA9C7D58087307CA93092D651EFA");

        Assert.Equal(der, Sm2Ciphertext.ToDer(c1c3c2));
        Assert.Equal(c1c3c2, Sm2Ciphertext.FromDer(der));
    }

    [Fact]
    public void Sm2Ciphertext_rejects_garbage()
    {
        Assert.Throws<CryptographicException>(() => Sm2Ciphertext.FromDer([0x30, 0x03, 0x02, 0x01, 0x01]));
        Assert.Throws<CryptographicException>(() => Sm2Ciphertext.FromDer(RandomNumberGenerator.GetBytes(50)));
        Assert.Throws<CryptographicException>(() => Sm2Ciphertext.ToDer(new byte[97]));
    }

    [Fact]
    public void A_signature_verifies_and_fails_after_any_single_bit_flip_of_the_message()
    {
        var keyPair = Sm2KeyPair.Generate();
        var message = Encoding.UTF8.GetBytes("行政许可决定书 No. 2024-0001");

        var signature = keyPair.Sign(message);

        Assert.True(keyPair.PublicKey.Verify(message, signature));
        for (var bit = 0; bit < message.Length * 8; bit += 7)
        {
            var flipped = (byte[])message.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(keyPair.PublicKey.Verify(flipped, signature));
        }
    }

    [Fact]
    public void Signatures_are_randomised_but_all_verify()
    {
        var keyPair = Sm2KeyPair.Generate();
        var message = "x"u8.ToArray();

        var first = keyPair.Sign(message);
        var second = keyPair.Sign(message);

        Assert.NotEqual(first, second);
        Assert.True(keyPair.PublicKey.Verify(message, first));
        Assert.True(keyPair.PublicKey.Verify(message, second));
    }

    [Fact]
    public void A_signature_with_a_custom_id_verifies_only_with_that_id()
    {
        var keyPair = Sm2KeyPair.Generate();
        var message = "exchange request"u8.ToArray();
        var id = "CN/GOV/11010000000000000X/tax"u8.ToArray();

        var signature = keyPair.Sign(message, id);

        Assert.True(keyPair.PublicKey.Verify(message, signature, id));
        Assert.False(keyPair.PublicKey.Verify(message, signature));
        Assert.False(keyPair.PublicKey.Verify(message, keyPair.Sign(message), id));
    }

    [Fact]
    public void A_signature_does_not_verify_under_another_key()
    {
        var message = "m"u8.ToArray();

        Assert.False(Sm2KeyPair.Generate().PublicKey.Verify(message, Sm2KeyPair.Generate().Sign(message)));
    }

    [Fact]
    public void Signature_is_DER_sequence_of_two_integers()
    {
        var signature = Sm2KeyPair.Generate().Sign("m"u8.ToArray());

        var reader = new AsnReader(signature, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        var r = sequence.ReadInteger();
        var s = sequence.ReadInteger();
        Assert.False(sequence.HasData);
        Assert.False(reader.HasData);
        Assert.True(r.Sign > 0 && s.Sign > 0);
    }

    public static TheoryData<string, byte[]> GarbageSignatures()
    {
        var valid = Sm2KeyPair.FromPrivateScalar(StandardPrivateKey).Sign("message digest"u8.ToArray());
        var n = Hex.Decode("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123");
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "one byte", [0x30] },
            { "random", RandomNumberGenerator.GetBytes(72) },
            { "truncated", valid[..^1] },
            { "trailing byte", [.. valid, 0x00] },
            { "r = 0", DerSignature([0], [1]) },
            { "s = 0", DerSignature([1], [0]) },
            { "r = n", DerSignature(n, [1]) },
            { "huge integers", DerSignature(RandomNumberGenerator.GetBytes(200), RandomNumberGenerator.GetBytes(200)) },
            { "raw r||s instead of DER", RandomNumberGenerator.GetBytes(64) },
            { "BER long-form length", [0x30, 0x81, .. valid[1..]] },
            { "wrong tag", [0x31, .. valid[1..]] },
            { "negative r", [0x30, 0x06, 0x02, 0x01, 0xFF, 0x02, 0x01, 0x01] },
        };
    }

    [Theory]
    [MemberData(nameof(GarbageSignatures))]
    public void Verify_returns_false_and_never_throws_for_garbage(string description, byte[] signature)
    {
        var publicKey = Sm2KeyPair.FromPrivateScalar(StandardPrivateKey).PublicKey;

        Assert.False(publicKey.Verify("message digest"u8.ToArray(), signature), description);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(5000)]
    public void Encryption_round_trips_and_has_the_C1C3C2_layout(int length)
    {
        var keyPair = Sm2KeyPair.Generate();
        var plaintext = RandomNumberGenerator.GetBytes(length);

        var ciphertext = keyPair.PublicKey.Encrypt(plaintext);

        Assert.Equal(65 + 32 + length, ciphertext.Length);
        Assert.Equal(0x04, ciphertext[0]);
        Assert.Equal(plaintext, keyPair.Decrypt(ciphertext));
    }

    [Fact]
    public void Decryption_detects_tampering_and_the_wrong_key()
    {
        var keyPair = Sm2KeyPair.Generate();
        var ciphertext = keyPair.PublicKey.Encrypt("110101199003077777"u8.ToArray());

        foreach (var position in new[] { 10, 64, 70, 96, 97, ciphertext.Length - 1 })
        {
            var tampered = (byte[])ciphertext.Clone();
            tampered[position] ^= 0x01;
            Assert.Throws<CryptographicException>(() => keyPair.Decrypt(tampered));
        }

        Assert.Throws<CryptographicException>(() => Sm2KeyPair.Generate().Decrypt(ciphertext));
        Assert.Throws<CryptographicException>(() => keyPair.Decrypt(ciphertext[..97]));
        Assert.Throws<CryptographicException>(() => keyPair.Decrypt([]));
        Assert.Throws<CryptographicException>(() => keyPair.Decrypt(Sm2Ciphertext.ToDer(ciphertext)));
    }

    [Fact]
    public void Encrypting_an_empty_message_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => Sm2KeyPair.Generate().PublicKey.Encrypt([]));
    }

    [Fact]
    public void Keys_round_trip_through_PEM_and_DER()
    {
        var keyPair = Sm2KeyPair.Generate();

        var fromPem = Sm2KeyPair.FromPrivateKeyPem(keyPair.PrivateKeyPem());
        var fromDer = Sm2KeyPair.FromPrivateKeyDer(keyPair.PrivateKeyDer());

        Assert.Equal(keyPair.PublicKey, fromPem.PublicKey);
        Assert.Equal(keyPair.PublicKey, fromDer.PublicKey);
        Assert.Equal(keyPair.PrivateKeyDer(), fromPem.PrivateKeyDer());
        Assert.Equal(keyPair.PublicKey, Sm2PublicKey.FromPem(keyPair.PublicKeyPem()));
        Assert.Equal(keyPair.PublicKey, Sm2PublicKey.FromDer(keyPair.PublicKeyDer()));
        Assert.Equal(keyPair.PublicKey, Sm2PublicKey.FromPoint(keyPair.PublicKey.ToPoint()));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", keyPair.PrivateKeyPem(), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", keyPair.PublicKeyPem(), StringComparison.Ordinal);

        // A signature from the re-imported key verifies under the original public key.
        Assert.True(keyPair.PublicKey.Verify("m"u8.ToArray(), fromPem.Sign("m"u8.ToArray())));
    }

    [Fact]
    public void Public_keys_are_written_as_SubjectPublicKeyInfo_naming_the_SM2_curve()
    {
        var der = Sm2KeyPair.Generate().PublicKeyDer();

        var reader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var algorithm = reader.ReadSequence();
        Assert.Equal("1.2.840.10045.2.1", algorithm.ReadObjectIdentifier()); // id-ecPublicKey, RFC 5480
        Assert.Equal(Sm2.CurveOid, algorithm.ReadObjectIdentifier());
        Assert.Equal(65, reader.ReadBitString(out _).Length);
    }

    [Fact]
    public void Reading_a_key_that_is_not_PEM_is_an_argument_error_that_says_what_was_expected()
    {
        var error = Assert.Throws<ArgumentException>(() => Sm2KeyPair.FromPrivateKeyPem("not a key"));
        Assert.Contains("BEGIN PRIVATE KEY", error.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => Sm2PublicKey.FromPem(Sm2KeyPair.Generate().PrivateKeyPem()));
    }

    [Fact]
    public void Reading_an_encrypted_private_key_explains_how_to_decrypt_it()
    {
        var pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n";

        var error = Assert.Throws<ArgumentException>(() => Sm2KeyPair.FromPrivateKeyPem(pem));

        Assert.Contains("openssl pkey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_P256_key_is_not_accepted_as_an_SM2_key()
    {
        var p256 = EcdsaP256KeyPair.Generate();

        Assert.Throws<CryptographicException>(() => Sm2KeyPair.FromPrivateKeyPem(p256.PrivateKeyPem()));
        Assert.Throws<CryptographicException>(() => Sm2PublicKey.FromPem(p256.PublicKeyPem()));
        Assert.Throws<CryptographicException>(() => Sm2PublicKey.FromDer(p256.PublicKeyDer()));
    }

    [Fact]
    public void Malformed_key_bytes_are_a_cryptographic_error()
    {
        Assert.Throws<CryptographicException>(() => Sm2PublicKey.FromDer(RandomNumberGenerator.GetBytes(91)));
        Assert.Throws<CryptographicException>(() => Sm2PublicKey.FromDer([]));
        Assert.Throws<CryptographicException>(() => Sm2KeyPair.FromPrivateKeyDer(RandomNumberGenerator.GetBytes(138)));

        // A point that is not on the curve.
        var point = Sm2KeyPair.Generate().PublicKey.ToPoint();
        point[^1] ^= 0x01;
        Assert.Throws<CryptographicException>(() => Sm2PublicKey.FromPoint(point));
    }

    [Fact]
    public void An_out_of_range_private_key_is_rejected()
    {
        var n = Hex.Decode("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123");
        var nMinus1 = (byte[])n.Clone();
        nMinus1[^1] -= 1;

        Assert.Throws<CryptographicException>(() => Sm2KeyPair.FromPrivateScalar(new byte[32]));
        Assert.Throws<CryptographicException>(() => Sm2KeyPair.FromPrivateScalar(n));
        // d = n - 1 makes 1 + d non-invertible, which GB/T 32918.1 §6.1 excludes for SM2.
        Assert.Throws<CryptographicException>(() => Sm2KeyPair.FromPrivateScalar(nMinus1));
    }

    [Fact]
    public void Generated_keys_work_through_the_signing_interfaces()
    {
        ISigningKey key = Sm2KeyPair.Generate();

        var signature = key.Sign("m"u8.ToArray());

        Assert.Equal("SM3withSM2", key.Algorithm);
        Assert.True(key.PublicKey.Verify("m"u8.ToArray(), signature));
        Assert.Equal(key.PublicKeyPem(), key.PublicKey.ToPem());
    }

    internal static byte[] DerSignature(byte[] r, byte[] s)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(TrimLeadingZeros(r));
            writer.WriteIntegerUnsigned(TrimLeadingZeros(s));
        }

        return writer.Encode();
    }

    private static byte[] TrimLeadingZeros(byte[] value)
    {
        var start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        return value[start..];
    }
}
