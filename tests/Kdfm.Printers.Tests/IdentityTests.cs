using Kdfm.Snmp;

namespace Kdfm.Printers.Tests;

/// <summary>What may name a device: a placeholder serial or a MAC that names no single interface is data, never the key.</summary>
public class IdentityTests
{
    private static readonly SnapshotContext Context = new("127.20.0.9", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private static readonly VarBind Kyocera = new(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.1347.41")));
    private static readonly byte[] GoodMac = [0x00, 0x17, 0xC8, 0x12, 0x34, 0x56];

    private static VarBind Mac(byte[] mac, uint ifIndex = 1) => new(Oid.Parse($"1.3.6.1.2.1.2.2.1.6.{ifIndex}"), SnmpValue.OctetString(mac));

    private static VarBind Serial(string serial) => new(Oid.Parse("1.3.6.1.2.1.43.5.1.1.17.1"), SnmpValue.OctetString(serial));

    [Theory]
    [InlineData("0000000000")]
    [InlineData("XXXXXX")]
    [InlineData("xxxxxxxx")]
    [InlineData("111")]
    [InlineData("UNKNOWN")]
    [InlineData("Unknown ")]
    [InlineData("none")]
    [InlineData("NULL")]
    [InlineData("serial")]
    [InlineData("serial_number")]       // the brother-py fixtures' anonymised serial
    [InlineData("Serial Number")]
    [InlineData("S/N")]
    [InlineData("Default")]
    [InlineData("123456789")]
    [InlineData("0123456789")]
    [InlineData("1234567890")]
    [InlineData("987654321")]
    [InlineData("ABCDEF")]
    [InlineData("--------")]
    [InlineData("?????")]
    [InlineData("  ")]
    [InlineData("A1")]                  // fewer than three letters or digits
    public void A_placeholder_serial_is_kept_as_data_but_the_key_falls_back_to_the_mac(string serial)
    {
        var s = PrinterInterpreter.Interpret([Kyocera, Mac(GoodMac), Serial(serial)], Context);
        Assert.Equal("mac:00:17:c8:12:34:56", s.Key);
        Assert.False(DeviceIdentity.IsUsableSerial(serial));
    }

    [Theory]
    [InlineData("VCF9192281")]
    [InlineData("AAA0A00000")]   // librenms' masked HP serial still tells devices apart
    [InlineData("7XQ1R92-132-13")]
    [InlineData("X8G9000415")]
    public void A_real_serial_is_the_key(string serial)
    {
        var s = PrinterInterpreter.Interpret([Kyocera, Mac(GoodMac), Serial(serial)], Context);
        Assert.Equal($"kyocera:{serial}", s.Key);
        Assert.Equal(serial, s.Serial);
    }

    [Fact]
    public void The_placeholder_stays_in_the_snapshot_as_read()
    {
        var s = PrinterInterpreter.Interpret([Kyocera, Mac(GoodMac), Serial("0000000000")], Context);
        Assert.Equal("0000000000", s.Serial);
    }

    [Fact]
    public void A_placeholder_in_the_standard_mib_gives_way_to_the_vendors_real_serial()
    {
        var vendorSerial = new VarBind(Oid.Parse("1.3.6.1.4.1.1347.43.5.1.1.28.1"), SnmpValue.OctetString("VCF9192281"));
        var s = PrinterInterpreter.Interpret([Kyocera, Serial("0000000000"), vendorSerial], Context);
        Assert.Equal(("VCF9192281", "kyocera:VCF9192281"), (s.Serial, s.Key));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0 }, null)]                                         // all zeros: no MAC at all
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, "ff:ff:ff:ff:ff:ff")]           // broadcast
    [InlineData(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB }, "01:00:5e:00:00:fb")]           // multicast
    [InlineData(new byte[] { 0x02, 0x42, 0xAC, 0x11, 0x00, 0x02 }, "02:42:ac:11:00:02")]           // locally administered
    [InlineData(new byte[] { 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF }, "aa:bb:cc:dd:ee:ff")]           // brother-py's anonymised MAC
    public void A_mac_that_names_no_single_interface_falls_back_to_the_address(byte[] mac, string? shown)
    {
        var s = PrinterInterpreter.Interpret([Kyocera, Mac(mac), Serial("UNKNOWN")], Context);
        Assert.Equal("ip:127.20.0.9", s.Key);
        Assert.Equal(shown, s.Mac);
    }

    [Fact]
    public void A_universal_mac_on_another_interface_is_preferred_to_a_locally_administered_one()
    {
        var s = PrinterInterpreter.Interpret([Kyocera, Mac([0x02, 0x42, 0xAC, 0x11, 0x00, 0x02], 1), Mac(GoodMac, 2)], Context);
        Assert.Equal(("00:17:c8:12:34:56", "mac:00:17:c8:12:34:56"), (s.Mac, s.Key));
    }

    [Fact]
    public void A_serial_in_an_ieee_1284_device_id_is_read_when_no_mib_has_one()
    {
        var deviceId = new VarBind(Oid.Parse("1.3.6.1.4.1.2699.1.2.1.2.1.1.3.1"), SnmpValue.OctetString("MFG:Kyocera;MDL:CS 4053ci;SN:RH28Y00024;"));
        var s = PrinterInterpreter.Interpret([Kyocera, deviceId], Context);
        Assert.Equal(("RH28Y00024", "kyocera:RH28Y00024"), (s.Serial, s.Key));
    }
}
