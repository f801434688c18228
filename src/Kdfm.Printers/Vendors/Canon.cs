using Kdfm.Printers.Meters;
using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Canon (1602): model 1602.1.1.1.1.0 and firmware 1602.1.1.1.4.0 (canonprinter_lbp walk). Counters come in one of two
/// tables, each read whole: imageRUNNER models index 1602.1.11.1.3.1.4 by Canon's counter ID (101 "Total 1", 112
/// "Total (Black/Large)", 301 "Print (Total 1)", 501 "Scan (Total 1)"… — the IDs the device's own counter page shows);
/// LBP models keep the counter's name in 1602.1.11.2.1.1.2 and its value in .3 (the tables GLPI's Canon module reads).
/// Either way a row is mapped by Canon's name for it. Both tables are in the poll plan, one walk each: a model without
/// one answers that walk with its first reply. Canon's colour counters (122 and 123, "Full Color + Single Color") count
/// full and single colour together, and the vocabulary's <c>color</c> and <c>large.color</c> are full colour only: they
/// stay vendor counters, and no colour total is derived from them.
/// </summary>
internal static class Canon
{
    private static readonly Oid ByCounterId = Oid.Parse("1.3.6.1.4.1.1602.1.11.1.3.1");
    private static readonly Oid ByName = Oid.Parse("1.3.6.1.4.1.1602.1.11.2.1.1");

    public static VendorProfile Profile { get; } = new("Canon", [1602])
    {
        Brands = ["Canon"],
        ModelOids = VendorProfile.Oids("1.3.6.1.4.1.1602.1.1.1.1.0"),
        FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.1602.1.1.1.4.0"),
        Subtrees = VendorProfile.Oids("1.3.6.1.4.1.1602.1.1.1", "1.3.6.1.4.1.1602.1.11.1.3.1.4", "1.3.6.1.4.1.1602.1.11.2.1.1"),
        Decode = Counters,
    };

    /// <summary>Canon's counter IDs whose names are known; other IDs keep the ID as their label.</summary>
    private static readonly Dictionary<uint, string> CounterIds = new()
    {
        [101] = "Total 1",
        [102] = "Total 2",
        [112] = "Total (Black/Large)",
        [113] = "Total (Black/Small)",
        [122] = "Total (Full Color + Single Color/Large)",
        [123] = "Total (Full Color + Single Color/Small)",
        [301] = "Print (Total 1)",
        [501] = "Scan (Total 1)",
    };

    private static readonly Dictionary<string, string> Meter = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Total 1"] = MeterNames.Total,
        ["Total (Black 1)"] = MeterNames.Mono,
        ["Total (Black/Large)"] = MeterNames.LargeMono,
        ["Print (Total 1)"] = MeterNames.PrintTotal,
        ["Copy (Total 1)"] = MeterNames.CopyTotal,
        ["Scan (Total 1)"] = MeterNames.ScanTotal,
    };

    private static void Counters(MibData mib, SnapshotBuilder b)
    {
        var byId = new CounterTable(mib, ByCounterId, 4);
        var byName = new CounterTable(mib, ByName, 3);
        var rows = byId.Rows().Select(r => (Row: r, Label: r.Index.Length == 1 && CounterIds.TryGetValue(r.Index[0], out var known) ? known : $"canon.{r.Index}"))
            .Concat(byName.Rows().Select(r => (Row: r, Label: byName.Text(2, r.Index) is { Length: > 0 } text ? text : $"canon.{r.Index}")));
        var counters = new Dictionary<string, Counter>(StringComparer.OrdinalIgnoreCase);
        foreach (var (row, label) in rows)
        {
            if (!b.AddMeter(Meter.GetValueOrDefault(label), label, row.Value, row.Oid.ToString()))
            {
                return;
            }

            counters.TryAdd(label, b.Counters.First(c => c.Oid == row.Oid.ToString()));
        }

        // The black total where Canon splits it by paper size only.
        b.AddDerived(MeterNames.Mono, Parts(counters, "Total (Black/Large)", "Total (Black/Small)"));
    }

    /// <summary>Every one of <paramref name="labels"/>, or nothing when one is missing (half a sum is no total).</summary>
    private static List<Counter> Parts(Dictionary<string, Counter> counters, params string[] labels) =>
        labels.All(counters.ContainsKey) ? [.. labels.Select(l => counters[l])] : [];
}
