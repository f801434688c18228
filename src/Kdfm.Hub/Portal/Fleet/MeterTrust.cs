using Kdfm.Printers.Meters;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// Whether one stored counter can be billed (issue 14), pure: the collector's own flags of the reading, and the check
/// only the hub can make, a value below the last trusted one before it (a reset, a replaced board). An untrusted reading
/// keeps its value for people to see; billing keeps the last trusted value until a trusted reading comes again.
/// </summary>
public static class MeterTrust
{
    /// <summary>The stored row's flags (null = trusted) and the value billing uses: the last trusted one, or its own while none was.</summary>
    public readonly record struct Row(string? Flags, long BillingValue);

    /// <param name="counter">The counter as this reading gives it.</param>
    /// <param name="lastTrusted">The last trusted value of the same counter of the device before this reading; null when none.</param>
    public static Row Check(SnapshotSummary.Counter counter, long? lastTrusted)
    {
        var flags = counter.Flags?.Split(',').ToList() ?? [];
        if (lastTrusted is { } last && counter.Value < last && !flags.Contains(MeterFlags.WentBackwards))
        {
            flags.Add(MeterFlags.WentBackwards);
        }

        // Nothing trusted before (the device's first readings): the value itself, still flagged — a billing value of 0
        // would bill every page the device ever made.
        return flags.Count == 0 ? new Row(null, counter.Value) : new Row(string.Join(',', flags), lastTrusted ?? counter.Value);
    }
}
