namespace SmartGov.Gateway;

public enum NonceCheck
{
    Fresh,
    Replayed,
    TooOld,
}

/// <summary>
/// Remembers (client, nonce) pairs for the timestamp window. It is bounded: when full, the oldest pair goes and its
/// timestamp becomes a floor; requests at or below the floor are refused, so forgetting a nonce never lets it be replayed.
/// </summary>
public sealed class NonceCache(int capacity, TimeSpan window)
{
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long Timestamp)> _order = new();
    private readonly Lock _gate = new();
    private long _floor = long.MinValue;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    public NonceCheck Use(string client, string nonce, long timestampMs, long nowMs)
    {
        var key = client + "\n" + nonce;
        lock (_gate)
        {
            var horizon = nowMs - (long)window.TotalMilliseconds;
            while (_order.Count > 0 && _order.Peek().Timestamp < horizon)
            {
                _seen.Remove(_order.Dequeue().Key);
            }

            if (timestampMs <= _floor)
            {
                return NonceCheck.TooOld;
            }

            if (_seen.ContainsKey(key))
            {
                return NonceCheck.Replayed;
            }

            while (_seen.Count >= capacity && _order.Count > 0)
            {
                var (oldKey, oldTs) = _order.Dequeue();
                _seen.Remove(oldKey);
                _floor = Math.Max(_floor, oldTs);
            }

            _seen[key] = timestampMs;
            _order.Enqueue((key, timestampMs));
            return NonceCheck.Fresh;
        }
    }
}
