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
}
