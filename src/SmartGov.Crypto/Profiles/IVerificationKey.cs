namespace SmartGov.Crypto;

/// <summary>
/// A public key that verifies signatures of a <see cref="ICryptoProfile"/>: SM2 (<see cref="Sm2PublicKey"/>)
/// or ECDSA P-256 (<see cref="EcdsaP256PublicKey"/>). Implementations are immutable and thread-safe.
/// </summary>
public interface IVerificationKey
{
    /// <summary>Signature algorithm in the Java naming convention: "SM3withSM2" or "SHA256withECDSA".</summary>
    string Algorithm { get; }

    /// <summary>Checks a DER (r, s) signature over <paramref name="message"/>. Never throws on a malformed signature; returns <see langword="false"/>.</summary>
    bool Verify(byte[] message, byte[] signature);

    /// <summary>SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY").</summary>
    string ToPem();

    /// <summary>DER SubjectPublicKeyInfo.</summary>
    byte[] ToDer();
}
