using System.Collections.Immutable;
using System.Data.Common;

namespace Kdfm.Hub.Storage;

/// <summary>
/// The ingest on SQLite: one writer at a time (<see cref="SqliteWriterLock"/>), and one prepared statement run per row
/// (in process, a statement costs microseconds).
/// </summary>
internal sealed class SqliteReadingStore(HubDb db, HubOptions options, SqliteWriterLock writer) : ReadingStore(db, options)
{
    private const string InsertReadingRow = InsertReading + "\nVALUES (@tenant, @agent, @sequence, @key, @collected, @now, @json)\n" + SkipStoredReadings + " \"Id\"";

    private const string InsertDeviceRow = InsertDevice + "\nVALUES (@tenant, @key, @agent, @address, @collected, @reading, @sequence, @count)\n";

    public override async Task<IngestOutcome> IngestAsync(AgentRecord agent, IngestBatch batch, CancellationToken cancellationToken)
    {
        using (await writer.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            return await base.IngestAsync(agent, batch, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task<Dictionary<long, long>> InsertReadingsAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent,
        ImmutableArray<AcceptedReading> readings, long now, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<long, long>(readings.Length);
        await using var insert = AgentCommand(connection, transaction, agent, InsertReadingRow);
        Add(insert, "now", now);
        var sequence = Add(insert, "sequence", 0L);
        var key = Add(insert, "key", string.Empty);
        var collected = Add(insert, "collected", 0L);
        var json = Add(insert, "json", string.Empty);
        await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
        foreach (var reading in readings)
        {
            sequence.Value = reading.Sequence;
            key.Value = reading.DeviceKey;
            collected.Value = UnixMillisecondsConverter.ToStore(reading.CollectedAt);
            json.Value = reading.SnapshotJson;
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id)
            {
                ids[reading.Sequence] = id;
            }
        }

        return ids;
    }

    protected override async Task UpsertDevicesAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent, Dictionary<string, LatestOfBatch> latest,
        CancellationToken cancellationToken)
    {
        await using var device = AgentCommand(connection, transaction, agent, InsertDeviceRow + UpsertDevice);
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
}
