using Kdfm.Collector.Persistence;
using Kdfm.Printers.Snapshot;
using Microsoft.Data.Sqlite;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// The outbox is the journal itself: every reading the device actors persisted, in the journal's global order, is
/// pending until the hub acknowledges it. Only the acknowledged position is stored (table kdfm_outbox in the same file).
/// A reading's sequence number for the hub is its journal position plus a base fixed when this store first met the
/// hub, so a store that was recreated under the same agent identity never reuses a number the hub holds.
/// </summary>
public sealed class JournalOutbox(string storePath)
{
    /// <summary>A reading to upload; <see cref="Snapshot"/> is null when the stored event cannot be decoded (<see cref="Problem"/> says why).</summary>
    public sealed record Pending(long Sequence, DeviceSnapshot? Snapshot, string? Problem = null);

    public sealed record Position(long Base, long Acknowledged, bool BaseFixed);

    private string Connection => new SqliteConnectionStringBuilder { DataSource = storePath, Pooling = false }.ToString();

    public Position Read()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT base, acked, base_fixed FROM kdfm_outbox WHERE id = 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? new Position(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2) != 0) : new Position(0, 0, false);
    }

    /// <summary>On the first contact of this store with the hub: numbers continue after the highest the hub holds.</summary>
    public Position FixBase(long hubAcknowledged)
    {
        var position = Read();
        if (position.BaseFixed)
        {
            return position;
        }

        var fixedPosition = new Position(hubAcknowledged, hubAcknowledged, true);
        Write(fixedPosition);
        return fixedPosition;
    }

    public void Acknowledge(long sequence)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO kdfm_outbox (id, base, acked, base_fixed) VALUES (1, 0, $acked, 0) " +
            "ON CONFLICT(id) DO UPDATE SET acked = MAX(acked, excluded.acked)";
        command.Parameters.AddWithValue("$acked", sequence);
        command.ExecuteNonQuery();
    }

    /// <summary>Up to <paramref name="max"/> readings after the acknowledged one, oldest first.</summary>
    public List<Pending> NextBatch(Position position, int max)
    {
        var batch = new List<Pending>();
        using var connection = Open();
        if (!JournalExists(connection))
        {
            return batch;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ordering, message FROM journal WHERE manifest = $manifest AND deleted = 0 AND ordering > $after ORDER BY ordering LIMIT $max";
        command.Parameters.AddWithValue("$manifest", CollectorEventSerializer.Reading);
        command.Parameters.AddWithValue("$after", position.Acknowledged - position.Base);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            // A damaged row becomes a Pending without a snapshot: the outbox skips it, never stops at it.
            var taken = CollectorEventSerializer.TryDecodeReading((byte[])reader[1], out string? problem);
            batch.Add(new Pending(position.Base + reader.GetInt64(0), taken?.Snapshot, problem));
        }

        return batch;
    }

    /// <summary>How many readings wait for the hub's acknowledgement.</summary>
    public long PendingCount()
    {
        var position = Read();
        using var connection = Open();
        if (!JournalExists(connection))
        {
            return 0;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE manifest = $manifest AND deleted = 0 AND ordering > $after";
        command.Parameters.AddWithValue("$manifest", CollectorEventSerializer.Reading);
        command.Parameters.AddWithValue("$after", position.Acknowledged - position.Base);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Deletes readings the hub has acknowledged that are older than <paramref name="keep"/>, and only those no device
    /// actor replays any more (before its latest journal snapshot); registrations and each device's latest readings stay.
    /// Returns how many readings were deleted.
    /// </summary>
    public int CompactAcknowledged(TimeSpan keep, DateTimeOffset now)
    {
        var position = Read();
        using var connection = Open();
        if (!JournalExists(connection))
        {
            return 0;
        }

        using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM journal
            WHERE manifest = $manifest AND ordering <= $acked AND created < $cutoff
              AND sequence_number < (SELECT MAX(s.sequence_number) FROM snapshot s WHERE s.persistence_id = journal.persistence_id)
            """;
        command.Parameters.AddWithValue("$manifest", CollectorEventSerializer.Reading);
        command.Parameters.AddWithValue("$acked", position.Acknowledged - position.Base);
        command.Parameters.AddWithValue("$cutoff", (now - keep).UtcTicks);
        return command.ExecuteNonQuery();
    }

    private void Write(Position position)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO kdfm_outbox (id, base, acked, base_fixed) VALUES (1, $base, $acked, $fixed) " +
            "ON CONFLICT(id) DO UPDATE SET base = excluded.base, acked = excluded.acked, base_fixed = excluded.base_fixed";
        command.Parameters.AddWithValue("$base", position.Base);
        command.Parameters.AddWithValue("$acked", position.Acknowledged);
        command.Parameters.AddWithValue("$fixed", position.BaseFixed ? 1 : 0);
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(Connection);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = _tableMade
            ? "PRAGMA busy_timeout = 5000"
            : "PRAGMA busy_timeout = 5000; CREATE TABLE IF NOT EXISTS kdfm_outbox (id INTEGER PRIMARY KEY CHECK (id = 1), base INTEGER NOT NULL, acked INTEGER NOT NULL, base_fixed INTEGER NOT NULL)";
        command.ExecuteNonQuery();
        _tableMade = true;
        return connection;
    }

    private volatile bool _tableMade;

    private static bool JournalExists(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
        return (long)command.ExecuteScalar()! > 0;
    }
}
