namespace Kdfm.Hub.Storage;

/// <summary>
/// One page counter of one reading (SNAPSHOT.md <c>counters</c>), kept narrow so that a device's chart, its daily and
/// monthly deltas and the meter export read numbers instead of parsing each reading's JSON. Filled from the readings by
/// <c>Portal/Fleet/DeviceSummaries</c> (the ingest stays a plain insert).
/// </summary>
public sealed class DeviceCounter
{
    public long ReadingId { get; set; }

    /// <summary>
    /// The counter's name in the meter vocabulary (<c>total</c>, <c>print.mono</c>, <c>vendor:…</c>; Kdfm.Printers'
    /// MeterNames), as the snapshot gives it; a name of an earlier collector is stored under its current one (<c>scan</c>
    /// as <c>scan.total</c>).
    /// </summary>
    public required string Name { get; set; }

    public int TenantId { get; set; }

    public required string DeviceKey { get; set; }

    /// <summary>The reading's <c>collectedAt</c> (as stored on the reading).</summary>
    public DateTimeOffset CollectedAt { get; set; }

    public long Value { get; set; }

    /// <summary>
    /// Why this reading cannot be trusted for billing, comma-separated: the snapshot's collector flags (exceedsTotal,
    /// colorOnMono), or the hub's own — wentBackwards (below the last trusted value before it; on the first reading of a
    /// new baseline it marks the break) or outlier (one bad high reading); null when it can be trusted
    /// (<c>Portal/Fleet/MeterTrust</c>).
    /// </summary>
    public string? Flags { get; set; }

    /// <summary>
    /// What billing uses: <see cref="Value"/> plus what the resets before it lost (the last trusted value before each new
    /// baseline minus that baseline; nothing for a device that never had one) when the reading is trusted, else the
    /// last trusted one's billing value (its own value while nothing was trusted, still flagged). A period's pages are
    /// its last billing value minus its first.
    /// </summary>
    public long BillingValue { get; set; }
}
