using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Kdfm.Printers.Meters;

/// <summary>
/// Why a meter reading cannot be trusted for billing (issue 14). A flagged counter stays in the snapshot with its value
/// and OID — it is data — but a biller must not use it: the hub keeps the last trusted value instead and shows the flag.
/// The collector sets only <see cref="Collector"/> flags (what one reading shows on its own); the others need the
/// readings before and after and are the hub's alone: a snapshot that carries them (or any other word) is not believed.
/// </summary>
public static class MeterFlags
{
    /// <summary>A function or colour counter larger than the total it is part of (the device's total, or its function's total).</summary>
    public const string ExceedsTotal = "exceedsTotal";

    /// <summary>A colour counter above zero on a device whose markers have one colorant (prtMarkerProcessColorants = 1).</summary>
    public const string ColorOnMono = "colorOnMono";

    /// <summary>Hub only: lower than the last trusted reading (a reset, a replaced board, or one bad reading).</summary>
    public const string WentBackwards = "wentBackwards";

    /// <summary>Hub only: one reading above the readings on both sides of it, which agree with each other (one bad high reading).</summary>
    public const string Outlier = "outlier";

    /// <summary>The flags a collector may set, in the order the checks add them.</summary>
    public static readonly ImmutableArray<string> Collector = [ExceedsTotal, ColorOnMono];

    private static readonly FrozenSet<string> CollectorSet = Collector.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True for a flag a collector's snapshot may carry (<see cref="Collector"/>); false for the hub's and for unknown words.</summary>
    public static bool IsCollector(string flag) => CollectorSet.Contains(flag);
}
