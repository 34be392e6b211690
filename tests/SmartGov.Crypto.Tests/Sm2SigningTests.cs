using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace SmartGov.Crypto.Tests;

/// <summary>
/// The SM2 signing path that keeps Z_A and (1 + d)⁻¹ per key gives the standard's signature for the standard's k, and its
/// signatures and BouncyCastle's own SM2Signer (which recomputes everything per call) accept each other's.
/// </summary>
public class Sm2SigningTests
{
    private static readonly byte[] StandardPrivateKey =
        Hex.Decode("3945208F 7B2144B1 3F36E38A C6D39F95 88939369 2860B51A 42FB81EF 4DF7C5B8");

    [Fact]
    public void Signing_the_GBT_32918_5_Annex_A_message_with_its_k_gives_its_signature_byte_for_byte()
    {
        var key = Sm2KeyPair.FromPrivateScalar(StandardPrivateKey);
        var k = Hex.Decode("59276E27 D506861A 16680F3A D9C02DCC EF3CC1FA 3CDBE4CE 6D54B80D EAC1BC21");
        var expected = Asn1Der(
            Hex.Decode("F5A03B06 48D2C463 0EEAC513 E1BB81A1 5944DA38 27D5B741 43AC7EAC EEE720B3"),
            Hex.Decode("B1B6AA29 DF212FD8 763182BC 0D421CA1 BB9038FD 1F7F42D4 840B69C4 85BBC1AA"));

        // Twice: the second signature uses the Z_A kept from the first.
        Assert.Equal(expected, key.Sign("message digest"u8.ToArray(), "1234567812345678"u8.ToArray(), new FixedRandom(k)));
        Assert.Equal(expected, key.Sign("message digest"u8.ToArray(), "1234567812345678"u8.ToArray(), new FixedRandom(k)));
    }

    [Theory]
    [InlineData("1234567812345678")]
    [InlineData("GOV/tax-bureau")]
    public void Signatures_of_the_cached_path_and_of_a_fresh_BouncyCastle_SM2Signer_verify_each_other(string id)
    {
        var key = Sm2KeyPair.Generate();
        var der = key.PrivateKeyDer();
        var privateKey = (ECPrivateKeyParameters)PrivateKeyFactory.CreateKey(der);
        var publicKey = (ECPublicKeyParameters)PublicKeyFactory.CreateKey(key.PublicKeyDer());
        var idBytes = System.Text.Encoding.ASCII.GetBytes(id);
        for (var i = 0; i < 5; i++)
        {
            var message = System.Text.Encoding.UTF8.GetBytes($"户籍信息 {i}");
            var ours = key.Sign(message, idBytes);
            var reference = new SM2Signer();
            reference.Init(false, new ParametersWithID(publicKey, idBytes));
            reference.BlockUpdate(message, 0, message.Length);
            Assert.True(reference.VerifySignature(ours));

            var signer = new SM2Signer();
            signer.Init(true, new ParametersWithID(new ParametersWithRandom(privateKey, new SecureRandom()), idBytes));
            signer.BlockUpdate(message, 0, message.Length);
            var theirs = signer.GenerateSignature();
            Assert.True(key.PublicKey.Verify(message, theirs, idBytes));
            Assert.False(key.PublicKey.Verify([.. message, 0x20], theirs, idBytes));
            Assert.False(key.PublicKey.Verify(message, theirs, "another id"u8.ToArray()));
        }
    }

    private static byte[] Asn1Der(byte[] r, byte[] s)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(r);
            writer.WriteIntegerUnsigned(s);
        }

        return writer.Encode();
    }

    /// <summary>Hands out the given bytes as its randomness: the standard's fixed k.</summary>
    private sealed class FixedRandom(byte[] bytes) : SecureRandom
    {
        public override void NextBytes(byte[] buf) => NextBytes(buf, 0, buf.Length);

        public override void NextBytes(byte[] buf, int off, int len) => bytes.AsSpan(0, len).CopyTo(buf.AsSpan(off, len));

        public override void NextBytes(Span<byte> buffer) => bytes.AsSpan(0, buffer.Length).CopyTo(buffer);
    }
}
