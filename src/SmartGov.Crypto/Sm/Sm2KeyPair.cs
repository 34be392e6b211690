using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using SmartGov.Crypto.Internal;

namespace SmartGov.Crypto;

/// <summary>
/// An SM2 key pair on the recommended curve sm2p256v1 (GB/T 32918.5-2017): signs with SM2/SM3 and
/// decrypts SM2 ciphertexts. Keys are read and written in the PEM/DER formats OpenSSL 3 uses.
/// </summary>
/// <remarks>Instances are immutable and safe to share between threads.</remarks>
public sealed class Sm2KeyPair : ISigningKey
{
    // The smallest C1‖C3‖C2: a 65-byte point, a 32-byte SM3 value and at least one byte of C2.
    private const int MinCiphertextLength = 65 + Sm3.HashSizeInBytes + 1;

    private readonly ECPrivateKeyParameters _privateKey;

    private Sm2KeyPair(ECPrivateKeyParameters privateKey)
    {
        _privateKey = privateKey;
        PublicKey = new Sm2PublicKey(EcCurve.Sm2.DerivePublicKey(privateKey));
        _inverseOfDPlusOne = Sm2Signing.InverseOfDPlusOne(privateKey);
    }

    // (1 + d)⁻¹ mod n: the same for every signature by this key (GB/T 32918.2-2016 §6.1 step A6).
    private readonly BigInteger _inverseOfDPlusOne;

    /// <summary>The public half, P = [d]G.</summary>
    public Sm2PublicKey PublicKey { get; }

    IVerificationKey ISigningKey.PublicKey => PublicKey;

    string ISigningKey.Algorithm => Sm2.SignatureAlgorithm;

    /// <summary>Generates a key pair (GB/T 32918.1-2016 §6.1) from the operating system's CSPRNG.</summary>
    public static Sm2KeyPair Generate() => new(EcCurve.Sm2.GeneratePrivateKey());

    /// <summary>
    /// Reads a private key from PEM: PKCS#8 ("BEGIN PRIVATE KEY", what <c>openssl genpkey</c> writes)
    /// or SEC1 ("BEGIN EC PRIVATE KEY", or "BEGIN SM2 PRIVATE KEY" as <c>openssl ec</c> 3.0 labels it).
    /// Other blocks, such as the "SM2 PARAMETERS" that <c>openssl ecparam -genkey</c> writes first, are skipped.
    /// </summary>
    /// <exception cref="ArgumentException">No private key PEM block was found (or only an encrypted one).</exception>
    /// <exception cref="CryptographicException">The key is malformed or not on the SM2 curve.</exception>
    public static Sm2KeyPair FromPrivateKeyPem(string pem) => new(EcCurve.Sm2.ReadPrivateKeyPem(pem));

    /// <summary>Reads a DER PKCS#8 PrivateKeyInfo or SEC1 ECPrivateKey.</summary>
    /// <exception cref="CryptographicException">The key is malformed or not on the SM2 curve.</exception>
    public static Sm2KeyPair FromPrivateKeyDer(byte[] der) => new(EcCurve.Sm2.ReadPrivateKeyDer(der));

    /// <summary>Builds a key pair from the private scalar d (big-endian); for standard test vectors.</summary>
    internal static Sm2KeyPair FromPrivateScalar(byte[] d) =>
        new(EcCurve.Sm2.PrivateKeyFromScalar(new BigInteger(1, d)));

    /// <summary>The private key as unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"), which <c>openssl pkey</c> reads.</summary>
    public string PrivateKeyPem() => Pem.Write("PRIVATE KEY", PrivateKeyDer());

    /// <summary>The private key as DER PKCS#8 PrivateKeyInfo (id-ecPublicKey, curve 1.2.156.10197.1.301), like OpenSSL writes.</summary>
    public byte[] PrivateKeyDer() => EcCurve.Sm2.WritePrivateKeyDer(_privateKey);

    /// <summary>The public key as SubjectPublicKeyInfo PEM.</summary>
    public string PublicKeyPem() => PublicKey.ToPem();

    /// <summary>The public key as DER SubjectPublicKeyInfo.</summary>
    public byte[] PublicKeyDer() => PublicKey.ToDer();

    /// <summary>
    /// Signs with SM2 over SM3 (GB/T 32918.2-2016 §6) using the default distinguishing ID
    /// <see cref="Sm2.DefaultDistinguishingId"/> (GM/T 0009-2012 §10).
    /// </summary>
    /// <returns>DER SEQUENCE { r INTEGER, s INTEGER } (GM/T 0009-2012 §7.3).</returns>
    public byte[] Sign(byte[] message) => Sign(message, Sm2.DefaultId);

    /// <summary>Signs with SM2 over SM3 using the caller's distinguishing ID (for example a department's identifier).</summary>
    /// <returns>DER SEQUENCE { r INTEGER, s INTEGER } (GM/T 0009-2012 §7.3).</returns>
    public byte[] Sign(byte[] message, byte[] id)
    {
        ArgumentNullException.ThrowIfNull(message);
        Sm2.CheckId(id);

        // A fresh random k per signature, as GB/T 32918.2 §6.1 step A3 prescribes; reusing k would leak d. Z_A of the
        // default ID is computed once per key (Sm2PublicKey.ZOf).
        return Sign(message, id, CryptoRandom.Create());
    }

    /// <summary>Signs drawing k from <paramref name="random"/>; for the standard's worked example (a fixed k) in tests.</summary>
    internal byte[] Sign(byte[] message, byte[] id, Org.BouncyCastle.Security.SecureRandom random) =>
        Sm2Signing.Sign(_privateKey, _inverseOfDPlusOne, PublicKey.ZOf(id), message, random);

    /// <summary>Decrypts an SM2 ciphertext in C1‖C3‖C2 order (GB/T 32918.4-2016 §7).</summary>
    /// <exception cref="CryptographicException">The ciphertext is malformed, for another key, or was altered (C3 mismatch).</exception>
    public byte[] Decrypt(byte[] c1c3c2)
    {
        ArgumentNullException.ThrowIfNull(c1c3c2);
        if (c1c3c2.Length < MinCiphertextLength)
        {
            throw new CryptographicException(
                $"An SM2 C1C3C2 ciphertext is at least {MinCiphertextLength} bytes; got {c1c3c2.Length}.");
        }

        if (c1c3c2[0] != 0x04)
        {
            throw new CryptographicException(
                "The SM2 ciphertext does not start with an uncompressed point (0x04); is it ASN.1 (use Sm2Ciphertext.FromDer) or C1C2C3?");
        }

        var engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.Init(false, _privateKey);
        try
        {
            return engine.ProcessBlock(c1c3c2, 0, c1c3c2.Length);
        }
        catch (Exception ex) when (ex is InvalidCipherTextException or ArgumentException or InvalidOperationException)
        {
            throw new CryptographicException("SM2 decryption failed: the ciphertext is malformed, for another key, or was altered.", ex);
        }
    }
}
