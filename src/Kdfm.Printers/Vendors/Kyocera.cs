using Kdfm.Printers.Meters;
using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Kyocera (1347), also sold as UTAX, TA Triumph-Adler, Olivetti and Copystar. Model and serial in 1347.43.5.1.1 (kyocera walks).
/// Counters by function in 1347.42.3.1: .1.1.1.F totals and .2.1.1.F.C by colour mode, with F 1 print, 2 copy,
/// 4 fax and C 1 black &amp; white, 2 single colour, 3 full colour — in printmaster's CS 4053ci walk print and copy
/// are each the sum of their colour modes (32971 = 19124 + 13847, 40600 = 14730 + 25870), and their sum is what
/// other tools add up as "the Kyocera total"; we report each with its OID and never pass a sum off as read. The
/// black-and-white and colour totals (issue 14) are such sums: <c>mono</c> adds every function's black &amp; white
/// counter (C 1) and <c>color</c> every function's full-colour counter (C 3), each marked derived with the OIDs it
/// added; single colour (C 2) is in neither and stays a vendor counter.
/// </summary>
internal static class Kyocera
{
    private static readonly Oid Counters = Oid.Parse("1.3.6.1.4.1.1347.42.3.1");
    private static readonly Oid FunctionTotals = Oid.Parse("1.3.6.1.4.1.1347.42.3.1.1.1.1");
    private static readonly Oid ByColourMode = Oid.Parse("1.3.6.1.4.1.1347.42.3.1.2.1.1");

    public static VendorProfile Profile { get; } = new("Kyocera", [1347])
    {
        Brands = ["KYOCERA"],
        Rebadges = ["UTAX", "TA Triumph-Adler", "Triumph-Adler", "Olivetti", "Copystar"],
        ModelOids = VendorProfile.Oids("1.3.6.1.4.1.1347.43.5.1.1.1.1"),
        SerialOids = VendorProfile.Oids("1.3.6.1.4.1.1347.43.5.1.1.28.1"),
        Counters = [("vendor:total printed", Oid.Parse("1.3.6.1.4.1.1347.43.10.1.1.12.1.1")), (MeterNames.ScanTotal, Oid.Parse("1.3.6.1.4.1.1347.46.10.1.1.5.3"))],
        Subtrees = VendorProfile.Oids("1.3.6.1.4.1.1347.43.5.1.1", "1.3.6.1.4.1.1347.42.3.1", "1.3.6.1.4.1.1347.43.10.1.1.12", "1.3.6.1.4.1.1347.46.10.1.1.5"),
        Decode = FunctionCounters,
    };

    private static string? Function(uint f) => f switch
    {
        1 => "print",
        2 => "copy",
        4 => "fax",
        _ => null,
    };

    private static void FunctionCounters(MibData mib, SnapshotBuilder b)
    {
        var mono = new List<Counter>();
        var color = new List<Counter>();
        foreach (var (oid, suffix, value) in mib.Under(Counters))
        {
            if (!value.IsNumeric || mib.Integer(oid) is not { } number)
            {
                continue;
            }

            string? name = null;
            if (oid.StartsWith(FunctionTotals) && suffix.Length == 4 && Function(suffix[3]) is { } total)
            {
                name = total == "fax" ? "fax" : $"{total}.total";
            }
            else if (oid.StartsWith(ByColourMode) && suffix.Length == 5 && Function(suffix[3]) is { } function)
            {
                name = suffix[4] switch
                {
                    1 => $"{function}.mono",
                    3 => $"{function}.color",
                    2 => $"vendor:{function}.single colour",
                    _ => null,
                };
                name = function == "fax" && name is not null && !name.StartsWith("vendor:", StringComparison.Ordinal) ? $"vendor:{name}" : name;
            }

            var counter = new Counter(name ?? $"vendor:kyocera.{suffix}", number, null, oid.ToString());
            b.AddCounter(counter);
            if (oid.StartsWith(ByColourMode) && suffix.Length == 5 && Function(suffix[3]) is not null)
            {
                (suffix[4] == 1 ? mono : suffix[4] == 3 ? color : null)?.Add(counter);
            }
        }

        b.AddDerived(MeterNames.Mono, mono);
        b.AddDerived(MeterNames.Color, color);
    }
}
