namespace Kdfm.Hub.Storage;

/// <summary>An uploaded reading judged storable, with what its snapshot says (read once, when it was judged).</summary>
/// <param name="Address">The snapshot's address (empty when it has none).</param>
/// <param name="CollectedAt">The snapshot's <c>collectedAt</c> by the agent's clock (its receipt when it has none).</param>
/// <param name="Bytes">The snapshot's size in UTF-8, counted against the agent's quota once stored.</param>
public sealed record AcceptedReading(long Sequence, string DeviceKey, string SnapshotJson, string Address, DateTimeOffset CollectedAt, int Bytes);
