using System.Numerics;
using SmartGov.Crypto;

namespace SmartGov.Hub.Modules.Audit.Infrastructure;

/// <summary>
/// One page of <c>audit verify</c>: entries [<see cref="From"/>, <see cref="To"/>) with From a multiple of the page
/// size (a power of two), so the page holds whole subtrees up to its own size. A page reader fills it on its own
/// thread and connection: the leaves recomputed up to the first problem, every complete subtree above them, and the
/// first problem in log order inside the page (an entry, or a stored node of a level the page holds whole).
/// </summary>
internal sealed class AuditVerifyPage
{
    /// <summary>The order of checks that happen after the same leaf: the entry itself, then nodes by level, then heads.</summary>
    public const int EntryPhase = 0;

    public AuditVerifyPage(int pageSize, int hashSize)
    {
        if (pageSize < 2 || !BitOperations.IsPow2(pageSize))
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), "A verify page holds a power of two (at least 2) of entries.");
        }
        PageSize = pageSize;
        HashSize = hashSize;
        Height = BitOperations.Log2((uint)pageSize);
        Levels = new byte[Height + 1][];
        for (var l = 0; l <= Height; l++)
        {
            Levels[l] = new byte[(pageSize >> l) * hashSize];
        }
    }

    public int PageSize { get; }

    public int HashSize { get; }

    /// <summary>log2(PageSize): the level of the page's root.</summary>
    public int Height { get; }

    /// <summary>Levels[0] holds the leaf hashes, Levels[h] the nodes of level h, each <see cref="HashSize"/> bytes.</summary>
    public byte[][] Levels { get; }

    public long From { get; private set; }

    public long To { get; private set; }

    /// <summary>Leaves recomputed (or, when archived, read) without a problem, from <see cref="From"/> on.</summary>
    public int Count { get; set; }

    public long Entries { get; set; }

    public long Archived { get; set; }

    public long NodesChecked { get; set; }

    /// <summary>The first problem inside the page, in log order, or null.</summary>
    public AuditVerifyProblem? Problem { get; private set; }

    /// <summary>The leaf after which <see cref="Problem"/> is found: the entry's own position, or the last leaf below the node.</summary>
    public long ProblemPosition { get; private set; }

    /// <summary><see cref="EntryPhase"/> for an entry, the level for a node.</summary>
    public int ProblemPhase { get; private set; }

    public void Reset(long from, long to)
    {
        From = from;
        To = to;
        Count = 0;
        Entries = 0;
        Archived = 0;
        NodesChecked = 0;
        Problem = null;
        ProblemPosition = 0;
        ProblemPhase = 0;
        _oddLeaves = null;
    }

    /// <summary>Keeps <paramref name="problem"/> if it comes before the one already kept.</summary>
    public void Report(long position, int phase, AuditVerifyProblem problem)
    {
        if (Problem is null || position < ProblemPosition || position == ProblemPosition && phase < ProblemPhase)
        {
            Problem = problem;
            ProblemPosition = position;
            ProblemPhase = phase;
        }
    }

    // Archived leaf hashes are read as stored; one of another length (a tampered row) is kept here, so that the nodes
    // above it are computed from exactly those bytes, as they always were.
    private Dictionary<int, byte[]>? _oddLeaves;

    public Span<byte> Leaf(int i) => Levels[0].AsSpan(i * HashSize, HashSize);

    public void SetStoredLeaf(int i, byte[] hash)
    {
        if (hash.Length == HashSize)
        {
            hash.CopyTo(Leaf(i));
            _oddLeaves?.Remove(i);
        }
        else
        {
            (_oddLeaves ??= [])[i] = hash;
        }
    }

    public ReadOnlySpan<byte> Node(int level, int i) =>
        level == 0 && _oddLeaves is not null && _oddLeaves.TryGetValue(i, out var odd) ? odd : Levels[level].AsSpan(i * HashSize, HashSize);

    /// <summary>Computes every complete subtree above the <see cref="Count"/> good leaves.</summary>
    public void BuildSubtrees(MerkleHasher hasher)
    {
        for (var l = 1; l <= Height; l++)
        {
            var below = Levels[l - 1];
            var level = Levels[l];
            var n = Count >> l;
            for (var i = 0; i < n; i++)
            {
                if (l == 1 && _oddLeaves is not null)
                {
                    hasher.HashChildren(Node(0, 2 * i), Node(0, 2 * i + 1), level.AsSpan(i * HashSize, HashSize));
                    continue;
                }
                hasher.HashChildren(below.AsSpan(2 * i * HashSize, HashSize), below.AsSpan((2 * i + 1) * HashSize, HashSize), level.AsSpan(i * HashSize, HashSize));
            }
        }
    }

    /// <summary>
    /// The root of the first <paramref name="offset"/> leaves of the page (0 &lt; offset ≤ Count, offset &lt; PageSize)
    /// appended to <paramref name="left"/>, the perfect subtrees before the page in order: RFC 6962's MTH of the log's
    /// first From + offset entries.
    /// </summary>
    public byte[] RootAt(MerkleHasher hasher, IReadOnlyList<(int Level, byte[] Hash)> left, int offset)
    {
        var parts = new List<byte[]>(left.Count + Height);
        foreach (var (_, hash) in left)
        {
            parts.Add(hash);
        }
        var start = 0;
        for (var b = Height - 1; b >= 0; b--)
        {
            if ((offset >> b & 1) != 0)
            {
                parts.Add(Node(b, start >> b).ToArray());
                start += 1 << b;
            }
        }
        var root = parts[^1];
        for (var i = parts.Count - 2; i >= 0; i--)
        {
            root = hasher.HashChildren(parts[i], root);
        }
        return root;
    }

    /// <summary>The perfect subtrees that make up the page's <see cref="Count"/> leaves, largest (leftmost) first.</summary>
    public IEnumerable<(int Level, byte[] Hash)> Decomposition()
    {
        var start = 0;
        for (var b = Height; b >= 0; b--)
        {
            if ((Count >> b & 1) != 0)
            {
                yield return (b, Node(b, start >> b).ToArray());
                start += 1 << b;
            }
        }
    }

    public static AuditVerifyProblem NodeProblem(int level, long index, bool missing)
    {
        var where = $"node (level {level}, index {index})";
        var covers = $"entries {index << level}..{((index + 1) << level) - 1}";
        return missing
            ? new("node", where, $"missing from the store (covers {covers}). / 缺少树节点。")
            : new("node", where, $"the stored hash differs from the one recomputed from {covers}: the node, or an entry below it, was changed. / 树节点哈希不符。");
    }
}
