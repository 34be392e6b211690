using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace SmartGov.Crypto.Internal;

/// <summary>
/// A named prime curve and the key encodings OpenSSL 3 uses for it: PKCS#8 (RFC 5208) and SEC1
/// (RFC 5915) private keys, SubjectPublicKeyInfo (RFC 5480) public keys, all with the curve named by OID.
/// </summary>
internal sealed class EcCurve
{
    /// <summary>The SM2 recommended curve, GB/T 32918.5-2017 §A (GM/T 0003.5), OID 1.2.156.10197.1.301 (GM/T 0006).</summary>
    public static readonly EcCurve Sm2 = new("SM2 (sm2p256v1)", GMObjectIdentifiers.sm2p256v1, isSm2: true);

    /// <summary>NIST P-256 (FIPS 186-4 §D.1.2.3), OID 1.2.840.10045.3.1.7 (RFC 5480 §2.1.1.1).</summary>
    public static readonly EcCurve P256 = new("P-256 (prime256v1)", SecObjectIdentifiers.SecP256r1, isSm2: false);

    private static readonly string[] PrivateKeyLabels = ["PRIVATE KEY", "EC PRIVATE KEY", "SM2 PRIVATE KEY"];

    private readonly bool _isSm2;

    private EcCurve(string name, DerObjectIdentifier oid, bool isSm2)
    {
        Name = name;
        Oid = oid;
        _isSm2 = isSm2;
        // The "custom" curve implementations are the constant-time, specialised field arithmetic.
        var x9 = CustomNamedCurves.GetByOid(oid) ?? ECNamedCurveTable.GetByOid(oid)
            ?? throw new InvalidOperationException($"BouncyCastle does not know curve {oid}.");
        // Named domain parameters make the encoders write the curve OID rather than explicit parameters,
        // which is what OpenSSL writes and what RFC 5480 §2.1.1 requires.
        Domain = new ECNamedDomainParameters(oid, x9);
    }

    public string Name { get; }

    public DerObjectIdentifier Oid { get; }

    public ECNamedDomainParameters Domain { get; }

    public ECPrivateKeyParameters GeneratePrivateKey()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Domain, CryptoRandom.Create()));
        while (true)
        {
            var key = (ECPrivateKeyParameters)generator.GenerateKeyPair().Private;
            if (IsValidPrivateScalar(key.D))
            {
                return key;
            }
        }
    }

    public ECPrivateKeyParameters PrivateKeyFromScalar(BigInteger d)
    {
        if (!IsValidPrivateScalar(d))
        {
            throw new CryptographicException($"The private scalar is out of range for {Name}.");
        }

        return new ECPrivateKeyParameters(d, Domain);
    }

    public ECPublicKeyParameters DerivePublicKey(ECPrivateKeyParameters privateKey)
    {
        var q = new FixedPointCombMultiplier().Multiply(Domain.G, privateKey.D).Normalize();
        return new ECPublicKeyParameters(q, Domain);
    }

    public ECPrivateKeyParameters ReadPrivateKeyPem(string pem)
    {
        var (label, der) = Pem.ReadFirst(pem, $"{Name} private key", PrivateKeyLabels);
        return label == "PRIVATE KEY" ? ReadPkcs8(der) : ReadSec1(der);
    }

    /// <summary>Reads a PKCS#8 PrivateKeyInfo or, failing that, a bare SEC1 ECPrivateKey.</summary>
    public ECPrivateKeyParameters ReadPrivateKeyDer(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        Asn1Sequence sequence;
        try
        {
            sequence = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(der));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new CryptographicException($"Not a DER-encoded {Name} private key.", ex);
        }

        // PKCS#8 has an AlgorithmIdentifier SEQUENCE second; SEC1 has the key OCTET STRING there.
        return sequence.Count >= 3 && sequence[1] is Asn1Sequence ? ReadPkcs8(der) : ReadSec1(der);
    }

    public ECPublicKeyParameters ReadPublicKeyPem(string pem)
    {
        var (_, der) = Pem.ReadFirst(pem, $"{Name} public key", "PUBLIC KEY");
        return ReadPublicKeyDer(der);
    }

    public ECPublicKeyParameters ReadPublicKeyDer(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        AsymmetricKeyParameter key;
        try
        {
            key = PublicKeyFactory.CreateKey(der);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // BouncyCastle reports malformed input with a variety of exception types.
            throw new CryptographicException($"Not a DER SubjectPublicKeyInfo for {Name}: {ex.Message}", ex);
        }

        if (key is not ECPublicKeyParameters ec || !IsThisCurve(ec.Parameters))
        {
            throw new CryptographicException($"The public key is not a {Name} key.");
        }

        return PublicKeyFromPoint(ec.Q.GetEncoded(false));
    }

    /// <summary>Decodes an SEC1 §2.3.3 point (uncompressed 04||X||Y or compressed) and checks it is a valid public key.</summary>
    public ECPublicKeyParameters PublicKeyFromPoint(byte[] encodedPoint)
    {
        ArgumentNullException.ThrowIfNull(encodedPoint);
        try
        {
            var q = Domain.Curve.DecodePoint(encodedPoint).Normalize();
            // The constructor rejects the point at infinity and points off the curve
            // (GB/T 32918.1 §6.2.1 public key validation; SEC1 §3.2.2).
            return new ECPublicKeyParameters(q, Domain);
        }
        catch (ArgumentException ex)
        {
            throw new CryptographicException($"Not a valid {Name} public key point.", ex);
        }
    }

    public byte[] WritePrivateKeyDer(ECPrivateKeyParameters privateKey) =>
        PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded();

    public byte[] WritePublicKeyDer(ECPublicKeyParameters publicKey) =>
        SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey).GetDerEncoded();

    private ECPrivateKeyParameters ReadPkcs8(byte[] der)
    {
        PrivateKeyInfo info;
        Asn1Object privateKey;
        try
        {
            info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
            privateKey = info.ParsePrivateKey();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // BouncyCastle reports malformed input with a variety of exception types.
            throw new CryptographicException($"Not a PKCS#8 {Name} private key: {ex.Message}", ex);
        }

        if (!X9ObjectIdentifiers.IdECPublicKey.Equals(info.PrivateKeyAlgorithm.Algorithm)
            && !GMObjectIdentifiers.sm2p256v1.Equals(info.PrivateKeyAlgorithm.Algorithm))
        {
            throw new CryptographicException(
                $"The PKCS#8 key has algorithm {info.PrivateKeyAlgorithm.Algorithm}, not an EC key on {Name}.");
        }

        // id-ecPublicKey must name its curve in the AlgorithmIdentifier (RFC 5480 §2.1.1).
        CheckCurveParameters(info.PrivateKeyAlgorithm.Parameters);
        return FromSec1(privateKey);
    }

    private ECPrivateKeyParameters ReadSec1(byte[] der)
    {
        Asn1Object asn1;
        try
        {
            asn1 = Asn1Object.FromByteArray(der);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new CryptographicException($"Not a SEC1 {Name} private key.", ex);
        }

        return FromSec1(asn1);
    }

    /// <summary>Reads an RFC 5915 ECPrivateKey; the public key in it is ignored and recomputed from d.</summary>
    private ECPrivateKeyParameters FromSec1(Asn1Encodable asn1)
    {
        ECPrivateKeyStructure structure;
        try
        {
            structure = ECPrivateKeyStructure.GetInstance(asn1);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new CryptographicException($"Not a SEC1 {Name} private key: {ex.Message}", ex);
        }

        // A bare SEC1 key may omit the curve; it then can only be meant for this one.
        var parameters = structure.Parameters;
        if (parameters is not null)
        {
            CheckCurveParameters(parameters);
        }

        return PrivateKeyFromScalar(structure.GetKey());
    }

    private void CheckCurveParameters(Asn1Encodable? parameters)
    {
        var asn1 = parameters?.ToAsn1Object();
        if (asn1 is DerObjectIdentifier oid)
        {
            if (!oid.Equals(Oid))
            {
                throw new CryptographicException($"The key is on curve {oid}, not {Name} ({Oid}).");
            }

            return;
        }

        if (asn1 is Asn1Sequence)
        {
            // RFC 5480 forbids explicit parameters in new keys, but old tools wrote them; accept them
            // only when they describe exactly this curve.
            ECDomainParameters explicitParameters;
            try
            {
                explicitParameters = new ECDomainParameters(X9ECParameters.GetInstance(asn1));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new CryptographicException($"The key's explicit curve parameters are malformed: {ex.Message}", ex);
            }

            if (IsThisCurve(explicitParameters))
            {
                return;
            }
        }

        throw new CryptographicException($"The key does not name curve {Name} ({Oid}).");
    }

    private bool IsThisCurve(ECDomainParameters parameters) =>
        parameters.Curve.Equals(Domain.Curve) && parameters.G.Equals(Domain.G) && parameters.N.Equals(Domain.N);

    private bool IsValidPrivateScalar(BigInteger d)
    {
        // SM2 needs (1 + d) invertible mod n, hence d in [1, n-2] (GB/T 32918.1-2016 §6.1);
        // ECDSA allows [1, n-1] (SEC1 §3.2.1).
        var upper = _isSm2 ? Domain.N.Subtract(BigInteger.One) : Domain.N;
        return d.SignValue > 0 && d.CompareTo(upper) < 0;
    }
}
