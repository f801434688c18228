using Akka.Actor;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

/// <summary>The same collector on PostgreSQL (Debian's server on loopback): what a cluster of several nodes shares.</summary>
public sealed class PostgresStoreTests
{
    [Fact]
    public async Task A_node_on_postgresql_stores_its_devices_and_a_restarted_node_knows_them_without_a_rediscovery()
    {
        using var postgres = await PostgresServer.StartAsync();
        var store = StoreSettings.PostgreSql(postgres.ConnectionString("postgres"));
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks]);
        var settings = new CollectorSettings { Targets = [fleet.RangeText], Port = fleet[0].Port, Timeout = TimeSpan.FromSeconds(2), PacketsPerSecond = 0 };

        await using (var first = CollectorNode.Start(settings, store, ClusterSettings.Lone))
        {
            Assert.Equal(5, (await first.ScanAsync(settings.Targets).WaitAsync(TimeSpan.FromSeconds(60))).Snapshots.Length);
        }

        await using var second = CollectorNode.Start(settings, store, ClusterSettings.Lone);
        var known = await second.Registry.Ask<DeviceRegistry.KnownDevices>(new DeviceRegistry.GetKnownDevices(), TimeSpan.FromSeconds(20));
        Assert.Equal(5, known.Devices.Length);
        foreach (var device in known.Devices)
        {
            var state = await second.Registry.Ask<DeviceState>(new DeviceRegistry.GetDevice(device.Key), TimeSpan.FromSeconds(10));
            Assert.Equal(device.Key, state.Last?.Key);
        }
    }
}
