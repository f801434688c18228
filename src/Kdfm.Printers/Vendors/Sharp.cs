using Kdfm.Printers.Meters;
using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Sharp (2385), also sold as Toshiba and Muratec: firmware 2385.2.1.1.2.1.2.1. Counters in the job counter table
/// 2385.1.1.19.2.1 (index job type . 4|5 . colour mode), whose column 3 is the count and column 4 the device's own name
/// for the row ("Black &amp; White Print Count", librenms' sharp walk). A row is mapped by that name when it is one of the
/// walk's English names; a name the walk does not have (localised firmware, an empty column) falls back on the row's
/// index as the walk has it, so that print.mono and the others never depend on the panel's language. Every row that is
/// no meter keeps the label it had before issue 14, <c>vendor:sharp.&lt;index&gt;</c>, so that stored history and meter
/// definitions naming it do not split.
/// </summary>
internal static class Sharp
{
    private static readonly Oid JobCounterEntry = Oid.Parse("1.3.6.1.4.1.2385.1.1.19.2.1");

    public static VendorProfile Profile { get; } = new("Sharp", [2385])
    {
        Brands = ["SHARP"],
        Rebadges = ["Toshiba", "Muratec"],
        FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.2385.2.1.1.2.1.2.1"),
        Subtrees = VendorProfile.Oids("1.3.6.1.4.1.2385.1.1.19.2.1", "1.3.6.1.4.1.2385.2.1.1.2.1.2"),
        Decode = JobCounters,
    };

    /// <summary>The rows of librenms' sharp walk (MX-3570N) that are meters: index, the device's English name, meaning.</summary>
    private static readonly (string Index, string Name, string Meter)[] WalkMeters =
    [
        ("1.4.60", "Prints", MeterNames.PrintTotal),                         // 82214 = 53631 + 28583
        ("1.4.61", "Black & White Print Count", MeterNames.PrintMono),
        ("1.4.63", "Full Color Print Count", MeterNames.PrintColor),
        ("1.4.75", "Duplex", MeterNames.Duplex),
        ("4.4.60", "Copies", MeterNames.CopyTotal),                          // 38804 = 37485 + 1319
        ("4.4.61", "Black & White Copy Count", MeterNames.CopyMono),
        ("4.4.63", "Full Color Copy Count", MeterNames.CopyColor),
        ("5.4.61", "Black & White Total Count", MeterNames.Mono),            // 91164 = 53631 + 37485 + 48 (other)
        ("5.4.63", "Full Color Total Count", MeterNames.Color),
        ("7.4.50", "Scan to E-mail/FTP", MeterNames.ScanNetwork),            // 13534 = 6170 + 7364 (scanner counts)
    ];

    /// <summary>The walk's other English row names: known to be no meter of the vocabulary (two-colour, single colour, filing…).</summary>
    private static readonly HashSet<string> WalkOthers = new(StringComparer.OrdinalIgnoreCase)
    {
        "Two Color Copy Count", "Single Color Copy Count", "Two Color Total Count", "Single Color Total Count", "Black & White Other Count",
        "Full Color Other Count", "Document Feeder", "Black & White Scanner Count", "Full Color Scanner Count", "Scan to HDD",
        "Black & White Scan to HDD Count", "Full Color Scan to HDD Count", "Two Color Scan to HDD Count", "Prints (Document Filing)",
        "Black & White Document Filing Print Count", "Full Color Document Filing Print Count", "Two Color Document Filing Print Count",
        "Single Color Document Filing Count",
    };

    private static readonly Dictionary<string, string> ByName = WalkMeters.ToDictionary(m => m.Name, m => m.Meter, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> ByIndex = WalkMeters.ToDictionary(m => m.Index, m => m.Meter, StringComparer.Ordinal);

    /// <summary>The row's meter: by its English name, else (a name the walk does not have) by its index; null for no meter.</summary>
    private static string? Meter(string? name, string index) =>
        name is not null && ByName.TryGetValue(name, out var byName) ? byName
        : name is not null && WalkOthers.Contains(name) ? null
        : ByIndex.GetValueOrDefault(index);

    private static void JobCounters(MibData mib, SnapshotBuilder b)
    {
        var table = new CounterTable(mib, JobCounterEntry, 3);
        foreach (var row in table.Rows())
        {
            string index = row.Index.ToString();
            if (!b.AddMeter(Meter(table.Text(4, row.Index), index), $"sharp.{index}", row.Value, row.Oid.ToString()))
            {
                return;
            }
        }
    }
}
