using Kdfm.Printers.Meters;
using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Sharp (2385), also sold as Toshiba and Muratec: firmware 2385.2.1.1.2.1.2.1. Counters in the job counter table
/// 2385.1.1.19.2.1 (index job type . 4|5 . colour mode), whose column 3 is the count and column 4 the device's own name
/// for the row ("Black &amp; White Print Count", librenms' sharp walk): each row is mapped by that name.
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

    /// <summary>The row names of librenms' sharp walk (MX-series), each with its meaning; the sums check out in that walk.</summary>
    private static readonly Dictionary<string, string> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Prints"] = MeterNames.PrintTotal,                          // 82214 = 53631 + 28583
        ["Black & White Print Count"] = MeterNames.PrintMono,
        ["Full Color Print Count"] = MeterNames.PrintColor,
        ["Copies"] = MeterNames.CopyTotal,                           // 38804 = 37485 + 1319
        ["Black & White Copy Count"] = MeterNames.CopyMono,
        ["Full Color Copy Count"] = MeterNames.CopyColor,
        ["Black & White Total Count"] = MeterNames.Mono,             // 91164 = 53631 + 37485 + 48 (other)
        ["Full Color Total Count"] = MeterNames.Color,
        ["Duplex"] = MeterNames.Duplex,
        ["Scan to E-mail/FTP"] = MeterNames.ScanNetwork,             // 13534 = 6170 + 7364 (scanner counts)
    };

    private static void JobCounters(MibData mib, SnapshotBuilder b)
    {
        var table = new CounterTable(mib, JobCounterEntry, 3);
        foreach (var row in table.Rows())
        {
            string label = table.Text(4, row.Index) is { Length: > 0 } text ? text : $"sharp.{row.Index}";
            if (!b.AddMeter(ByName.GetValueOrDefault(label), label, row.Value, row.Oid.ToString()))
            {
                return;
            }
        }
    }
}
