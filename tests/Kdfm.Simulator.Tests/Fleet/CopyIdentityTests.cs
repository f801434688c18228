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

    private static string Ascii(SnmpValue value) => Encoding.ASCII.GetString(value.Bytes);

    [Fact]
    public void A_serial_only_in_a_vendors_private_variable_changes_everywhere_it_appears()
    {
        // librenms' brother walk: the serial is only at Brother's 2435.2.3.9.4.2.1.5.5.1.0.
        VarBind[] rows =
        [
            new(Oid.Parse("1.3.6.1.2.1.1.1.0"), SnmpValue.OctetString("Brother NC-8300h, Firmware Ver.1.14")),
            new(Oid.Parse("1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.1.0"), SnmpValue.OctetString("000A5J431816")),
            new(Oid.Parse("1.3.6.1.4.1.2435.9.9.0"), SnmpValue.OctetString("serial 000A5J431816 here")),
        ];
        var changes = CopyIdentity.Changes(rows, 2);
        Assert.Equal([1, 2], changes.Keys.Order());
        Assert.Equal("000A5J431818", Ascii(changes[1]));
        Assert.Equal("serial 000A5J431818 here", Ascii(changes[2]));
    }

    [Fact]
    public void Serials_in_ieee_1284_fields_and_hp_sysdescr_change_with_their_pml_twin()
    {
        VarBind[] rows =
        [
            new(Oid.Parse("1.3.6.1.2.1.1.1.0"), SnmpValue.OctetString("HP ETHERNET MULTI-ENVIRONMENT,SN:VNCRC48198,FN:4Q817L4")),
            new(Oid.Parse("1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0"), SnmpValue.OctetString([0x01, 0x15, .. "VNCRC48198"u8])),
            new(Oid.Parse("1.3.6.1.4.1.2699.1.2.1.2.1.1.3.1"), SnmpValue.OctetString("MFG:EPSON;MDL:SC-T3405;SERN:X8G9000415;")),
            new(Oid.Parse("1.3.6.1.4.1.1248.9.9.0"), SnmpValue.OctetString("X8G9000415")),
        ];
        var changes = CopyIdentity.Changes(rows, 1);
        Assert.Equal("HP ETHERNET MULTI-ENVIRONMENT,SN:VNCRC48199,FN:4Q817L4", Ascii(changes[0]));
        Assert.Equal([0x01, 0x15, .. "VNCRC48199"u8], changes[1].Bytes.ToArray());
        Assert.Equal("MFG:EPSON;MDL:SC-T3405;SERN:X8G9000416;", Ascii(changes[2]));
        Assert.Equal("X8G9000416", Ascii(changes[3]));
    }

    [Fact]
    public void The_mac_changes_in_its_text_forms_too()
    {
        VarBind[] rows =
        [
            new(Oid.Parse("1.3.6.1.2.1.2.2.1.6.1"), SnmpValue.OctetString([0x00, 0x1B, 0xA9, 0x0B, 0xA7, 0x52])),
            new(Oid.Parse("1.3.6.1.4.1.2435.2.4.3.2435.5.13.3.0"), SnmpValue.OctetString("Brother HL-5370DW series [001ba90ba752]")),
            new(Oid.Parse("1.3.6.1.4.1.9999.2.0"), SnmpValue.OctetString("MAC 00:1B:A9:0B:A7:52 / 00-1b-a9-0b-a7-52")),
        ];
        var changes = CopyIdentity.Changes(rows, 3);
        Assert.Equal([0x00, 0x1B, 0xA9, 0x0B, 0xA7, 0x51], changes[0].Bytes.ToArray());
        Assert.Equal("Brother HL-5370DW series [001ba90ba751]", Ascii(changes[1]));
        Assert.Equal("MAC 00:1B:A9:0B:A7:51 / 00-1b-a9-0b-a7-51", Ascii(changes[2]));
    }

    [Fact]
    public void A_mutated_serial_keeps_its_punctuation_and_case()
    {
        Assert.Equal("7XQ1R92-132-24", Encoding.ASCII.GetString(CopyIdentity.MutateSerial("7XQ1R92-132-13"u8.ToArray(), 1 + 36)));
        Assert.Equal("serial_numbes", Encoding.ASCII.GetString(CopyIdentity.MutateSerial("serial_number"u8.ToArray(), 1)));
    }

    [Fact]
    public void A_walk_without_serial_or_mac_has_nothing_to_change()
    {
        Assert.Empty(CopyIdentity.Changes([Rows[1]], 3));
    }
}
