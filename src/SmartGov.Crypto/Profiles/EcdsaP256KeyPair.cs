using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using SmartGov.Crypto.Internal;

namespace SmartGov.Crypto;

/// <summary>An ECDSA key pair on NIST P-256 signing with SHA-256 (FIPS 186-4), for the <c>intl</c> profile.</summary>
/// <remarks>Instances are immutable and safe to share between threads.</remarks>
public sealed class EcdsaP256KeyPair : ISigningKey
{
    private readonly ECPrivateKeyParameters _privateKey;

    private EcdsaP256KeyPair(ECPrivateKeyParameters privateKey)
    {
        _privateKey = privateKey;
        PublicKey = new EcdsaP256PublicKey(EcCurve.P256.DerivePublicKey(privateKey));
    }

    /// <summary>The public half.</summary>
    public EcdsaP256PublicKey PublicKey { get; }

    IVerificationKey ISigningKey.PublicKey => PublicKey;

    /// <inheritdoc />
    public string Algorithm => EcdsaP256PublicKey.SignatureAlgorithm;

    /// <summary>Generates a key pair from the operating system's CSPRNG.</summary>
    public static EcdsaP256KeyPair Generate() => new(EcCurve.P256.GeneratePrivateKey());

    /// <summary>Reads a PKCS#8 ("BEGIN PRIVATE KEY") or SEC1 ("BEGIN EC PRIVATE KEY") PEM private key on P-256.</summary>
    /// <exception cref="ArgumentException">No private key PEM block was found.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key is malformed or not on P-256.</exception>
    public static EcdsaP256KeyPair FromPrivateKeyPem(string pem) => new(EcCurve.P256.ReadPrivateKeyPem(pem));

    /// <summary>Reads a DER PKCS#8 or SEC1 private key on P-256.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key is malformed or not on P-256.</exception>
    public static EcdsaP256KeyPair FromPrivateKeyDer(byte[] der) => new(EcCurve.P256.ReadPrivateKeyDer(der));

    /// <inheritdoc />
    public string PrivateKeyPem() => Pem.Write("PRIVATE KEY", PrivateKeyDer());

    /// <inheritdoc />
    public byte[] PrivateKeyDer() => EcCurve.P256.WritePrivateKeyDer(_privateKey);

    /// <inheritdoc />
    public string PublicKeyPem() => PublicKey.ToPem();

    /// <inheritdoc />
    public byte[] PublicKeyDer() => PublicKey.ToDer();

    /// <summary>ECDSA with SHA-256; returns DER ECDSA-Sig-Value (RFC 3279 §2.2.3), as <c>openssl dgst -sha256 -sign</c> does.</summary>
    public byte[] Sign(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Deterministic nonces (RFC 6979) so signing never depends on the quality of a runtime RNG.
        var signer = new DsaDigestSigner(new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest())), new Sha256Digest());
        signer.Init(true, _privateKey);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.GenerateSignature();
    }
}
