using System.Security.Cryptography;

namespace SmartGov.Crypto;

/// <summary>The international profile: SHA-256 (FIPS 180-4), AES-256-GCM (SP 800-38D), ECDSA P-256 (FIPS 186-4).</summary>
internal sealed class IntlProfile : ICryptoProfile
{
    private const int AesKeySizeInBytes = 32;
    private const int NonceSizeInBytes = 12;
    private const int TagSizeInBytes = 16;

    public string Name => CryptoProfiles.IntlName;

    public int HashSizeInBytes => SHA256.HashSizeInBytes;

    public int KeySizeInBytes => AesKeySizeInBytes;

    public byte[] Hash(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return SHA256.HashData(data);
    }

    public byte[] Hash(Stream data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return SHA256.HashData(data);
    }

    public byte[] Hmac(byte[] key, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(data);
        return HMACSHA256.HashData(key, data);
    }

    public byte[] GenerateKey() => RandomNumberGenerator.GetBytes(KeySizeInBytes);

    public byte[] Encrypt(byte[] key, byte[] plaintext, byte[]? associatedData = null)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(plaintext);

        // Same layout as Sm4.GcmEncrypt, so stored values differ only in the cipher, not in parsing.
        var output = new byte[NonceSizeInBytes + plaintext.Length + TagSizeInBytes];
        var nonce = output.AsSpan(0, NonceSizeInBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSizeInBytes);
        aes.Encrypt(
            nonce,
            plaintext,
            output.AsSpan(NonceSizeInBytes, plaintext.Length),
            output.AsSpan(NonceSizeInBytes + plaintext.Length),
            associatedData);
        return output;
    }

    public byte[] Decrypt(byte[] key, byte[] sealedData, byte[]? associatedData = null)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(sealedData);
        if (sealedData.Length < NonceSizeInBytes + TagSizeInBytes)
        {
            throw new CryptographicException(
                $"AES-GCM sealed data must be at least {NonceSizeInBytes + TagSizeInBytes} bytes (nonce and tag); got {sealedData.Length}.");
        }

        var bodyLength = sealedData.Length - NonceSizeInBytes - TagSizeInBytes;
        var plaintext = new byte[bodyLength];
        using var aes = new AesGcm(key, TagSizeInBytes);
        // Throws AuthenticationTagMismatchException, a CryptographicException, and zeroes the output.
        aes.Decrypt(
            sealedData.AsSpan(0, NonceSizeInBytes),
            sealedData.AsSpan(NonceSizeInBytes, bodyLength),
            sealedData.AsSpan(NonceSizeInBytes + bodyLength),
            plaintext,
            associatedData);
        return plaintext;
    }

    public ISigningKey GenerateSigningKey() => EcdsaP256KeyPair.Generate();

    public ISigningKey ImportSigningKey(string privateKeyPem) => EcdsaP256KeyPair.FromPrivateKeyPem(privateKeyPem);

    public IVerificationKey ImportVerificationKey(string publicKeyPem) => EcdsaP256PublicKey.FromPem(publicKeyPem);

    public IVerificationKey ImportVerificationKey(byte[] publicKeyDer) => EcdsaP256PublicKey.FromDer(publicKeyDer);

    public override string ToString() => Name;

    private static void CheckKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != AesKeySizeInBytes)
        {
            throw new ArgumentException($"An AES-256 key is {AesKeySizeInBytes} bytes; got {key.Length}.", nameof(key));
        }
    }
}
