namespace SmartGov.Crypto;

/// <summary>
/// One consistent set of algorithms, chosen by configuration: <c>gm</c> (国密: SM3, HMAC-SM3, SM4-GCM, SM2)
/// or <c>intl</c> (SHA-256, HMAC-SHA256, AES-256-GCM, ECDSA P-256). Get one from <see cref="CryptoProfiles"/>.
/// </summary>
/// <remarks>
/// Data protected under one profile can only be read under the same profile: store the profile name
/// next to anything long-lived (hashes, ciphertexts, signatures) so a later switch stays readable.
/// </remarks>
public interface ICryptoProfile
{
    /// <summary>"gm" or "intl".</summary>
    string Name { get; }

    /// <summary>Digest length in bytes (32 for both profiles).</summary>
    int HashSizeInBytes { get; }

    /// <summary>Symmetric key length in bytes: 16 for SM4, 32 for AES-256.</summary>
    int KeySizeInBytes { get; }

    /// <summary>The profile's hash: SM3 or SHA-256.</summary>
    byte[] Hash(byte[] data);

    /// <summary>The profile's hash of a stream read to its end (the stream is not disposed).</summary>
    byte[] Hash(Stream data);

    /// <summary>HMAC-SM3 or HMAC-SHA256, for example for a keyed blind index.</summary>
    byte[] Hmac(byte[] key, byte[] data);

    /// <summary>A fresh random symmetric key of <see cref="KeySizeInBytes"/> bytes.</summary>
    byte[] GenerateKey();

    /// <summary>
    /// Authenticated encryption, SM4-GCM or AES-256-GCM, output <c>nonce(12) || ciphertext || tag(16)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not <see cref="KeySizeInBytes"/> bytes.</exception>
    byte[] Encrypt(byte[] key, byte[] plaintext, byte[]? associatedData = null);

    /// <summary>Reverses <see cref="Encrypt"/>.</summary>
    /// <exception cref="ArgumentException">The key is not <see cref="KeySizeInBytes"/> bytes.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">Authentication failed or the input is malformed.</exception>
    byte[] Decrypt(byte[] key, byte[] sealedData, byte[]? associatedData = null);

    /// <summary>Generates a signing key: SM2 or ECDSA P-256.</summary>
    ISigningKey GenerateSigningKey();

    /// <summary>Reads a private key PEM (PKCS#8, or SEC1 as OpenSSL may write it).</summary>
    /// <exception cref="ArgumentException">No private key PEM block was found.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key is malformed or for another curve.</exception>
    ISigningKey ImportSigningKey(string privateKeyPem);

    /// <summary>Reads a SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY").</summary>
    /// <exception cref="ArgumentException">No public key PEM block was found.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key is malformed or for another curve.</exception>
    IVerificationKey ImportVerificationKey(string publicKeyPem);

    /// <summary>Reads a DER SubjectPublicKeyInfo.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key is malformed or for another curve.</exception>
    IVerificationKey ImportVerificationKey(byte[] publicKeyDer);
}
