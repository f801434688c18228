using Kdfm.Printers.Meters;
using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Samsung (236): identity from the standard MIBs. Meters in SAMSUNG-HOST-RESOURCES-EXT-MIB's scmHrDevCountTable
/// (236.11.5.11.53.11.2.1, index hrDeviceIndex and scmHrDevCountIndex), one row per job type (column 2:
/// ScmHrDevCountJobTypeTC, print 1, copy 2, faxIn 3, scan 5…), media size (3), unit (4), duplex (5) and colour (6:
/// fullColor 1, singleColor 2, monoColor 3), the count in column 7. No row is a meter on its own: each meter is the sum of
/// the rows that match it, marked derived with their OIDs.
/// </summary>
internal static class Samsung
{
    private static readonly Oid CountEntry = Oid.Parse("1.3.6.1.4.1.236.11.5.11.53.11.2.1");

    public static VendorProfile Profile { get; } = new("Samsung", [236])
    {
        Brands = ["Samsung", "SAMSUNG"],
        Subtrees = [CountEntry],
        Decode = Counters,
    };

    private const long Print = 1, Copy = 2, FaxIn = 3, Scan = 5;
    private const long FullColor = 1, MonoColor = 3;
    private const long Duplex = 2;

    /// <summary>ScmHrDevCountMediaSizeTC values of large paper: large 2, ledger 19, A3 20, JIS B4 21, A3 over-size 31.</summary>
    private static readonly HashSet<long> Large = [2, 19, 20, 21, 31];

    private sealed record Row(Counter Counter, long Job, long? Size, long? Duplex, long? Colour);

    private static void Counters(MibData mib, SnapshotBuilder b)
    {
        var table = new CounterTable(mib, CountEntry, 7);
        var rows = table.Rows()
            .Select(r => new Row(new Counter($"samsung.{r.Index}", r.Value, Unit(table.Integer(4, r.Index)), r.Oid.ToString()),
                table.Integer(2, r.Index) ?? 0, table.Integer(3, r.Index), table.Integer(5, r.Index), table.Integer(6, r.Index)))
            .ToList();
        bool Printed(Row r) => r.Job is Print or Copy or FaxIn;
        var meters = new (string Name, Func<Row, bool> Match)[]
        {
            (MeterNames.PrintMono, r => r.Job == Print && r.Colour == MonoColor),
            (MeterNames.PrintColor, r => r.Job == Print && r.Colour == FullColor),
            (MeterNames.CopyMono, r => r.Job == Copy && r.Colour == MonoColor),
            (MeterNames.CopyColor, r => r.Job == Copy && r.Colour == FullColor),
            (MeterNames.Fax, r => r.Job == FaxIn),
            (MeterNames.ScanTotal, r => r.Job == Scan),
            (MeterNames.Duplex, r => Printed(r) && r.Duplex == Duplex),
            (MeterNames.LargeMono, r => Printed(r) && r.Colour == MonoColor && r.Size is { } s && Large.Contains(s)),
            (MeterNames.LargeColor, r => Printed(r) && r.Colour == FullColor && r.Size is { } s && Large.Contains(s)),
        };
        foreach (var (name, match) in meters)
        {
            b.AddDerived(name, rows.Where(match).Select(r => r.Counter));
        }
    }

    /// <summary>
    /// ScmHrDevCountUnitTC: the units a page count comes in, in the snapshot's words; any other value is unknown (null),
    /// never the device's number (a unit is one of the contract's words). A sum never mixes units.
    /// </summary>
    private static string? Unit(long? unit) => unit switch
    {
        7 => "impressions",
        8 => "sheets",
        _ => null,
    };
}
