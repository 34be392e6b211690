using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;

namespace SmartGov.Crypto;

/// <summary>
/// SM2 signature generation and verification (GB/T 32918.2-2016 §6.1 and §7.1) on BouncyCastle's curve arithmetic, with
/// what a fresh <c>SM2Signer</c> recomputes on every call kept per key instead: Z_A (the SM3 of ENTL‖ID‖a‖b‖xG‖yG‖xA‖yA,
/// §5.5) for the default ID, and (1 + d)⁻¹ mod n. <c>SM2Signer.Init</c> also derives the public point [d]G once per
/// signature, a whole fixed-base multiplication that signing never needs. Same algorithm, same DER encoding (and the same
/// canonical-DER check on verification) as <c>SM2Signer</c>: signatures verify either way, and with OpenSSL.
/// </summary>
internal static class Sm2Signing
{
    private static readonly ECMultiplier BaseMultiplier = new FixedPointCombMultiplier();

    /// <summary>Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2-2016 §5.5).</summary>
    public static byte[] ComputeZ(ECPublicKeyParameters key, byte[] id)
    {
        var domain = key.Parameters;
        var digest = new SM3Digest();
        var bits = id.Length * 8;
        digest.Update((byte)(bits >> 8));
        digest.Update((byte)bits);
        digest.BlockUpdate(id, 0, id.Length);
        Add(digest, domain.Curve.A);
        Add(digest, domain.Curve.B);
        Add(digest, domain.G.AffineXCoord);
        Add(digest, domain.G.AffineYCoord);
        var q = key.Q.Normalize();
        Add(digest, q.AffineXCoord);
        Add(digest, q.AffineYCoord);
        var z = new byte[digest.GetDigestSize()];
        digest.DoFinal(z, 0);
        return z;
    }

    private static void Add(SM3Digest digest, ECFieldElement v)
    {
        var bytes = v.GetEncoded();
        digest.BlockUpdate(bytes, 0, bytes.Length);
    }

    /// <summary>e = SM3(Z_A ‖ M) as an integer (§6.1 steps A1–A2).</summary>
    private static BigInteger E(byte[] z, byte[] message)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(z, 0, z.Length);
        digest.BlockUpdate(message, 0, message.Length);
        var e = new byte[digest.GetDigestSize()];
        digest.DoFinal(e, 0);
        return new BigInteger(1, e);
    }

    /// <summary>(1 + d)⁻¹ mod n, which every signature by this key needs (§6.1 step A6).</summary>
    public static BigInteger InverseOfDPlusOne(ECPrivateKeyParameters key) =>
        BigIntegers.ModOddInverse(key.Parameters.N, key.D.Add(BigInteger.One));

    /// <summary>A DER SEQUENCE { r, s } signature of <paramref name="message"/> (§6.1), a fresh random k each time.</summary>
    public static byte[] Sign(ECPrivateKeyParameters key, BigInteger inverseOfDPlusOne, byte[] z, byte[] message, SecureRandom random)
    {
        var n = key.Parameters.N;
        var g = key.Parameters.G;
        var d = key.D;
        var e = E(z, message);
        var nMinusOne = n.Subtract(BigInteger.One);
        BigInteger r, s;
        do
        {
            BigInteger k;
            do
            {
                // A3: k ∈ [1, n-1] from the CSPRNG; A4–A5: (x1, y1) = [k]G, r = (e + x1) mod n, again if r = 0 or r + k = n.
                k = BigIntegers.CreateRandomInRange(BigInteger.One, nMinusOne, random);
                var p = BaseMultiplier.Multiply(g, k).Normalize();
                r = e.Add(p.AffineXCoord.ToBigInteger()).Mod(n);
            }
            while (r.SignValue == 0 || r.Add(k).Equals(n));

            // A6: s = ((1 + d)⁻¹ · (k − r·d)) mod n, again if s = 0.
            s = inverseOfDPlusOne.Multiply(k.Subtract(r.Multiply(d)).Mod(n)).Mod(n);
        }
        while (s.SignValue == 0);

        return StandardDsaEncoding.Instance.Encode(n, r, s);
    }

    /// <summary>Whether <paramref name="derSignature"/> is a valid signature of <paramref name="message"/> (§7.1); malformed input is false.</summary>
    public static bool Verify(ECPublicKeyParameters key, byte[] z, byte[] message, byte[] derSignature)
    {
        var n = key.Parameters.N;
        BigInteger r, s;
        try
        {
            // Canonical DER only, as SM2Signer: a signature cannot be re-encoded into a second valid form.
            var rs = StandardDsaEncoding.Instance.Decode(n, derSignature);
            (r, s) = (rs[0], rs[1]);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }

        // B1–B2: r, s ∈ [1, n-1].
        if (r.SignValue <= 0 || r.CompareTo(n) >= 0 || s.SignValue <= 0 || s.CompareTo(n) >= 0)
        {
            return false;
        }

        // B5: t = (r + s) mod n ≠ 0; B6: (x1, y1) = [s]G + [t]P_A; B7: R = (e + x1) mod n must equal r.
        var t = r.Add(s).Mod(n);
        if (t.SignValue == 0)
        {
            return false;
        }

        var point = ECAlgorithms.SumOfTwoMultiplies(key.Parameters.G, s, key.Q, t).Normalize();
        return !point.IsInfinity && E(z, message).Add(point.AffineXCoord.ToBigInteger()).Mod(n).Equals(r);
    }
}
