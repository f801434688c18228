namespace Kdfm.Collector.Configuration;

/// <summary>
/// The settings in force, which the hub may change (a set-config task) without a restart: actors read
/// <see cref="Current"/> each time they need a value, so a new poll interval or target list applies from the next use.
/// </summary>
public sealed class LiveSettings(CollectorSettings initial)
{
    private volatile CollectorSettings _current = initial;

    public CollectorSettings Current => _current;

    /// <summary>Replaces the settings if they are valid; returns the problems otherwise (and keeps the old ones).</summary>
    public System.Collections.Immutable.ImmutableArray<string> Update(CollectorSettings next)
    {
        var problems = next.Validate();
        if (problems.IsEmpty)
        {
            _current = next;
        }

        return problems;
    }

    public static implicit operator LiveSettings(CollectorSettings settings) => new(settings);
}
