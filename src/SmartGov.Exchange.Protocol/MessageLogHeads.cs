using System.Globalization;
using System.Text;
using SmartGov.Crypto;

namespace SmartGov.Exchange.Protocol;

/// <summary>
/// A consistency proof between two sizes of a gateway's message log (RFC 6962 §2.1.2), with both roots, all hashes
/// as lower-case hex: what a gateway hands to the exchange management center, the witness of its heads.
/// </summary>
public sealed record LogConsistencyProof(long OldSize, string OldRoot, long NewSize, string NewRoot, IReadOnlyList<string> Path);

/// <summary>
/// Checks of a gateway's signed message-log tree heads that need only the gateway's public key, so the exchange
/// management center (the witness) can run them without the gateway's code.
/// </summary>
public static class MessageLogHeads
{
    /// <summary>The bytes a tree head signature covers: "SMARTGOV-STH-1\n{member}\n{size}\n{root hex}\n{timestamp ms}".</summary>
    public static byte[] HeadBytes(string member, long size, string rootHex, long timestamp) =>
        Encoding.UTF8.GetBytes(string.Join('\n', "SMARTGOV-STH-1", member, size.ToString(CultureInfo.InvariantCulture), rootHex,
            timestamp.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Whether <paramref name="signatureBase64"/> is the gateway's SM2 signature over SM3(HeadBytes(…)).</summary>
    public static bool VerifyHead(Sm2PublicKey gatewayKey, string member, long size, string rootHex, long timestamp, string signatureBase64)
    {
        ArgumentNullException.ThrowIfNull(gatewayKey);
        try
        {
            return gatewayKey.Verify(Sm3.Hash(HeadBytes(member, size, rootHex, timestamp)), Convert.FromBase64String(signatureBase64));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the log of <paramref name="oldSize"/> leaves with root <paramref name="oldRootHex"/> is a prefix of the log of
    /// <paramref name="newSize"/> leaves with root <paramref name="newRootHex"/> (RFC 9162 §2.1.4.2). Malformed input is false.
    /// </summary>
    public static bool VerifyConsistency(long oldSize, string oldRootHex, long newSize, string newRootHex, IReadOnlyList<string> proofHex)
    {
        ArgumentNullException.ThrowIfNull(proofHex);
        try
        {
            return MerkleTree.VerifyConsistency(MerkleHasher.Sm3, oldSize, newSize, Convert.FromHexString(oldRootHex),
                Convert.FromHexString(newRootHex), [.. proofHex.Select(Convert.FromHexString)]);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Checks a proof as a gateway returns it.</summary>
    public static bool VerifyConsistency(LogConsistencyProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return VerifyConsistency(proof.OldSize, proof.OldRoot, proof.NewSize, proof.NewRoot, proof.Path);
    }
}
