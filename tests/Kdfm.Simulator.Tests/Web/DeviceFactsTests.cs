using System.Text;
using Kdfm.Printers;
using Kdfm.Simulator.Agent;
using Kdfm.Simulator.Fleet;
using Kdfm.Simulator.Web;
using Kdfm.Snmp;
using Kdfm.Snmp.Addressing;
using Kdfm.Snmp.Snmprec;
using Kdfm.Testing;

namespace Kdfm.Simulator.Tests.Web;

public class DeviceFactsTests
{
    private static DeviceFacts Read(string demoWalk) =>
        DeviceFacts.Read(new MibView(SnmprecFormat.ReadFile(Path.Combine(RepositoryPaths.DemoWalks, demoWalk)).Rows));

    [Fact]
    public void A_demo_walk_gives_its_model_serial_names_and_page_count()
    {
        Assert.Equal(
            new DeviceFacts("ECOSYS M2999dn", "VKD7100042", "KM-DEMO-1", "Floor 2, copy room", "KYOCERA Document Solutions Printing System", null, 64392),
            Read("demo-kyocera-m2999dn.snmprec"));
    }

    [Fact]
    public void The_manufacturer_comes_from_the_device_id_the_device_serves()
    {
        var brother = Read("demo-brother-hl9999.snmprec");
        Assert.Equal("Brother", brother.Manufacturer);
        Assert.Equal("Brother HL-9999CDW series", brother.Model);
        Assert.Equal("E78123A9N999999", brother.Serial);
    }

    [Fact]
    public void A_copy_shows_its_own_serial_the_one_its_view_serves()
    {
        var (devices, _) = FleetBuilder.Build(
            new FleetOptions([Path.Combine(RepositoryPaths.DemoWalks, "demo-kyocera-m2999dn.snmprec")], AddressRange.Parse("127.20.0.0/24"), 161) { Count = 3 }, 0);
        var serials = devices.Select(d => DeviceFacts.Read(d.View).Serial).ToList();
        var served = devices.Select(d => (string?)d.View.ValueAt(d.View.Find(Oid.Parse("1.3.6.1.2.1.43.5.1.1.17.1"))).ToString()).ToList();
        Assert.Equal(served, serials);
        Assert.Equal("VKD7100042", serials[0]);
        Assert.Equal(3, serials.Distinct().Count());
    }

    [Fact]
    public void Without_standard_columns_the_serial_is_a_vendor_variable_without_its_pml_prefix_and_the_model_the_first_device()
    {
        var rows = new VarBind[]
        {
            new(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString(Encoding.Latin1.GetBytes("Drucker Büro\0\0"))),
            new(Oid.Parse("1.3.6.1.2.1.25.3.2.1.2.1"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.2.1.25.3.1.4"))),
            new(Oid.Parse("1.3.6.1.2.1.25.3.2.1.3.1"), SnmpValue.OctetString("HP LaserJet 4250")),
            new(Oid.Parse("1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0"), SnmpValue.OctetString([0xFD, 0xE8, .. "CNRXK12345"u8])),
        };
        var facts = DeviceFacts.Read(new MibView(rows));
        Assert.Equal(new DeviceFacts("HP LaserJet 4250", "CNRXK12345", "Drucker Büro", null, null, null, null), facts);
    }

    public static TheoryData<string> CorpusWalks() => [.. Directory.EnumerateFiles(RepositoryPaths.CorpusWalks, "*.snmprec").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>The page shows the serial the collector reads from the same answers (Kdfm.Printers' interpreter), when both find one.</summary>
    [Theory]
    [MemberData(nameof(CorpusWalks))]
    public void The_serial_is_the_one_the_collector_reads(string file)
    {
        var rows = SnmprecFormat.ReadFile(Path.Combine(RepositoryPaths.CorpusWalks, file)).Rows;
        var snapshot = PrinterInterpreter.Interpret(rows, new SnapshotContext("127.20.0.1", DateTimeOffset.UnixEpoch));
        var facts = DeviceFacts.Read(new MibView(rows));
        Assert.Equal(snapshot.Serial, facts.Serial);
    }
}
