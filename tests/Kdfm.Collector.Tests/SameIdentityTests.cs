using Akka.Actor;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

/// <summary>
/// Two addresses with one identity (a printer with wired and Wi-Fi interfaces, a cloned configuration), over real
/// loopback sockets: the scan ends and lists both, the device stays at one address, and it is reported once.
/// </summary>
public class SameIdentityTests
{
    private static readonly string Kyocera = Path.Combine(RepositoryPaths.DemoWalks, "demo-kyocera-m2999dn.snmprec");

    private static readonly string Hp = Path.Combine(RepositoryPaths.DemoWalks, "demo-hp-color-m9555.snmprec");

    private static CollectorSettings Settings(InProcessFleet fleet) => new()
    {
        Targets = [fleet.RangeText],
        Port = fleet[0].Port,
        Timeout = TimeSpan.FromMilliseconds(500),
        Retries = 1,
        PacketsPerSecond = 0,
    };

    [Fact]
    public async Task A_printer_at_two_addresses_is_listed_at_both_marked_once_and_polled_at_one_without_flapping()
    {
        // The same walk twice: both addresses serve it verbatim, so both answer with kyocera:VKD7100042.
        await using var fleet = InProcessFleet.Start([Kyocera, Kyocera]);
        await using var node = CollectorNode.Start(Settings(fleet));
        var reports = Events.Of<SameIdentityFound>(node.System);
        var moves = Events.Of<DeviceMoved>(node.System);
        string first = fleet[0].Address.ToString(), second = fleet[1].Address.ToString();

        var scan = await node.ScanAsync([fleet.RangeText]).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal([first, second], scan.Snapshots.Select(s => s.Address));
        Assert.All(scan.Snapshots, s => Assert.Equal("kyocera:VKD7100042", s.Key));
        var marked = Assert.Single(scan.Snapshots, s => s.SameIdentityAs is not null);
        var primary = Assert.Single(scan.Snapshots, s => s.SameIdentityAs is null);
        Assert.Equal(primary.Address, marked.SameIdentityAs);
        Assert.Empty(scan.Unreadable);
        Assert.False(scan.Interrupted);

        // The next discoveries see both again: same answer, the device stays where it was, no new report, no move.
        for (int i = 0; i < 2; i++)
        {
            var again = await node.ScanAsync([fleet.RangeText]).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(scan.Snapshots.Select(s => (s.Address, s.SameIdentityAs)), again.Snapshots.Select(s => (s.Address, s.SameIdentityAs)));
        }

        var device = await node.Registry.Ask<DeviceState>(new DeviceRegistry.GetDevice("kyocera:VKD7100042"), TimeSpan.FromSeconds(10));
        Assert.Equal(primary.Address, device.EndPoint.Address.ToString());
        await Eventually.True(() => Events.Read(reports).Count == 3, "three discoveries reported the second address");
        Assert.Equal([true, false, false], Events.Read(reports).Select(r => r.FirstReport));
        Assert.Empty(Events.Read(moves));
        var known = await node.Registry.Ask<DeviceRegistry.KnownDevices>(new DeviceRegistry.GetKnownDevices(), TimeSpan.FromSeconds(10));
        Assert.Equal(primary.Address, Assert.Single(known.Devices).EndPoint.Address.ToString());
    }

    [Fact]
    public async Task Two_printers_sharing_a_placeholder_serial_and_mac_are_two_devices_keyed_by_address()
    {
        // brother-py's fixtures all say serial "serial_number" and MAC aa:bb:cc:dd:ee:ff (a locally administered one):
        // neither is an identity, so the key falls back to the address, and both printers are listed and polled.
        string[] walks = [Path.Combine(RepositoryPaths.CorpusWalks, "brother-py-dcp-l3550cdw.snmprec"), Path.Combine(RepositoryPaths.CorpusWalks, "brother-py-hl-l2340dw.snmprec")];
        await using var fleet = InProcessFleet.Start(walks);
        await using var node = CollectorNode.Start(Settings(fleet));

        var scan = await node.ScanAsync([fleet.RangeText]).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal([$"ip:{fleet[0].Address}", $"ip:{fleet[1].Address}"], scan.Snapshots.Select(s => s.Key));
        Assert.All(scan.Snapshots, s => Assert.Equal("serial_number", s.Serial));
        Assert.All(scan.Snapshots, s => Assert.Null(s.SameIdentityAs));
        var known = await node.Registry.Ask<DeviceRegistry.KnownDevices>(new DeviceRegistry.GetKnownDevices(), TimeSpan.FromSeconds(10));
        Assert.Equal(2, known.Devices.Length);
    }

    [Fact]
    public async Task Two_printers_that_swap_addresses_each_keep_their_key_and_follow_their_printer()
    {
        await using var before = InProcessFleet.Start([Kyocera, Hp]);
        var settings = Settings(before);
        await using var node = CollectorNode.Start(settings);
        var scan = await node.ScanAsync([before.RangeText]).WaitAsync(TimeSpan.FromSeconds(60));
        var keys = scan.Snapshots.ToDictionary(s => s.Address!, s => s.Key);
        string first = before[0].Address.ToString(), second = before[1].Address.ToString();

        // DHCP hands each printer the other's address (same port).
        await before.DisposeAsync();
        await using var after = InProcessFleet.Start([Hp, Kyocera], range: before.RangeText, port: before[0].Port);
        var swapped = await node.ScanAsync([before.RangeText]).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal([(first, keys[second]), (second, keys[first])], swapped.Snapshots.Select(s => (s.Address!, s.Key)));
        Assert.All(swapped.Snapshots, s => Assert.Null(s.SameIdentityAs));
        foreach (var (address, key) in new[] { (first, keys[second]), (second, keys[first]) })
        {
            var device = await node.Registry.Ask<DeviceState>(new DeviceRegistry.GetDevice(key), TimeSpan.FromSeconds(10));
            Assert.Equal(address, device.EndPoint.Address.ToString());
        }
    }
}
