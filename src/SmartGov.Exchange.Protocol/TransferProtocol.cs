using SmartGov.Crypto;

namespace SmartGov.Exchange.Protocol;

/// <summary>
/// What a sending gateway announces before the chunks of a bulk transfer (docs/exchange-protocol.md, "Bulk and
/// asynchronous transfer"). <see cref="Sm3Root"/> is the checksum of the whole: the RFC 6962 Merkle root (SM3) whose
/// leaves are the SM3 hashes of the plaintext chunks, in order. With <see cref="Encryption"/> = <c>SM4-GCM</c> every chunk
/// travels as SM4-GCM(key, chunk, associated data = "{transferId}:{n}") and <see cref="EncryptedKey"/> is the 16-byte key
/// SM2-encrypted (C1C3C2, base64) to the provider gateway's public key.
/// </summary>
public sealed record TransferManifest(
    string TransferId,
    string Name,
    string ContentType,
    long Size,
    int ChunkSize,
    int ChunkCount,
    string Sm3Root,
    string? Encryption,
    string? EncryptedKey);

/// <summary>What a provider gateway answers to a manifest: the chunks it holds already, so a sender resumes from there.</summary>
public sealed record TransferState(string TransferId, string Status, IReadOnlyList<int> ReceivedChunks, string? Delivery);

public static class TransferProtocol
{
    /// <summary>The canonical "methods" of transfer messages: no HTTP method, so no /p1 exchange can stand in for one.</summary>
    public const string ManifestMethod = "TRANSFER-MANIFEST";
    public const string ChunkMethod = "TRANSFER-CHUNK";
    public const string CompleteMethod = "TRANSFER-COMPLETE";

    /// <summary>The provider-side prefix: <c>/p1t/{service id}/{transfer id}/manifest|chunks/{n}|complete</c>.</summary>
    public const string ProviderPrefix = "/p1t";

    public const string Encryption = "SM4-GCM";

    /// <summary>Header with the hex SM3 of a chunk as sent.</summary>
    public const string ChunkSm3Header = "SmartGov-Chunk-SM3";

    /// <summary>Department system → its gateway: the file name of a transfer.</summary>
    public const string NameHeader = "SmartGov-Transfer-Name";

    /// <summary>Department system → its gateway: <c>sm4</c> to encrypt the payload end to end between the gateways.</summary>
    public const string EncryptHeader = "SmartGov-Transfer-Encrypt";

    /// <summary>
    /// Department system → its gateway: send a table extract instead of a body — the SUBSYSTEM/SERVICE code of one of this
    /// gateway's own Sql services, run with the request's query string as its parameters.
    /// </summary>
    public const string ExtractHeader = "SmartGov-Transfer-Extract";

    /// <summary>Provider gateway → the receiving HTTP backend: the transfer id, also sent as Idempotency-Key.</summary>
    public const string TransferIdHeader = "SmartGov-Transfer-Id";

    /// <summary>The whole-transfer checksum from the chunk hashes (see <see cref="TransferManifest"/>).</summary>
    public static string Root(IEnumerable<byte[]> chunkHashes)
    {
        ArgumentNullException.ThrowIfNull(chunkHashes);
        var tree = new InMemoryMerkleNodeSource(MerkleHasher.Sm3);
        foreach (var h in chunkHashes)
        {
            tree.Append(h);
        }

        return Convert.ToHexStringLower(MerkleTree.RootHash(MerkleHasher.Sm3, tree, tree.LeafCount));
    }

    /// <summary>The SM4-GCM associated data of chunk <paramref name="n"/>: binds a chunk to its transfer and place.</summary>
    public static byte[] ChunkAad(string transferId, int n) =>
        System.Text.Encoding.ASCII.GetBytes(transferId + ":" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
