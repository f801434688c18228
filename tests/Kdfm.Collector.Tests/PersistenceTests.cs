using System.Net;
using Akka.Actor;
using Akka.Serialization;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Persistence;
using Kdfm.Printers;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Snmprec;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

public class PersistenceTests
{
    private static DeviceSnapshot RichSnapshot()
    {
        var walk = SnmprecFormat.ReadFile(Path.Combine(RepositoryPaths.CorpusWalks, "brother-py-dcp-l3550cdw.snmprec"));
        var snapshot = PrinterInterpreter.Interpret(walk.Rows, new SnapshotContext("127.20.0.9", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero),
            new SnmpInfo("2c", 41, 7), "x.snmprec"));
        return snapshot with { Alerts = [new Alert(1, "warning", "markerSupplies", "markerTonerAlmostEmpty", "Toner low (K)", 1)], Warnings = ["w"], Vendor = "UTAX", Engine = "Kyocera" };
    }

    [Fact]
    public void Every_persisted_event_round_trips_through_the_protobuf_serializer()
    {
        using var system = ActorSystem.Create("serialization", CollectorConfig.InMemoryStore.WithFallback(CollectorConfig.Defaults));
        var serialization = system.Serialization;
        var snapshot = RichSnapshot();
        object[] events =
        [
            new DeviceRegistered("brother:serial_number", new IPEndPoint(IPAddress.Parse("127.20.0.9"), 161), "v2c"),
            new DeviceRelocated("brother:serial_number", new IPEndPoint(IPAddress.Parse("127.20.0.10"), 1161)),
            new ReadingTaken(snapshot),
            new ReadingTaken(new DeviceSnapshot { Key = snapshot.Key, Address = "127.20.0.9", CollectedAt = snapshot.CollectedAt, Status = "down", Ping = "noReply" }),
            new DeviceMemento(new IPEndPoint(IPAddress.Parse("127.20.0.11"), 161), snapshot),
            new DeviceMemento(new IPEndPoint(IPAddress.Parse("127.20.0.12"), 161), null),
        ];
        foreach (var e in events)
        {
            var serializer = serialization.FindSerializerFor(e);
            Assert.IsType<CollectorEventSerializer>(serializer);
            string manifest = Akka.Serialization.Serialization.ManifestFor(serializer, e);
            var back = serialization.Deserialize(serializer.ToBinary(e), serializer.Identifier, manifest);
            if (e is ReadingTaken taken)
            {
                Assert.Equal(SnapshotJson.Serialize(taken.Snapshot), SnapshotJson.Serialize(((ReadingTaken)back).Snapshot));
                Assert.True(taken.Snapshot.Supplies.Length > 0 || ((ReadingTaken)back).Snapshot.Ping == "noReply");
            }
            else if (e is DeviceMemento { Last: { } last } memento)
            {
                var restored = (DeviceMemento)back;
                Assert.Equal(memento.EndPoint, restored.EndPoint);
                Assert.Equal(SnapshotJson.Serialize(last), SnapshotJson.Serialize(restored.Last!));
            }
            else
            {
                Assert.Equal(e, back);
            }
        }
    }

    [Fact]
    public async Task A_restarted_collector_knows_its_devices_and_last_readings_without_a_rediscovery()
    {
        using var store = new TempDirectory("kdfm-store-");
        string path = store["collector.db"];
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks]);
        var settings = await FirstRunAsync(fleet, path);
        await using var second = CollectorNode.Start(settings, path);
        var known = await second.Registry.Ask<DeviceRegistry.KnownDevices>(new DeviceRegistry.GetKnownDevices(), TimeSpan.FromSeconds(10));
        Assert.Equal(5, known.Devices.Length);
        foreach (var device in known.Devices)
        {
            var state = await second.Registry.Ask<DeviceState>(new DeviceRegistry.GetDevice(device.Key), TimeSpan.FromSeconds(10));
            Assert.Equal(device.Key, state.Last?.Key);
            Assert.NotEmpty(state.Last!.Counters);
        }
    }

    [Fact]
    public async Task A_store_from_before_sharding_recovers_every_device_where_it_was_and_polls_it_again()
    {
        using var store = new TempDirectory("kdfm-store-");
        string path = store["collector.db"];
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks]);
        var settings = await FirstRunAsync(fleet, path);

        // Yesterday's store: registrations in the registry's journal only, no remembered entities, readings as they were.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM journal WHERE (manifest = 'DeviceRegistered.v1' AND persistence_id <> 'device-registry') OR persistence_id LIKE '/sharding/%'; " +
                "DELETE FROM snapshot WHERE persistence_id LIKE '/sharding/%'";
            command.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var second = CollectorNode.Start(settings, path);
        var events = Events.Of<DevicePolled>(second.System);
        second.Registry.Tell(new DeviceRegistry.PollAll());
        await Eventually.True(() => Events.Read(events).Select(e => e.Key).Distinct().Count() == 5, "every device of the old store polled again");
        var polled = Events.Read(events).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.First());
        var known = await second.Registry.Ask<DeviceRegistry.KnownDevices>(new DeviceRegistry.GetKnownDevices(), TimeSpan.FromSeconds(10));
        foreach (var device in known.Devices)
        {
            var state = await second.Registry.Ask<DeviceState>(new DeviceRegistry.GetDevice(device.Key), TimeSpan.FromSeconds(10));
            Assert.Equal((device.EndPoint, device.Key), (state.EndPoint, state.Last?.Key));
            Assert.Equal(device.EndPoint, polled[device.Key].EndPoint);
        }
    }

    /// <summary>A node on the store at <paramref name="path"/> finds the five demo printers, then stops (its store closed): the settings it ran with.</summary>
    private static async Task<CollectorSettings> FirstRunAsync(InProcessFleet fleet, string path)
    {
        var settings = new CollectorSettings { Targets = [fleet.RangeText], Port = fleet[0].Port, Timeout = TimeSpan.FromSeconds(2), PacketsPerSecond = 0 };
        await using (var first = CollectorNode.Start(settings, path))
        {
            Assert.Equal(5, (await first.ScanAsync(settings.Targets).WaitAsync(TimeSpan.FromSeconds(60))).Snapshots.Length);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return settings;
    }
}
