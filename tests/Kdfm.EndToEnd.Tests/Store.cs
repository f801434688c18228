using Microsoft.Data.Sqlite;

namespace Kdfm.EndToEnd.Tests;

/// <summary>The collector's journal, read-only: how many readings it persisted, and under which keys.</summary>
internal static class Store
{
    public static long Readings(string path) => Scalar(path, "SELECT COUNT(*) FROM journal WHERE manifest = 'ReadingTaken.v1' AND deleted = 0");

    public static long Scalar(string path, string sql)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'journal'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            return 0;
        }

        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
