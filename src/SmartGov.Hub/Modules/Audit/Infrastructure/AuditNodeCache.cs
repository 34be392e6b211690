using System.Collections.Concurrent;
using SmartGov.Hub.Modules.Audit.Model;

namespace SmartGov.Hub.Modules.Audit.Infrastructure;

/// <summary>
/// Tree nodes and signed heads already read from the store, kept for later proofs (one per hub process, per database).
/// Both are immutable once written: a complete subtree's hash never changes in an append-only log, nor does the head
/// signed for a size. So a cached value is always the stored value, and the upper levels that every proof shares are
/// read from the database once instead of on each request.
/// </summary>
/// <remarks>
/// Only nodes of level ≥ <see cref="MinLevel"/> are kept: the lower ones are many and rarely asked for twice. When the
/// cache reaches its bound it starts again empty (cheap, and the upper levels come back with the next few proofs).
/// </remarks>
internal sealed class AuditNodeCache
{
    public const int MinLevel = 4;
    private const int MaxNodes = 262_144;
    private const int MaxHeads = 65_536;

    private readonly ConcurrentDictionary<(int Level, long Index), byte[]> _nodes = new();
    private readonly ConcurrentDictionary<long, AuditTreeHead> _heads = new();

    public bool TryGetNode((int Level, long Index) key, out byte[] hash) => _nodes.TryGetValue(key, out hash!);

    public void AddNode((int Level, long Index) key, byte[] hash)
    {
        if (key.Level < MinLevel)
        {
            return;
        }
        if (_nodes.Count >= MaxNodes)
        {
            _nodes.Clear();
        }
        _nodes.TryAdd(key, hash);
    }

    public bool TryGetHead(long treeSize, out AuditTreeHead head) => _heads.TryGetValue(treeSize, out head!);

    public void AddHead(AuditTreeHead head)
    {
        if (_heads.Count >= MaxHeads)
        {
            _heads.Clear();
        }
        _heads.TryAdd(head.TreeSize, head);
    }
}
