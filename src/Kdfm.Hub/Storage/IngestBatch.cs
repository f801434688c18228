using System.Collections.Immutable;

namespace Kdfm.Hub.Storage;

/// <summary>What one upload asks the store to do, judged already.</summary>
/// <param name="Accepted">Readings to store, unless stored before; distinct positive sequences.</param>
/// <param name="Refused">Readings refused by this upload for the first time: counted on the agent, and remembered when their sequence is positive.</param>
/// <param name="HighestSequence">The highest positive sequence of the upload (0 when none): the acknowledgement moves up to it.</param>
/// <param name="RefusalFloor">The agent's remembered refusals below it may be dropped (0 or less: none).</param>
/// <param name="ReceivedAt">The hub's time for the upload.</param>
public sealed record IngestBatch(
    ImmutableArray<AcceptedReading> Accepted, ImmutableArray<ReadingRefusal> Refused, long HighestSequence, long RefusalFloor, DateTimeOffset ReceivedAt)
{
    /// <summary>An empty upload: nothing to store, nothing to acknowledge.</summary>
    public bool IsEmpty => HighestSequence <= 0 && Refused.IsEmpty;
}
