using System.Globalization;
using System.Text;
using SmartGov.Crypto;

namespace SmartGov.Hub.Modules.Audit;

/// <summary>
/// A signed tree head (签名树头): the platform key's signature over the root of the first <see cref="TreeSize"/>
/// entries at a time. The signed bytes are <see cref="SigningInput"/>, an ASCII canonical JSON object.
/// </summary>
public sealed record SignedTreeHead(long TreeSize, byte[] RootHash, long Timestamp, string Profile, byte[] Signature)
{
    /// <summary>The <c>type</c> value of the signed object; a signature over any other object cannot pass as a head.</summary>
    public const string Type = "smartgov-audit-tree-head";

    public DateTime Time => DateTimeOffset.FromUnixTimeMilliseconds(Timestamp).UtcDateTime;

    /// <summary>The exact bytes the signature covers (docs/audit.md, "Tree heads").</summary>
    public byte[] SigningInput() => SigningInput(Profile, TreeSize, RootHash, Timestamp);

    /// <summary>
    /// <c>{"profile":"gm","rootHash":"&lt;64 lowercase hex&gt;","timestamp":"yyyy-MM-ddTHH:mm:ss.fffZ","treeSize":N,"type":"smartgov-audit-tree-head","v":1}</c>
    /// (keys sorted, no whitespace, UTF-8 = ASCII here).
    /// </summary>
    public static byte[] SigningInput(string profile, long treeSize, byte[] rootHash, long timestamp)
    {
        var time = AuditCanonicalJson.FormatTime(DateTimeOffset.FromUnixTimeMilliseconds(timestamp).UtcDateTime);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{{\"profile\":\"{profile}\",\"rootHash\":\"{Convert.ToHexStringLower(rootHash)}\",\"timestamp\":\"{time}\",\"treeSize\":{treeSize},\"type\":\"{Type}\",\"v\":1}}");
        return Encoding.ASCII.GetBytes(text);
    }

    /// <summary>Signs a head with the platform key.</summary>
    public static SignedTreeHead Sign(ISigningKey key, string profile, long treeSize, byte[] rootHash, long timestamp) =>
        new(treeSize, rootHash, timestamp, profile, key.Sign(SigningInput(profile, treeSize, rootHash, timestamp)));

    /// <summary>Whether the signature is the given key's over this head. Never throws on a malformed signature.</summary>
    public bool VerifySignature(IVerificationKey key) => key.Verify(SigningInput(), Signature);

    public SignedTreeHeadDto ToDto() => new(
        TreeSize, Convert.ToHexStringLower(RootHash), AuditCanonicalJson.FormatTime(Time), Timestamp, Profile,
        Profile == CryptoProfiles.GmName ? "SM3withSM2" : "SHA256withECDSA", Convert.ToBase64String(Signature), Encoding.ASCII.GetString(SigningInput()));
}

/// <summary>A tree head as the API and export bundles show it. <c>signedText</c> is the exact (ASCII) text the signature covers.</summary>
public sealed record SignedTreeHeadDto(
    long TreeSize, string RootHash, string Timestamp, long TimestampMs, string Profile, string Algorithm, string Signature, string SignedText)
{
    /// <summary>Reads a head back; throws <see cref="FormatException"/> on malformed hex or base64.</summary>
    public SignedTreeHead ToHead()
    {
        try
        {
            return new SignedTreeHead(TreeSize, Convert.FromHexString(RootHash), TimestampMs, Profile, Convert.FromBase64String(Signature));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Tree head {TreeSize}: rootHash must be hex and signature base64 ({ex.Message}).", ex);
        }
    }
}
