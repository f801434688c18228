using System.Data.Common;
using Kdfm.Agent.V1;
using Kdfm.Hub.Storage;

namespace Kdfm.Hub.Agents;

/// <summary>The ingest's statements: plain SQL that SQLite and PostgreSQL both speak (quoted names, ON CONFLICT, RETURNING, CASE).</summary>
internal sealed partial class ReadingIngest
{
    /// <summary>
    /// How much earlier than a device's latest reading another agent's reading may have been collected and still
    /// replace it (it was received later). Beyond it, the reading is a backlog (an agent back from hours offline) and the
    /// fresher state stays. Times are the agents' clocks bounded by the hub's (a reading never counts as later than its
    /// receipt, and one more than <see cref="ReadingCheck.FutureTolerance"/> ahead is refused), so a stamp ahead cannot
    /// hold a device's latest reading.
    /// </summary>
    public static readonly TimeSpan OtherAgentTolerance = TimeSpan.FromMinutes(5);

    /// <summary>A device's newest reading among those this batch stored, and how many it stored.</summary>
    private sealed record LatestOfBatch(long Id, long Sequence, string Address, DateTimeOffset CollectedAt, int Count);

    /// <summary>
    /// Whether the incoming reading ("excluded") replaces the device's latest: from the same agent, when its sequence is
    /// higher (the agent's own order, whatever its clock says); from another agent, since it is received later, unless it
    /// was collected more than <see cref="OtherAgentTolerance"/> before the latest.
    /// </summary>
    private static readonly string Replaces = $"""
        ((excluded."AgentId" = "Devices"."AgentId" AND excluded."LastSequence" > "Devices"."LastSequence")
         OR (excluded."AgentId" <> "Devices"."AgentId" AND excluded."CollectedAt" >= "Devices"."CollectedAt" - {(long)OtherAgentTolerance.TotalMilliseconds}))
        """;

    private static readonly string DeviceUpdate = $"""
        ON CONFLICT ("TenantId", "Key") DO UPDATE SET
          "Readings" = "Devices"."Readings" + excluded."Readings",
          "AgentId" = CASE WHEN {Replaces} THEN excluded."AgentId" ELSE "Devices"."AgentId" END,
          "Address" = CASE WHEN {Replaces} THEN excluded."Address" ELSE "Devices"."Address" END,
          "LastReadingId" = CASE WHEN {Replaces} THEN excluded."LastReadingId" ELSE "Devices"."LastReadingId" END,
          "LastSequence" = CASE WHEN {Replaces} THEN excluded."LastSequence" ELSE "Devices"."LastSequence" END,
          "CollectedAt" = CASE WHEN {Replaces} THEN excluded."CollectedAt" ELSE "Devices"."CollectedAt" END
        """;

    /// <summary>
    /// SQLite: one prepared statement for every reading (in process, a statement costs microseconds). The database skips
    /// the readings stored before (unique (agent, sequence)) and returns the ids of the new ones.
    /// </summary>
    private static async Task<Dictionary<long, long>> InsertReadingsAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent,
        List<Candidate> candidates, long now, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<long, long>(candidates.Count);
        await using var insert = AgentCommand(connection, transaction, agent, """
            INSERT INTO "Readings" ("TenantId", "AgentId", "Sequence", "DeviceKey", "CollectedAt", "ReceivedAt", "SnapshotJson")
            VALUES (@tenant, @agent, @sequence, @key, @collected, @now, @json)
            ON CONFLICT ("AgentId", "Sequence") DO NOTHING RETURNING "Id"
            """);
        Add(insert, "now", now);
        var sequence = Add(insert, "sequence", 0L);
        var key = Add(insert, "key", string.Empty);
        var collected = Add(insert, "collected", 0L);
        var json = Add(insert, "json", string.Empty);
        await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (reading, verdict) in candidates)
        {
            sequence.Value = reading.Sequence;
            key.Value = reading.DeviceKey;
            collected.Value = UnixMillisecondsConverter.ToStore(verdict.CollectedAt);
            json.Value = reading.SnapshotJson;
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id)
            {
                ids[reading.Sequence] = id;
            }
        }

        return ids;
    }

    /// <summary>PostgreSQL: the whole batch in one statement over arrays (a statement costs a round trip).</summary>
    private static async Task<Dictionary<long, long>> InsertReadingsPostgresAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent,
        List<Candidate> candidates, long now, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<long, long>(candidates.Count);
        await using var insert = AgentCommand(connection, transaction, agent, """
            INSERT INTO "Readings" ("TenantId", "AgentId", "Sequence", "DeviceKey", "CollectedAt", "ReceivedAt", "SnapshotJson")
            SELECT @tenant, @agent, t.s, t.k, t.c, @now, t.j FROM unnest(@sequences, @keys, @collected, @jsons) AS t(s, k, c, j)
            ON CONFLICT ("AgentId", "Sequence") DO NOTHING RETURNING "Sequence", "Id"
            """);
        Add(insert, "now", now);
        Add(insert, "sequences", candidates.Select(c => c.Reading.Sequence).ToArray());
        Add(insert, "keys", candidates.Select(c => c.Reading.DeviceKey).ToArray());
        Add(insert, "collected", candidates.Select(c => UnixMillisecondsConverter.ToStore(c.Verdict.CollectedAt)).ToArray());
        Add(insert, "jsons", candidates.Select(c => c.Reading.SnapshotJson).ToArray());
        await using var returned = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await returned.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids[returned.GetInt64(0)] = returned.GetInt64(1);
        }

        return ids;
    }

    /// <summary>Each device of the batch once (keys are distinct here, as one statement may touch a row only once).</summary>
    private static async Task UpsertDevicesAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent, Dictionary<string, LatestOfBatch> latest,
        bool postgres, CancellationToken cancellationToken)
    {
        if (latest.Count == 0)
        {
            return;
        }

        await using var device = AgentCommand(connection, transaction, agent, string.Empty);
        if (postgres)
        {
            device.CommandText = """
                INSERT INTO "Devices" ("TenantId", "Key", "AgentId", "Address", "CollectedAt", "LastReadingId", "LastSequence", "Readings")
                SELECT @tenant, t.k, @agent, t.a, t.c, t.r, t.s, t.n FROM unnest(@keys, @addresses, @collected, @readings, @sequences, @counts) AS t(k, a, c, r, s, n)
                """ + "\n" + DeviceUpdate;
            Add(device, "keys", latest.Keys.ToArray());
            Add(device, "addresses", latest.Values.Select(v => v.Address).ToArray());
            Add(device, "collected", latest.Values.Select(v => UnixMillisecondsConverter.ToStore(v.CollectedAt)).ToArray());
            Add(device, "readings", latest.Values.Select(v => v.Id).ToArray());
            Add(device, "sequences", latest.Values.Select(v => v.Sequence).ToArray());
            Add(device, "counts", latest.Values.Select(v => (long)v.Count).ToArray());
            await device.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        device.CommandText = """
            INSERT INTO "Devices" ("TenantId", "Key", "AgentId", "Address", "CollectedAt", "LastReadingId", "LastSequence", "Readings")
            VALUES (@tenant, @key, @agent, @address, @collected, @reading, @sequence, @count)
            """ + "\n" + DeviceUpdate;
        var deviceKey = Add(device, "key", string.Empty);
        var address = Add(device, "address", string.Empty);
        var collected = Add(device, "collected", 0L);
        var reading = Add(device, "reading", 0L);
        var sequence = Add(device, "sequence", 0L);
        var count = Add(device, "count", 0L);
        foreach (var (key, state) in latest)
        {
            deviceKey.Value = key;
            address.Value = state.Address;
            collected.Value = UnixMillisecondsConverter.ToStore(state.CollectedAt);
            reading.Value = state.Id;
            sequence.Value = state.Sequence;
            count.Value = (long)state.Count;
            await device.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The agent's row: acknowledgement, stored bytes, refusal counters; false (nothing changed) when <paramref name="delta"/>
    /// more bytes would take it over <paramref name="quota"/> (0 = none). A batch that adds nothing (a resend) always passes,
    /// so an agent at its quota still hears what the hub holds.
    /// </summary>
    private static async Task<bool> UpdateAgentAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent, long high, long delta, long quota,
        List<RefusedReading> fresh, long now, CancellationToken cancellationToken)
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
    private static DbCommand AgentCommand(DbConnection connection, DbTransaction transaction, AgentRecord agent, string sql, bool tenant = true)
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

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
