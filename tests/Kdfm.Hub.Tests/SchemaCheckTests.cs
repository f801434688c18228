using Kdfm.Hub.Cli;
using Kdfm.Hub.Storage;
using Kdfm.Testing;
using Microsoft.Data.Sqlite;

namespace Kdfm.Hub.Tests;

/// <summary>A database made by an older hub stops the start with one line, instead of SQL errors at the first upload.</summary>
public sealed class SchemaCheckTests
{
    [Fact]
    public void A_database_of_the_current_schema_opens()
    {
        using var data = new TempDirectory("kdfm-schema-");
        using (HubStorage.Open(new HubOptions { DataDirectory = data.Path }))
        {
        }

        using var again = HubStorage.Open(new HubOptions { DataDirectory = data.Path });
        Assert.Equal(0, again.Devices.Count());
    }

    [Fact]
    public void A_database_that_lacks_a_column_is_refused_naming_it_and_what_to_do()
    {
        using var data = new TempDirectory("kdfm-schema-");
        using (HubStorage.Open(new HubOptions { DataDirectory = data.Path }))
        {
        }

        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={data["hub.db"]}"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE \"Refusals\"; ALTER TABLE \"Devices\" DROP COLUMN \"LastSequence\";";
            drop.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var refused = Assert.Throws<HubConfigurationException>(() => HubStorage.Open(new HubOptions { DataDirectory = data.Path }));
        Assert.Contains($"{data["hub.db"]} does not have the schema of this kdfm-hub", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Devices.LastSequence", refused.Message, StringComparison.Ordinal);
        Assert.Contains("table Refusals", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"move {data["hub.db"]} away", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_of_a_hub_from_before_migrations_is_refused_in_one_line()
    {
        using var data = new TempDirectory("kdfm-schema-");
        using (HubStorage.Open(new HubOptions { DataDirectory = data.Path }))
        {
        }

        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={data["hub.db"]}"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE \"__EFMigrationsHistory\";";
            drop.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var refused = Assert.Throws<HubConfigurationException>(() => HubStorage.Open(new HubOptions { DataDirectory = data.Path }));
        Assert.Contains("from before schema migrations and cannot be upgraded", refused.Message, StringComparison.Ordinal);
    }
}
