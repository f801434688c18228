using System.Collections.Immutable;
using System.Data.Common;

namespace Kdfm.Hub.Storage;

/// <summary>
/// The ingest on PostgreSQL: uploads run concurrently (row locks decide), and each table takes the whole batch in one
/// statement over arrays (a statement costs a round trip).
/// </summary>
internal sealed class PostgresReadingStore(HubDb db, HubOptions options) : ReadingStore(db, options)
{
    private const string InsertReadingRows = InsertReading +
        "\nSELECT @tenant, @agent, t.s, t.k, t.c, @now, t.j FROM unnest(@sequences, @keys, @collected, @jsons) AS t(s, k, c, j)\n" + SkipStoredReadings + " \"Sequence\", \"Id\"";

    private const string InsertDeviceRows = InsertDevice +
        "\nSELECT @tenant, t.k, @agent, t.a, t.c, t.r, t.s, t.n FROM unnest(@keys, @addresses, @collected, @readings, @sequences, @counts) AS t(k, a, c, r, s, n)\n";

    protected override async Task<Dictionary<long, long>> InsertReadingsAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent,
        ImmutableArray<AcceptedReading> readings, long now, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<long, long>(readings.Length);
        await using var insert = AgentCommand(connection, transaction, agent, InsertReadingRows);
        Add(insert, "now", now);
        Add(insert, "sequences", readings.Select(r => r.Sequence).ToArray());
        Add(insert, "keys", readings.Select(r => r.DeviceKey).ToArray());
        Add(insert, "collected", readings.Select(r => UnixMillisecondsConverter.ToStore(r.CollectedAt)).ToArray());
        Add(insert, "jsons", readings.Select(r => r.SnapshotJson).ToArray());
        await using var returned = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await returned.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids[returned.GetInt64(0)] = returned.GetInt64(1);
        }

        return ids;
    }

    protected override async Task UpsertDevicesAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent, Dictionary<string, LatestOfBatch> latest,
        CancellationToken cancellationToken)
    {
        await using var device = AgentCommand(connection, transaction, agent, InsertDeviceRows + UpsertDevice);
        Add(device, "keys", latest.Keys.ToArray());
        Add(device, "addresses", latest.Values.Select(v => v.Address).ToArray());
        Add(device, "collected", latest.Values.Select(v => UnixMillisecondsConverter.ToStore(v.CollectedAt)).ToArray());
        Add(device, "readings", latest.Values.Select(v => v.Id).ToArray());
        Add(device, "sequences", latest.Values.Select(v => v.Sequence).ToArray());
        Add(device, "counts", latest.Values.Select(v => (long)v.Count).ToArray());
        await device.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
