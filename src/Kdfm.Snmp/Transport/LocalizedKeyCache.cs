using Kdfm.Snmp.Security;

namespace Kdfm.Snmp.Transport;

/// <summary>
/// Localised keys per (user, engine ID), least recently used first out once <see cref="Capacity"/> is reached: a
/// network of agents that change engine IDs (or a hostile one that answers discovery with a new ID each time) cannot
/// grow it without bound. Localising again is one short hash (RFC 3414 §2.6), so an eviction costs little.
/// </summary>
internal sealed class LocalizedKeyCache
{
    private readonly Dictionary<(UsmUser User, string EngineId), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = [];
    private readonly Lock _lock = new();

    public LocalizedKeyCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The keys of <paramref name="user"/> for <paramref name="engineIdHex"/>, made by <paramref name="localize"/> when not cached.</summary>
    public LocalizedKeys GetOrAdd(UsmUser user, string engineIdHex, Func<LocalizedKeys> localize)
    {
        var key = (user, engineIdHex);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Keys;
            }
        }

        var keys = localize(); // outside the lock: the master key behind it may take a while the first time
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var raced))
            {
                return raced.Value.Keys;
            }

            _entries[key] = _recency.AddFirst(new Entry(key, keys));
            if (_entries.Count > Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            return keys;
        }
    }

    private sealed record Entry((UsmUser User, string EngineId) Key, LocalizedKeys Keys);
}
