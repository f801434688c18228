using Akka.Actor;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Configuration;
using Kdfm.Printers;
using Kdfm.Snmp.Snmprec;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

/// <summary>Discovery and first readings over real loopback sockets, on the collector's actors.</summary>
public class ScanTests
{
    private static CollectorSettings Settings(InProcessFleet fleet, string target) => new()
    {
        Targets = [target],
        Port = fleet[0].Port,
        Timeout = TimeSpan.FromMilliseconds(500),
        Retries = 1,
        Concurrency = 1024,
        PacketsPerSecond = 0,
    };

    [Fact]
    public async Task A_scan_of_a_22_finds_every_simulated_printer_once_with_its_recording()
    {
        var walks = Directory.EnumerateFiles(RepositoryPaths.DemoWalks, "*.snmprec").Order(StringComparer.Ordinal).ToList();
        await using var fleet = InProcessFleet.Start(walks, count: 256, range: "127.25.0.0/22");
        await using var node = CollectorNode.Start(Settings(fleet, "127.25.0.0/22"));
        var scan = await node.ScanAsync(["127.25.0.0/22"]).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1022, scan.Discovery.Probed);
        Assert.Equal(256, scan.Snapshots.Length);
        Assert.Equal(256, scan.Snapshots.Select(s => s.Key).Distinct().Count());
        Assert.Empty(scan.Unreadable);

        // The first device of each walk serves it verbatim: its snapshot is the recording's.
        for (int i = 0; i < walks.Count; i++)
        {
            var recorded = PrinterInterpreter.Interpret(SnmprecFormat.ReadFile(walks[i]).Rows, new SnapshotContext(null, default));
            var live = scan.Snapshots.Single(s => s.Address == fleet[i].Address.ToString());
            Assert.Equal(recorded.Key, live.Key);
            Assert.Equal(recorded.Counters.ToArray(), live.Counters.ToArray());
            Assert.Equal(recorded.Supplies.ToArray(), live.Supplies.ToArray());
        }
    }

    [Fact]
    public async Task A_scan_of_256_copies_of_the_corpus_printers_on_a_22_gives_256_distinct_devices()
    {
        var walks = RepositoryPaths.CorpusPrinterWalks();
        await using var fleet = InProcessFleet.Start(walks, count: 256, range: "127.26.0.0/22");
        await using var node = CollectorNode.Start(Settings(fleet, "127.26.0.0/22") with { Timeout = TimeSpan.FromSeconds(2) });
        var scan = await node.ScanAsync(["127.26.0.0/22"]).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(18, walks.Count);
        Assert.Empty(scan.Unreadable);
        Assert.Equal(256, scan.Snapshots.Length);
        Assert.Equal(256, scan.Snapshots.Select(s => s.Key).Distinct().Count());
        Assert.All(scan.Snapshots, s => Assert.Null(s.SameIdentityAs));
        var known = await node.Registry.Ask<DeviceRegistry.KnownDevices>(new DeviceRegistry.GetKnownDevices(), TimeSpan.FromSeconds(10));
        Assert.Equal(256, known.Devices.Length);
    }

    [Fact]
    public async Task Broken_devices_do_not_stop_the_healthy_ones_from_being_found_and_read()
    {
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], 100, null, "public",
            o => o with { SilentFraction = 0.1, SlowFraction = 0.1, SlowMilliseconds = 200, GarbageFraction = 0.1 });
        await using var node = CollectorNode.Start(Settings(fleet, fleet.RangeText));
        var scan = await node.ScanAsync([fleet.RangeText]).WaitAsync(TimeSpan.FromSeconds(60));

        var answering = fleet.Addresses(normalOrSlow: true);
        Assert.Equal(answering.Order(), scan.Snapshots.Select(s => s.Address!).Order());
        Assert.True(fleet.Server.Malformed == 0);
    }

    [Fact]
    public async Task A_second_scan_reads_the_same_devices_and_a_printer_moved_by_dhcp_keeps_its_key()
    {
        var walk = Path.Combine(RepositoryPaths.DemoWalks, "demo-kyocera-m2999dn.snmprec");
        var settings = new CollectorSettings { Timeout = TimeSpan.FromMilliseconds(300), Retries = 0, PacketsPerSecond = 0 };
        await using var before = InProcessFleet.Start([walk], range: "127.28.1.0/24");
        await using var node = CollectorNode.Start(settings with { Targets = ["127.28.0.0/23"], Port = before[0].Port });
        var moves = Events.Of<DeviceMoved>(node.System);

        var first = await node.ScanAsync(["127.28.1.0/24"]).WaitAsync(TimeSpan.FromSeconds(60));
        var again = await node.ScanAsync(["127.28.1.0/24"]).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("kyocera:VKD7100042", first.Snapshots.Single().Key);
        Assert.Equal(first.Snapshots.Select(s => s.Key), again.Snapshots.Select(s => s.Key));

        // The same printer now answers at another address (same port, as DHCP would do).
        await before.DisposeAsync();
        await using var after = InProcessFleet.Start([walk], range: "127.28.0.128/25", port: before[0].Port);
        var moved = await node.ScanAsync(["127.28.0.128/25"]).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("kyocera:VKD7100042", moved.Snapshots.Single().Key);
        Assert.Equal(after[0].Address.ToString(), moved.Snapshots.Single().Address);
        await Eventually.True(() => Events.Read(moves).Count > 0, "the move is announced");
        var move = Assert.Single(Events.Read(moves));
        Assert.Equal((before[0], after[0]), (move.From, move.To));
    }
}
