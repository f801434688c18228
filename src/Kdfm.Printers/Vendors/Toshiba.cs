using Kdfm.Printers.Meters;
using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Toshiba and Toshiba TEC (1129): identity from the standard MIBs and sysDescr. e-STUDIO MFPs keep their meters in
/// 1129.2.3.50.1.3.21.6.1.K.1.C, K the kind of count and C the colour (1 full colour, 2 twin colour, 3 black). No
/// Toshiba MIB text is public; the kinds mapped here are those public meter readers agree on across e-STUDIO models:
/// K 3 printed and 4 copied pages (the print and copy totals GLPI-based inventories read at .3.1.3 and .4.1.3),
/// 207 large printed pages, and the scans by destination, 219/220 network, 221/222 copy and 223/224 fax (large / other
/// sizes, each summed over colours and sizes). Other kinds stay vendor counters under their own indexes.
/// </summary>
internal static class Toshiba
{
    private static readonly Oid Counters = Oid.Parse("1.3.6.1.4.1.1129.2.3.50.1.3.21.6.1");

    public static VendorProfile Profile { get; } = new("Toshiba", [1129])
    {
        Brands = ["TOSHIBA", "Toshiba"],
        Subtrees = [Counters],
        Decode = Meters,
    };

    private static string? Meter(uint kind, uint colour) => (kind, colour) switch
    {
        (3, 3) => MeterNames.PrintMono,
        (3, 1) => MeterNames.PrintColor,
        (4, 3) => MeterNames.CopyMono,
        (4, 1) => MeterNames.CopyColor,
        (207, 3) => MeterNames.LargeMono,
        (207, 1) => MeterNames.LargeColor,
        _ => null,
    };

    private static readonly (string Name, uint[] Kinds)[] Scans =
    [
        (MeterNames.ScanNetwork, [219, 220]),
        (MeterNames.ScanCopy, [221, 222]),
        (MeterNames.ScanFax, [223, 224]),
    ];

    private static void Meters(MibData mib, SnapshotBuilder b)
    {
        var scans = Scans.ToDictionary(s => s.Name, _ => new List<Counter>());
        foreach (var (oid, suffix, value) in mib.Under(Counters))
        {
            if (!value.IsNumeric || mib.Integer(oid) is not { } number || suffix.Length != 3)
            {
                continue;
            }

            string label = $"toshiba.{suffix}";
            if (!b.AddMeter(Meter(suffix[0], suffix[2]), label, number, oid.ToString()))
            {
                return;
            }

            foreach (var (name, kinds) in Scans.Where(s => s.Kinds.Contains(suffix[0])))
            {
                scans[name].Add(b.Counters.First(c => c.Oid == oid.ToString()));
            }
        }

        foreach (var (name, parts) in scans)
        {
            b.AddDerived(name, parts);
        }

        b.AddDerived(MeterNames.ScanTotal, [.. scans.Values.SelectMany(p => p)]);
    }
}
