using Kdfm.Collector.Configuration;
using Kdfm.Testing;
using Microsoft.Data.Sqlite;

namespace Kdfm.Collector.Host.Tests.Cli;

/// <summary>kdfm-collector devices over a store with a damaged row: the listing is complete, the row is named.</summary>
public class DevicesCommandTests
{
    [Fact]
    public async Task A_damaged_reading_in_the_store_is_passed_over_and_named_and_every_device_is_listed()
    {
        using var data = new TempDirectory("kdfm-devices-");
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks]);
        var settings = new CollectorSettings { Targets = [fleet.RangeText], Port = fleet[0].Port, Timeout = TimeSpan.FromSeconds(1), PacketsPerSecond = 0 };
        await using (var node = CollectorNode.Start(settings, data["collector.db"]))
        {
            await node.ScanAsync(settings.Targets).WaitAsync(TimeSpan.FromSeconds(60));
            await node.ScanAsync(settings.Targets).WaitAsync(TimeSpan.FromSeconds(60)); // a second reading of each
        }

        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={data["collector.db"]}"))
        {
            connection.Open();
            using var damage = connection.CreateCommand();
            damage.CommandText = "UPDATE journal SET message = x'0aff01' WHERE ordering = (SELECT MAX(ordering) FROM journal WHERE manifest = 'ReadingTaken.v1')";
            Assert.Equal(1, damage.ExecuteNonQuery());
        }

        SqliteConnection.ClearAllPools();
        var (exit, output, error) = await Cli.RunAsync("devices", "--data", data.Path, "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Equal(6, output.TrimEnd().Split('\n').Length); // header + the 5 devices, the damaged one with its earlier reading
        Assert.Contains("cannot be read", error, StringComparison.Ordinal);
        Assert.Contains("passed over", error, StringComparison.Ordinal);
    }
}
