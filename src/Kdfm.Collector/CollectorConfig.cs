using Akka.Configuration;

namespace Kdfm.Collector;

/// <summary>The embedded Akka.NET defaults (hocon/kdfm-collector.conf).</summary>
public static class CollectorConfig
{
    public static Config Defaults { get; } = Load();

    /// <summary>Journal and snapshots in memory: nothing survives the process (scan).</summary>
    public static Config InMemoryStore { get; } = ConfigurationFactory.ParseString(
        "akka.persistence.journal.plugin = \"akka.persistence.journal.inmem\"\n" +
        "akka.persistence.snapshot-store.plugin = \"akka.persistence.snapshot-store.inmem\"");

    /// <summary>Journal and snapshots in one SQLite file (Akka.Persistence.Sql with the Microsoft.Data.Sqlite provider).</summary>
    public static Config SqliteStore(string path) => SqlStore($"Data Source={Path.GetFullPath(path)}", "SQLite.MS");

    /// <summary>Journal and snapshots in PostgreSQL (Akka.Persistence.Sql with Npgsql), shared by the nodes of a cluster.</summary>
    public static Config PostgreSqlStore(string connectionString) => SqlStore(connectionString, "PostgreSQL.15");

    /// <summary>
    /// The journal, the snapshot store and the read journal (Akka.Persistence.Query: the outbox reads readings by tag) on
    /// one database, in the plugin's default tables (journal, tags, snapshot), whatever the provider.
    /// </summary>
    private static Config SqlStore(string connectionString, string provider)
    {
        string connection = connectionString.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql { connection-string = "{{connection}}", provider-name = "{{provider}}", auto-initialize = true }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql { connection-string = "{{connection}}", provider-name = "{{provider}}", auto-initialize = true }
            akka.persistence.query.journal.sql { connection-string = "{{connection}}", provider-name = "{{provider}}" }
            """).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    }

    /// <summary>
    /// Creates the store's directory and sets write-ahead logging (a setting kept in the file): readers such as
    /// <c>devices</c> do not block the writer, and thousands of small appends a minute cost far less than with a
    /// rollback journal.
    /// </summary>
    public static void PrepareStore(string storePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(storePath))!);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.GetFullPath(storePath)}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    private static Config Load()
    {
        using var stream = typeof(CollectorConfig).Assembly.GetManifestResourceStream("kdfm-collector.conf")
            ?? throw new InvalidOperationException("the embedded kdfm-collector.conf is missing from the build");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
