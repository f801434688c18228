using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Kdfm.Hub.Storage;

/// <summary>
/// The schema is kept by EF Core migrations. Hubs made before migrations created their schema without a history table:
/// such a database cannot be upgraded and is refused at start in one line (<see cref="RefuseUnmigrated"/>). After the
/// migrations, every table and column of the model is compared with the database (<see cref="Verify"/>), so a database
/// changed by hand, or by a newer hub, is also said in one line instead of SQL errors at the first upload.
/// </summary>
public static class SchemaCheck
{
    /// <summary>Tables of the hub but no migration history: a database of a hub from before migrations.</summary>
    public static void RefuseUnmigrated(HubDb db)
    {
        if (!db.Database.CanConnect())
        {
            return; // no database yet (PostgreSQL): the migrations create it
        }

        var connection = db.Database.GetDbConnection();
        bool postgres = db.Database.IsNpgsql();
        db.Database.OpenConnection();
        try
        {
            if (Columns(connection, "Agents", postgres).Count > 0 && Columns(connection, "__EFMigrationsHistory", postgres).Count == 0)
            {
                string where = Where(connection, postgres);
                throw new Cli.HubConfigurationException(
                    $"{where} was made by a kdfm-hub from before schema migrations and cannot be upgraded: move {where} away to start afresh " +
                    "(agents then need new enrolment codes), or keep the older hub");
            }
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    private static string Where(DbConnection connection, bool postgres) =>
        postgres ? "the PostgreSQL database" : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection.ConnectionString).DataSource;

    public static void Verify(HubDb db)
    {
        var connection = db.Database.GetDbConnection();
        bool postgres = db.Database.IsNpgsql();
        var missing = new List<string>();
        db.Database.OpenConnection();
        try
        {
            foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
            {
                var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
                var present = Columns(connection, table.Name, postgres);
                if (present.Count == 0)
                {
                    missing.Add($"table {table.Name}");
                    continue;
                }

                missing.AddRange(entity.GetProperties().Select(p => p.GetColumnName(table)).OfType<string>()
                    .Where(c => !present.Contains(c)).Select(c => $"{table.Name}.{c}"));
            }
        }
        finally
        {
            db.Database.CloseConnection();
        }

        if (missing.Count > 0)
        {
            string where = Where(connection, postgres);
            throw new Cli.HubConfigurationException(
                $"{where} does not have the schema of this kdfm-hub after its migrations (it lacks {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}): " +
                $"it was changed by hand or by another version; move {where} away to start afresh (agents then need new enrolment codes), or use the matching hub");
        }
    }

    private static HashSet<string> Columns(DbConnection connection, string table, bool postgres)
    {
        using var command = connection.CreateCommand();
        command.CommandText = postgres
            ? "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table"
            : "SELECT name FROM pragma_table_info(@table)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "table";
        parameter.Value = table;
        command.Parameters.Add(parameter);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }
}
