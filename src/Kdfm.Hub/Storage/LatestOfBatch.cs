namespace Kdfm.Hub.Storage;

/// <summary>A device's newest reading among those a batch stored, and how many of the device's readings it stored.</summary>
/// <param name="Id">The stored reading's row id.</param>
/// <param name="CollectedAt">Its <c>collectedAt</c>, never later than its receipt.</param>
internal sealed record LatestOfBatch(long Id, long Sequence, string Address, DateTimeOffset CollectedAt, int Count);
