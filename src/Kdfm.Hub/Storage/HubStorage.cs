using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Storage;

/// <summary>Where the hub's data lives: SQLite in the data directory unless configured otherwise.</summary>
public static class HubStorage
{
    public static void Configure(DbContextOptionsBuilder builder, HubOptions options)
    {
        if (!string.Equals(options.Database, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new Cli.HubConfigurationException($"Hub:Database: '{options.Database}' is not supported yet (only sqlite)");
        }

        string connection = string.IsNullOrEmpty(options.ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.DataDirectory, "hub.db"), Pooling = true }.ToString()
            : options.ConnectionString;
        builder.UseSqlite(connection);
    }

    /// <summary>Creates the schema on first use, with write-ahead logging (readers never wait for the ingest).</summary>
    public static void Prepare(HubDb db)
    {
        db.Database.EnsureCreated();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }

    public static HubDb Open(HubOptions options)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var builder = new DbContextOptionsBuilder<HubDb>();
        Configure(builder, options);
        var db = new HubDb(builder.Options);
        Prepare(db);
        return db;
    }
}
