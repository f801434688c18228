using System.Net;

namespace Kdfm.Hub.Security;

/// <summary>
/// Lets a refusal be logged once per source (<see cref="SourceAddress"/>) and kind a minute, counting the ones it held back,
/// so that a stranger repeating a refused call cannot flood the log. At most <see cref="MaxSources"/> sources are
/// remembered: past that (many addresses at once), refusals from new sources are held back until a minute has passed.
/// </summary>
public sealed class LogThrottle(TimeProvider clock)
{
    public const int MaxSources = 10_000;

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Kind, IPAddress Source), Entry> _entries = [];

    private sealed class Entry(DateTimeOffset until)
    {
        public DateTimeOffset Until { get; set; } = until;

        public long Held { get; set; }
    }

    /// <summary>True when this refusal is to be logged; <paramref name="held"/> is how many of this source's were not since.</summary>
    public bool ShouldLog(string kind, IPAddress? source, out long held)
    {
        var now = clock.GetUtcNow();
        var key = (kind, SourceAddress.Key(source));
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Until > now)
            {
                entry.Held++;
                held = 0;
                return false;
            }

            held = entry?.Held ?? 0;
            if (entry is null && _entries.Count >= MaxSources)
            {
                foreach (var stale in _entries.Where(e => e.Value.Until <= now).Select(e => e.Key).ToList())
                {
                    _entries.Remove(stale);
                }

                if (_entries.Count >= MaxSources)
                {
                    return false;
                }
            }

            if (entry is null)
            {
                _entries[key] = new Entry(now + Interval);
            }
            else
            {
                (entry.Until, entry.Held) = (now + Interval, 0);
            }

            return true;
        }
    }
}
