using System.Net;
using Kdfm.Printers;
using Kdfm.Simulator.Agent;
using Kdfm.Simulator.Fleet;
using Kdfm.Snmp;
using Kdfm.Snmp.Addressing;
using Kdfm.Snmp.Snmprec;
using Kdfm.Testing;

namespace Kdfm.Simulator.Tests.Fleet;

/// <summary>Copies of the shared corpus's recorded walks are distinct devices the way the collector tells devices apart (Kdfm.Printers' key).</summary>
public class CopyIdentityCorpusTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Walks() => [.. Directory.EnumerateFiles(RepositoryPaths.CorpusWalks, "*.snmprec").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static string Key(MibView view, string address) =>
        PrinterInterpreter.Interpret(Enumerable.Range(0, view.Count).Select(i => new VarBind(view.OidAt(i), view.ValueAt(i))), new SnapshotContext(address, Now)).Key;

    private static string Kind(string key) => key.StartsWith("mac:", StringComparison.Ordinal) ? "mac" : key.StartsWith("ip:", StringComparison.Ordinal) ? "ip" : "serial";

    [Theory]
    [MemberData(nameof(Walks))]
    public void Copies_1_2_and_3_have_keys_of_their_own_of_the_same_kind_as_the_original(string file)
    {
        var walk = SnmprecFormat.ReadFile(Path.Combine(RepositoryPaths.CorpusWalks, file));
        var original = new MibView(walk.Rows);
        // Each copy answers on its own address, as kdfm-sim serves it; a key of the kind "ip:" is therefore distinct too,
        // but a walk whose original is keyed by serial or MAC must give copies keyed by a serial or MAC of their own.
        var keys = Enumerable.Range(0, 4)
            .Select(copy => Key(copy == 0 ? original : original.WithOverrides(CopyIdentity.Changes(walk.Rows, copy)), $"127.67.{copy}.1"))
            .ToList();
        Assert.Equal(4, keys.Distinct().Count());
        if (Kind(keys[0]) != "ip")
        {
            Assert.All(keys, k => Assert.Equal(Kind(keys[0]), Kind(k)));
        }
    }

    [Fact]
    public void Nineteen_devices_over_the_eighteen_walks_with_printer_mib_data_have_nineteen_keys()
    {
        // kdfm-sim --range 127.67.0.0/24 --count 19 over the walks with printer_mib_varbinds >= 10 (index.json): the
        // 19th address is the first copy of the first walk, a Brother whose serial lives only in Brother's private MIB.
        var files = RepositoryPaths.CorpusPrinterWalks();
        Assert.Equal(18, files.Count);

        var (devices, _) = FleetBuilder.Build(new FleetOptions(files, AddressRange.Parse("127.67.0.0/24"), 161) { Count = 19 }, 0);
        var keys = devices.Select(d => Key(d.View, d.EndPoint.Address.ToString())).ToList();
        Assert.Equal(19, keys.Distinct().Count());
        Assert.Equal("brother:000A5J431816", keys[0]);
        Assert.StartsWith("brother:", keys[18], StringComparison.Ordinal);
    }

    [Fact]
    public void The_serial_sources_cover_every_place_kdfm_printers_reads_a_whole_serial_from()
    {
        Assert.All(DeviceIdentity.SerialSources, source => Assert.Contains(CopyIdentity.SerialSources, s => source.StartsWith(s)));
    }

    [Fact]
    public void Copy_0_serves_the_walk_verbatim()
    {
        var file = Path.Combine(RepositoryPaths.CorpusWalks, "librenms-brother.snmprec");
        var (devices, walks) = FleetBuilder.Build(new FleetOptions([file], AddressRange.Parse("127.67.0.0/24"), 161) { Count = 2 }, 0);
        var rows = walks[0].Rows;
        Assert.Equal(rows, Enumerable.Range(0, devices[0].View.Count).Select(i => new VarBind(devices[0].View.OidAt(i), devices[0].View.ValueAt(i))));
        Assert.NotEqual(rows, Enumerable.Range(0, devices[1].View.Count).Select(i => new VarBind(devices[1].View.OidAt(i), devices[1].View.ValueAt(i))));
    }
}
