using Kdfm.Agent;
using Kdfm.Agent.V1;
using Reading = Kdfm.Agent.V1.Reading;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Agents;

/// <summary>
/// Stores an agent's upload: each reading judged on its own (<see cref="ReadingCheck"/>), the good ones stored and the
/// bad ones refused for good, in one transaction per batch. Idempotent by (agent, sequence): a reading stored or refused
/// before gets the same answer again, without being parsed again. Plain SQL for the writes: EF Core's change tracking of
/// thousands of rows cost 4x (bench ingest).
/// </summary>
internal sealed partial class ReadingIngest(HubDb db, HubOptions options, TimeProvider clock, ILogger logger)
{
    /// <summary>What became of a batch: dealt with, or nothing of it stored because it would take the agent over its quota.</summary>
    public abstract record Outcome
    {
        private Outcome()
        {
        }

        /// <param name="Stored">Readings of this batch stored now.</param>
        /// <param name="Refused">Readings of this batch refused, now or before, in the batch's order (each sequence once).</param>
        public sealed record Done(int Stored, IReadOnlyList<RefusedReading> Refused) : Outcome;

        /// <param name="StoredBytes">What the agent stores (its readings' JSON and remembered refusals).</param>
        /// <param name="BatchBytes">What this batch would have added.</param>
        public sealed record OverQuota(long StoredBytes, long BatchBytes) : Outcome;
    }

    private sealed record Candidate(Reading Reading, ReadingVerdict.Accepted Verdict);

    public async Task<Outcome> IngestAsync(AgentRecord agent, IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var earlier = await EarlierAnswersAsync(agent, readings, cancellationToken).ConfigureAwait(false);
        var twice = SequencesSeenTwice(readings);

        var candidates = new List<Candidate>(readings.Count);
        var answers = new List<RefusedReading>();
        var fresh = new List<RefusedReading>();
        var answered = new HashSet<long>();
        long high = 0;
        foreach (var reading in readings)
        {
            long sequence = reading.Sequence;
            if (sequence <= 0)
            {
                // It cannot be acknowledged by its sequence: refused here, never remembered, never moving the acknowledgement.
                Refuse(new RefusedReading { Sequence = sequence, Code = RefusalCodes.Malformed, Reason = $"sequence {sequence}: a reading needs a positive sequence number" });
                continue;
            }

            high = Math.Max(high, sequence);
            if (earlier.TryGetValue(sequence, out var before))
            {
                if (before is not null && answered.Add(sequence))
                {
                    answers.Add(before);
                    logger.LogDebug("Agent {Agent}: reading {Sequence} refused again ({Code}), as before", agent.Id, sequence, before.Code);
                }

                continue; // stored before, or refused before
            }

            if (twice is not null && twice.Contains(sequence))
            {
                if (answered.Add(sequence))
                {
                    Refuse(new RefusedReading { Sequence = sequence, Code = RefusalCodes.Malformed, Reason = $"sequence {sequence} is twice in the batch: neither reading is stored" });
                }

                continue;
            }

            switch (ReadingCheck.Check(reading, options.MaxReadingKilobytes, now))
            {
                case ReadingVerdict.Accepted accepted:
                    candidates.Add(new Candidate(reading, accepted));
                    break;
                case ReadingVerdict.Refused refused:
                    Refuse(new RefusedReading { Sequence = sequence, Code = refused.Code, Reason = refused.Reason });
                    break;
            }
        }

        int stored = 0;
        if (high > 0 || fresh.Count > 0)
        {
            long lowest = readings.Where(r => r.Sequence > 0).Select(r => r.Sequence).DefaultIfEmpty(long.MaxValue).Min();
            var written = await WriteAsync(agent, candidates, fresh, high, RefusalFloor(agent.AcknowledgedSequence, lowest), now, cancellationToken).ConfigureAwait(false);
            if (written is Outcome.OverQuota over)
            {
                return over;
            }

            stored = ((Outcome.Done)written).Stored;
        }

        foreach (var refusal in fresh)
        {
            logger.LogWarning("Agent {Agent}: reading {Sequence} refused ({Code}): {Reason}", agent.Id, refusal.Sequence, refusal.Code, refusal.Reason);
        }

        if (fresh.Count > 0)
        {
            var last = fresh[^1];
            agent.RefusedReadings += fresh.Count;
            (agent.LastRefusalSequence, agent.LastRefusalCode, agent.LastRefusalReason, agent.LastRefusalAt) = (last.Sequence, last.Code, last.Reason, now);
        }

        return new Outcome.Done(stored, answers);

        void Refuse(RefusedReading refusal)
        {
            // Capped as it is remembered, so that a resend hears the same reason.
            refusal.Reason = refusal.Reason.Length > Refusal.MaxReasonLength ? refusal.Reason[..(Refusal.MaxReasonLength - 1)] + "…" : refusal.Reason;
            answers.Add(refusal);
            fresh.Add(refusal);
        }
    }

    private static HashSet<long>? SequencesSeenTwice(IReadOnlyList<Reading> readings)
    {
        var seen = new HashSet<long>(readings.Count);
        HashSet<long>? twice = null;
        foreach (var reading in readings)
        {
            if (!seen.Add(reading.Sequence))
            {
                (twice ??= []).Add(reading.Sequence);
            }
        }

        return twice;
    }

    /// <summary>
    /// What the hub did before with the readings of this batch it may have seen: null for a reading stored, the refusal
    /// for one refused. Only sequences up to the acknowledged one can have been seen, so a batch of new readings costs no
    /// query here; a resent batch costs two indexed range lookups and no parsing.
    /// </summary>
    private async Task<Dictionary<long, RefusedReading?>> EarlierAnswersAsync(AgentRecord agent, IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<long, RefusedReading?>();
        var resent = readings.Select(r => r.Sequence).Where(s => s > 0 && s <= agent.AcknowledgedSequence).ToHashSet();
        if (resent.Count == 0)
        {
            return seen;
        }

        // A range scan of the (agent, sequence) index: an outbox resends runs of sequences. Sequences scattered far apart
        // (never sent so by our collector) are looked up one by one instead of scanning what lies between them.
        long low = resent.Min(), high = resent.Max();
        bool scattered = high - low >= 4L * resent.Count;
        long[] each = scattered ? [.. resent] : [];
        var stored = db.Readings.AsNoTracking().Where(r => r.AgentId == agent.Id);
        var refused = db.Refusals.AsNoTracking().Where(r => r.AgentId == agent.Id);
        stored = scattered ? stored.Where(r => each.Contains(r.Sequence)) : stored.Where(r => r.Sequence >= low && r.Sequence <= high);
        refused = scattered ? refused.Where(r => each.Contains(r.Sequence)) : refused.Where(r => r.Sequence >= low && r.Sequence <= high);
        foreach (long sequence in await stored.Select(r => r.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (resent.Contains(sequence))
            {
                seen[sequence] = null;
            }
        }

        foreach (var refusal in await refused.ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (resent.Contains(refusal.Sequence))
            {
                seen.TryAdd(refusal.Sequence, new RefusedReading { Sequence = refusal.Sequence, Code = refusal.Code, Reason = refusal.Reason });
            }
        }

        return seen;
    }

    /// <summary>
    /// One transaction: the new readings, the new refusals, the refusals no longer needed dropped, each device once, and
    /// the agent's acknowledgement, stored bytes and refusal counters. The quota is decided here, by the statement that adds
    /// to the agent's stored bytes (one row, locked by the writer): parallel uploads cannot all pass a check made before
    /// they waited for the database. Over the quota, nothing is kept.
    /// </summary>
    private async Task<Outcome> WriteAsync(AgentRecord agent, List<Candidate> candidates, List<RefusedReading> fresh, long high, long refusalFloor,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        // SQLite has one writer: uploads queue here, cheaply, instead of retrying on a busy database (measured: eight
        // concurrent uploads were slower than three without this). PostgreSQL takes them concurrently.
        bool sqlite = db.Database.IsSqlite();
        bool postgres = db.Database.IsNpgsql();
        if (sqlite)
        {
            await SqliteWriter.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        long nowMs = UnixMillisecondsConverter.ToStore(now);
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var ids = candidates.Count == 0 ? []
                : postgres ? await InsertReadingsPostgresAsync(connection, transaction, agent, candidates, nowMs, cancellationToken).ConfigureAwait(false)
                : await InsertReadingsAsync(connection, transaction, agent, candidates, nowMs, cancellationToken).ConfigureAwait(false);
            int remembered = await InsertRefusalsAsync(connection, transaction, agent, fresh, nowMs, cancellationToken).ConfigureAwait(false);
            int dropped = await DropRefusalsBelowAsync(connection, transaction, agent, refusalFloor, cancellationToken).ConfigureAwait(false);

            long bytes = (long)remembered * Refusal.ChargedBytes;
            var latest = new Dictionary<string, LatestOfBatch>();
            foreach (var (reading, verdict) in candidates)
            {
                if (!ids.TryGetValue(reading.Sequence, out long id))
                {
                    continue; // stored before (by an upload running at the same time)
                }

                bytes += verdict.Bytes;
                // The agent's own order decides within the batch; the hub's clock bounds the time (the device row's hint).
                var hint = verdict.CollectedAt < now ? verdict.CollectedAt : now;
                latest[reading.DeviceKey] = latest.TryGetValue(reading.DeviceKey, out var seen)
                    ? (reading.Sequence > seen.Sequence ? new LatestOfBatch(id, reading.Sequence, verdict.Address, hint, seen.Count + 1) : seen with { Count = seen.Count + 1 })
                    : new LatestOfBatch(id, reading.Sequence, verdict.Address, hint, 1);
            }

            long delta = bytes - (long)dropped * Refusal.ChargedBytes;
            long quota = options.AgentQuotaMegabytes * 1024L * 1024L;
            if (!await UpdateAgentAsync(connection, transaction, agent, high, delta, quota, fresh, nowMs, cancellationToken).ConfigureAwait(false))
            {
                long storedBytes = await StoredBytesAsync(connection, transaction, agent, cancellationToken).ConfigureAwait(false);
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return new Outcome.OverQuota(storedBytes, bytes);
            }

            await UpsertDevicesAsync(connection, transaction, agent, latest, postgres, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

            agent.AcknowledgedSequence = Math.Max(agent.AcknowledgedSequence, high);
            agent.StoredBytes += delta;
            agent.LastSeenAt = now;
            return new Outcome.Done(ids.Count, []);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            if (sqlite)
            {
                SqliteWriter.Release();
            }
        }
    }

    private static readonly SemaphoreSlim SqliteWriter = new(1, 1);
}
