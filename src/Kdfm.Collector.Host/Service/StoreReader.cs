using Kdfm.Collector.Persistence;
using Kdfm.Printers.Snapshot;
using Microsoft.Data.Sqlite;

namespace Kdfm.Collector.Host.Service;

/// <summary>
/// Reads the last reading of every device straight from the collector's SQLite journal, read-only, so that
/// <c>devices</c> works while <c>run</c> is running.
/// </summary>
internal static class StoreReader
{
    /// <summary>
    /// Each device's last reading that can be read: a damaged row is passed over (the device keeps its reading before
    /// it) and told to <paramref name="damaged"/> with its place, so that one bad row never stops a listing.
    /// </summary>
    public static IReadOnlyList<DeviceSnapshot> LastReadings(string storePath, Action<string>? damaged = null)
    {
        using var connection = Open(storePath);
        if (connection is null)
        {
            return [];
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT persistence_id, message FROM journal WHERE manifest = $manifest AND deleted = 0 ORDER BY ordering";
        command.Parameters.AddWithValue("$manifest", CollectorEventSerializer.Reading);
        var last = new Dictionary<string, DeviceSnapshot>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (CollectorEventSerializer.TryDecodeReading((byte[])reader[1], out string? problem) is { } taken)
            {
                last[reader.GetString(0)] = taken.Snapshot;
            }
            else
            {
                damaged?.Invoke($"a reading of {reader.GetString(0)} in the store cannot be read ({problem}): passed over");
            }
        }

        return [.. last.Values.OrderBy(s => s.Address, StringComparer.Ordinal)];
    }

    /// <summary>How many readings the journal holds (for the no-loss checks).</summary>
    public static long ReadingCount(string storePath)
    {
        using var connection = Open(storePath);
        if (connection is null)
        {
            return 0;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE manifest = $manifest AND deleted = 0";
        command.Parameters.AddWithValue("$manifest", CollectorEventSerializer.Reading);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The store opened read-only, or null while the collector has not created its journal yet.</summary>
    private static SqliteConnection? Open(string storePath)
    {
        if (!File.Exists(storePath))
        {
            return null;
        }

        var connection = new SqliteConnection($"Data Source={storePath};Mode=ReadOnly");
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
        if ((long)check.ExecuteScalar()! == 0)
        {
            connection.Dispose();
            return null;
        }

        return connection;
    }
}
