using Kdfm.Printers.Meters;
using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Konica Minolta (18334), also sold as Develop (ineo) and Olivetti: model 18334.1.1.1.1.6.2.1.0, firmware
/// 18334.1.1.1.1.6.1.0 (konica walk). Counters under 18334.1.1.1.5.7.2, the system counter group Minolta's MC2350-MIB
/// names mltSysSystemCounter: .1.1.0 total (mltSysTotalCount), .1.3.0 duplex (mltSysDuplexCount), .1.5.0 scans, and the
/// print-function counter table .2.1 (kmSysPrintFunctionCounterTable) whose index is the colour (1 black, 2 full colour,
/// 3 single colour) and the function (1 copy, 2 print), column 5 the count — the mapping LibreNMS' and GLPI's Konica
/// modules read (copy black 5.1.1, print black 5.1.2, copy colour 5.2.1, print colour 5.2.2).
/// </summary>
internal static class KonicaMinolta
{
    private static readonly Oid SystemCounters = Oid.Parse("1.3.6.1.4.1.18334.1.1.1.5.7.2");
    private static readonly Oid FunctionEntry = SystemCounters.Append(2, 1);

    public static VendorProfile Profile { get; } = new("Konica Minolta", [18334])
    {
        Brands = ["KONICA MINOLTA", "bizhub"],
        Rebadges = ["Develop", "Olivetti"],
        ModelOids = VendorProfile.Oids("1.3.6.1.4.1.18334.1.1.1.1.6.2.1.0"),
        FirmwareOids = VendorProfile.Oids("1.3.6.1.4.1.18334.1.1.1.1.6.1.0"),
        Subtrees = VendorProfile.Oids("1.3.6.1.4.1.18334.1.1.1.1.6", "1.3.6.1.4.1.18334.1.1.1.5.7.2"),
        Decode = Counters,
    };

    private static string? Function(uint colour, uint function) => (colour, function) switch
    {
        (1, 1) => MeterNames.CopyMono,
        (1, 2) => MeterNames.PrintMono,
        (2, 1) => MeterNames.CopyColor,
        (2, 2) => MeterNames.PrintColor,
        _ => null, // single colour and functions the MIB adds later stay vendor counters
    };

    private static void Counters(MibData mib, SnapshotBuilder b)
    {
        foreach (var (oid, suffix, value) in mib.Under(SystemCounters))
        {
            if (!value.IsNumeric || mib.Integer(oid) is not { } number)
            {
                continue;
            }

            string? name = suffix.ToString() switch
            {
                "1.3.0" => MeterNames.Duplex,
                "1.5.0" => MeterNames.ScanTotal,
                _ when oid.StartsWith(FunctionEntry.Append(5)) && suffix.Length == 5 => Function(suffix[3], suffix[4]),
                _ => null, // 1.1.0 is the total the Printer MIB already gives: kept as a vendor counter
            };
            if (!b.AddMeter(name, $"konica.{suffix}", number, oid.ToString()))
            {
                return;
            }
        }
    }
}
