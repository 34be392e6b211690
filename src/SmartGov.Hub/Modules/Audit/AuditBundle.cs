using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit.Infrastructure;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Hub.Modules.Audit;

/// <summary>manifest.json of an export bundle.</summary>
public sealed record AuditBundleManifest(
    string Format,
    string Profile,
    string Hash,
    string SignatureAlgorithm,
    long FromSequence,
    long ToSequence,
    long AnchorTreeSize,
    int Heads,
    string EntriesHash,
    string CreatedAt,
    string Reason);

public sealed record InclusionLine(long Sequence, long TreeSize, IReadOnlyList<string> Path);

public sealed record ConsistencyLine(long First, long Second, IReadOnlyList<string> Path);

public sealed record AuditExportResult(string Directory, long FromSequence, long ToSequence, long AnchorTreeSize, int Heads, string EntriesHash);

/// <summary>
/// Writes an export bundle: the entries' canonical bytes, the signed heads (JSON, and the exact signed bytes and DER
/// signature as files for <c>openssl</c>), an inclusion proof per entry against the newest head, consistency proofs
/// between consecutive heads, the public key, and a README with the offline procedure. Layout: docs/audit.md.
/// </summary>
public sealed class AuditExporter
{
    public const string Format = "smartgov-audit-bundle/v1";
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never };
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private const int Page = 8192;

    private readonly SmartGovDbContext _db;
    private readonly AuditSigner _signer;
    private readonly TimeProvider _clock;
    private readonly AuditTreeStore _store;

    public AuditExporter(SmartGovDbContext db, AuditSigner signer, TimeProvider clock)
    {
        _db = db;
        _signer = signer;
        _clock = clock;
        _store = new AuditTreeStore(db);
    }

    /// <summary>Exports entries [<paramref name="from"/>, <paramref name="toExclusive"/>) (default: all that are stored) with proofs against the newest head.</summary>
    /// <exception cref="InvalidOperationException">Nothing to export, the range is outside the stored log, or the output directory is not empty.</exception>
    public async Task<AuditExportResult> ExportAsync(string directory, long? from = null, long? toExclusive = null, string reason = "export", CancellationToken ct = default)
    {
        var anchorRow = await _store.LatestHeadAsync(ct) ?? throw new InvalidOperationException("The audit log has no signed tree head yet; nothing to export. / 审计日志尚无签名树头。");
        var anchor = AuditLog.ToHead(anchorRow)!;
        var archivedPrefix = await _db.Set<AuditArchive>().MaxAsync(a => (long?)a.ToSequence, ct) ?? 0;
        var start = from ?? archivedPrefix;
        var end = toExclusive ?? anchor.TreeSize;
        if (start < archivedPrefix)
        {
            throw new InvalidOperationException($"Entries below {archivedPrefix} were archived and are no longer in the database; export from {archivedPrefix}. / 该范围的记录已归档。");
        }
        if (start < 0 || end > anchor.TreeSize || start >= end)
        {
            throw new InvalidOperationException($"The range must lie within 0..{anchor.TreeSize - 1} with from <= to. / 导出范围无效。");
        }
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new InvalidOperationException($"The output directory {directory} is not empty. / 输出目录不为空。");
        }
        Directory.CreateDirectory(Path.Combine(directory, "heads"));
        Directory.CreateDirectory(Path.Combine(directory, "proofs"));
        var hasher = _signer.Hasher;

        // 1. Entries, in sequence order, with the leaf hashes kept for the proofs.
        var leaves = new byte[end - start][];
        var entriesPath = Path.Combine(directory, "entries.jsonl");
        await using (var entries = new FileStream(entriesPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var next = start;
            while (next < end)
            {
                var upTo = Math.Min(next + Page, end);
                var rows = await _db.Set<AuditRecord>().AsNoTracking().Where(r => r.Sequence >= next && r.Sequence < upTo)
                    .OrderBy(r => r.Sequence).ToListAsync(ct);
                foreach (var row in rows)
                {
                    if (row.Sequence != next)
                    {
                        throw new InvalidOperationException($"Entry {next} is missing from the store; run `sgov audit verify`. / 审计记录 {next} 缺失。");
                    }
                    var bytes = AuditCanonicalJson.Serialize(DatabaseAuditSink.ToData(row, next));
                    leaves[next - start] = hasher.HashLeaf(bytes);
                    if (row.LeafHash is null || !row.LeafHash.AsSpan().SequenceEqual(leaves[next - start]))
                    {
                        // Never export (or archive) an entry that no longer matches what was sequenced.
                        throw new InvalidOperationException($"Entry {next} does not match its stored leaf hash; run `sgov audit verify`. / 审计记录 {next} 已被改动。");
                    }
                    await entries.WriteAsync(bytes, ct);
                    entries.WriteByte((byte)'\n');
                    next++;
                }
                if (next < upTo)
                {
                    throw new InvalidOperationException($"Entry {next} is missing from the store; run `sgov audit verify`. / 审计记录 {next} 缺失。");
                }
            }
        }
        var entriesHash = Convert.ToHexStringLower(HashFile(entriesPath, _signer.Profile));

        // 2. Heads: every head that ends inside the range, and the anchor (the newest head) that all proofs refer to.
        var headRows = await _db.Set<AuditTreeHead>().AsNoTracking().Where(h => h.TreeSize > start && h.TreeSize <= end)
            .OrderBy(h => h.TreeSize).ToListAsync(ct);
        var heads = headRows.Select(h => AuditLog.ToHead(h)!).ToList();
        if (heads.Count == 0 || heads[^1].TreeSize != anchor.TreeSize)
        {
            heads.Add(anchor);
        }
        await using (var headsFile = new StreamWriter(Path.Combine(directory, "heads.jsonl"), false, new UTF8Encoding(false)))
        {
            foreach (var head in heads)
            {
                var name = HeadFileName(head.TreeSize);
                await File.WriteAllTextAsync(Path.Combine(directory, "heads", name + ".json"), JsonSerializer.Serialize(head.ToDto(), Indented) + "\n", ct);
                await File.WriteAllBytesAsync(Path.Combine(directory, "heads", name + ".msg"), head.SigningInput(), ct);
                await File.WriteAllBytesAsync(Path.Combine(directory, "heads", name + ".sig"), head.Signature, ct);
                await headsFile.WriteLineAsync(JsonSerializer.Serialize(head.ToDto(), Json));
            }
        }

        // 3. Proofs. Nodes inside the exported range are computed from the leaves; the rest are read from the store in one round.
        var known = RangeNodes(hasher, leaves, start);
        var source = await PrefetchAsync(hasher, anchor.TreeSize, known, src =>
        {
            for (var s = start; s < end; s++)
            {
                MerkleTree.InclusionProof(hasher, src, s, anchor.TreeSize);
            }
            for (var i = 1; i < heads.Count; i++)
            {
                MerkleTree.ConsistencyProof(hasher, src, heads[i - 1].TreeSize, heads[i].TreeSize);
            }
        }, ct);
        await using (var inclusion = new StreamWriter(Path.Combine(directory, "proofs", "inclusion.jsonl"), false, new UTF8Encoding(false)))
        {
            for (var s = start; s < end; s++)
            {
                var path = MerkleTree.InclusionProof(hasher, source, s, anchor.TreeSize).Select(Convert.ToHexStringLower).ToList();
                await inclusion.WriteLineAsync(JsonSerializer.Serialize(new InclusionLine(s, anchor.TreeSize, path), Json));
            }
        }
        await using (var consistency = new StreamWriter(Path.Combine(directory, "proofs", "consistency.jsonl"), false, new UTF8Encoding(false)))
        {
            for (var i = 1; i < heads.Count; i++)
            {
                var path = MerkleTree.ConsistencyProof(hasher, source, heads[i - 1].TreeSize, heads[i].TreeSize).Select(Convert.ToHexStringLower).ToList();
                await consistency.WriteLineAsync(JsonSerializer.Serialize(new ConsistencyLine(heads[i - 1].TreeSize, heads[i].TreeSize, path), Json));
            }
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "public-key.pem"), _signer.PublicKeyPem, ct);
        // The key history up to the anchor: heads signed before a key was replaced are checked with the key of their size.
        var history = await _db.Set<AuditSigningKey>().AsNoTracking().OrderBy(k => k.Number).ToListAsync(ct);
        if (history.Count > 0)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "keys.json"), JsonSerializer.Serialize(AuditSigningKeyDto.FromHistory(history), Indented) + "\n", ct);
            Directory.CreateDirectory(Path.Combine(directory, "keys"));
            foreach (var k in history)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, "keys", KeyFileName(k.Number)), k.PublicKeyPem, ct);
            }
        }
        var manifest = new AuditBundleManifest(Format, _signer.Profile.Name, AuditSigner.HashName(_signer.Profile),
            _signer.Profile.Name == CryptoProfiles.GmName ? "SM3withSM2" : "SHA256withECDSA",
            start, end, anchor.TreeSize, heads.Count, entriesHash, AuditCanonicalJson.FormatTime(AuditCanonicalJson.TruncateToMilliseconds(_clock.GetUtcNow().UtcDateTime)), reason);
        await File.WriteAllTextAsync(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(manifest, Indented) + "\n", ct);
        await File.WriteAllTextAsync(Path.Combine(directory, "README.md"), AuditBundleReadme.Text(manifest), ct);
        return new AuditExportResult(directory, start, end, anchor.TreeSize, heads.Count, entriesHash);
    }

    public static string HeadFileName(long treeSize) => treeSize.ToString("D12", CultureInfo.InvariantCulture);

    /// <summary>keys/key-N.pem: the public key of key N of the history (README: which key signs which head).</summary>
    public static string KeyFileName(int number) => "key-" + number.ToString(CultureInfo.InvariantCulture) + ".pem";

    internal static byte[] HashFile(string path, ICryptoProfile profile)
    {
        using var stream = File.OpenRead(path);
        return profile.Hash(stream);
    }

    /// <summary>Every complete, aligned subtree inside [start, start + leaves.Length), computed in memory.</summary>
    internal static Dictionary<(int, long), byte[]> RangeNodes(MerkleHasher hasher, byte[][] leaves, long start)
    {
        var known = new Dictionary<(int, long), byte[]>(leaves.Length * 2);
        for (var i = 0; i < leaves.Length; i++)
        {
            known[(0, start + i)] = leaves[i];
        }
        var end = start + leaves.Length;
        for (var level = 1; level < 63; level++)
        {
            var width = 1L << level;
            var first = (start + width - 1) / width;
            var last = end / width; // exclusive
            if (first >= last)
            {
                if (width > leaves.Length)
                {
                    break;
                }
                continue;
            }
            for (var index = first; index < last; index++)
            {
                known[(level, index)] = hasher.HashChildren(known[(level - 1, index * 2)], known[(level - 1, index * 2 + 1)]);
            }
        }
        return known;
    }

    /// <summary>Runs <paramref name="plan"/> once to learn which nodes it needs beyond <paramref name="known"/>, fetches those, and returns a source with all of them.</summary>
    private async Task<IMerkleNodeSource> PrefetchAsync(MerkleHasher hasher, long leafCount, Dictionary<(int, long), byte[]> known,
        Action<IMerkleNodeSource> plan, CancellationToken ct)
    {
        var recorder = new KnownSource(leafCount, known, hasher.HashSizeInBytes, record: true);
        plan(recorder);
        if (recorder.Missing.Count > 0)
        {
            foreach (var (key, hash) in await _store.FetchAsync(recorder.Missing, ct))
            {
                known[key] = hash;
            }
        }
        return new KnownSource(leafCount, known, hasher.HashSizeInBytes, record: false);
    }

    private sealed class KnownSource(long leafCount, Dictionary<(int, long), byte[]> known, int hashSize, bool record) : IMerkleNodeSource
    {
        private readonly byte[] _zero = new byte[hashSize];

        public HashSet<(int Level, long Index)> Missing { get; } = [];

        public long LeafCount => leafCount;

        public byte[] GetSubtreeHash(long start, int height)
        {
            var key = (height, start >> height);
            if (known.TryGetValue(key, out var hash))
            {
                return hash;
            }
            if (record)
            {
                Missing.Add(key);
                return _zero;
            }
            throw new AuditIntegrityException($"Tree node (level {height}, index {start >> height}) is missing from the store; run `sgov audit verify`.");
        }
    }
}

public sealed record AuditBundleReport(
    string Profile, long FromSequence, long ToSequence, long AnchorTreeSize, int HeadsChecked, long EntriesChecked, string PublicKeyFingerprint,
    AuditVerifyProblem? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>Checks an export bundle offline: no database, only the files and a public key.</summary>
public static class AuditBundleVerifier
{
    /// <param name="trustedPublicKeyPem">The key to trust; default: the bundle's own public-key.pem (then compare its fingerprint with one obtained out of band).</param>
    public static AuditBundleReport Verify(string directory, string? trustedPublicKeyPem = null)
    {
        AuditBundleManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<AuditBundleManifest>(File.ReadAllText(Path.Combine(directory, "manifest.json")), AuditExporter.Json)
                ?? throw new FormatException("empty manifest");
        }
        catch (Exception ex) when (ex is IOException or JsonException or FormatException or UnauthorizedAccessException)
        {
            return Fail(null, "", "bundle", "manifest.json", $"cannot be read: {ex.Message}");
        }
        if (manifest.Format != AuditExporter.Format)
        {
            return Fail(manifest, "", "bundle", "manifest.json", $"unknown format \"{manifest.Format}\" (expected {AuditExporter.Format}).");
        }
        ICryptoProfile profile;
        IVerificationKey key;
        string fingerprint;
        try
        {
            profile = AuditSigner.ResolveProfile(manifest.Profile);
            var pem = trustedPublicKeyPem ?? File.ReadAllText(Path.Combine(directory, "public-key.pem"));
            key = AuditSigner.ReadPublicKey(pem, profile, trustedPublicKeyPem is null ? "public-key.pem" : "the trusted public key");
            fingerprint = AuditKeyHistory.Fingerprint(profile, key);
        }
        catch (Exception ex) when (ex is AuditConfigurationException or IOException or UnauthorizedAccessException)
        {
            return Fail(manifest, "", "bundle", "public key", ex.Message);
        }
        var hasher = MerkleHasher.For(profile);
        var headsChecked = 0;
        long entriesChecked = 0;
        AuditBundleReport Problem(string kind, string where, string message) =>
            new(profile.Name, manifest.FromSequence, manifest.ToSequence, manifest.AnchorTreeSize, headsChecked, entriesChecked, fingerprint, new(kind, where, message));

        // A bundle from a log whose key was replaced carries the key history; it is trusted only through the given key.
        AuditKeyChain chain;
        try
        {
            var keysPath = Path.Combine(directory, "keys.json");
            List<AuditSigningKeyDto> history = File.Exists(keysPath)
                ? JsonSerializer.Deserialize<List<AuditSigningKeyDto>>(File.ReadAllText(keysPath), AuditExporter.Json) ?? []
                : [];
            var validated = history.Validate(profile, key, out var keyProblem);
            if (validated is null)
            {
                return Problem(keyProblem!.Kind, keyProblem.Location, keyProblem.Message);
            }
            chain = validated;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return Problem("key", "keys.json", $"cannot be read: {ex.Message}");
        }

        try
        {
            // Heads: each file's JSON, signed bytes and signature must agree, and the signature must verify.
            var heads = new List<SignedTreeHead>();
            foreach (var line in File.ReadLines(Path.Combine(directory, "heads.jsonl")))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                SignedTreeHead head;
                try
                {
                    head = (JsonSerializer.Deserialize<SignedTreeHeadDto>(line, AuditExporter.Json) ?? throw new FormatException("empty")).ToHead();
                }
                catch (Exception ex) when (ex is JsonException or FormatException)
                {
                    return Problem("head", "heads.jsonl", $"a line is not a tree head: {ex.Message}");
                }
                var where = $"head {head.TreeSize}";
                if (head.Profile != profile.Name)
                {
                    return Problem("head", where, $"uses profile \"{head.Profile}\", the bundle \"{profile.Name}\".");
                }
                var name = Path.Combine(directory, "heads", AuditExporter.HeadFileName(head.TreeSize));
                if (File.Exists(name + ".msg") && !File.ReadAllBytes(name + ".msg").AsSpan().SequenceEqual(head.SigningInput()))
                {
                    return Problem("head", where, $"{AuditExporter.HeadFileName(head.TreeSize)}.msg differs from the head's signed form.");
                }
                if (File.Exists(name + ".sig") && !File.ReadAllBytes(name + ".sig").AsSpan().SequenceEqual(head.Signature))
                {
                    return Problem("head", where, $"{AuditExporter.HeadFileName(head.TreeSize)}.sig differs from the head's signature.");
                }
                if (!head.VerifySignature(chain.For(head.TreeSize)))
                {
                    return Problem("head", where, chain.Count == 1 ? "the signature does not verify with the public key. / 树头签名无效。"
                        : $"the signature does not verify with the public key for this size (key {chain.NumberFor(head.TreeSize)}). / 树头签名无效。");
                }
                if (heads.Count > 0 && head.TreeSize <= heads[^1].TreeSize)
                {
                    return Problem("head", where, "heads are not in increasing size order.");
                }
                heads.Add(head);
                headsChecked++;
            }
            var anchor = heads.LastOrDefault();
            if (anchor is null || anchor.TreeSize != manifest.AnchorTreeSize)
            {
                return Problem("head", $"head {manifest.AnchorTreeSize}", "the anchor head named in manifest.json is not the last head of the bundle.");
            }

            // Consistency between consecutive heads: the log only grew.
            var consistency = File.ReadLines(Path.Combine(directory, "proofs", "consistency.jsonl"))
                .Where(l => !string.IsNullOrWhiteSpace(l))
                .Select(l => JsonSerializer.Deserialize<ConsistencyLine>(l, AuditExporter.Json)!)
                .ToDictionary(c => (c.First, c.Second));
            for (var i = 1; i < heads.Count; i++)
            {
                var (a, b) = (heads[i - 1], heads[i]);
                var where = $"heads {a.TreeSize} → {b.TreeSize}";
                if (!consistency.TryGetValue((a.TreeSize, b.TreeSize), out var c))
                {
                    return Problem("head", where, "no consistency proof in proofs/consistency.jsonl.");
                }
                if (!MerkleTree.VerifyConsistency(hasher, a.TreeSize, b.TreeSize, a.RootHash, b.RootHash, FromHex(c.Path)))
                {
                    return Problem("head", where, "the consistency proof fails: the later head does not extend the earlier one. / 一致性证明不成立。");
                }
            }

            // Entries: canonical, contiguous, and each included in the anchor head.
            using var inclusion = File.ReadLines(Path.Combine(directory, "proofs", "inclusion.jsonl")).Where(l => !string.IsNullOrWhiteSpace(l)).GetEnumerator();
            var expected = manifest.FromSequence;
            var frontier = manifest.FromSequence == 0 ? new List<(int Level, byte[] Hash)>() : null;
            var headIndex = 0;
            var lineNumber = 0;
            foreach (var bytes in ReadLines(Path.Combine(directory, "entries.jsonl")))
            {
                lineNumber++;
                var where = $"entry {expected}";
                AuditEntryData entry;
                try
                {
                    entry = AuditCanonicalJson.Parse(bytes);
                }
                catch (FormatException ex)
                {
                    return Problem("entry", $"{where} (entries.jsonl line {lineNumber})", ex.Message);
                }
                if (entry.Sequence != expected)
                {
                    return Problem("entry", where, $"line {lineNumber} holds entry {entry.Sequence}: entries are missing or out of order. / 记录缺失或顺序错误。");
                }
                var leaf = hasher.HashLeaf(bytes);
                if (!inclusion.MoveNext())
                {
                    return Problem("entry", where, "no inclusion proof in proofs/inclusion.jsonl.");
                }
                var proof = JsonSerializer.Deserialize<InclusionLine>(inclusion.Current, AuditExporter.Json)!;
                if (proof.Sequence != expected || proof.TreeSize != anchor.TreeSize
                    || !MerkleTree.VerifyInclusion(hasher, leaf, expected, anchor.TreeSize, FromHex(proof.Path), anchor.RootHash))
                {
                    return Problem("entry", where, $"not included in the signed head of size {anchor.TreeSize}: the entry was changed. / 记录不在签名树头中（已被篡改）。");
                }
                if (frontier is not null)
                {
                    // A bundle from entry 0 also recomputes each head's root directly, as `audit verify` does.
                    frontier.Add((0, leaf));
                    while (frontier.Count >= 2 && frontier[^1].Level == frontier[^2].Level)
                    {
                        var h = hasher.HashChildren(frontier[^2].Hash, frontier[^1].Hash);
                        var level = frontier[^1].Level + 1;
                        frontier.RemoveRange(frontier.Count - 2, 2);
                        frontier.Add((level, h));
                    }
                    while (headIndex < heads.Count && heads[headIndex].TreeSize == expected + 1)
                    {
                        var root = frontier[^1].Hash;
                        for (var i = frontier.Count - 2; i >= 0; i--)
                        {
                            root = hasher.HashChildren(frontier[i].Hash, root);
                        }
                        if (!root.AsSpan().SequenceEqual(heads[headIndex].RootHash))
                        {
                            return Problem("head", $"head {heads[headIndex].TreeSize}", "its root differs from the root of the bundle's entries. / 树头根哈希不符。");
                        }
                        headIndex++;
                    }
                }
                expected++;
                entriesChecked++;
            }
            if (expected != manifest.ToSequence)
            {
                return Problem("entry", $"entry {expected}", $"missing: manifest.json says the bundle holds entries up to {manifest.ToSequence - 1}. / 记录缺失。");
            }
            return new(profile.Name, manifest.FromSequence, manifest.ToSequence, manifest.AnchorTreeSize, headsChecked, entriesChecked, fingerprint, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            return Problem("bundle", directory, $"cannot be read: {ex.Message}");
        }
    }

    private static AuditBundleReport Fail(AuditBundleManifest? m, string fingerprint, string kind, string where, string message) =>
        new(m?.Profile ?? "", m?.FromSequence ?? 0, m?.ToSequence ?? 0, m?.AnchorTreeSize ?? 0, 0, 0, fingerprint, new(kind, where, message));

    private static List<byte[]> FromHex(IReadOnlyList<string> hex) => hex.Select(Convert.FromHexString).ToList();

    /// <summary>The raw bytes of each line (without the final \n), so a leaf is hashed over exactly the bytes in the file.</summary>
    private static IEnumerable<byte[]> ReadLines(string path)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 16);
        var line = new MemoryStream();
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b == '\n')
            {
                yield return line.ToArray();
                line.SetLength(0);
            }
            else
            {
                line.WriteByte((byte)b);
            }
        }
        if (line.Length > 0)
        {
            yield return line.ToArray();
        }
    }
}
