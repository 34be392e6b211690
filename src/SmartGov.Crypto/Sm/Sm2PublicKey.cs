using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using SmartGov.Crypto.Internal;

namespace SmartGov.Crypto;

/// <summary>
/// An SM2 public key on the recommended curve sm2p256v1 (GB/T 32918.5-2017), used to verify
/// signatures and to encrypt.
/// </summary>
public sealed class Sm2PublicKey : IVerificationKey, IEquatable<Sm2PublicKey>
{
    internal Sm2PublicKey(ECPublicKeyParameters parameters) => Parameters = parameters;

    // Z_A of the default distinguishing ID, computed on first use: every signature and verification with this key hashes it.
    private byte[]? _defaultZ;

    /// <summary>Z_A = SM3(ENTL‖ID‖a‖b‖xG‖yG‖xA‖yA) of this key (GB/T 32918.2-2016 §5.5); kept for the default ID.</summary>
    internal byte[] ZOf(byte[] id) =>
        id.AsSpan().SequenceEqual(Sm2.DefaultIdBytes)
            ? _defaultZ ??= Sm2Signing.ComputeZ(Parameters, id)
            : Sm2Signing.ComputeZ(Parameters, id);

    internal ECPublicKeyParameters Parameters { get; }

    string IVerificationKey.Algorithm => Sm2.SignatureAlgorithm;

    /// <summary>Reads a SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY"), as <c>openssl pkey -pubout</c> writes.</summary>
    /// <exception cref="ArgumentException">No "PUBLIC KEY" PEM block was found.</exception>
    /// <exception cref="CryptographicException">The key is malformed or not on the SM2 curve.</exception>
    public static Sm2PublicKey FromPem(string pem) => new(EcCurve.Sm2.ReadPublicKeyPem(pem));

    /// <summary>Reads a DER SubjectPublicKeyInfo (RFC 5480) naming curve 1.2.156.10197.1.301.</summary>
    /// <exception cref="CryptographicException">The key is malformed or not on the SM2 curve.</exception>
    public static Sm2PublicKey FromDer(byte[] der) => new(EcCurve.Sm2.ReadPublicKeyDer(der));

    /// <summary>
    /// Reads a raw public point, 04‖X‖Y (65 bytes, GB/T 32918.1-2016 §4.2.9), as USB keys and
    /// GM/T 0016 (SKF) devices hand it out. Compressed points are accepted as well.
    /// </summary>
    /// <exception cref="CryptographicException">The bytes are not a valid point on the SM2 curve.</exception>
    public static Sm2PublicKey FromPoint(byte[] encodedPoint) => new(EcCurve.Sm2.PublicKeyFromPoint(encodedPoint));

    /// <summary>The key as SubjectPublicKeyInfo PEM, which <c>openssl pkey -pubin</c> reads.</summary>
    public string ToPem() => Pem.Write("PUBLIC KEY", ToDer());

    /// <summary>The key as DER SubjectPublicKeyInfo.</summary>
    public byte[] ToDer() => EcCurve.Sm2.WritePublicKeyDer(Parameters);

    /// <summary>The uncompressed point 04‖X‖Y (65 bytes).</summary>
    public byte[] ToPoint() => Parameters.Q.GetEncoded(false);

    /// <summary>
    /// Verifies an SM2 signature (GB/T 32918.2-2016 §7) over SM3 with the default distinguishing ID
    /// <see cref="Sm2.DefaultDistinguishingId"/>.
    /// </summary>
    /// <param name="message">The signed message (not a digest).</param>
    /// <param name="derSignature">DER SEQUENCE { r INTEGER, s INTEGER } (GM/T 0009-2012 §7.3).</param>
    /// <returns>Whether the signature is valid; malformed signatures return <see langword="false"/>.</returns>
    public bool Verify(byte[] message, byte[] derSignature) => Verify(message, derSignature, Sm2.DefaultId);

    /// <summary>Verifies an SM2/SM3 signature made with the distinguishing ID <paramref name="id"/>.</summary>
    /// <returns>Whether the signature is valid; malformed signatures return <see langword="false"/>.</returns>
    public bool Verify(byte[] message, byte[] derSignature, byte[] id)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(derSignature);
        Sm2.CheckId(id);

        // e = SM3(Z_A ‖ M) with Z_A = SM3(ENTL‖ID‖a‖b‖xG‖yG‖xA‖yA) (GB/T 32918.2 §5.5, kept per key for the default ID);
        // only canonical DER is accepted, so a signature cannot be re-encoded into a second valid form.
        try
        {
            return Sm2Signing.Verify(Parameters, ZOf(id), message, derSignature);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Signatures arrive from other departments' gateways; garbage is an invalid signature, not a crash.
            return false;
        }
    }

    /// <summary>
    /// SM2 public-key encryption (GB/T 32918.4-2016 §6) with SM3, output as the raw concatenation
    /// C1‖C3‖C2: C1 = 04‖x1‖y1 (65 bytes), C3 = SM3 hash (32 bytes), C2 = ciphertext (same length as the plaintext).
    /// Use <see cref="Sm2Ciphertext.ToDer"/> for the GM/T 0009 ASN.1 form OpenSSL uses.
    /// </summary>
    /// <exception cref="ArgumentException">The plaintext is empty.</exception>
    public byte[] Encrypt(byte[] plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        if (plaintext.Length == 0)
        {
            // With klen = 0 the key stream t is empty and step A5's "t is all zero" check can never pass.
            throw new ArgumentException("SM2 cannot encrypt an empty message.", nameof(plaintext));
        }

        var engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.Init(true, new ParametersWithRandom(Parameters, CryptoRandom.Create()));
        return engine.ProcessBlock(plaintext, 0, plaintext.Length);
    }

    /// <inheritdoc />
    public bool Equals(Sm2PublicKey? other) => other is not null && Parameters.Q.Equals(other.Parameters.Q);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Sm2PublicKey);

    /// <inheritdoc />
    public override int GetHashCode() => Parameters.Q.GetHashCode();
}
