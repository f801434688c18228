namespace Kdfm.Hub.Storage;

/// <summary>
/// Where uploaded readings are stored: plain SQL, one transaction per batch, idempotent on (agent, sequence). The batch
/// comes judged (<c>Agents/UploadCheck</c>); the store decides only what the database must decide: which readings were
/// stored before (by a resend or an upload running at the same time), the quota (against the agent's running total, in
/// the write transaction) and each device's latest reading. One implementation per database
/// (<see cref="SqliteReadingStore"/>, <see cref="PostgresReadingStore"/>), chosen at start-up (<see cref="ReadingStoreServices"/>).
/// </summary>
public interface IReadingStore
{
    /// <summary>
    /// What the hub did before with those of <paramref name="sequences"/> it may have seen: a sequence stored before maps to
    /// null, one refused before to its remembered refusal; a sequence never seen is absent. Only sequences up to the agent's
    /// acknowledged one can have been seen, so a batch of new readings costs no query.
    /// </summary>
    Task<IReadOnlyDictionary<long, ReadingRefusal?>> EarlierAnswersAsync(AgentRecord agent, IEnumerable<long> sequences, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the batch in one transaction: its accepted readings (those not stored before), its new refusals (remembered),
    /// the refusals below its floor dropped, each device once, and the agent's acknowledgement, stored bytes and refusal
    /// counters, in its row and in <paramref name="agent"/>. Over the agent's quota, nothing is kept.
    /// </summary>
    Task<IngestOutcome> IngestAsync(AgentRecord agent, IngestBatch batch, CancellationToken cancellationToken);
}
