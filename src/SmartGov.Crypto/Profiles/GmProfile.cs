using System.Security.Cryptography;

namespace SmartGov.Crypto;

/// <summary>The 国密 profile: SM3 (GB/T 32905), SM4-GCM (GB/T 32907), SM2 (GB/T 32918).</summary>
internal sealed class GmProfile : ICryptoProfile
{
    public string Name => CryptoProfiles.GmName;

    public int HashSizeInBytes => Sm3.HashSizeInBytes;

    public int KeySizeInBytes => Sm4.KeySizeInBytes;

    public byte[] Hash(byte[] data) => Sm3.Hash(data);

    public byte[] Hash(Stream data) => Sm3.Hash(data);

    public byte[] Hmac(byte[] key, byte[] data) => Sm3.Hmac(key, data);

    public byte[] GenerateKey() => RandomNumberGenerator.GetBytes(KeySizeInBytes);

    public byte[] Encrypt(byte[] key, byte[] plaintext, byte[]? associatedData = null) =>
        Sm4.GcmEncrypt(key, plaintext, associatedData);

    public byte[] Decrypt(byte[] key, byte[] sealedData, byte[]? associatedData = null) =>
        Sm4.GcmDecrypt(key, sealedData, associatedData);

    public ISigningKey GenerateSigningKey() => Sm2KeyPair.Generate();

    public ISigningKey ImportSigningKey(string privateKeyPem) => Sm2KeyPair.FromPrivateKeyPem(privateKeyPem);

    public IVerificationKey ImportVerificationKey(string publicKeyPem) => Sm2PublicKey.FromPem(publicKeyPem);

    public IVerificationKey ImportVerificationKey(byte[] publicKeyDer) => Sm2PublicKey.FromDer(publicKeyDer);

    public override string ToString() => Name;
}
