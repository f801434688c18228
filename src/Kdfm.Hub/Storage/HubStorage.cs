using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Storage;

/// <summary>Where the hub's data lives: SQLite in the data directory by default, or PostgreSQL (Hub:Database = postgresql).</summary>
public static class HubStorage
{
    public static bool IsPostgres(HubOptions options) =>
        string.Equals(options.Database, "postgresql", StringComparison.OrdinalIgnoreCase) || string.Equals(options.Database, "postgres", StringComparison.OrdinalIgnoreCase);

    public static void Configure(DbContextOptionsBuilder builder, HubOptions options)
    {
        if (IsPostgres(options))
        {
            if (string.IsNullOrEmpty(options.ConnectionString))
            {
                throw new Cli.HubConfigurationException("Hub:ConnectionString: PostgreSQL needs a connection string (Host=…;Port=…;Username=…;Password=…;Database=…)");
            }

            builder.UseNpgsql(options.ConnectionString);
            return;
        }

        if (!string.Equals(options.Database, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new Cli.HubConfigurationException($"Hub:Database: '{options.Database}' is neither sqlite nor postgresql");
        }

        string connection = string.IsNullOrEmpty(options.ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.DataDirectory, "hub.db"), Pooling = true }.ToString()
            : options.ConnectionString;
        builder.UseSqlite(connection).AddInterceptors(SqliteSecureDelete.Instance);
    }

    /// <summary>
    /// Creates the schema on first use (and refuses a database made by an older hub: <see cref="SchemaCheck"/>); SQLite in write-ahead-log mode (readers never wait for the ingest), its files
    /// owner-only (they hold credential hashes and the SNMP secrets of tasks not yet handed out).
    /// </summary>
    public static void Prepare(HubDb db)
    {
        if (db.Database.IsSqlite())
        {
            Security.OwnerOnlyFiles.PrepareSqliteFile(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
        }

        db.Database.EnsureCreated();
        SchemaCheck.Verify(db);
        if (db.Database.IsSqlite())
        {
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }
    }

    public static HubDb Open(HubOptions options)
    {
        HubApp.PrepareDataDirectory(options);
        var builder = new DbContextOptionsBuilder<HubDb>();
        Configure(builder, options);
        var db = new HubDb(builder.Options);
        Prepare(db);
        return db;
    }
}
