using Kdfm.Printers.Meters;
using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Lexmark (641): identity from the standard MIBs. Its engines are also sold as Dell and IBM (InfoPrint). Meters in
/// LEXMARK-MPS-MIB's paperGeneralCountTable (641.6.4.2.1.1, index deviceIndex and paperGeneralCountIndex): each row's
/// paperGeneralCountType (column 2) says what it counts, paperGeneralCountUnits (column 3, LEXMARK-TC-MIB UnitsTC) its
/// unit — the MIB says sheets or sides, feet for continuous print — and paperGeneralCountValue (column 4) the count.
/// </summary>
internal static class Lexmark
{
    private static readonly Oid GeneralCountEntry = Oid.Parse("1.3.6.1.4.1.641.6.4.2.1.1");

    public static VendorProfile Profile { get; } = new("Lexmark", [641])
    {
        Brands = ["Lexmark"],
        Rebadges = ["Dell", "IBM"],
        Subtrees = [GeneralCountEntry],
        Decode = Counters,
    };

    /// <summary>paperGeneralCountType values: the MIB's name for each, and our meter where there is one.</summary>
    private static readonly Dictionary<long, (string Label, string? Meter)> Types = new()
    {
        [1] = ("totalPicked", null),
        [2] = ("totalSafe", MeterNames.Total),
        [3] = ("totalMonoSafe", MeterNames.Mono),
        [4] = ("totalColorSafe", MeterNames.Color),
        [16] = ("printTotal", MeterNames.PrintTotal),
        [17] = ("printMono", MeterNames.PrintMono),
        [18] = ("printColor", MeterNames.PrintColor),
        [32] = ("copyTotal", MeterNames.CopyTotal),
        [33] = ("copyMono", MeterNames.CopyMono),
        [34] = ("copyColor", MeterNames.CopyColor),
        [48] = ("faxTotal", MeterNames.Fax),
        [49] = ("faxMono", null),
        [50] = ("faxColor", null),
        [64] = ("blankTotal", null),
    };

    private static void Counters(MibData mib, SnapshotBuilder b)
    {
        var table = new CounterTable(mib, GeneralCountEntry, 4);
        foreach (var row in table.Rows())
        {
            long? type = table.Integer(2, row.Index);
            var (label, meter) = type is { } t && Types.TryGetValue(t, out var known) ? known : ($"lexmark.type{type?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}.{row.Index}", null);
            if (!b.AddMeter(meter, label, row.Value, row.Oid.ToString(), Unit(table.Integer(3, row.Index))))
            {
                return;
            }
        }
    }

    /// <summary>
    /// UnitsTC (LEXMARK-TC-MIB) in the snapshot's words (RFC 3805 PrtMarkerCounterUnitTC's names): a side is one
    /// impression, a sheet has two sides. Other units (items, time, weight) and a missing column: null, unknown.
    /// </summary>
    private static string? Unit(long? unit) => unit switch
    {
        4 => "impressions",
        5 => "sheets",
        18 => "meters",
        20 => "feet",
        _ => null,
    };
}
