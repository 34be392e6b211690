using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SmartGov.Crypto;

namespace SmartGov.Hub.PersonalData;

/// <summary>Which kind of personal identifier a blind index is for; the kind is mixed into the HMAC input.</summary>
public enum PersonalDataKind
{
    IdNumber,
    Mobile,
}

public interface IPersonalDataCipher
{
    /// <summary>SM4-GCM ciphertext (GB/T 39786-2021: confidentiality of important data with commercial cryptography).</summary>
    byte[] Protect(string plaintext);

    string Unprotect(byte[] protectedData);

    /// <summary>Keyed blind index (HMAC-SM3), so that an exact-match lookup needs no plaintext in the database.</summary>
    string BlindIndex(PersonalDataKind kind, string normalizedValue);
}

public sealed class PersonalDataCipher : IPersonalDataCipher
{
    // A version byte in front of every ciphertext lets us rotate keys or algorithms later.
    private const byte FormatVersion = 1;
    private readonly byte[] _encryptionKey;
    private readonly byte[] _indexKey;

    public PersonalDataCipher(IOptions<PersonalDataOptions> options)
    {
        (_encryptionKey, _indexKey) = LoadKeys(options.Value);
    }

    public PersonalDataCipher(byte[] encryptionKey, byte[] indexKey)
    {
        _encryptionKey = encryptionKey;
        _indexKey = indexKey;
    }

    public byte[] Protect(string plaintext)
    {
        var sealedData = Sm4.GcmEncrypt(_encryptionKey, Encoding.UTF8.GetBytes(plaintext), [FormatVersion]);
        var output = new byte[sealedData.Length + 1];
        output[0] = FormatVersion;
        sealedData.CopyTo(output, 1);
        return output;
    }

    public string Unprotect(byte[] protectedData)
    {
        if (protectedData.Length < 2 || protectedData[0] != FormatVersion)
        {
            throw new CryptographicException("Unknown personal data format.");
        }
        return Encoding.UTF8.GetString(Sm4.GcmDecrypt(_encryptionKey, protectedData[1..], [FormatVersion]));
    }

    public string BlindIndex(PersonalDataKind kind, string normalizedValue)
    {
        var input = Encoding.UTF8.GetBytes($"{kind}:{normalizedValue}");
        return Convert.ToHexStringLower(Sm3.Hmac(_indexKey, input));
    }

    private static (byte[] Encryption, byte[] Index) LoadKeys(PersonalDataOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.EncryptionKey) && !string.IsNullOrWhiteSpace(options.IndexKey))
        {
            return (ParseKey(options.EncryptionKey, 16, "PersonalData:EncryptionKey"), ParseKey(options.IndexKey, 16, "PersonalData:IndexKey"));
        }
        if (string.IsNullOrWhiteSpace(options.KeyFile))
        {
            throw new InvalidOperationException(
                "Personal data keys are not configured: set PersonalData:EncryptionKey and PersonalData:IndexKey, or PersonalData:KeyFile. / 未配置个人信息加密密钥。");
        }
        if (!File.Exists(options.KeyFile))
        {
            if (!options.GenerateKeyFileIfMissing)
            {
                throw new InvalidOperationException($"Personal data key file not found: {options.KeyFile} / 找不到个人信息密钥文件。");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.KeyFile))!);
            var generated = $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}\n{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}\n";
            File.WriteAllText(options.KeyFile, generated);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(options.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        var lines = File.ReadAllLines(options.KeyFile).Where(l => !string.IsNullOrWhiteSpace(l)).ToArray();
        if (lines.Length < 2)
        {
            throw new InvalidOperationException($"Personal data key file must hold two hex lines: {options.KeyFile}");
        }
        return (ParseKey(lines[0], 16, "key file line 1"), ParseKey(lines[1], 16, "key file line 2"));
    }

    private static byte[] ParseKey(string hex, int minBytes, string name)
    {
        byte[] key;
        try
        {
            key = Convert.FromHexString(hex.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{name} is not valid hex.");
        }
        if (key.Length < minBytes || (name.Contains("Encryption", StringComparison.Ordinal) || name.EndsWith('1')) && key.Length != 16)
        {
            throw new InvalidOperationException($"{name} has the wrong length ({key.Length} bytes).");
        }
        return key;
    }
}
