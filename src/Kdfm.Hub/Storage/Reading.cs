namespace Kdfm.Hub.Storage;

public sealed class Reading
{
    public long Id { get; set; }

    public int TenantId { get; set; }

    public required string AgentId { get; set; }

    public long Sequence { get; set; }

    public required string DeviceKey { get; set; }

    public DateTimeOffset CollectedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public required string SnapshotJson { get; set; }

    /// <summary>Its counters are in <see cref="DeviceCounter"/> (set by <c>DeviceSummaries</c>; the ingest leaves it false).</summary>
    public bool CountersStored { get; set; }
}
