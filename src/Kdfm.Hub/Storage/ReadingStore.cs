using System.Collections.Immutable;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Storage;

/// <summary>
/// The ingest's work both databases share: the earlier answers, the write transaction, and the statements SQLite and
/// PostgreSQL both speak (quoted names, ON CONFLICT, RETURNING, CASE). A subclass writes the readings and the devices in
/// its database's cheapest way. Plain SQL for the writes: EF Core's change tracking of thousands of rows cost 4x (bench ingest).
/// </summary>
internal abstract partial class ReadingStore(HubDb db, HubOptions options) : IReadingStore
{
    /// <summary>The columns of a stored reading, in the order both subclasses give them.</summary>
    protected const string InsertReading = """INSERT INTO "Readings" ("TenantId", "AgentId", "Sequence", "DeviceKey", "CollectedAt", "ReceivedAt", "SnapshotJson")""";

    /// <summary>A reading stored before (by an upload running at the same time) is skipped; the new ones' ids come back.</summary>
    protected const string SkipStoredReadings = """ON CONFLICT ("AgentId", "Sequence") DO NOTHING RETURNING""";

    public async Task<IReadOnlyDictionary<long, ReadingRefusal?>> EarlierAnswersAsync(AgentRecord agent, IEnumerable<long> sequences, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<long, ReadingRefusal?>();
        var resent = sequences.Where(s => s > 0 && s <= agent.AcknowledgedSequence).ToHashSet();
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
                seen.TryAdd(refusal.Sequence, new ReadingRefusal(refusal.Sequence, refusal.Code, refusal.Reason));
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
    public virtual async Task<IngestOutcome> IngestAsync(AgentRecord agent, IngestBatch batch, CancellationToken cancellationToken)
    {
        if (batch.IsEmpty)
        {
            return new IngestOutcome.Done(0);
        }

        var now = batch.ReceivedAt;
        long nowMs = UnixMillisecondsConverter.ToStore(now);
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var ids = batch.Accepted.IsEmpty ? [] : await InsertReadingsAsync(connection, transaction, agent, batch.Accepted, nowMs, cancellationToken).ConfigureAwait(false);
            int remembered = await InsertRefusalsAsync(connection, transaction, agent, batch.Refused, nowMs, cancellationToken).ConfigureAwait(false);
            int dropped = await DropRefusalsBelowAsync(connection, transaction, agent, batch.RefusalFloor, cancellationToken).ConfigureAwait(false);

            long bytes = (long)remembered * Refusal.ChargedBytes;
            var latest = new Dictionary<string, LatestOfBatch>();
            foreach (var reading in batch.Accepted)
            {
                if (!ids.TryGetValue(reading.Sequence, out long id))
                {
                    continue; // stored before (by an upload running at the same time)
                }

                bytes += reading.Bytes;
                // The agent's own order decides within the batch; the hub's clock bounds the time (the device row's hint).
                var hint = reading.CollectedAt < now ? reading.CollectedAt : now;
                latest[reading.DeviceKey] = latest.TryGetValue(reading.DeviceKey, out var seen)
                    ? (reading.Sequence > seen.Sequence ? new LatestOfBatch(id, reading.Sequence, reading.Address, hint, seen.Count + 1) : seen with { Count = seen.Count + 1 })
                    : new LatestOfBatch(id, reading.Sequence, reading.Address, hint, 1);
            }

            long delta = bytes - (long)dropped * Refusal.ChargedBytes;
            long quota = options.AgentQuotaMegabytes * 1024L * 1024L;
            if (!await UpdateAgentAsync(connection, transaction, agent, batch.HighestSequence, delta, quota, batch.Refused, nowMs, cancellationToken).ConfigureAwait(false))
            {
                long storedBytes = await StoredBytesAsync(connection, transaction, agent, cancellationToken).ConfigureAwait(false);
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return new IngestOutcome.OverQuota(storedBytes, bytes);
            }

            if (latest.Count > 0)
            {
                await UpsertDevicesAsync(connection, transaction, agent, latest, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

            // The tracked record follows its row (the answer's acknowledgement, and a later SaveChanges of the same scope).
            agent.AcknowledgedSequence = Math.Max(agent.AcknowledgedSequence, batch.HighestSequence);
            agent.StoredBytes += delta;
            agent.LastSeenAt = now;
            if (!batch.Refused.IsEmpty)
            {
                var last = batch.Refused[^1];
                agent.RefusedReadings += batch.Refused.Length;
                agent.LastRefusalSequence = last.Sequence;
                agent.LastRefusalCode = last.Code;
                agent.LastRefusalReason = last.Reason;
                agent.LastRefusalAt = now;
            }

            return new IngestOutcome.Done(ids.Count);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stores the readings, skipping those stored before; returns the new rows' ids by sequence.</summary>
    protected abstract Task<Dictionary<long, long>> InsertReadingsAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent,
        ImmutableArray<AcceptedReading> readings, long now, CancellationToken cancellationToken);

    /// <summary>Each device of the batch once (keys are distinct here, as one statement may touch a row only once): <see cref="UpsertDevice"/>.</summary>
    protected abstract Task UpsertDevicesAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent, Dictionary<string, LatestOfBatch> latest,
        CancellationToken cancellationToken);

    /// <summary>
    /// The agent's row: acknowledgement, stored bytes, refusal counters; false (nothing changed) when <paramref name="delta"/>
    /// more bytes would take it over <paramref name="quota"/> (0 = none). A batch that adds nothing (a resend) always passes,
    /// so an agent at its quota still hears what the hub holds.
    /// </summary>
    private static async Task<bool> UpdateAgentAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent, long high, long delta, long quota,
        IReadOnlyList<ReadingRefusal> fresh, long now, CancellationToken cancellationToken)
    {
        await using var update = AgentCommand(connection, transaction, agent, """
            UPDATE "Agents" SET "AcknowledgedSequence" = CASE WHEN "AcknowledgedSequence" > @high THEN "AcknowledgedSequence" ELSE @high END,
              "StoredBytes" = "StoredBytes" + @delta, "LastSeenAt" = @now,
              "QuotaRefusedAt" = CASE WHEN @delta > 0 THEN NULL ELSE "QuotaRefusedAt" END
            """, tenant: false);
        Add(update, "high", high);
        Add(update, "delta", delta);
        Add(update, "quota", quota);
        Add(update, "now", now);
        if (fresh.Count > 0)
        {
            var last = fresh[^1];
            update.CommandText += """
                , "RefusedReadings" = "RefusedReadings" + @refused, "LastRefusalSequence" = @lastSequence, "LastRefusalCode" = @lastCode,
                  "LastRefusalReason" = @lastReason, "LastRefusalAt" = @now
                """;
            Add(update, "refused", (long)fresh.Count);
            Add(update, "lastSequence", last.Sequence);
            Add(update, "lastCode", last.Code);
            Add(update, "lastReason", last.Reason);
        }

        update.CommandText += "\nWHERE \"Id\" = @agent AND (@delta <= 0 OR @quota = 0 OR \"StoredBytes\" + @delta <= @quota)";
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<long> StoredBytesAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent, CancellationToken cancellationToken)
    {
        await using var select = AgentCommand(connection, transaction, agent, """SELECT "StoredBytes" FROM "Agents" WHERE "Id" = @agent""", tenant: false);
        return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long bytes ? bytes : 0;
    }

    /// <summary>A command in the ingest's transaction with the agent's @agent (and @tenant, unless told not to) already bound.</summary>
    protected static DbCommand AgentCommand(DbConnection connection, DbTransaction transaction, AgentRecord agent, string sql, bool tenant = true)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (tenant)
        {
            Add(command, "tenant", agent.TenantId);
        }

        Add(command, "agent", agent.Id);
        return command;
    }

    protected static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
