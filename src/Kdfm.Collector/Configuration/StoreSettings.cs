using Kdfm.Snmp.Security;

namespace Kdfm.Collector.Configuration;

/// <summary>Where the journal and snapshots live (Collector:Store).</summary>
public enum StoreProvider
{
    /// <summary>Nothing survives the process (a one-shot scan).</summary>
    Memory,

    /// <summary>One SQLite file in the data directory (collector.db): a lone node.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, shared by every node of a cluster.</summary>
    PostgreSql,
}

/// <summary>
/// The store of a node: journal and snapshots through Akka.Persistence.Sql. The connection string is a <see cref="Secret"/>
/// (it may hold a password) and never logged.
/// </summary>
public sealed record StoreSettings(StoreProvider Provider, string? Path = null, Secret? ConnectionString = null)
{
    public static StoreSettings InMemory { get; } = new(StoreProvider.Memory);

    public static StoreSettings Sqlite(string path) => new(StoreProvider.Sqlite, Path: path);

    public static StoreSettings PostgreSql(string connectionString) => new(StoreProvider.PostgreSql, ConnectionString: new Secret(connectionString));

    /// <summary>The names Collector:Store:Provider accepts.</summary>
    public static StoreProvider? ParseProvider(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => StoreProvider.Sqlite,
        "postgresql" or "postgres" => StoreProvider.PostgreSql,
        _ => null,
    };

    /// <summary>Checks the store against the cluster it serves; each problem names its key.</summary>
    public IEnumerable<string> Validate(ClusterSettings cluster)
    {
        if (Provider == StoreProvider.PostgreSql && (ConnectionString is null || ConnectionString.Length == 0))
        {
            yield return "Collector:Store:ConnectionString: required with the postgresql provider (Npgsql format: Host=…;Database=…;Username=…)";
        }

        if (Provider != StoreProvider.PostgreSql && !cluster.Alone)
        {
            yield return "Collector:Store:Provider: SQLite cannot be shared by several nodes; use postgresql with Collector:Cluster:Seeds";
        }
    }
}
