using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Tests;

/// <summary>Whatever a broken or hostile agent sends, the snapshot stays small: strings and tables are capped (SnapshotLimits).</summary>
public class HostileValueTests
{
    private static readonly SnapshotContext Context = new("127.20.0.9", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private static readonly VarBind Kyocera = new(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.1347.41")));
    private static readonly VarBind Mac = new(Oid.Parse("1.3.6.1.2.1.2.2.1.6.1"), SnmpValue.OctetString([0x00, 0x17, 0xC8, 0x12, 0x34, 0x56]));

    private static VarBind Text(string oid, string text) => new(Oid.Parse(oid), SnmpValue.OctetString(text));

    private static VarBind Int(string oid, long value) => new(Oid.Parse(oid), SnmpValue.Integer(value));

    private static string Long(int chars) => string.Concat(Enumerable.Range(0, chars).Select(i => (char)('A' + i % 26)));

    [Fact]
    public void A_4_kb_serial_is_capped_and_still_gives_a_stable_bounded_key()
    {
        string serial = Long(4096);
        VarBind[] rows = [Kyocera, Mac, Text("1.3.6.1.2.1.43.5.1.1.17.1", serial)];
        var first = PrinterInterpreter.Interpret(rows, Context);
        var again = PrinterInterpreter.Interpret(rows, Context with { Address = "127.20.0.10" });
        Assert.Equal(serial[..SnapshotLimits.IdentityChars], first.Serial);
        Assert.Equal("mac:00:17:c8:12:34:56", first.Key); // 1,024 characters are no serial: the MAC names the device
        Assert.Equal(first.Key, again.Key);
    }

    [Fact]
    public void Identity_strings_of_64_kb_are_capped_at_1_kb()
    {
        string huge = Long(65000);
        var s = PrinterInterpreter.Interpret(
        [
            Kyocera, Text("1.3.6.1.2.1.1.1.0", huge), Text("1.3.6.1.2.1.1.4.0", huge), Text("1.3.6.1.2.1.1.5.0", huge), Text("1.3.6.1.2.1.1.6.0", huge),
            Text("1.3.6.1.4.1.1347.43.5.1.1.1.1", huge), Text("1.3.6.1.2.1.47.1.1.1.1.10.1", huge),
        ], Context);
        Assert.All(new[] { s.SysDescr, s.SysContact, s.SysName, s.SysLocation, s.Model, s.Firmware }, v => Assert.Equal(SnapshotLimits.IdentityChars, v!.Length));
        Assert.Equal(huge[..SnapshotLimits.IdentityChars], s.SysName);
    }

    [Fact]
    public void Five_thousand_alerts_of_64_kb_keep_the_first_rows_with_capped_descriptions()
    {
        var description = SnmpValue.OctetString(new byte[64 * 1024].Select((_, i) => (byte)('a' + i % 26)).ToArray()); // one array, shared by every row
        var rows = new List<VarBind> { Kyocera };
        for (int i = 1; i <= 5000; i++)
        {
            rows.Add(Int($"1.3.6.1.2.1.43.18.1.1.2.1.{i}", 4));
            rows.Add(Int($"1.3.6.1.2.1.43.18.1.1.7.1.{i}", 1104));
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.18.1.1.8.1.{i}"), description));
        }

        var s = PrinterInterpreter.Interpret(rows, Context);
        Assert.InRange(s.Alerts.Length, 1, SnapshotLimits.TableRows - 1); // the row cap, then the whole snapshot's budget
        Assert.Equal(Enumerable.Range(1, s.Alerts.Length), s.Alerts.Select(a => a.Index));
        Assert.All(s.Alerts, a => Assert.Equal(SnapshotLimits.TextChars, a.Description!.Length));
        Assert.Contains($"alerts: more than {SnapshotLimits.TableRows} rows; the rest are dropped", s.Warnings);
        Assert.Contains($"alerts: {SnapshotLimits.TableRows - s.Alerts.Length} rows dropped to keep the snapshot within {SnapshotLimits.SnapshotBytes} bytes", s.Warnings);
    }

    public static TheoryData<string, string> Tables => new()
    {
        { "supplies", "1.3.6.1.2.1.43.11.1.1.6.1.{0}|1.3.6.1.2.1.43.11.1.1.9.1.{0}" },
        { "input trays", "1.3.6.1.2.1.43.8.2.1.13.1.{0}|1.3.6.1.2.1.43.8.2.1.10.1.{0}" },
        { "counters", "|1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.{0}.1" }, // Konica Minolta's counter table: numbers only
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void A_table_of_2000_rows_keeps_the_first_512(string table, string columns)
    {
        var rows = new List<VarBind> { new(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.18334.1.1.1.2.1.117.2.2"))) };
        var (text, number) = (columns.Split('|')[0], columns.Split('|')[1]);
        for (int i = 1; i <= 2000; i++)
        {
            if (text.Length > 0)
            {
                rows.Add(Text(string.Format(System.Globalization.CultureInfo.InvariantCulture, text, i), $"Toner {i}"));
            }

            rows.Add(Int(string.Format(System.Globalization.CultureInfo.InvariantCulture, number, i), 50 + i));
        }

        var s = PrinterInterpreter.Interpret(rows, Context);
        int kept = table switch { "supplies" => s.Supplies.Length, "input trays" => s.Trays.Length, _ => s.Counters.Length };
        Assert.Equal(SnapshotLimits.TableRows, kept);
        Assert.Equal([$"{table}: more than {SnapshotLimits.TableRows} rows; the rest are dropped"], s.Warnings.AsEnumerable());
    }

    [Fact]
    public void Table_texts_of_10_000_characters_are_capped()
    {
        string name = Long(10_000);
        var rows = new List<VarBind> { Kyocera };
        for (int i = 1; i <= 10; i++)
        {
            rows.Add(Text($"1.3.6.1.2.1.43.11.1.1.6.1.{i}", name));
            rows.Add(Int($"1.3.6.1.2.1.43.11.1.1.9.1.{i}", 50));
            rows.Add(Text($"1.3.6.1.2.1.43.8.2.1.13.1.{i}", name));
            rows.Add(Int($"1.3.6.1.2.1.43.8.2.1.10.1.{i}", 100));
            rows.Add(Text($"1.3.6.1.2.1.43.16.5.1.2.1.{i}", name));
        }

        var s = PrinterInterpreter.Interpret(rows, Context);
        Assert.Equal((10, 10, 10), (s.Supplies.Length, s.Trays.Length, s.Display.Length));
        Assert.All(s.Supplies.Select(x => x.Description).Concat(s.Trays.Select(t => t.Name)).Concat(s.Display), t => Assert.Equal(name[..SnapshotLimits.TextChars], t));
    }

    [Fact]
    public void A_cut_in_the_middle_of_a_utf8_character_keeps_the_text_utf8()
    {
        // "€" is three bytes; 1,000 characters read at most 4,000 bytes, which ends inside a "€": the cut must not turn
        // the string into Latin-1 mojibake.
        var bytes = System.Text.Encoding.UTF8.GetBytes(new string('€', 3000));
        var text = Kdfm.Printers.Text.OctetDecoder.Decode(bytes, null, 1000);
        Assert.Equal(new string('€', 1000), text);
    }
}
