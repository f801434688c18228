using System.Text.Json;
using Kdfm.Printers.Meters;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Tests;

/// <summary>Issue 14's per-reading checks and derived sums: what is flagged, what is not, and how the JSON says it.</summary>
public class MeterCheckTests
{
    private static readonly SnapshotContext Context = new("127.20.0.15", new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));

    private const string K = "1.3.6.1.4.1.1347.42.3.1";

    private static VarBind Int(string oid, long value) => new(Oid.Parse(oid), SnmpValue.Integer(value));

    /// <summary>A Kyocera with its Printer MIB total and colorants, print total and the print colour modes (F 1, C 1 and 3).</summary>
    private static DeviceSnapshot Kyocera(long total, long colorants, long printTotal, long printMono, long printColor) =>
        PrinterInterpreter.Interpret(
        [
            new(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.1347.41"))),
            Int("1.3.6.1.2.1.43.10.2.1.4.1.1", total), Int("1.3.6.1.2.1.43.10.2.1.6.1.1", colorants),
            Int($"{K}.1.1.1.1", printTotal), Int($"{K}.2.1.1.1.1", printMono), Int($"{K}.2.1.1.1.3", printColor),
            Int("1.3.6.1.4.1.1347.46.10.1.1.5.3", 9_999_999),
        ], Context);

    private static string Flags(DeviceSnapshot s, string name) => string.Join(",", s.Counters.Single(c => c.Name == name).Flags ?? []);

    [Fact]
    public void A_trustworthy_reading_has_no_flags()
    {
        var s = Kyocera(total: 1000, colorants: 4, printTotal: 900, printMono: 600, printColor: 300);
        Assert.All(s.Counters, c => Assert.Null(c.Flags));
        Assert.Equal(9_999_999, s.Counters.Single(c => c.Name == MeterNames.ScanTotal).Value); // scans are not bounded by printed pages
    }

    [Fact]
    public void A_function_counter_above_the_total_is_flagged_and_kept()
    {
        var s = Kyocera(total: 1000, colorants: 4, printTotal: 1200, printMono: 1100, printColor: 100);
        Assert.Equal(MeterFlags.ExceedsTotal, Flags(s, MeterNames.PrintTotal));
        Assert.Equal(MeterFlags.ExceedsTotal, Flags(s, MeterNames.PrintMono));
        Assert.Equal(MeterFlags.ExceedsTotal, Flags(s, MeterNames.Mono)); // the derived sum is checked like any other
        Assert.Equal("", Flags(s, MeterNames.PrintColor));
        Assert.Equal(1100, s.Counters.Single(c => c.Name == MeterNames.PrintMono).Value);
    }

    [Fact]
    public void A_colour_mode_above_its_function_total_is_flagged()
    {
        var s = Kyocera(total: 5000, colorants: 4, printTotal: 900, printMono: 600, printColor: 950);
        Assert.Equal(MeterFlags.ExceedsTotal, Flags(s, MeterNames.PrintColor));
        Assert.Equal("", Flags(s, MeterNames.PrintMono));
    }

    [Fact]
    public void Colour_pages_on_a_monochrome_device_are_flagged_and_zero_colour_is_not()
    {
        var colour = Kyocera(total: 1000, colorants: 1, printTotal: 900, printMono: 600, printColor: 300);
        Assert.Equal(MeterFlags.ColorOnMono, Flags(colour, MeterNames.PrintColor));
        Assert.Equal(MeterFlags.ColorOnMono, Flags(colour, MeterNames.Color));
        Assert.Equal("", Flags(colour, MeterNames.PrintMono));
        var none = Kyocera(total: 1000, colorants: 1, printTotal: 900, printMono: 900, printColor: 0);
        Assert.All(none.Counters, c => Assert.Null(c.Flags));
    }

    [Fact]
    public void Totals_in_other_units_are_not_compared()
    {
        var counters = MeterChecks.Flag([new Counter(MeterNames.Total, 100, "sheets", "1.3.6.1.2.1.43.10.2.1.4.1.1"), new Counter(MeterNames.Mono, 180, null, "1.3.6.1.4.1.9.1")], monochrome: null);
        Assert.All(counters, c => Assert.Null(c.Flags));
    }

    [Fact]
    public void A_derived_sum_names_its_parts_and_refuses_mixed_units()
    {
        var sum = DerivedMeters.Sum(MeterNames.Mono, [new Counter("a", 2, null, "1.3.6.1.4.1.9.1"), new Counter("b", 3, null, "1.3.6.1.4.1.9.2")])!;
        Assert.Equal((5L, "1.3.6.1.4.1.9.1+1.3.6.1.4.1.9.2"), (sum.Value, sum.Oid));
        Assert.Equal(["1.3.6.1.4.1.9.1", "1.3.6.1.4.1.9.2"], sum.DerivedFrom!.Value.ToArray());
        Assert.Null(DerivedMeters.Sum(MeterNames.Mono, [new Counter("a", 2, "sheets", "1.3.6.1.4.1.9.1"), new Counter("b", 3, null, "1.3.6.1.4.1.9.2")]));
        Assert.Null(DerivedMeters.Sum(MeterNames.Mono, []));
    }

    [Fact]
    public void The_json_says_derived_and_flagged_and_is_silent_otherwise()
    {
        var s = Kyocera(total: 1000, colorants: 1, printTotal: 900, printMono: 600, printColor: 300);
        using var json = JsonDocument.Parse(SnapshotJson.SerializeCompact(s));
        var counters = json.RootElement.GetProperty("counters").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal($"{K}.2.1.1.1.3", counters["color"].GetProperty("derivedFrom")[0].GetString());
        Assert.Equal("colorOnMono", counters["color"].GetProperty("flags")[0].GetString());
        Assert.False(counters["print.mono"].TryGetProperty("derivedFrom", out _));
        Assert.False(counters["print.mono"].TryGetProperty("flags", out _));
    }

    [Fact]
    public void A_vocabulary_name_is_held_by_the_first_oid_and_the_next_becomes_a_vendor_counter()
    {
        var b = new SnapshotBuilder();
        b.AddMeter(MeterNames.Total, "Total 1", 10, "1.3.6.1.2.1.43.10.2.1.4.1.1");
        b.AddMeter(MeterNames.Total, "Total 1", 11, "1.3.6.1.4.1.1602.1.11.1.3.1.4.101");
        b.AddMeter(null, "Document Feeder", 4, "1.3.6.1.4.1.2385.1.1.19.2.1.3.6.4.70");
        Assert.Equal(["total=10", "vendor:Total 1=11", "vendor:Document Feeder=4"], b.Counters.Select(c => $"{c.Name}={c.Value}"));
    }

    [Fact]
    public void The_old_scan_name_reads_as_scan_total()
    {
        Assert.Equal((MeterNames.ScanTotal, MeterNames.PrintMono), (MeterNames.Current("scan"), MeterNames.Current(MeterNames.PrintMono)));
    }

    [Fact]
    public void A_collector_sets_only_its_own_flags()
    {
        Assert.Equal([MeterFlags.ExceedsTotal, MeterFlags.ColorOnMono], MeterFlags.Collector.ToArray());
        Assert.Equal([true, true, false, false, false, false],
            new[] { "exceedsTotal", "colorOnMono", "wentBackwards", "outlier", "ExceedsTotal", "" }.Select(MeterFlags.IsCollector));
    }
}
