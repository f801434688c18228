using System.Text;
using Kdfm.Simulator.Fleet;
using Kdfm.Snmp;

namespace Kdfm.Simulator.Tests.Fleet;

public class CopyIdentityTests
{
    private static readonly VarBind[] Rows =
    [
        new(Oid.Parse("1.3.6.1.2.1.2.2.1.6.1"), SnmpValue.OctetString([0x00, 0x17, 0xC8, 0x12, 0x34, 0x56])),
        new(Oid.Parse("1.3.6.1.2.1.25.3.2.1.3.1"), SnmpValue.OctetString("ECOSYS M2040dn")),
        new(Oid.Parse("1.3.6.1.2.1.43.5.1.1.17.1"), SnmpValue.OctetString("VCF9192281")),
        new(Oid.Parse("1.3.6.1.4.1.1347.43.5.1.1.28.1"), SnmpValue.OctetString("SN:VCF9192281;")),
        new(Oid.Parse("1.3.6.1.4.1.9999.1.0"), SnmpValue.OctetString([0xAA, 0x00, 0x17, 0xC8, 0x12, 0x34, 0x56, 0xBB])),
    ];

    [Fact]
    public void Every_occurrence_of_the_serial_and_the_mac_changes_and_nothing_else()
    {
        var changes = CopyIdentity.Changes(Rows, 1);
        Assert.Equal([0, 2, 3, 4], changes.Keys.Order());
        string serial = Encoding.ASCII.GetString(changes[2].Bytes);
        Assert.NotEqual("VCF9192281", serial);
        Assert.Equal(10, serial.Length);
        Assert.Equal($"SN:{serial};", Encoding.ASCII.GetString(changes[3].Bytes));
        var mac = changes[0].Bytes.ToArray();
        Assert.Equal([0x00, 0x17, 0xC8], mac[..3]);
        Assert.Equal([0xAA, .. mac, 0xBB], changes[4].Bytes.ToArray());
    }

    [Fact]
    public void Copies_are_distinct_from_each_other_and_from_the_original()
    {
        var serials = new HashSet<string> { "VCF9192281" };
        var macs = new HashSet<string> { "0017C8123456" };
        for (int copy = 1; copy <= 5000; copy++)
        {
            Assert.True(serials.Add(Encoding.ASCII.GetString(CopyIdentity.MutateSerial("VCF9192281"u8.ToArray(), copy))), $"serial of copy {copy}");
            Assert.True(macs.Add(Convert.ToHexString(CopyIdentity.MutateMac([0x00, 0x17, 0xC8, 0x12, 0x34, 0x56], copy))), $"MAC of copy {copy}");
        }
    }

    [Fact]
    public void A_walk_without_serial_or_mac_has_nothing_to_change()
    {
        Assert.Empty(CopyIdentity.Changes([Rows[1]], 3));
    }
}
