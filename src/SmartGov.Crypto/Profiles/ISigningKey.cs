namespace SmartGov.Crypto;

/// <summary>
/// A private signing key of a <see cref="ICryptoProfile"/>: SM2 (<see cref="Sm2KeyPair"/>) or
/// ECDSA P-256 (<see cref="EcdsaP256KeyPair"/>). Implementations are immutable and thread-safe.
/// </summary>
public interface ISigningKey
{
    /// <summary>Signature algorithm in the Java naming convention: "SM3withSM2" or "SHA256withECDSA".</summary>
    string Algorithm { get; }

    /// <summary>The matching public key.</summary>
    IVerificationKey PublicKey { get; }

    /// <summary>Signs <paramref name="message"/> (the message itself; the algorithm hashes it) and returns a DER (r, s) signature.</summary>
    byte[] Sign(byte[] message);

    /// <summary>Unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY") that <c>openssl pkey</c> reads.</summary>
    string PrivateKeyPem();

    /// <summary>DER PKCS#8 PrivateKeyInfo.</summary>
    byte[] PrivateKeyDer();

    /// <summary>SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY") that <c>openssl pkey -pubin</c> reads.</summary>
    string PublicKeyPem();

    /// <summary>DER SubjectPublicKeyInfo.</summary>
    byte[] PublicKeyDer();
}
