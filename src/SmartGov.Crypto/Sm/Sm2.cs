using System.Text;

namespace SmartGov.Crypto;

/// <summary>Constants of the SM2 public-key algorithm (GB/T 32918-2016, GM/T 0003-2012).</summary>
public static class Sm2
{
    /// <summary>
    /// The default distinguishing identifier (用户身份标识 ID) for SM2 signatures, GM/T 0009-2012 §10
    /// (GB/T 35276-2017 §11): the ASCII string "1234567812345678".
    /// </summary>
    public const string DefaultDistinguishingId = "1234567812345678";

    /// <summary>OID of the SM2 recommended curve sm2p256v1 (GM/T 0006-2012).</summary>
    public const string CurveOid = "1.2.156.10197.1.301";

    /// <summary>Name OpenSSL 3 uses for the curve (<c>-pkeyopt ec_paramgen_curve:SM2</c>).</summary>
    public const string OpenSslCurveName = "SM2";

    /// <summary>
    /// Signature algorithm name in the Java/BouncyCastle convention; the OID sm2sign-with-sm3 is 1.2.156.10197.1.501.
    /// </summary>
    public const string SignatureAlgorithm = "SM3withSM2";

    // The ID enters Z_A with its bit length in two bytes (ENTL_A, GB/T 32918.2-2016 §5.5), so it must stay below 2^16 bits.
    internal const int MaxDistinguishingIdBytes = 8191;

    internal static byte[] DefaultId => Encoding.ASCII.GetBytes(DefaultDistinguishingId);

    // The same bytes, for comparisons only (never handed out: callers could change them).
    internal static readonly byte[] DefaultIdBytes = Encoding.ASCII.GetBytes(DefaultDistinguishingId);

    internal static void CheckId(byte[] id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length > MaxDistinguishingIdBytes)
        {
            throw new ArgumentException(
                $"An SM2 distinguishing ID is at most {MaxDistinguishingIdBytes} bytes (its bit length is a 16-bit ENTL field); got {id.Length}.",
                nameof(id));
        }
    }
}
