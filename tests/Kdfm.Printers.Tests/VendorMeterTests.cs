using Kdfm.Printers.Meters;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Tests;

/// <summary>
/// One test per vendor mapping of issue 14, each on a small fixture of that vendor's counter table written from the
/// MIB's definitions (column and enumeration numbers as the MIB gives them; values made up, with rows deliberately out
/// of the order a fixed index would expect), never a copied walk.
/// </summary>
public class VendorMeterTests
{
    private static readonly SnapshotContext Context = new("127.20.0.14", new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));

    private static VarBind Int(string oid, long value) => new(Oid.Parse(oid), SnmpValue.Integer(value));

    private static VarBind Text(string oid, string text) => new(Oid.Parse(oid), SnmpValue.OctetString(text));

    private static VarBind SysObjectId(string oid) => new(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.ObjectIdentifier(Oid.Parse(oid)));

    /// <summary>prtMarkerLifeCount and prtMarkerProcessColorants of marker 1.</summary>
    private static VarBind[] Marker(long total, long colorants) => [Int("1.3.6.1.2.1.43.10.2.1.4.1.1", total), Int("1.3.6.1.2.1.43.10.2.1.6.1.1", colorants)];

    /// <summary>Every snapshot this instance's fixtures made (the census below reads them).</summary>
    private readonly List<DeviceSnapshot> _made = [];

    private DeviceSnapshot Interpret(params VarBind[] rows)
    {
        var snapshot = PrinterInterpreter.Interpret(rows, Context);
        _made.Add(snapshot);
        return snapshot;
    }

    /// <summary>The vocabulary counters as name=value@oid, in snapshot order.</summary>
    private static string[] Meters(DeviceSnapshot s) =>
        [.. s.Counters.Where(c => MeterNames.IsVocabulary(c.Name)).Select(c => $"{c.Name}={c.Value}@{c.Oid}")];

    private static Counter Named(DeviceSnapshot s, string name) => s.Counters.Single(c => c.Name == name);

    [Fact]
    public void Sharp_rows_are_mapped_by_their_description_not_their_index()
    {
        const string E = "1.3.6.1.4.1.2385.1.1.19.2.1";
        var s = Interpret([SysObjectId("1.3.6.1.4.1.2385.3.1.112.1.2"), .. Marker(900, 4),
            // The names in column 4 decide; the index here is not the one librenms' walk has for them.
            Int($"{E}.3.9.4.1", 300), Text($"{E}.4.9.4.1", "Black & White Print Count"),
            Int($"{E}.3.9.4.2", 120), Text($"{E}.4.9.4.2", "Full Color Copy Count"),
            Int($"{E}.3.9.4.3", 7), Text($"{E}.4.9.4.3", "Scan to E-mail/FTP"),
            Int($"{E}.3.9.4.4", 5), Text($"{E}.4.9.4.4", "Two Color Copy Count")]);
        Assert.Equal(["total=900@1.3.6.1.2.1.43.10.2.1.4.1.1", $"print.mono=300@{E}.3.9.4.1", $"copy.color=120@{E}.3.9.4.2", $"scan.network=7@{E}.3.9.4.3"], Meters(s));
        Assert.Equal(5, Named(s, "vendor:Two Color Copy Count").Value);
    }

    [Fact]
    public void Konica_minolta_print_function_table_by_colour_and_function()
    {
        const string C = "1.3.6.1.4.1.18334.1.1.1.5.7.2";
        var s = Interpret([SysObjectId("1.3.6.1.4.1.18334.1.1.1.2.1.117.2.2"), .. Marker(1000, 4),
            Int($"{C}.1.1.0", 1000), Int($"{C}.1.3.0", 220), Int($"{C}.1.5.0", 640),
            Int($"{C}.2.1.5.1.1", 150), Int($"{C}.2.1.5.1.2", 450), Int($"{C}.2.1.5.2.1", 100), Int($"{C}.2.1.5.2.2", 290), Int($"{C}.2.1.5.3.1", 10)]);
        Assert.Equal(
        [
            "total=1000@1.3.6.1.2.1.43.10.2.1.4.1.1", $"duplex=220@{C}.1.3.0", $"scan.total=640@{C}.1.5.0",
            $"copy.mono=150@{C}.2.1.5.1.1", $"print.mono=450@{C}.2.1.5.1.2", $"copy.color=100@{C}.2.1.5.2.1", $"print.color=290@{C}.2.1.5.2.2",
        ], Meters(s));
        Assert.Equal(1000, Named(s, "vendor:konica.1.1.0").Value);
        Assert.Equal(10, Named(s, "vendor:konica.2.1.5.3.1").Value);
    }

    [Fact]
    public void Canon_counter_ids_and_named_counters_with_derived_black_and_colour()
    {
        const string T = "1.3.6.1.4.1.1602.1.11.1.3.1.4";
        var s = Interpret([SysObjectId("1.3.6.1.4.1.1602.4.7"), .. Marker(5000, 4),
            Int($"{T}.101", 5000), Int($"{T}.112", 200), Int($"{T}.113", 2800), Int($"{T}.122", 100), Int($"{T}.123", 1900), Int($"{T}.301", 3100),
            Int($"{T}.501", 880), Int($"{T}.999", 4)]);
        Assert.Equal(
        [
            "total=5000@1.3.6.1.2.1.43.10.2.1.4.1.1", $"large.mono=200@{T}.112", $"large.color=100@{T}.122", $"print.total=3100@{T}.301", $"scan.total=880@{T}.501",
            $"mono=3000@{T}.112+{T}.113", $"color=2000@{T}.122+{T}.123",
        ], Meters(s));
        Assert.Equal(5000, Named(s, "vendor:Total 1").Value); // the Printer MIB's total holds the name
        Assert.Equal(4, Named(s, "vendor:canon.999").Value);
        Assert.Equal([$"{T}.112", $"{T}.113"], Named(s, "mono").DerivedFrom!.Value.ToArray());

        // LBP models: the counter's name in column 2, its value in column 3.
        const string L = "1.3.6.1.4.1.1602.1.11.2.1.1";
        var lbp = Interpret([SysObjectId("1.3.6.1.4.1.1602.4.2"),
            Text($"{L}.2.7", "Total (Black 1)"), Int($"{L}.3.7", 61), Text($"{L}.2.3", "Print (Total 1)"), Int($"{L}.3.3", 58), Text($"{L}.2.4", "Copy (Total 1)"), Int($"{L}.3.4", 3)]);
        Assert.Equal([$"print.total=58@{L}.3.3", $"copy.total=3@{L}.3.4", $"mono=61@{L}.3.7"], Meters(lbp));
    }

    [Fact]
    public void Xerox_lifetime_usage_rows_of_the_detail_table()
    {
        const string D = "1.3.6.1.4.1.253.8.53.13.2.1.6";
        var s = Interpret([SysObjectId("1.3.6.1.4.1.253.8.62.1.35.2.3.1.1"), .. Marker(7000, 4),
            new VarBind(Oid.Parse("1.3.6.1.2.1.25.3.2.1.2.1"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.2.1.25.3.1.5"))),
            Int($"{D}.1.20.1", 7000), Int($"{D}.1.20.7", 4000), Int($"{D}.1.20.29", 3000), Int($"{D}.1.20.34", 2500), Int($"{D}.1.20.33", 2600),
            Int($"{D}.1.20.10", 90), Int($"{D}.1.20.71", 40), Int($"{D}.1.5.3", 77), // type 5 (deviceType) is no meter
            Int($"{D}.11.20.3", 1450), Int($"{D}.11.20.25", 380), Int($"{D}.10.20.11", 60), Int($"{D}.10.20.12", 25)]);
        Assert.Equal(
        [
            "total=7000@1.3.6.1.2.1.43.10.2.1.4.1.1", $"mono=4000@{D}.1.20.7", $"large.mono=90@{D}.1.20.10", $"color=3000@{D}.1.20.29",
            $"print.color=2600@{D}.1.20.33", $"print.mono=2500@{D}.1.20.34", $"fax=40@{D}.1.20.71",
            $"copy.mono=1450@{D}.11.20.3", $"copy.color=380@{D}.11.20.25", $"scan.network=85@{D}.10.20.11+{D}.10.20.12",
        ], Meters(s));
        Assert.DoesNotContain(s.Counters, c => c.Oid == $"{D}.1.5.3");
    }

    [Fact]
    public void Fuji_xerox_reads_the_same_usage_table()
    {
        const string D = "1.3.6.1.4.1.253.8.53.13.2.1.6";
        var s = Interpret(SysObjectId("1.3.6.1.4.1.297.1.11.93.1.35.34.7.1"), Int($"{D}.1.20.34", 812), Int($"{D}.11.20.3", 90));
        Assert.Equal(["Fujifilm", $"print.mono=812@{D}.1.20.34", $"copy.mono=90@{D}.11.20.3"], [s.Engine!, .. Meters(s)]);
    }

    [Fact]
    public void Lexmark_general_count_rows_by_their_type()
    {
        const string E = "1.3.6.1.4.1.641.6.4.2.1.1";
        var s = Interpret([SysObjectId("1.3.6.1.4.1.641.1.5.7"), .. Marker(1200, 4),
            // paperGeneralCountType (column 2) decides; the indexes are in no particular order.
            Int($"{E}.2.1.5", 17), Int($"{E}.4.1.5", 640), Int($"{E}.2.1.2", 18), Int($"{E}.4.1.2", 310), Int($"{E}.2.1.9", 32), Int($"{E}.4.1.9", 250),
            Int($"{E}.2.1.1", 2), Int($"{E}.4.1.1", 1200), Int($"{E}.2.1.3", 48), Int($"{E}.4.1.3", 12), Int($"{E}.2.1.4", 100), Int($"{E}.4.1.4", 3)]);
        Assert.Equal(["total=1200@1.3.6.1.2.1.43.10.2.1.4.1.1", $"print.color=310@{E}.4.1.2", $"fax=12@{E}.4.1.3", $"print.mono=640@{E}.4.1.5", $"copy.total=250@{E}.4.1.9"], Meters(s));
        Assert.Equal(1200, Named(s, "vendor:totalSafe").Value);
        Assert.Equal(3, Named(s, "vendor:lexmark.type100.1.4").Value);
    }

    [Fact]
    public void Samsung_meters_are_sums_of_the_count_rows_that_match_them()
    {
        const string E = "1.3.6.1.4.1.236.11.5.11.53.11.2.1";
        // Row (job type, media size, unit, duplex, colour, value): print 1, copy 2, faxIn 3, scan 5; a4 5, a3 20; impressions 7;
        // simplex 1, duplex 2; fullColor 1, monoColor 3.
        (int Index, int Job, int Size, int Duplex, int Colour, long Value)[] rows =
        [
            (1, 1, 5, 1, 3, 400), (2, 1, 5, 2, 3, 100), (3, 1, 20, 1, 3, 30), (4, 1, 5, 1, 1, 250),
            (5, 2, 5, 1, 3, 90), (6, 3, 5, 1, 3, 12), (7, 5, 5, 1, 1, 70), (8, 5, 20, 1, 3, 8),
        ];
        var s = Interpret([SysObjectId("1.3.6.1.4.1.236.11.5.11.62.1"), .. rows.SelectMany(r => new[]
        {
            Int($"{E}.2.1.{r.Index}", r.Job), Int($"{E}.3.1.{r.Index}", r.Size), Int($"{E}.4.1.{r.Index}", 7),
            Int($"{E}.5.1.{r.Index}", r.Duplex), Int($"{E}.6.1.{r.Index}", r.Colour), Int($"{E}.7.1.{r.Index}", r.Value),
        })]);
        string V(params int[] indexes) => string.Join('+', indexes.Select(i => $"{E}.7.1.{i}"));
        Assert.Equal(
        [
            $"print.mono=530@{V(1, 2, 3)}", $"print.color=250@{V(4)}", $"copy.mono=90@{V(5)}", $"fax=12@{V(6)}", $"scan.total=78@{V(7, 8)}",
            $"duplex=100@{V(2)}", $"large.mono=30@{V(3)}",
        ], Meters(s));
        Assert.All(s.Counters, c => Assert.NotNull(c.DerivedFrom));
        Assert.Equal("impressions", Named(s, "print.mono").Unit);
    }

    [Fact]
    public void Toshiba_counters_by_kind_and_colour_with_scans_summed_by_destination()
    {
        const string T = "1.3.6.1.4.1.1129.2.3.50.1.3.21.6.1";
        var s = Interpret([SysObjectId("1.3.6.1.4.1.1129.2.3.58.2"), .. Marker(3000, 4),
            Int($"{T}.3.1.3", 1500), Int($"{T}.3.1.1", 600), Int($"{T}.4.1.3", 700), Int($"{T}.4.1.2", 9), Int($"{T}.207.1.1", 40),
            Int($"{T}.219.1.3", 30), Int($"{T}.220.1.1", 50), Int($"{T}.221.1.3", 700), Int($"{T}.223.1.3", 15)]);
        Assert.Equal(
        [
            "total=3000@1.3.6.1.2.1.43.10.2.1.4.1.1", $"print.color=600@{T}.3.1.1", $"print.mono=1500@{T}.3.1.3", $"copy.mono=700@{T}.4.1.3",
            $"large.color=40@{T}.207.1.1", $"scan.network=80@{T}.219.1.3+{T}.220.1.1", $"scan.copy=700@{T}.221.1.3", $"scan.fax=15@{T}.223.1.3",
            $"scan.total=795@{T}.219.1.3+{T}.220.1.1+{T}.221.1.3+{T}.223.1.3",
        ], Meters(s));
        Assert.Equal(9, Named(s, "vendor:toshiba.4.1.2").Value); // twin colour copies
    }

    [Fact]
    public void Epson_business_inkjet_meters()
    {
        const string M = "1.3.6.1.4.1.1248.1.2.2.27";
        var s = Interpret([SysObjectId("1.3.6.1.4.1.1248.1.1.1"), .. Marker(81563, 4),
            Int($"{M}.1.1.3.1.1", 39797), Int($"{M}.1.1.4.1.1", 41766), Int($"{M}.1.1.30.1.1", 81563),
            Int($"{M}.6.1.4.1.1.1", 49053), Int($"{M}.6.1.4.1.1.2", 32474), Int($"{M}.6.1.5.1.1.1", 39434), Int($"{M}.6.1.5.1.1.2", 2313)]);
        Assert.Equal(
        [
            "total=81563@1.3.6.1.2.1.43.10.2.1.4.1.1", $"mono=39797@{M}.1.1.3.1.1", $"color=41766@{M}.1.1.4.1.1",
            $"print.total=49053@{M}.6.1.4.1.1.1", $"copy.total=32474@{M}.6.1.4.1.1.2", $"print.color=39434@{M}.6.1.5.1.1.1", $"copy.color=2313@{M}.6.1.5.1.1.2",
        ], Meters(s));
        Assert.Equal(81563, Named(s, "vendor:Total Pages").Value);
    }

    [Fact]
    public void Each_vendor_table_is_read_whole_by_one_walk_of_the_poll_plan()
    {
        (string SysObjectId, string Table)[] tables =
        [
            ("1.3.6.1.4.1.2385.3.1", "1.3.6.1.4.1.2385.1.1.19.2.1"),
            ("1.3.6.1.4.1.18334.1.1.1.2.1", "1.3.6.1.4.1.18334.1.1.1.5.7.2"),
            ("1.3.6.1.4.1.1602.4.7", "1.3.6.1.4.1.1602.1.11.1.3.1.4"),
            ("1.3.6.1.4.1.1602.4.2", "1.3.6.1.4.1.1602.1.11.2.1.1"),
            ("1.3.6.1.4.1.253.8.62.1", "1.3.6.1.4.1.253.8.53.13.2.1.6"),
            ("1.3.6.1.4.1.297.1.11.93", "1.3.6.1.4.1.253.8.53.13.2.1.6"),
            ("1.3.6.1.4.1.641.1.5.7", "1.3.6.1.4.1.641.6.4.2.1.1"),
            ("1.3.6.1.4.1.236.11.5.11.62.1", "1.3.6.1.4.1.236.11.5.11.53.11.2.1"),
            ("1.3.6.1.4.1.1129.2.3.58.2", "1.3.6.1.4.1.1129.2.3.50.1.3.21.6.1"),
            ("1.3.6.1.4.1.1248.1.1.1", "1.3.6.1.4.1.1248.1.2.2.27.1.1"),
            ("1.3.6.1.4.1.1248.1.1.1", "1.3.6.1.4.1.1248.1.2.2.27.6.1"),
        ];
        foreach (var (sysObjectId, table) in tables)
        {
            var plan = Plan.PollPlan.Subtrees(Oid.Parse(sysObjectId));
            Assert.Single(plan, s => s == Oid.Parse(table));
            Assert.DoesNotContain(plan, s => s != Oid.Parse(table) && (s.StartsWith(Oid.Parse(table)) || Oid.Parse(table).StartsWith(s)));
        }
    }

    /// <summary>
    /// Issue 14's figure, from this class's fixtures: the engines whose own counter tables give function-level meters
    /// (print, copy, fax, scan). With the corpus census (HP, Kyocera, Sharp) it makes the "after" count.
    /// </summary>
    [Fact]
    public void Engines_with_function_level_counters_from_their_own_tables()
    {
        var fixtures = GetType().GetMethods().Where(m => m.GetCustomAttributes(typeof(FactAttribute), false).Length > 0 && m.Name != nameof(Engines_with_function_level_counters_from_their_own_tables));
        foreach (var fixture in fixtures)
        {
            fixture.Invoke(this, null);
        }

        var engines = _made.Where(s => s.Counters.Any(c => MeterNames.IsFunction(c.Name))).Select(s => s.Engine!).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["Canon", "Epson", "Fujifilm", "Konica Minolta", "Lexmark", "Samsung", "Sharp", "Toshiba", "Xerox"], engines);
    }
}
