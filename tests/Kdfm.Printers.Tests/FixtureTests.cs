using System.Text;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Tests;

/// <summary>Our own small fixtures for the paths that must always work: sentinels, bits, blobs, charsets, broken values.</summary>
public class FixtureTests
{
    private static readonly SnapshotContext Context = new("127.20.0.9", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

    private static VarBind Row(string oid, SnmpValue value) => new(Oid.Parse(oid), value);

    private static VarBind Text(string oid, string text) => Row(oid, SnmpValue.OctetString(text));

    private static VarBind Int(string oid, long value) => Row(oid, SnmpValue.Integer(value));

    private static DeviceSnapshot Interpret(params VarBind[] rows) => PrinterInterpreter.Interpret(rows, Context);

    private static VarBind[] Supply(int index, string description, long type, long capacity, long level) =>
    [
        Int($"1.3.6.1.2.1.43.11.1.1.5.1.{index}", type),
        Text($"1.3.6.1.2.1.43.11.1.1.6.1.{index}", description),
        Int($"1.3.6.1.2.1.43.11.1.1.8.1.{index}", capacity),
        Int($"1.3.6.1.2.1.43.11.1.1.9.1.{index}", level),
    ];

    [Fact]
    public void Rfc3805_sentinels_are_states_not_numbers()
    {
        var s = Interpret([.. Supply(1, "Black Toner", 3, 100, -3), .. Supply(2, "Cyan Toner", 3, 100, -2), .. Supply(3, "Waste", 4, -1, -1),
            .. Supply(4, "Magenta Toner", 3, 7200, 720), .. Supply(5, "Yellow Toner", 3, 100, 0), .. Supply(6, "Drum", 9, 20000, 15000)]);
        Assert.Equal(
            ["someRemaining:-3:", "unknown:-2:", "other:-1:", "low:720:10", "empty:0:0", "ok:15000:75"],
            s.Supplies.Select(x => $"{x.State}:{x.Level}:{x.Percent}"));
        Assert.Equal(["black", "cyan", null, "magenta", "yellow", null], s.Supplies.Select(x => x.Color));
        Assert.Equal(["toner", "toner", "wasteToner", "toner", "toner", "opc"], s.Supplies.Select(x => x.Kind));
        Assert.Equal("1.3.6.1.2.1.43.11.1.1.9.1.4", s.Supplies[3].Oid);
    }

    [Fact]
    public void Colorants_name_the_supply_colour()
    {
        var s = Interpret([.. Supply(1, "TK-5240C", 3, 100, 40), Int("1.3.6.1.2.1.43.11.1.1.3.1.1", 2), Text("1.3.6.1.2.1.43.12.1.1.4.1.2", "Cyan")]);
        Assert.Equal("cyan", s.Supplies.Single().Color);
    }

    [Fact]
    public void Error_state_bits_are_named_from_the_most_significant_bit()
    {
        // 0x24: lowToner (bit 2) and jammed (bit 5); 0x04 in the second octet: inputTrayEmpty (bit 13).
        var s = Interpret(Row("1.3.6.1.2.1.25.3.5.1.2.1", SnmpValue.OctetString([0x24, 0x04])), Int("1.3.6.1.2.1.25.3.5.1.1.1", 5));
        Assert.Equal(["lowToner", "jammed", "inputTrayEmpty"], s.Errors.ToArray());
        Assert.Equal("warmup", s.Status);
    }

    [Fact]
    public void Alerts_carry_rfc_names()
    {
        var s = Interpret(Int("1.3.6.1.2.1.43.18.1.1.2.1.1", 4), Int("1.3.6.1.2.1.43.18.1.1.4.1.1", 11), Int("1.3.6.1.2.1.43.18.1.1.6.1.1", 1),
            Int("1.3.6.1.2.1.43.18.1.1.7.1.1", 1104), Text("1.3.6.1.2.1.43.18.1.1.8.1.1", "Toner low (K)"));
        Assert.Equal(new Alert(1, "warning", "markerSupplies", "markerTonerAlmostEmpty", "Toner low (K)", 1), s.Alerts.Single());
    }

    [Fact]
    public void Identity_key_prefers_vendor_and_serial_then_mac_then_address()
    {
        var sysObjectId = Row("1.3.6.1.2.1.1.2.0", SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.1347.41")));
        var mac = Row("1.3.6.1.2.1.2.2.1.6.1", SnmpValue.OctetString([0x00, 0x17, 0xC8, 0x12, 0x34, 0x56]));
        Assert.Equal("kyocera:VCF9192281", Interpret(sysObjectId, mac, Text("1.3.6.1.2.1.43.5.1.1.17.1", " VCF9192281\0")).Key);
        Assert.Equal("mac:00:17:c8:12:34:56", Interpret(sysObjectId, mac).Key);
        Assert.Equal("ip:127.20.0.9", Interpret(sysObjectId).Key);
    }

    [Fact]
    public void Hp_supply_names_with_a_hex_second_line_are_decoded()
    {
        // The HP colour MFP value the corpus README quotes; LibreNMS expects "Black Cartridge827A HP CF300A".
        var raw = "Black Cartridge \n38 32 37 41 20 48 50 20 43 46 33 30 30 41 00 ";
        var s = Interpret([.. Supply(1, raw, 3, 100, 50)]);
        Assert.Equal("Black Cartridge827A HP CF300A", s.Supplies.Single().Description);
    }

    [Theory]
    [InlineData(106, new byte[] { 0xC5, 0x81, 0x61, 0x64, 0x75, 0x6A }, "Ładuj")]                 // UTF-8
    [InlineData(5, new byte[] { 0x6D, 0x61, 0xB3, 0x6F, 0x20, 0x74, 0x6F, 0x6E, 0x65, 0x72, 0x75 }, "mało toneru")] // latin2
    [InlineData(2004, new byte[] { 0x50, 0x61, 0x70, 0x69, 0x65, 0x72, 0x20, 0x76, 0xCF, 0x6C, 0x6C }, "Papier vüll")] // hp-roman8 (0xCF = ü)
    public void Strings_are_decoded_with_the_printers_character_set(int mibEnum, byte[] bytes, string expected)
    {
        var s = Interpret(Int("1.3.6.1.2.1.43.7.1.1.4.1.1", mibEnum), Row("1.3.6.1.2.1.1.5.0", SnmpValue.OctetString([.. bytes, 0x20, 0x20, 0x00])));
        Assert.Equal(expected, s.SysName);
    }

    [Fact]
    public void Brother_blobs_in_both_word_sizes()
    {
        // 7-byte words: 00 total 1611, 01 mono 709, 06 duplex 538; checksum byte last.
        var counters = Convert.FromHexString("00010400000" + "64B" + "01010400000" + "2C5" + "060104000002" + "1A" + "FF");
        // 5-byte words of an old model: a1 black ink 4/20.
        var legacy = Convert.FromHexString("A101020414FF");
        var s = Interpret(
            Text("1.3.6.1.2.1.1.1.0", "Brother NC-8300w"),
            Row("1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.10.0", SnmpValue.OctetString(counters)),
            Row("1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.8.0", SnmpValue.OctetString(legacy)));
        Assert.Equal("Brother", s.Vendor);
        Assert.Equal(["total=1611", "mono=709", "duplex=538"], s.Counters.Select(c => $"{c.Name}={c.Value}"));
        Assert.All(s.Counters, c => Assert.Equal("1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.10.0", c.Oid));
        var ink = s.Supplies.Single();
        Assert.Equal(("black", "ink", 4L, 20L, 20), (ink.Color, ink.Kind, ink.Level!.Value, ink.Capacity!.Value, ink.Percent!.Value));
    }

    [Fact]
    public void A_blob_that_is_no_blob_is_ignored()
    {
        var s = Interpret(Text("1.3.6.1.2.1.1.1.0", "Brother NC-8300w"), Row("1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.10.0", SnmpValue.OctetString([1, 2, 3, 4])));
        Assert.Empty(s.Counters);
    }

    [Fact]
    public void Broken_values_cost_their_field_and_leave_a_warning_not_an_exception()
    {
        var s = Interpret(
            Text("1.3.6.1.2.1.1.5.0", "still-here"),
            Row("1.3.6.1.2.1.43.10.2.1.4.1.1", SnmpValue.Counter64(ulong.MaxValue)), // no long holds it
            Int("1.3.6.1.2.1.25.3.5.1.1.1", 42),                                      // not an hrPrinterStatus
            Text("1.3.6.1.2.1.43.11.1.1.9.1.1", "not a number"),
            Text("1.3.6.1.2.1.43.11.1.1.6.1.1", "Black Toner"));
        Assert.Equal("still-here", s.SysName);
        Assert.Null(s.Status);
        Assert.Contains(s.Warnings, w => w.Contains("hrPrinterStatus 42", StringComparison.Ordinal));
        Assert.Contains(s.Warnings, w => w.Contains("OverflowException", StringComparison.Ordinal));
        Assert.Null(s.Supplies.Single().Level);
    }

    [Fact]
    public void Zebra_printed_length_is_read_from_its_text()
    {
        var s = Interpret(Row("1.3.6.1.2.1.1.2.0", SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.10642.1.1"))),
            Text("1.3.6.1.4.1.10642.200.17.3.0", "1920 INCHES, 4876 CENTIMETERS"));
        Assert.Equal(new Counter("vendor:printed length", 1920, "inches", "1.3.6.1.4.1.10642.200.17.3.0"), s.Counters.Single());
    }

    [Fact]
    public void The_poll_plan_reads_the_vendors_subtrees_and_never_all_of_enterprises()
    {
        var kyocera = Plan.PollPlan.Subtrees(Oid.Parse("1.3.6.1.4.1.1347.41"));
        Assert.Contains(Oid.Parse("1.3.6.1.4.1.1347.42.3.1"), kyocera);
        Assert.Contains(Oid.Parse("1.3.6.1.2.1.43.11.1.1"), kyocera);
        Assert.DoesNotContain(kyocera, o => o.Length <= 7 && Oid.Parse("1.3.6.1.4.1").StartsWith(o));
        Assert.DoesNotContain(kyocera, o => o.StartsWith(Oid.Parse("1.3.6.1.4.1.11")));
        var unknown = Plan.PollPlan.Subtrees(null);
        Assert.Contains(Oid.Parse("1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.1.0"), unknown);
    }

    [Fact]
    public void Snapshot_json_uses_the_contracts_names()
    {
        var json = SnapshotJson.Serialize(Interpret([.. Supply(1, "Black Toner", 3, 100, 50)]));
        foreach (var field in new[] { "\"key\"", "\"collectedAt\"", "\"sysObjectId\"", "\"uptimeSeconds\"", "\"supplies\"", "\"percent\": 50", "\"state\": \"ok\"" })
        {
            Assert.Contains(field, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_pwg_device_id_tells_vendor_and_model_when_nothing_else_does()
    {
        var s = Interpret(Text("1.3.6.1.4.1.2699.1.2.1.2.1.1.3.1", "MFG:EPSON;CMD:ESCPL2,PJL;MDL:SC-T3405 Series;CLS:PRINTER;"));
        Assert.Equal(("Epson", "SC-T3405"), (s.Vendor, s.Model));
    }
}
