using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Kdfm.Hub.Storage;

/// <summary>
/// The hub creates its schema on first start and has no migrations yet: a database made by an older hub lacks tables or
/// columns, which would surface as SQL errors at the first upload. This compares every table and column of the model
/// with the database at start, and stops with one line that names what is missing and what to do.
/// </summary>
public static class SchemaCheck
{
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
            string where = postgres ? "the PostgreSQL database" : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection.ConnectionString).DataSource;
            throw new Cli.HubConfigurationException(
                $"{where} was made by an older kdfm-hub (it lacks {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}); this version has no schema " +
                $"migrations yet: move {where} away to start afresh (agents then need new enrolment codes), or keep the older hub");
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
