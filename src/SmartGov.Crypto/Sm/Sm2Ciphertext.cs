using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;

namespace SmartGov.Crypto;

/// <summary>
/// Converts SM2 ciphertexts between the raw C1‖C3‖C2 byte string and the ASN.1 SM2Cipher structure of
/// GM/T 0009-2012 §7.2 (GB/T 35276-2017 §7.2), which OpenSSL's <c>pkeyutl -encrypt</c> reads and writes:
/// <code>SM2Cipher ::= SEQUENCE { XCoordinate INTEGER, YCoordinate INTEGER, HASH OCTET STRING (SIZE(32)), CipherText OCTET STRING }</code>
/// </summary>
public static class Sm2Ciphertext
{
    private const int CoordinateLength = 32;
    private const int C1Length = 1 + 2 * CoordinateLength;

    /// <summary>Encodes a raw C1‖C3‖C2 ciphertext as a DER SM2Cipher.</summary>
    /// <exception cref="CryptographicException">The input is not a raw SM2 ciphertext.</exception>
    public static byte[] ToDer(byte[] c1c3c2)
    {
        ArgumentNullException.ThrowIfNull(c1c3c2);
        if (c1c3c2.Length <= C1Length + Sm3.HashSizeInBytes || c1c3c2[0] != 0x04)
        {
            throw new CryptographicException("Not a raw SM2 C1C3C2 ciphertext (expected 0x04, X, Y, a 32-byte hash and at least one byte).");
        }

        var x = new BigInteger(1, c1c3c2, 1, CoordinateLength);
        var y = new BigInteger(1, c1c3c2, 1 + CoordinateLength, CoordinateLength);
        var hash = c1c3c2[C1Length..(C1Length + Sm3.HashSizeInBytes)];
        var body = c1c3c2[(C1Length + Sm3.HashSizeInBytes)..];
        return new DerSequence(new DerInteger(x), new DerInteger(y), new DerOctetString(hash), new DerOctetString(body))
            .GetDerEncoded();
    }

    /// <summary>Decodes a DER SM2Cipher into the raw C1‖C3‖C2 byte string <see cref="Sm2KeyPair.Decrypt"/> takes.</summary>
    /// <exception cref="CryptographicException">The input is not a well-formed SM2Cipher.</exception>
    public static byte[] FromDer(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        try
        {
            var sequence = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(der));
            if (sequence.Count != 4)
            {
                throw new CryptographicException("An SM2Cipher has exactly four fields.");
            }

            var x = DerInteger.GetInstance(sequence[0]).PositiveValue;
            var y = DerInteger.GetInstance(sequence[1]).PositiveValue;
            var hash = Asn1OctetString.GetInstance(sequence[2]).GetOctets();
            var body = Asn1OctetString.GetInstance(sequence[3]).GetOctets();
            if (hash.Length != Sm3.HashSizeInBytes || body.Length == 0
                || x.BitLength > CoordinateLength * 8 || y.BitLength > CoordinateLength * 8)
            {
                throw new CryptographicException("The SM2Cipher fields have the wrong sizes.");
            }

            return Arrays.ConcatenateAll(
                [0x04],
                BigIntegers.AsUnsignedByteArray(CoordinateLength, x),
                BigIntegers.AsUnsignedByteArray(CoordinateLength, y),
                hash,
                body);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException)
        {
            throw new CryptographicException("Not a DER SM2Cipher (GM/T 0009).", ex);
        }
    }
}
