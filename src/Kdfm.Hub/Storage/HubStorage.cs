using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Hub.Storage;

/// <summary>Where the hub's data lives: SQLite in the data directory by default, or PostgreSQL (Hub:Database = postgresql).</summary>
public static class HubStorage
{
    public static bool IsPostgres(HubOptions options) =>
        string.Equals(options.Database, "postgresql", StringComparison.OrdinalIgnoreCase) || string.Equals(options.Database, "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The store for DI: <see cref="HubDb"/> is the SQLite or the PostgreSQL subclass, by Hub:Database.</summary>
    public static IServiceCollection AddHubStorage(this IServiceCollection services, HubOptions options)
    {
        Check(options);
        return IsPostgres(options)
            ? services.AddDbContext<HubDb, PostgresHubDb>(db => Configure(db, options))
            : services.AddDbContext<HubDb, SqliteHubDb>(db => Configure(db, options));
    }

    public static void Configure(DbContextOptionsBuilder builder, HubOptions options)
    {
        Check(options);
        if (IsPostgres(options))
        {
            builder.UseNpgsql(options.ConnectionString);
            return;
        }

        string connection = string.IsNullOrEmpty(options.ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.DataDirectory, "hub.db"), Pooling = true }.ToString()
            : options.ConnectionString;
        builder.UseSqlite(connection).AddInterceptors(SqliteSecureDelete.Instance);
    }

    private static void Check(HubOptions options)
    {
        if (IsPostgres(options))
        {
            if (string.IsNullOrEmpty(options.ConnectionString))
            {
                throw new Cli.HubConfigurationException("Hub:ConnectionString: PostgreSQL needs a connection string (Host=…;Port=…;Username=…;Password=…;Database=…)");
            }
        }
        else if (!string.Equals(options.Database, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new Cli.HubConfigurationException($"Hub:Database: '{options.Database}' is neither sqlite nor postgresql");
        }
    }

    /// <summary>
    /// Brings the schema to this version with the migrations (creating it on first use); a database made before the hub
    /// had migrations is refused (<see cref="SchemaCheck"/>). SQLite in write-ahead-log mode (readers never wait for the
    /// ingest), its files owner-only (they hold credential hashes and the SNMP secrets of tasks not yet handed out).
    /// </summary>
    public static void Prepare(HubDb db)
    {
        if (db.Database.IsSqlite())
        {
            Security.OwnerOnlyFiles.PrepareSqliteFile(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
        }

        SchemaCheck.RefuseUnmigrated(db);
        db.Database.Migrate();
        SchemaCheck.Verify(db);
        if (db.Database.IsSqlite())
        {
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        }
    }

    /// <summary>A store of its own, outside DI (the command line).</summary>
    public static HubDb Open(HubOptions options)
    {
        HubApp.PrepareDataDirectory(options);
        HubDb db;
        if (IsPostgres(options))
        {
            var builder = new DbContextOptionsBuilder<PostgresHubDb>();
            Configure(builder, options);
            db = new PostgresHubDb(builder.Options);
        }
        else
        {
            var builder = new DbContextOptionsBuilder<SqliteHubDb>();
            Configure(builder, options);
            db = new SqliteHubDb(builder.Options);
        }

        Prepare(db);
        return db;
    }
}
