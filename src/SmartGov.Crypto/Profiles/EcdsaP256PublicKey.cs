using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using SmartGov.Crypto.Internal;

namespace SmartGov.Crypto;

/// <summary>An ECDSA P-256 public key verifying SHA-256 signatures, for the <c>intl</c> profile.</summary>
public sealed class EcdsaP256PublicKey : IVerificationKey, IEquatable<EcdsaP256PublicKey>
{
    internal const string SignatureAlgorithm = "SHA256withECDSA";

    private readonly ECPublicKeyParameters _parameters;

    internal EcdsaP256PublicKey(ECPublicKeyParameters parameters) => _parameters = parameters;

    /// <inheritdoc />
    public string Algorithm => SignatureAlgorithm;

    /// <summary>Reads a SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY") on P-256.</summary>
    /// <exception cref="ArgumentException">No public key PEM block was found.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key is malformed or not on P-256.</exception>
    public static EcdsaP256PublicKey FromPem(string pem) => new(EcCurve.P256.ReadPublicKeyPem(pem));

    /// <summary>Reads a DER SubjectPublicKeyInfo on P-256.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key is malformed or not on P-256.</exception>
    public static EcdsaP256PublicKey FromDer(byte[] der) => new(EcCurve.P256.ReadPublicKeyDer(der));

    /// <inheritdoc />
    public string ToPem() => Pem.Write("PUBLIC KEY", ToDer());

    /// <inheritdoc />
    public byte[] ToDer() => EcCurve.P256.WritePublicKeyDer(_parameters);

    /// <summary>Verifies a DER ECDSA-with-SHA-256 signature; malformed signatures return <see langword="false"/>.</summary>
    public bool Verify(byte[] message, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(signature);
        var verifier = new DsaDigestSigner(new ECDsaSigner(), new Sha256Digest());
        verifier.Init(false, _parameters);
        verifier.BlockUpdate(message, 0, message.Length);
        try
        {
            return verifier.VerifySignature(signature);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public bool Equals(EcdsaP256PublicKey? other) => other is not null && _parameters.Q.Equals(other._parameters.Q);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EcdsaP256PublicKey);

    /// <inheritdoc />
    public override int GetHashCode() => _parameters.Q.GetHashCode();
}
