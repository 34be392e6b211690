using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Paddings;
using Org.BouncyCastle.Crypto.Parameters;

namespace SmartGov.Crypto;

/// <summary>
/// SM4 block cipher (GB/T 32907-2016, GM/T 0002-2012): 128-bit block, 128-bit key.
/// </summary>
/// <remarks>
/// Use <see cref="GcmEncrypt"/> for anything this platform stores or sends: it is authenticated.
/// CBC is here only to exchange data with systems that mandate it (and for <c>openssl enc -sm4-cbc</c>);
/// it does not detect tampering.
/// </remarks>
public static class Sm4
{
    /// <summary>Key length in bytes (GB/T 32907 §5: 128-bit key).</summary>
    public const int KeySizeInBytes = 16;

    /// <summary>Block length in bytes (GB/T 32907 §5: 128-bit block).</summary>
    public const int BlockSizeInBytes = 16;

    /// <summary>GCM nonce length in bytes; 96 bits is the length NIST SP 800-38D §5.2.1.1 recommends.</summary>
    public const int GcmNonceSizeInBytes = 12;

    /// <summary>GCM tag length in bytes; the full 128-bit tag (SP 800-38D §5.2.1.2).</summary>
    public const int GcmTagSizeInBytes = 16;

    /// <summary>
    /// Encrypts and authenticates with SM4-GCM (the GCM mode of NIST SP 800-38D over SM4, as in RFC 8998).
    /// </summary>
    /// <param name="key">16-byte SM4 key.</param>
    /// <param name="plaintext">Data to protect (may be empty).</param>
    /// <param name="associatedData">Authenticated but unencrypted context, for example a record id; it must be passed again to decrypt.</param>
    /// <returns><c>nonce(12) || ciphertext || tag(16)</c>, with a fresh random nonce from the OS CSPRNG.</returns>
    /// <exception cref="ArgumentException">The key is not 16 bytes.</exception>
    public static byte[] GcmEncrypt(byte[] key, byte[] plaintext, byte[]? associatedData = null)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(plaintext);

        // A random 96-bit nonce per message: with the same key, a repeated nonce would reveal the
        // GHASH key, so it must never come from a counter that could be reset or restored from backup.
        var nonce = RandomNumberGenerator.GetBytes(GcmNonceSizeInBytes);
        var cipher = CreateGcm(forEncryption: true, key, nonce, associatedData);

        var output = new byte[GcmNonceSizeInBytes + cipher.GetOutputSize(plaintext.Length)];
        nonce.CopyTo(output, 0);
        var written = cipher.ProcessBytes(plaintext, 0, plaintext.Length, output, GcmNonceSizeInBytes);
        cipher.DoFinal(output, GcmNonceSizeInBytes + written);
        return output;
    }

    /// <summary>Verifies and decrypts the output of <see cref="GcmEncrypt"/>.</summary>
    /// <exception cref="ArgumentException">The key is not 16 bytes.</exception>
    /// <exception cref="CryptographicException">
    /// The data is too short to hold a nonce and a tag, or authentication failed (wrong key, wrong associated data, or the data was altered).
    /// </exception>
    public static byte[] GcmDecrypt(byte[] key, byte[] sealedData, byte[]? associatedData = null)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(sealedData);
        if (sealedData.Length < GcmNonceSizeInBytes + GcmTagSizeInBytes)
        {
            throw new CryptographicException(
                $"SM4-GCM sealed data must be at least {GcmNonceSizeInBytes + GcmTagSizeInBytes} bytes (nonce and tag); got {sealedData.Length}.");
        }

        var nonce = sealedData[..GcmNonceSizeInBytes];
        var cipher = CreateGcm(forEncryption: false, key, nonce, associatedData);
        var bodyLength = sealedData.Length - GcmNonceSizeInBytes;
        var output = new byte[cipher.GetOutputSize(bodyLength)];
        try
        {
            var written = cipher.ProcessBytes(sealedData, GcmNonceSizeInBytes, bodyLength, output, 0);
            cipher.DoFinal(output, written);
            return output;
        }
        catch (InvalidCipherTextException ex)
        {
            // Nothing of the plaintext is released: BouncyCastle's GCM buffers until the tag checks out.
            CryptographicOperations.ZeroMemory(output);
            throw new CryptographicException("SM4-GCM authentication failed: wrong key or associated data, or the data was altered.", ex);
        }
    }

    /// <summary>SM4-CBC encryption with PKCS#7 padding (RFC 5652 §6.3), as <c>openssl enc -sm4-cbc</c> does.</summary>
    /// <param name="key">16-byte SM4 key.</param>
    /// <param name="iv">16-byte IV; it must be unpredictable for every message.</param>
    /// <param name="plaintext">Data to encrypt (may be empty; the output is then one block of padding).</param>
    /// <exception cref="ArgumentException">The key or IV is not 16 bytes.</exception>
    public static byte[] CbcEncrypt(byte[] key, byte[] iv, byte[] plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var cipher = CreateCbc(forEncryption: true, key, iv);
        return cipher.DoFinal(plaintext);
    }

    /// <summary>SM4-CBC decryption that removes PKCS#7 padding.</summary>
    /// <exception cref="ArgumentException">The key or IV is not 16 bytes.</exception>
    /// <exception cref="CryptographicException">The ciphertext is not a whole number of blocks or the padding is wrong.</exception>
    public static byte[] CbcDecrypt(byte[] key, byte[] iv, byte[] ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        var cipher = CreateCbc(forEncryption: false, key, iv);
        if (ciphertext.Length == 0 || ciphertext.Length % BlockSizeInBytes != 0)
        {
            throw new CryptographicException(
                $"SM4-CBC ciphertext must be a non-zero multiple of {BlockSizeInBytes} bytes; got {ciphertext.Length}.");
        }

        try
        {
            return cipher.DoFinal(ciphertext);
        }
        catch (InvalidCipherTextException ex)
        {
            throw new CryptographicException("SM4-CBC decryption failed: wrong key or IV, or corrupted data.", ex);
        }
    }

    /// <summary>
    /// Encrypts exactly one 16-byte block with the raw SM4 permutation (ECB of a single block).
    /// Only for known-answer tests against GB/T 32907 Appendix A; never use ECB for data.
    /// </summary>
    internal static byte[] EncryptBlock(byte[] key, byte[] block)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(block);
        if (block.Length != BlockSizeInBytes)
        {
            throw new ArgumentException($"An SM4 block is {BlockSizeInBytes} bytes; got {block.Length}.", nameof(block));
        }

        var engine = new SM4Engine();
        engine.Init(true, new KeyParameter(key));
        var output = new byte[BlockSizeInBytes];
        engine.ProcessBlock(block, 0, output, 0);
        return output;
    }

    private static GcmBlockCipher CreateGcm(bool forEncryption, byte[] key, byte[] nonce, byte[]? associatedData)
    {
        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(forEncryption, new AeadParameters(new KeyParameter(key), GcmTagSizeInBytes * 8, nonce, associatedData));
        return cipher;
    }

    private static PaddedBufferedBlockCipher CreateCbc(bool forEncryption, byte[] key, byte[] iv)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(iv);
        if (iv.Length != BlockSizeInBytes)
        {
            throw new ArgumentException($"The SM4-CBC IV must be {BlockSizeInBytes} bytes; got {iv.Length}.", nameof(iv));
        }

        var cipher = new PaddedBufferedBlockCipher(new CbcBlockCipher(new SM4Engine()), new Pkcs7Padding());
        cipher.Init(forEncryption, new ParametersWithIV(new KeyParameter(key), iv));
        return cipher;
    }

    private static void CheckKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeySizeInBytes)
        {
            throw new ArgumentException($"An SM4 key is {KeySizeInBytes} bytes (GB/T 32907); got {key.Length}.", nameof(key));
        }
    }
}
