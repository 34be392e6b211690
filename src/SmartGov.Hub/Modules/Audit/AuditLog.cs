using Microsoft.EntityFrameworkCore;
using SmartGov.Crypto;
using SmartGov.Hub.Data;
using SmartGov.Hub.Modules.Audit.Infrastructure;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Hub.Modules.Audit;

/// <summary>PATH(m, D[n]) of RFC 6962 §2.1.1 for entry <see cref="Sequence"/> in the tree of <see cref="TreeSize"/> entries.</summary>
public sealed record InclusionProof(long Sequence, long TreeSize, byte[] LeafHash, IReadOnlyList<byte[]> Path, byte[] RootHash, SignedTreeHead? Head);

/// <summary>PROOF(m, D[n]) of RFC 6962 §2.1.2 that the tree of <see cref="FirstSize"/> entries is a prefix of the tree of <see cref="SecondSize"/>.</summary>
public sealed record ConsistencyProof(
    long FirstSize, long SecondSize, byte[] FirstRoot, byte[] SecondRoot, IReadOnlyList<byte[]> Path, SignedTreeHead? FirstHead, SignedTreeHead? SecondHead);

public enum ProofProblem
{
    None,

    /// <summary>No entry has that sequence number (yet).</summary>
    NoSuchEntry,

    /// <summary>The tree size is not between the entry's position + 1 (or 0) and the latest signed head's size.</summary>
    TreeSizeOutOfRange,

    /// <summary>No head has been signed yet.</summary>
    NoHead,

    /// <summary>The store is missing a node the proof needs.</summary>
    Damaged,
}

public sealed record ProofResult<T>(T? Proof, ProofProblem Problem, string? Message = null) where T : class;

/// <summary>What the auditor's page shows for one entry: each check done on the server, with its outcome.</summary>
public sealed record EntryVerification(
    AuditEntryView Entry,
    byte[]? CanonicalBytes,
    byte[]? StoredLeafHash,
    byte[]? RecomputedLeafHash,
    SignedTreeHead? Head,
    IReadOnlyList<byte[]> Path,
    bool LeafMatches,
    bool InclusionVerified,
    bool SignatureVerified,
    string? Problem)
{
    public bool Verified => LeafMatches && InclusionVerified && SignatureVerified;
}

/// <summary>The log's heads and proofs (for the API, the console and the CLI).</summary>
public interface IAuditLog
{
    string Profile { get; }

    /// <exception cref="AuditConfigurationException">The signing key is unavailable.</exception>
    string PublicKeyPem { get; }

    Task<SignedTreeHead?> LatestHeadAsync(CancellationToken cancellationToken = default);

    Task<SignedTreeHead?> HeadAsync(long treeSize, CancellationToken cancellationToken = default);

    /// <summary>Heads, newest first.</summary>
    Task<IReadOnlyList<SignedTreeHead>> HeadsAsync(int skip, int take, CancellationToken cancellationToken = default);

    /// <summary>The history of the signing keys, oldest first (<see cref="AuditKeyHistory"/>); empty until the first head.</summary>
    Task<IReadOnlyList<AuditSigningKeyDto>> KeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Inclusion proof of an entry in the tree of <paramref name="treeSize"/> entries (default: the latest signed head).</summary>
    Task<ProofResult<InclusionProof>> InclusionProofAsync(long sequence, long? treeSize = null, CancellationToken cancellationToken = default);

    Task<ProofResult<ConsistencyProof>> ConsistencyProofAsync(long firstSize, long secondSize, CancellationToken cancellationToken = default);

    /// <summary>Recomputes an entry's leaf, proves it against the latest signed head and checks that head's signature.</summary>
    Task<EntryVerification?> VerifyEntryAsync(long sequence, CancellationToken cancellationToken = default);
}

internal sealed class AuditLog(SmartGovDbContext db, AuditSigner signer, IAuditQuery query, AuditNodeCache cache) : IAuditLog
{
    private readonly AuditTreeStore _store = new(db, cache);

    // The newest head, read once per request scope: a proof and the head it refers to must agree, and it saves a query.
    private AuditTreeHead? _latest;

    private async Task<AuditTreeHead?> LatestRowAsync(CancellationToken ct) => _latest ??= await _store.LatestHeadAsync(ct);

    public string Profile => signer.Profile.Name;

    public string PublicKeyPem => signer.PublicKeyPem;

    public async Task<SignedTreeHead?> LatestHeadAsync(CancellationToken cancellationToken = default) =>
        ToHead(await LatestRowAsync(cancellationToken));

    public async Task<SignedTreeHead?> HeadAsync(long treeSize, CancellationToken cancellationToken = default) =>
        ToHead(await _store.HeadAsync(treeSize, cancellationToken));

    public async Task<IReadOnlyList<AuditSigningKeyDto>> KeysAsync(CancellationToken cancellationToken = default) =>
        AuditSigningKeyDto.FromHistory(await db.Set<AuditSigningKey>().AsNoTracking().OrderBy(k => k.Number).ToListAsync(cancellationToken));

    public async Task<IReadOnlyList<SignedTreeHead>> HeadsAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<AuditTreeHead>().AsNoTracking().OrderByDescending(h => h.TreeSize)
            .Skip(Math.Max(skip, 0)).Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken);
        return rows.Select(r => ToHead(r)!).ToList();
    }

    public async Task<ProofResult<InclusionProof>> InclusionProofAsync(long sequence, long? treeSize = null, CancellationToken cancellationToken = default)
    {
        var latest = await LatestRowAsync(cancellationToken);
        if (latest is null)
        {
            return new(null, ProofProblem.NoHead);
        }
        if (sequence < 0 || sequence >= latest.TreeSize)
        {
            return new(null, ProofProblem.NoSuchEntry);
        }
        var size = treeSize ?? latest.TreeSize;
        if (size <= sequence || size > latest.TreeSize)
        {
            return new(null, ProofProblem.TreeSizeOutOfRange, $"treeSize must be between {sequence + 1} and {latest.TreeSize}.");
        }
        try
        {
            var (leaf, path, root) = await _store.ComputeAsync(signer.Hasher, latest.TreeSize, source =>
                (source.GetSubtreeHash(sequence, 0), MerkleTree.InclusionProof(signer.Hasher, source, sequence, size), MerkleTree.RootHash(signer.Hasher, source, size)),
                cancellationToken);
            var head = size == latest.TreeSize ? ToHead(latest) : await HeadAsync(size, cancellationToken);
            return new(new InclusionProof(sequence, size, leaf, path, root, head), ProofProblem.None);
        }
        catch (AuditIntegrityException ex)
        {
            return new(null, ProofProblem.Damaged, ex.Message);
        }
    }

    public async Task<ProofResult<ConsistencyProof>> ConsistencyProofAsync(long firstSize, long secondSize, CancellationToken cancellationToken = default)
    {
        var latest = await LatestRowAsync(cancellationToken);
        if (latest is null)
        {
            return new(null, ProofProblem.NoHead);
        }
        if (firstSize < 0 || firstSize > secondSize || secondSize > latest.TreeSize)
        {
            return new(null, ProofProblem.TreeSizeOutOfRange, $"Need 0 <= first <= second <= {latest.TreeSize}.");
        }
        try
        {
            var (path, first, second) = await _store.ComputeAsync(signer.Hasher, latest.TreeSize, source =>
                (MerkleTree.ConsistencyProof(signer.Hasher, source, firstSize, secondSize),
                 MerkleTree.RootHash(signer.Hasher, source, firstSize),
                 MerkleTree.RootHash(signer.Hasher, source, secondSize)),
                cancellationToken);
            var firstHead = firstSize == latest.TreeSize ? latest : await _store.HeadAsync(firstSize, cancellationToken);
            var secondHead = secondSize == latest.TreeSize ? latest : await _store.HeadAsync(secondSize, cancellationToken);
            return new(new ConsistencyProof(firstSize, secondSize, first, second, path, ToHead(firstHead), ToHead(secondHead)), ProofProblem.None);
        }
        catch (AuditIntegrityException ex)
        {
            return new(null, ProofProblem.Damaged, ex.Message);
        }
    }

    public async Task<EntryVerification?> VerifyEntryAsync(long sequence, CancellationToken cancellationToken = default)
    {
        var entry = await query.FindAsync(sequence, cancellationToken);
        if (entry is null)
        {
            return null;
        }
        var row = await db.Set<AuditRecord>().AsNoTracking().FirstAsync(r => r.Sequence == sequence, cancellationToken);
        byte[]? canonical = null;
        byte[]? recomputed = null;
        string? problem = null;
        try
        {
            canonical = AuditCanonicalJson.Serialize(DatabaseAuditSink.ToData(row, sequence));
            recomputed = signer.Hasher.HashLeaf(canonical);
        }
        catch (ArgumentException ex)
        {
            problem = ex.Message;
        }
        var leafMatches = recomputed is not null && row.LeafHash is not null && recomputed.AsSpan().SequenceEqual(row.LeafHash);
        var latest = await LatestHeadAsync(cancellationToken);
        if (latest is null)
        {
            return new EntryVerification(entry, canonical, row.LeafHash, recomputed, null, [], leafMatches, false, false, problem ?? "no signed tree head yet");
        }
        var proof = await InclusionProofAsync(sequence, latest.TreeSize, cancellationToken);
        var path = proof.Proof?.Path ?? [];
        // The proof is checked from the leaf recomputed from the entry's content, not from the stored leaf hash,
        // and against the root the head signs, not one recomputed from stored nodes.
        var included = recomputed is not null && proof.Proof is not null
            && MerkleTree.VerifyInclusion(signer.Hasher, recomputed, sequence, latest.TreeSize, path, latest.RootHash);
        bool signatureOk;
        try
        {
            signatureOk = latest.Profile == signer.Profile.Name && latest.VerifySignature(signer.PublicKey);
        }
        catch (AuditConfigurationException ex)
        {
            signatureOk = false;
            problem ??= ex.Message;
        }
        problem ??= proof.Message;
        return new EntryVerification(entry, canonical, row.LeafHash, recomputed, latest, path, leafMatches, included, signatureOk, problem);
    }

    internal static SignedTreeHead? ToHead(AuditTreeHead? h) =>
        h is null ? null : new SignedTreeHead(h.TreeSize, h.RootHash, h.Timestamp, h.Profile, h.Signature);
}
