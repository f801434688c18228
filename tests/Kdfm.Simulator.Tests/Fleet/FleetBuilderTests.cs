using Kdfm.Simulator.Fleet;
using Kdfm.Snmp.Addressing;
using Kdfm.Testing;

namespace Kdfm.Simulator.Tests.Fleet;

public class FleetBuilderTests
{
    private static FleetOptions Options(int? count = null) =>
        new([RepositoryPaths.DemoWalks], AddressRange.Parse("127.20.0.0/22"), 1161) { Count = count };

    [Fact]
    public void Devices_take_the_walks_round_robin_from_the_first_host_address()
    {
        var (devices, walks) = FleetBuilder.Build(Options(12), 0);
        Assert.Equal(5, walks.Count);
        Assert.Equal(12, devices.Count);
        Assert.Equal("127.20.0.1", devices[0].EndPoint.Address.ToString());
        Assert.Equal("127.20.0.12", devices[11].EndPoint.Address.ToString());
        Assert.Equal(devices[0].Walk, devices[5].Walk);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2], devices.Select(d => d.Copy));
        Assert.Equal(12, devices.Select(d => Convert.ToHexString(d.EngineId)).Distinct().Count());
    }

    [Fact]
    public void One_device_per_walk_by_default()
    {
        var (devices, _) = FleetBuilder.Build(Options(), 0);
        Assert.Equal(5, devices.Count);
    }

    [Fact]
    public void Too_many_devices_for_the_range_names_the_option()
    {
        var options = new FleetOptions([RepositoryPaths.DemoWalks], AddressRange.Parse("127.20.0.0/30"), 1161) { Count = 3 };
        var e = Assert.Throws<FleetConfigurationException>(() => FleetBuilder.Build(options, 0));
        Assert.Equal("--count", e.Option);
        Assert.Contains("2 addresses", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Faults_are_drawn_per_device_in_the_given_proportions_and_reproducibly()
    {
        var options = Options(1000) with { SilentFraction = 0.1, SlowFraction = 0.05, SlowMilliseconds = 100, GarbageFraction = 0.05 };
        var (devices, _) = FleetBuilder.Build(options, 0);
        int silent = devices.Count(d => d.Behaviour == DeviceBehaviour.Silent);
        int slow = devices.Count(d => d.Behaviour == DeviceBehaviour.Slow);
        int garbage = devices.Count(d => d.Behaviour == DeviceBehaviour.Garbage);
        Assert.InRange(silent, 70, 130);
        Assert.InRange(slow, 25, 75);
        Assert.InRange(garbage, 25, 75);
        var (again, _) = FleetBuilder.Build(options, 0);
        Assert.Equal(devices.Select(d => d.Behaviour), again.Select(d => d.Behaviour));
        var (otherSeed, _) = FleetBuilder.Build(options with { Seed = 2 }, 0);
        Assert.NotEqual(devices.Select(d => d.Behaviour), otherSeed.Select(d => d.Behaviour));
    }

    [Fact]
    public void A_walk_path_that_does_not_exist_names_the_option()
    {
        var options = new FleetOptions(["/nonexistent/walks"], AddressRange.Parse("127.20.0.0/24"), 1161);
        Assert.Equal("--walks", Assert.Throws<FleetConfigurationException>(() => FleetBuilder.Build(options, 0)).Option);
    }
}
