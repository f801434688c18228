using Akka.Actor;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Gateway;
using Kdfm.Testing;
using Microsoft.Data.Sqlite;

namespace Kdfm.Collector.Tests;

/// <summary>Deleting acknowledged readings from the local store keeps what the collector needs: registrations, and each device's latest state.</summary>
public sealed class CompactionTests
{
    private static long Count(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static long Readings(string path) => Count(path, "SELECT COUNT(*) FROM journal WHERE manifest = 'ReadingTaken.v1'");

    [Fact]
    public async Task Only_acknowledged_readings_that_no_device_replays_are_deleted()
    {
        using var store = new TempDirectory("kdfm-compact-");
        string path = store["collector.db"];
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks]);
        var settings = new CollectorSettings
        {
            Targets = [fleet.RangeText], Port = fleet[0].Port, Timeout = TimeSpan.FromSeconds(2), PacketsPerSecond = 0, SnapshotEvery = 2,
            PollInterval = TimeSpan.FromHours(1),
        };
        await using (var node = CollectorNode.Start(settings, path))
        {
            Assert.Equal(5, (await node.ScanAsync(settings.Targets)).Snapshots.Length);
            for (int round = 2; round <= 4; round++)
            {
                node.Registry.Tell(new DeviceRegistry.PollAll());
                int expected = 5 * round;
                await Eventually.True(() => Readings(path) >= expected, $"{expected} readings stored");
            }

            // Journal snapshots are saved after the reading they follow: wait for every device's latest one.
            await Eventually.True(() => Count(path, "SELECT COUNT(*) FROM snapshot WHERE sequence_number = 4") == 5, "a snapshot of each device at event 4 (its third reading)");
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(20, Readings(path));
        var outbox = new JournalOutbox(path);
        outbox.FixBase(0);
        Assert.Equal(0, outbox.CompactAcknowledged(TimeSpan.Zero, DateTimeOffset.UtcNow.AddMinutes(1))); // nothing acknowledged yet

        outbox.Acknowledge(Count(path, "SELECT MAX(ordering) FROM journal"));
        Assert.Equal(0, outbox.CompactAcknowledged(TimeSpan.FromDays(7), DateTimeOffset.UtcNow)); // too recent to go
        int deleted = outbox.CompactAcknowledged(TimeSpan.Zero, DateTimeOffset.UtcNow.AddMinutes(1));

        // Each device's journal: its own registration (event 1), then readings 1-4 (events 2-5), snapshots at events 2 and 4:
        // readings 1 and 2 go; 3 (replayed after the latest snapshot) and 4 stay, with every registration (the registry's and
        // each device's own).
        Assert.Equal(10, deleted);
        Assert.Equal(10, Readings(path));
        Assert.Equal(10, Count(path, "SELECT COUNT(*) FROM journal WHERE manifest = 'DeviceRegistered.v1'"));

        await using var restarted = CollectorNode.Start(settings, path);
        var known = await restarted.Registry.Ask<DeviceRegistry.KnownDevices>(new DeviceRegistry.GetKnownDevices(), TimeSpan.FromSeconds(10));
        Assert.Equal(5, known.Devices.Length);
        foreach (var device in known.Devices)
        {
            var state = await restarted.Registry.Ask<DeviceState>(new DeviceRegistry.GetDevice(device.Key), TimeSpan.FromSeconds(10));
            Assert.NotEmpty(state.Last!.Counters);
        }
    }
}
