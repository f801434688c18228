namespace Kdfm.Hub.Storage;

/// <summary>
/// One page counter of one reading (SNAPSHOT.md <c>counters</c>), kept narrow so that a device's chart, its daily and
/// monthly deltas and the meter export read numbers instead of parsing each reading's JSON. Filled from the readings by
/// <c>Portal/Fleet/DeviceSummaries</c> (the ingest stays a plain insert).
/// </summary>
public sealed class DeviceCounter
{
    public long ReadingId { get; set; }

    /// <summary>The counter's name as the snapshot gives it: <c>total</c>, <c>print.mono</c>, <c>vendor:…</c>.</summary>
    public required string Name { get; set; }

    public int TenantId { get; set; }

    public required string DeviceKey { get; set; }

    /// <summary>The reading's <c>collectedAt</c> (as stored on the reading).</summary>
    public DateTimeOffset CollectedAt { get; set; }

    public long Value { get; set; }
}
