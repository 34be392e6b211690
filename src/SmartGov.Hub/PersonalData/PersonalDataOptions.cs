namespace SmartGov.Hub.PersonalData;

/// <summary>
/// Keys for personal data at rest. Give them as hex in configuration (from a secret store, never appsettings.json)
/// or as a key file. In Development a key file is generated under the data directory so that the demo runs at once.
/// </summary>
public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>SM4 key, 32 hex characters (128 bits).</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>HMAC-SM3 key for the blind index, at least 32 hex characters.</summary>
    public string? IndexKey { get; set; }

    /// <summary>A file with two lines: the encryption key and the index key, in hex.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Generate <see cref="KeyFile"/> when it does not exist (development and demo only).</summary>
    public bool GenerateKeyFileIfMissing { get; set; }
}
